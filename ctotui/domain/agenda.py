"""The agenda: every dated thing that asks for attention, for any window and client.

Items come from event occurrences (series expanded, exceptions applied, a renewal on its renewal
date), cancel-by dates of renewals, due dates of open recommendations and of milestones not done.
Overdue are a recommendation or a milestone past its due date (a state says "not done yet") and
a cancel-by missed before its renewal date (`ctotui.domain.missed`); any other event date that
has passed has simply passed.

A `CalendarIndex` groups and sorts the records once (events by client, exceptions by series), so
the month grid, the agenda pane and the header can ask for windows as often as they redraw;
`ctotui.services.calendar` keeps one per store version.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from datetime import date, timedelta
from operator import itemgetter
from typing import Any, TypeVar

from ctotui.domain.agenda_items import (
    AgendaItem,
    AgendaKind,
    AlertSummary,
    by_day,
    cancel_by_item,
    event_item,
    milestone_item,
    rec_item,
    sort_key,
)
from ctotui.domain.entities import Client, Event, EventException, Milestone, Recommendation
from ctotui.domain.enums import RecStatus
from ctotui.domain.missed import missed_cancel_bys
from ctotui.domain.occurrences import (
    Exceptions,
    Occurrence,
    cancel_by_occurrences,
    cancel_by_of,
    occurrences,
    shown_day,
    shown_occurrences,
)
from ctotui.domain.progress import is_overdue, milestone_overdue
from ctotui.domain.status import OPEN

__all__ = [
    "AgendaItem",
    "AgendaKind",
    "AlertSummary",
    "CalendarIndex",
    "ClientFilter",
    "by_day",
]


ClientFilter = str | Collection[str] | None


class CalendarIndex:
    """The calendar's records, grouped per client and sorted once for fast windows.

    One-off events (and their cancel-by dates) become items here, sorted by date, so a window
    is two bisections; recurring series are expanded per window; recommendations and milestones
    are sorted by due date, their overdue flag worked out against the `today` of each query.
    """

    def __init__(
        self,
        events: Iterable[Event],
        exceptions: Iterable[EventException],
        clients: Iterable[Client],
        recommendations: Iterable[Recommendation],
        milestones: Iterable[Milestone],
    ) -> None:
        self.fiscal_starts = {c.id: c.fiscal_year_start for c in clients}
        self.events: dict[str, list[Event]] = defaultdict(list)
        self.exceptions: dict[str, dict[date, EventException]] = defaultdict(dict)
        for exception in exceptions:
            self.exceptions[exception.event][exception.date] = exception
        self._series: dict[str, list[Event]] = defaultdict(list)
        # One-off events by date and by cancel-by date; items are made only for a window.
        once: dict[str, list[tuple[date, Event]]] = defaultdict(list)
        cancel_by: dict[str, list[tuple[date, Event]]] = defaultdict(list)
        for event in events:
            self.events[event.client].append(event)
            if event.recurring:
                self._series[event.client].append(event)
                continue
            once[event.client].append((shown_day(event), event))
            day = cancel_by_of(event, event.end or event.date)
            if day is not None:
                cancel_by[event.client].append((day, event))
        self._once = {client: _by_date(found) for client, found in once.items()}
        self._cancel_by = {client: _by_date(found) for client, found in cancel_by.items()}
        recs = {r.id: r for r in recommendations if r.status in OPEN}
        self.recs: dict[str, list[Recommendation]] = defaultdict(list)
        for rec in recs.values():
            if rec.due is not None:
                self.recs[rec.client].append(rec)
        self.milestones: dict[str, list[tuple[Milestone, Recommendation]]] = defaultdict(list)
        for milestone in milestones:
            parent = recs.get(milestone.recommendation)
            if parent is not None and milestone.due is not None and milestone.done_on is None:
                self.milestones[parent.client].append((milestone, parent))
        tasks: dict[str, list[_Task]] = defaultdict(list)
        for client_id, client_recs in self.recs.items():
            tasks[client_id].extend((r.due, r, None) for r in client_recs if r.due is not None)
        for client_id, pairs in self.milestones.items():
            tasks[client_id].extend((m.due, m, p) for m, p in pairs if m.due is not None)
        self._tasks = {client: _by_date(found) for client, found in tasks.items()}

    # --- events ------------------------------------------------------------------------------

    def occurrences(self, event: Event, low: date, high: date) -> list[Occurrence]:
        """*event*'s occurrences in [low, high], its exceptions applied."""
        return occurrences(
            event,
            low,
            high,
            fiscal_year_start=self.fiscal_starts.get(event.client, 1),
            exceptions=self.exceptions.get(event.id),
        )

    def exceptions_of(self, event_id: str) -> Exceptions:
        return self.exceptions.get(event_id, {})

    def _series_items(
        self, event: Event, low: date, high: date, today: date
    ) -> Iterator[AgendaItem]:
        fiscal_start = self.fiscal_starts.get(event.client, 1)
        exceptions = self.exceptions.get(event.id)
        for occ in shown_occurrences(
            event, low, high, fiscal_year_start=fiscal_start, exceptions=exceptions
        ):
            yield event_item(event, occ.date, occ.end, occ.title, occ.series_date)
        for occ in cancel_by_occurrences(
            event, low, high, fiscal_year_start=fiscal_start, exceptions=exceptions
        ):
            assert occ.cancel_by is not None
            yield cancel_by_item(
                event, occ.cancel_by, occ.title, occ.last_day, occ.series_date, today
            )

    # --- the agenda --------------------------------------------------------------------------

    def items(
        self,
        low: date,
        high: date,
        *,
        today: date,
        client: ClientFilter = None,
        include_overdue: bool = False,
    ) -> list[AgendaItem]:
        """Items dated in [low, high] (and, with *include_overdue*, every overdue item before
        low), sorted by date, then time (all-day first), kind and title."""
        found: list[AgendaItem] = []
        for client_id in self._clients(client):
            once = self._once.get(client_id)
            if once is not None:
                for _, event in _window(once, low, high):
                    found.append(event_item(event, event.date, event.end, event.title, event.date))
            cancels = self._cancel_by.get(client_id)
            if cancels is not None:
                for day, event in _window(cancels, low, high):
                    found.append(
                        cancel_by_item(event, day, event.title, event.end, event.date, today)
                    )
            for event in self._series.get(client_id, ()):
                found.extend(self._series_items(event, low, high, today))
            tasks = self._tasks.get(client_id)
            if tasks is not None:
                dues, entries = tasks
                first = 0 if include_overdue else bisect_left(dues, low)
                for due, task, parent in entries[first : bisect_right(dues, high)]:
                    overdue = _task_overdue(task, parent, today)
                    if due >= low or overdue:
                        found.append(_task_item(task, parent, overdue))
        if include_overdue:
            missed = missed_cancel_bys(self, today, self._clients(client))
            found.extend(item for item in missed if item.date < low)
        found.sort(key=sort_key)
        return found

    def overdue_count(self, today: date, *, client: ClientFilter = None) -> int:
        count = 0
        for client_id in self._clients(client):
            tasks = self._tasks.get(client_id)
            if tasks is not None:
                dues, entries = tasks
                before = entries[: bisect_left(dues, today)]
                count += sum(_task_overdue(task, parent, today) for _, task, parent in before)
        return count + len(missed_cancel_bys(self, today, self._clients(client)))

    def alerts(
        self, today: date, window_days: int = 14, *, client: ClientFilter = None
    ) -> AlertSummary:
        upcoming = self.items(
            today, today + timedelta(days=window_days), today=today, client=client
        )
        return AlertSummary(self.overdue_count(today, client=client), len(upcoming), window_days)

    def _clients(self, client: ClientFilter) -> Iterable[str]:
        if client is None:
            return {*self.events, *self._tasks}
        if isinstance(client, str):
            return (client,)
        return client


_Task = tuple[date, Recommendation | Milestone, Recommendation | None]
T = TypeVar("T")
E = TypeVar("E", bound=tuple[Any, ...])


def _by_date(entries: list[E]) -> tuple[list[date], list[E]]:
    """*entries* (tuples that start with a date) sorted by date, and their dates for bisect."""
    entries.sort(key=itemgetter(0))
    return [entry[0] for entry in entries], entries


def _window(entries: tuple[list[date], list[T]], low: date, high: date) -> list[T]:
    days, found = entries
    return found[bisect_left(days, low) : bisect_right(days, high)]


def _task_overdue(
    task: Recommendation | Milestone, parent: Recommendation | None, today: date
) -> bool:
    if isinstance(task, Recommendation):
        return is_overdue(task, today)
    # A deferred recommendation's milestones wait with it.
    assert parent is not None
    return milestone_overdue(task, today) and parent.status != RecStatus.DEFERRED


def _task_item(
    task: Recommendation | Milestone, parent: Recommendation | None, overdue: bool
) -> AgendaItem:
    if isinstance(task, Recommendation):
        return rec_item(task, overdue)
    assert parent is not None
    return milestone_item(task, parent, overdue)
