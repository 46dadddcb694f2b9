"""The calendar's occurrence keys: skip (x), move (m) and restore (u) one occurrence.

They act on the highlighted row of the list when it has focus, else on the one recurring item
of the grid's selected day; with several on that day, the day is listed so that one can be
picked. Writes go through `CtoApp.save` and store only an `EventException`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ctotui.dialogs.move_occurrence import MoveOccurrenceScreen
from ctotui.domain.agenda import AgendaItem
from ctotui.domain.entities import Event
from ctotui.services.calendar import calendar_index
from ctotui.services.occurrences import move_occurrence, restore_occurrence, skip_occurrence
from ctotui.views.calendar_rows import short_date

if TYPE_CHECKING:
    from ctotui.screens.calendar import CalendarScreen


def _occurrence(screen: CalendarScreen, verb: str) -> AgendaItem | None:
    """The recurring occurrence *verb* acts on, or None (and the user is told why)."""
    row = screen.highlighted_row()
    if row is not None and row.item is not None:
        if row.item.source_table == Event.TABLE and row.item.recurring:
            return row.item
        screen.notify(f"{row.item.title!r} does not repeat: {verb} acts on recurring items.")
        return None
    found = {
        (i.source_id, i.series_date): i
        for i in screen.day_items()
        if i.source_table == Event.TABLE and i.recurring
    }
    day = short_date(screen.grid.selected).strip()
    if len(found) == 1:
        return next(iter(found.values()))
    if not found:
        screen.notify(f"No recurring item on {day}.")
    else:
        screen.show_day(f"{len(found)} recurring items on {day}: highlight one, then {verb}.")
    return None


def _event(screen: CalendarScreen, event_id: str) -> Event | None:
    event = screen.cto.store.find(Event, event_id)
    if event is None:
        screen.notify("That item was deleted meanwhile.", severity="warning")
    return event


def skip(screen: CalendarScreen) -> None:
    app = screen.cto
    item = _occurrence(screen, "x skips")
    if item is None or item.series_date is None or not app.can_edit():
        return
    event = _event(screen, item.source_id)
    if event is None:
        return
    series_date = item.series_date
    app.save(
        lambda: skip_occurrence(app.store, event, series_date),
        success=f"Skipped {item.title!r} on {short_date(item.date).strip()} · u restores it",
    )


def move(screen: CalendarScreen) -> None:
    app = screen.cto
    item = _occurrence(screen, "m moves")
    if item is None or item.series_date is None or not app.can_edit():
        return
    event = _event(screen, item.source_id)
    if event is None:
        return
    series_date = item.series_date

    def chosen(to: date | None) -> None:
        if to is None:
            return
        app.save(
            lambda: move_occurrence(app.store, event, series_date, to),
            done=lambda _saved: screen.grid.go(to),
            success=f"Moved {item.title!r} to {short_date(to).strip()} · u restores it",
        )

    app.push_screen(MoveOccurrenceScreen(item.title, item.date), chosen)


def _restorable(screen: CalendarScreen) -> list[tuple[Event, date, str]]:
    """Changed occurrences to restore: the highlighted one, else those of the selected day."""
    index = calendar_index(screen.cto.store)
    events = screen.events_in_view()
    row = screen.highlighted_row()
    if row is not None:
        if row.skipped_event and row.skipped_event in events:
            return [(events[row.skipped_event], row.day, row.title)]
        item = row.item
        if (
            item is not None
            and item.series_date is not None
            and item.source_id in events
            and index.exceptions_of(item.source_id).get(item.series_date) is not None
        ):
            return [(events[item.source_id], item.series_date, item.title)]
        return []
    day = screen.grid.selected
    found = []
    for event in events.values():
        for series_date, exception in index.exceptions_of(event.id).items():
            if day in (series_date, exception.moved_to):
                title = screen.cto.view.text(event.client, exception.title or event.title)
                found.append((event, series_date, title))
    return found


def restore(screen: CalendarScreen) -> None:
    app = screen.cto
    found = _restorable(screen)
    if not found:
        screen.notify("Nothing skipped or moved here: u restores a changed occurrence.")
        return
    if len(found) > 1:
        screen.show_day(f"{len(found)} changed occurrences here: highlight one, then u.")
        return
    if not app.can_edit():
        return
    event, series_date, title = found[0]
    app.save(
        lambda: restore_occurrence(app.store, event, series_date),
        success=f"Restored {title!r} on {short_date(series_date).strip()}",
    )
