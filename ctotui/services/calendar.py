"""The calendar of a store: one `CalendarIndex` per store version, and the one-call agendas."""

from __future__ import annotations

import weakref
from datetime import date, timedelta

from ctotui.data.store import Store
from ctotui.domain.agenda import AgendaItem, AlertSummary, CalendarIndex, ClientFilter
from ctotui.domain.entities import Client, Event, EventException, Milestone, Recommendation

_INDEXES: weakref.WeakKeyDictionary[Store, tuple[int, CalendarIndex]] = weakref.WeakKeyDictionary()


def calendar_index(store: Store) -> CalendarIndex:
    """The index of *store* as it is now (rebuilt only after a change)."""
    cached = _INDEXES.get(store)
    if cached is not None and cached[0] == store.version:
        return cached[1]
    index = CalendarIndex(
        store.all(Event),
        store.all(EventException),
        store.all(Client),
        store.all(Recommendation),
        store.all(Milestone),
    )
    _INDEXES[store] = (store.version, index)
    return index


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
    return calendar_index(store).items(
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
    return calendar_index(store).alerts(today, window_days, client=client)
