"""Dated items in a window, for the reports: budget cycle, provisioning and renewal dates.

Swap point: the dashboard's agenda module (`ctotui.domain.agenda`, being written) will expand
recurring events. Until the reports use it, this reads each event's own dates — its date, a
renewal's end and its cancel-by date (end minus notice_days) — so a recurring event shows up only
when its first date falls in the window.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ctotui.data.store import Store
from ctotui.domain.entities import Event, Milestone, Recommendation
from ctotui.domain.enums import EventKind
from ctotui.domain.status import OPEN

#: The calendar a client report shows: money and contract dates, not meetings.
REPORT_KINDS = frozenset({EventKind.BUDGET, EventKind.PROVISIONING, EventKind.RENEWAL})

KIND_LABELS = {
    "cancel_by": "cancel-by",
    "contract_end": "contract end",
    "recommendation": "recommendation due",
    "milestone": "milestone due",
}


@dataclass(frozen=True, slots=True)
class DateItem:
    day: date
    kind: str  # an EventKind value, or a key of KIND_LABELS
    title: str
    client_id: str
    amount: Decimal | None = None
    currency: str | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def upcoming_dates(
    store: Store,
    client_ids: Collection[str],
    start: date,
    end: date,
    *,
    kinds: Collection[str] | None = None,
    with_due: bool = False,
) -> list[DateItem]:
    """Items of *client_ids* dated *start*..*end* (inclusive), by date.

    *kinds* limits the events (default: all); *with_due* adds the due dates of open
    recommendations and of their open milestones.
    """
    items: list[DateItem] = []

    def add(day: date | None, kind: str, title: str, client_id: str, event: Event | None) -> None:
        if day is not None and start <= day <= end:
            amount = event.amount if event else None
            currency = event.currency if event else None
            items.append(DateItem(day, kind, title, client_id, amount, currency))

    for client_id in client_ids:
        for event in store.where(Event, "client", client_id):
            if kinds is not None and event.kind not in kinds:
                continue
            add(event.date, event.kind.value, event.title, client_id, event)
            if event.kind == EventKind.RENEWAL:
                add(event.end, "contract_end", event.title, client_id, event)
                if event.notice_days:
                    cancel_by = (event.end or event.date) - timedelta(days=event.notice_days)
                    add(cancel_by, "cancel_by", event.title, client_id, event)
        if with_due:
            for rec in store.where(Recommendation, "client", client_id):
                if rec.status not in OPEN:
                    continue
                add(rec.due, "recommendation", rec.title, client_id, None)
                for milestone in store.where(Milestone, "recommendation", rec.id):
                    if milestone.done_on is None:
                        add(milestone.due, "milestone", milestone.title, client_id, None)
    items.sort(key=lambda i: (i.day, i.title.lower(), i.kind))
    return items
