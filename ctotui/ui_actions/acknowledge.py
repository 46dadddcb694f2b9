"""`A`: acknowledge a missed cancel-by, as `ctotui acknowledge EVENT` does.

A contract whose cancel-by date passed before its renewal date is overdue until the renewal
date, or until the person says they know (the notice was given late, or the renewal is wanted).
Acknowledging sets `Event.cancel_by_acknowledged` to that term's last day; the next term's
cancel-by is raised again. It is an edit like any other: refused when read-only or in
presentation mode, and undone with `u`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctotui.domain.agenda import AgendaItem, AgendaKind
from ctotui.domain.dates import to_pendulum
from ctotui.domain.entities import Event
from ctotui.domain.missed import missed_of
from ctotui.services.calendar import calendar_index
from ctotui.views.agenda_rows import days_late

if TYPE_CHECKING:
    from ctotui.app import CtoApp
    from ctotui.screens.calendar import CalendarScreen
    from ctotui.screens.dashboard import DashboardScreen

HOW = 'Highlight a missed cancel-by (shown in the error colour, "cancel by") to acknowledge it.'


def acknowledge(app: CtoApp, item: AgendaItem | None) -> None:
    """Acknowledge the missed cancel-by of the contract behind *item* (an agenda row)."""
    if item is None or item.kind is not AgendaKind.CANCEL_BY or not item.overdue:
        app.notify(HOW)
        return
    if not app.can_edit():
        return
    if app.presentation:
        app.notify("Presentation mode is on: P turns it off to acknowledge a missed cancel-by.")
        return
    store, today = app.store, app.clock.today()
    event = store.find(Event, item.source_id)
    if event is None:
        app.notify("That contract was deleted meanwhile.", severity="warning")
        return
    index = calendar_index(store)
    missed = missed_of(
        event, today, index.fiscal_starts.get(event.client, 1), index.exceptions_of(event.id)
    )
    if not missed:
        app.notify("Its missed cancel-by is acknowledged already (u undoes the last change).")
        return
    latest = missed[-1]  # the latest term; acknowledging it covers the terms before it
    assert latest.end is not None
    last_day = to_pendulum(latest.end)
    title = app.view.text(event.client, event.title)
    app.save(
        lambda: store.update(Event, event.id, cancel_by_acknowledged=last_day),
        success=(
            f"Acknowledged: {title!r} missed its cancel-by {latest.date.isoformat()} "
            f"({days_late(latest.date, today)}); no longer overdue (term ends "
            f"{latest.end.isoformat()}; u undoes)"
        ),
    )


def on_dashboard(screen: DashboardScreen) -> None:
    """The highlighted row of the calendar pane (4)."""
    row = screen.pane(4).highlighted if screen.focused_number() == 4 else None
    acknowledge(screen.cto, row if isinstance(row, AgendaItem) else None)


def on_calendar(screen: CalendarScreen) -> None:
    """The highlighted row of the list, or the missed cancel-by of the day chosen in the grid."""
    row = screen.highlighted_row()
    if row is not None:
        acknowledge(screen.cto, row.item)
        return
    missed = [i for i in screen.day_items() if i.kind is AgendaKind.CANCEL_BY and i.overdue]
    acknowledge(screen.cto, missed[0] if missed else None)
