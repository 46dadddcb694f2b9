"""The agenda: every dated thing that asks for attention, for any window and client.

Items come from event occurrences (recurring series expanded, exceptions applied), cancel-by
dates of renewals, due dates of open recommendations and of milestones not done. Only a
recommendation or a milestone can be *overdue* (it has a state that says "not done yet"); an
event date that has passed has simply passed.

`CalendarIndex.of(store)` indexes the store once per change (events by client, exceptions by
series), so the month grid, the agenda pane and the header can ask for windows as often as they
redraw. The functions at the bottom are the one-call forms of the same.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

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
from ctotui.domain.occurrences import (
    Exceptions,
    Occurrence,
    cancel_by_occurrences,
    cancel_by_of,
    occurrences,
)
from ctotui.domain.progress import is_overdue, milestone_overdue
from ctotui.domain.status import OPEN

if TYPE_CHECKING:
    from ctotui.data.store import Store

__all__ = [
    "AgendaItem",
    "AgendaKind",
    "AlertSummary",
    "CalendarIndex",
    "ClientFilter",
    "agenda_items",
    "alert_summary",
    "by_day",
    "upcoming_items",
]


ClientFilter = str | Collection[str] | None
_INDEXES: weakref.WeakKeyDictionary[Store, tuple[int, CalendarIndex]] = weakref.WeakKeyDictionary()


class CalendarIndex:
    """The calendar's records, grouped for fast windows."""

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
        for event in events:
            self.events[event.client].append(event)
        self.exceptions: dict[str, dict[date, EventException]] = defaultdict(dict)
        for exception in exceptions:
            self.exceptions[exception.event][exception.date] = exception
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

    @classmethod
    def of(cls, store: Store) -> CalendarIndex:
        """The index of *store* as it is now (rebuilt only after a change)."""
        cached = _INDEXES.get(store)
        if cached is not None and cached[0] == store.version:
            return cached[1]
        index = cls(
            store.all(Event),
            store.all(EventException),
            store.all(Client),
            store.all(Recommendation),
            store.all(Milestone),
        )
        _INDEXES[store] = (store.version, index)
        return index

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

    def _event_items(self, event: Event, low: date, high: date) -> Iterable[AgendaItem]:
        if not event.recurring:
            # The common case, kept cheap: one date, perhaps one cancel-by.
            if low <= event.date <= high:
                yield event_item(event, event.date, event.end, event.title, event.date)
            cancel_by = cancel_by_of(event, event.end or event.date)
            if cancel_by is not None and low <= cancel_by <= high:
                yield cancel_by_item(event, cancel_by, event.title, event.end, event.date)
            return
        fiscal_start = self.fiscal_starts.get(event.client, 1)
        exceptions = self.exceptions.get(event.id)
        for occ in occurrences(
            event, low, high, fiscal_year_start=fiscal_start, exceptions=exceptions
        ):
            yield event_item(event, occ.date, occ.end, occ.title, occ.series_date)
        for occ in cancel_by_occurrences(
            event, low, high, fiscal_year_start=fiscal_start, exceptions=exceptions
        ):
            assert occ.cancel_by is not None
            yield cancel_by_item(event, occ.cancel_by, occ.title, occ.end or occ.date, occ.date)

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
            for event in self.events.get(client_id, ()):
                found.extend(self._event_items(event, low, high))
            for rec in self.recs.get(client_id, ()):
                assert rec.due is not None
                overdue = _rec_overdue(rec, today)
                if low <= rec.due <= high or (include_overdue and overdue and rec.due < low):
                    found.append(rec_item(rec, overdue))
            for milestone, parent in self.milestones.get(client_id, ()):
                assert milestone.due is not None
                overdue = _milestone_overdue(milestone, parent, today)
                if low <= milestone.due <= high or (
                    include_overdue and overdue and milestone.due < low
                ):
                    found.append(milestone_item(milestone, parent, overdue))
        found.sort(key=sort_key)
        return found

    def overdue_count(self, today: date, *, client: ClientFilter = None) -> int:
        count = 0
        for client_id in self._clients(client):
            count += sum(_rec_overdue(r, today) for r in self.recs.get(client_id, ()))
            count += sum(
                _milestone_overdue(m, p, today) for m, p in self.milestones.get(client_id, ())
            )
        return count

    def alerts(
        self, today: date, window_days: int = 14, *, client: ClientFilter = None
    ) -> AlertSummary:
        upcoming = self.items(
            today, today + timedelta(days=window_days), today=today, client=client
        )
        return AlertSummary(self.overdue_count(today, client=client), len(upcoming), window_days)

    def _clients(self, client: ClientFilter) -> Iterable[str]:
        if client is None:
            return {*self.events, *self.recs, *self.milestones}
        if isinstance(client, str):
            return (client,)
        return client


# --- one-call forms ----------------------------------------------------------------------------


def agenda_items(
    store: Store,
    low: date,
    high: date,
    *,
    today: date,
    client: ClientFilter = None,
    include_overdue: bool = False,
) -> list[AgendaItem]:
    """Items dated in [low, high] for *client* (an id, some ids, or None for all)."""
    return CalendarIndex.of(store).items(
        low, high, today=today, client=client, include_overdue=include_overdue
    )


def upcoming_items(
    store: Store, today: date, days: int, *, client: ClientFilter = None
) -> list[AgendaItem]:
    """Every overdue item, then the items from today to *days* days ahead (inclusive)."""
    return agenda_items(
        store, today, today + timedelta(days=days), today=today, client=client, include_overdue=True
    )


def alert_summary(
    store: Store, today: date, window_days: int = 14, *, client: ClientFilter = None
) -> AlertSummary:
    """The header's counts; *window_days* is the `alert_window_days` setting."""
    return CalendarIndex.of(store).alerts(today, window_days, client=client)


def _rec_overdue(rec: Recommendation, today: date) -> bool:
    return is_overdue(rec, today)


def _milestone_overdue(milestone: Milestone, parent: Recommendation, today: date) -> bool:
    # A deferred recommendation's milestones wait with it.
    return milestone_overdue(milestone, today) and parent.status != RecStatus.DEFERRED
