"""The words and styles cells share across panes (and the calendar's list): one place decides
which priority is "bad", which status is "muted", how a kind is written in a narrow column."""

from __future__ import annotations

from ctotui.domain.enums import Health, Priority, RecStatus
from ctotui.domain.money import format_compact
from ctotui.views.dashboard import RecRow, Viewpoint

PRIORITY_STYLE = {
    Priority.CRITICAL: "bad",
    Priority.HIGH: "warn",
    Priority.MEDIUM: "",
    Priority.LOW: "muted",
}
HEALTH_STYLE = {Health.GREEN: "good", Health.AMBER: "warn", Health.RED: "bad"}
STATUS_STYLE = {
    RecStatus.DRAFT: "muted",
    RecStatus.PROPOSED: "accent",
    RecStatus.ACCEPTED: "strong",
    RecStatus.DEFERRED: "muted",
    RecStatus.IN_PROGRESS: "strong",
}
KIND_STYLE = {
    "budget": "accent",
    "renewal": "warn",
    "cancel_by": "bad",
    "recommendation": "strong",
}
# Short words for the narrow Kind column; the rest are shown as they are.
KIND_TEXT = {"recommendation": "rec due", "milestone": "milestone", "cancel_by": "cancel-by"}


def money(row: RecRow, view: Viewpoint, ascii_only: bool = False) -> str:
    return (
        format_compact(row.cost, row.currency, masked=view.presentation, ascii_only=ascii_only)
        if row.cost is not None
        else ""
    )
