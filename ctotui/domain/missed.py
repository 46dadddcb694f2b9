"""Missed cancel-by dates: a contract's notice date has passed, its renewal date has not.

Such a cancel-by is overdue — the one date a consultant must not let slip — from the day after
it until the renewal date (the term's last day) passes, or until the user acknowledges it
(`Event.cancel_by_acknowledged` set to that last day; `ctotui acknowledge EVENT`). The next term
of a recurring contract has a later last day, so its cancel-by is raised again.

The agenda finds cancel-bys dated inside a window on its own; this module finds the missed ones
wherever they are, for the overdue part of the agenda and the header's count.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ctotui.domain.agenda_items import AgendaItem, cancel_by_item
from ctotui.domain.entities import Event
from ctotui.domain.occurrences import (
    Exceptions,
    cancel_by_occurrences,
    cancel_by_of,
    has_cancel_by,
    missed_cancel_by,
)

if TYPE_CHECKING:
    from ctotui.domain.agenda import CalendarIndex

# One-off contracts as (cancel-by, last day, event), and series with a cancel-by.
_Contracts = tuple[list[tuple[date, date, Event]], list[Event]]
# Per index (rebuilt after every change), per client: asked at every redraw of the header.
_CONTRACTS: weakref.WeakKeyDictionary[CalendarIndex, dict[str, _Contracts]] = (
    weakref.WeakKeyDictionary()
)


def missed_cancel_bys(
    index: CalendarIndex, today: date, clients: Iterable[str]
) -> list[AgendaItem]:
    """Every cancel-by of *clients* missed as of *today* and not acknowledged, by date."""
    contracts = _CONTRACTS.get(index)
    if contracts is None:
        contracts = _contracts(index)
        _CONTRACTS[index] = contracts
    found: list[AgendaItem] = []
    for client_id in clients:
        entry = contracts.get(client_id)
        if entry is None:
            continue
        once, series = entry
        for cancel_by, last, event in once:
            if cancel_by < today <= last and missed_cancel_by(event, cancel_by, last, today):
                found.append(cancel_by_item(event, cancel_by, event.title, last, event.date, today))
        for event in series:
            found += missed_of(
                event, today, index.fiscal_starts.get(client_id, 1), index.exceptions_of(event.id)
            )
    found.sort(key=lambda item: item.date)
    return found


def _contracts(index: CalendarIndex) -> dict[str, _Contracts]:
    contracts: dict[str, _Contracts] = defaultdict(lambda: ([], []))
    for client_id, events in index.events.items():
        for event in events:
            if not has_cancel_by(event):
                continue
            if event.recurring:
                contracts[client_id][1].append(event)
                continue
            last = event.end or event.date
            cancel_by = cancel_by_of(event, last)
            assert cancel_by is not None
            contracts[client_id][0].append((cancel_by, last, event))
    return dict(contracts)


def missed_of(
    event: Event, today: date, fiscal_year_start: int = 1, exceptions: Exceptions | None = None
) -> list[AgendaItem]:
    """*event*'s missed, unacknowledged cancel-by dates as of *today* (overdue items)."""
    if not has_cancel_by(event):
        return []
    assert event.notice_days is not None
    if not event.recurring:
        last = event.end or event.date
        cancel_by = cancel_by_of(event, last)
        if cancel_by is None or not missed_cancel_by(event, cancel_by, last, today):
            return []
        return [cancel_by_item(event, cancel_by, event.title, last, event.date, today)]
    # Missed means cancel-by < today <= last day = cancel-by + notice.
    found = cancel_by_occurrences(
        event,
        today - timedelta(days=event.notice_days),
        today - timedelta(days=1),
        fiscal_year_start=fiscal_year_start,
        exceptions=exceptions,
    )
    items = []
    for occ in found:
        assert occ.cancel_by is not None
        item = cancel_by_item(event, occ.cancel_by, occ.title, occ.last_day, occ.series_date, today)
        if item.overdue:
            items.append(item)
    return items
