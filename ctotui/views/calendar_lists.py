"""What the calendar's list shows in each of its modes — no Textual here.

- the agenda: the next 30 or 90 days from today (overdue items first), or from the first of
  the month shown when that month is not today's; a header row starts each week;
- a day (enter on a day): its items, then its skipped occurrences, so that u can restore one;
- the fiscal year: the client's budget dates of that year, a header row per month.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ctotui.domain.agenda import AgendaItem, CalendarIndex, ClientFilter
from ctotui.domain.entities import Event
from ctotui.views.calendar_rows import CalendarRow, agenda_rows, day_rows, short_date

Redact = Callable[[str | None, str], str]
MONTH_PERIOD = 31  # a period up to this long shows a whole month when it is not today's


@dataclass(frozen=True, slots=True)
class ListRequest:
    index: CalendarIndex
    client: ClientFilter
    names: dict[str, str]
    today: date
    selected: date
    week_start: str
    period_days: int = 30
    # Presentation mode's redaction of a client's text (`Viewpoint.text`); None when it is off.
    redact: Redact | None = None


def shown_items(items: Sequence[AgendaItem], redact: Redact | None) -> list[AgendaItem]:
    """*items* with their titles as they may be shown (redacted in presentation mode)."""
    if redact is None:
        return list(items)
    return [item._replace(title=redact(item.client, item.title)) for item in items]


def period_start(today: date, selected: date) -> date:
    if (today.year, today.month) == (selected.year, selected.month):
        return today
    return selected.replace(day=1)


def period_end(start: date, today: date, period_days: int) -> date:
    """The last day listed: *period_days* days from *start* counted with it, or a whole month
    when the month shown is not today's and the period is about a month long."""
    if start != today and period_days <= MONTH_PERIOD:
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return start + timedelta(days=period_days - 1)


def agenda_list(request: ListRequest) -> tuple[list[CalendarRow], str]:
    """The rows of the next `period_days` and the list's title."""
    start = period_start(request.today, request.selected)
    end = period_end(start, request.today, request.period_days)
    days = (end - start).days + 1  # both ends listed: December has 31
    items = request.index.items(
        start,
        end,
        today=request.today,
        client=request.client,
        include_overdue=start == request.today,  # overdue items lead the agenda from today
    )
    rows = agenda_rows(shown_items(items, request.redact), request.names, request.week_start)
    return rows, f"Agenda · {start:%d %b} - {end:%d %b} · {days} days"


def day_list(request: ListRequest) -> tuple[list[CalendarRow], str]:
    """The selected day's items and skipped occurrences, and the list's title."""
    day = request.selected
    items = request.index.items(day, day, today=request.today, client=request.client)
    skipped = skipped_on(request.index, request.client, day)
    redact = request.redact
    if redact is not None:
        skipped = [(event, redact(client, title), client) for event, title, client in skipped]
    rows = day_rows(day, shown_items(items, redact), skipped, request.names)
    return rows, f"{short_date(day)} · escape: back to the agenda"


def fiscal_list(
    request: ListRequest, budget_items: list[AgendaItem], label: str
) -> tuple[list[CalendarRow], str]:
    shown = shown_items(budget_items, request.redact)
    rows = agenda_rows(shown, request.names, request.week_start, by_month=True)
    return rows, f"Budget dates · {label}"


def events_of(index: CalendarIndex, client: ClientFilter) -> dict[str, Event]:
    """The events of *client* (an id, or None for every client) by id."""
    return {
        event.id: event
        for client_id, events in index.events.items()
        if client is None or client_id == client
        for event in events
    }


def skipped_on(index: CalendarIndex, client: ClientFilter, day: date) -> list[tuple[str, str, str]]:
    """(series id, title, client id) of each occurrence skipped on *day*."""
    found = []
    for event in events_of(index, client).values():
        exception = index.exceptions_of(event.id).get(day)
        if exception is not None and exception.skip:
            found.append((event.id, exception.title or event.title, event.client))
    return found
