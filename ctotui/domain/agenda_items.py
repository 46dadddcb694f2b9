"""What an agenda is made of: its items, their kinds, and the header's alert counts.

Built by `ctotui.domain.agenda`; shown by the agenda pane, the month grid, `ctotui agenda` and
the .ics export.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from ctotui.domain.entities import Event, Milestone, Recommendation
from ctotui.domain.enums import EventKind
from ctotui.domain.occurrences import is_renewal, is_timed, missed_cancel_by


class AgendaKind(StrEnum):
    """What an agenda item is: an event's kind, or one of the derived dates."""

    BUDGET = "budget"
    PROVISIONING = "provisioning"
    RENEWAL = "renewal"
    STAFFING = "staffing"
    MEETING = "meeting"
    AUDIT = "audit"
    OTHER = "other"
    RECOMMENDATION = "recommendation"
    MILESTONE = "milestone"
    CANCEL_BY = "cancel_by"

    @property
    def label(self) -> str:
        return "cancel by" if self is AgendaKind.CANCEL_BY else self.value


class AgendaItem(NamedTuple):
    """One dated line of the agenda. A named tuple: a 90-day agenda makes thousands of them,
    and a tuple is built several times faster than a frozen dataclass."""

    date: dt.date
    kind: AgendaKind
    title: str
    client: str  # client id
    source_table: str  # "events", "recommendations" or "milestones"
    source_id: str
    overdue: bool = False
    end: dt.date | None = None  # a multi-day item's last day; for a cancel-by, the contract's
    time: str = ""  # "HH:MM", or "" all day
    series_date: dt.date | None = None  # an event occurrence's date in its series
    recurring: bool = False
    auto_renew: bool = False

    @property
    def key(self) -> str:
        """Unique within any agenda: the source, what it is, and which occurrence."""
        day = self.series_date or self.date
        return f"{self.source_table}/{self.source_id}/{self.kind.value}/{day.isoformat()}"

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind.value,
            "title": self.title,
            "client": self.client,
            "source": f"{self.source_table}/{self.source_id}",
            "overdue": self.overdue,
            "end": self.end.isoformat() if self.end else None,
            "time": self.time or None,
            "series_date": self.series_date.isoformat() if self.series_date else None,
            "recurring": self.recurring,
            "auto_renew": self.auto_renew,
        }


@dataclass(frozen=True, slots=True)
class AlertSummary:
    """What the header shows: overdue items, and items from today to `window_days` ahead."""

    overdue: int
    upcoming: int
    window_days: int


def by_day(items: Iterable[AgendaItem]) -> dict[date, list[AgendaItem]]:
    """Items grouped by date (for the month grid's marks and a day's list)."""
    days: dict[date, list[AgendaItem]] = defaultdict(list)
    for item in items:
        days[item.date].append(item)
    return dict(days)


# --- building items ----------------------------------------------------------------------------

_KIND_OF_EVENT = {kind: AgendaKind(kind.value) for kind in EventKind}


def event_item(
    event: Event, day: date, end: date | None, title: str, series_day: date
) -> AgendaItem:
    """The item of the occurrence on *day*..*end*; a renewal is one date, its last day."""
    if end is not None and is_renewal(event):
        day, end = end, None
    return AgendaItem(
        date=day,
        kind=_KIND_OF_EVENT[event.kind],
        title=title,
        client=event.client,
        source_table=Event.TABLE,
        source_id=event.id,
        end=end,
        time=event.time if is_timed(event) else "",
        series_date=series_day,
        recurring=event.recurring,
        auto_renew=event.auto_renew,
    )


def cancel_by_item(
    event: Event,
    cancel_by: date,
    title: str,
    last_day: date | None,
    series_day: date,
    today: date,
) -> AgendaItem:
    """A cancel-by date; overdue once missed (see `missed_cancel_by`)."""
    last = last_day or series_day
    return AgendaItem(
        date=cancel_by,
        kind=AgendaKind.CANCEL_BY,
        title=title,
        client=event.client,
        source_table=Event.TABLE,
        source_id=event.id,
        overdue=missed_cancel_by(event, cancel_by, last, today),
        end=last,
        series_date=series_day,
        recurring=event.recurring,
        auto_renew=event.auto_renew,
    )


def rec_item(rec: Recommendation, overdue: bool) -> AgendaItem:
    assert rec.due is not None
    return AgendaItem(
        date=rec.due,
        kind=AgendaKind.RECOMMENDATION,
        title=rec.title,
        client=rec.client,
        source_table=Recommendation.TABLE,
        source_id=rec.id,
        overdue=overdue,
    )


def milestone_item(milestone: Milestone, parent: Recommendation, overdue: bool) -> AgendaItem:
    assert milestone.due is not None
    return AgendaItem(
        date=milestone.due,
        kind=AgendaKind.MILESTONE,
        title=milestone.title,
        client=parent.client,
        source_table=Milestone.TABLE,
        source_id=milestone.id,
        overdue=overdue,
    )


_KIND_ORDER = {kind: index for index, kind in enumerate(AgendaKind)}


def sort_key(item: AgendaItem) -> tuple[date, str, int, str]:
    return (item.date, item.time, _KIND_ORDER[item.kind], item.title.casefold())
