"""The dashboard's record keys: n, e, d, s and space act on the record behind the highlighted
row of the focused pane (a client, a recommendation, a calendar item's source)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctotui.domain.agenda import AgendaItem
from ctotui.domain.entities import Event, Milestone, Recommendation
from ctotui.domain.schema import Record
from ctotui.ui_actions import records
from ctotui.views.dashboard import ClientRow, ProgressRow, RecRow

if TYPE_CHECKING:
    from ctotui.screens.dashboard import DashboardScreen


def target(screen: DashboardScreen) -> Record | None:
    """The record behind the highlighted row of the focused pane (None on "All clients")."""
    pane = screen.focused_pane()
    row = pane.highlighted if pane else None
    if isinstance(row, ClientRow):
        return row.client
    if isinstance(row, RecRow | ProgressRow):
        return row.rec
    if isinstance(row, AgendaItem):
        store = screen.cto.store
        if row.source_table == Event.TABLE:
            return store.find(Event, row.source_id)
        if row.source_table == Milestone.TABLE:
            return store.find(Milestone, row.source_id)
        return store.find(Recommendation, row.source_id)
    return None


def new(screen: DashboardScreen) -> None:
    number = screen.focused_number()
    client = screen.selected_client or None
    if number == 1:
        records.new_client(screen.cto)
    elif number == 2:
        records.new_rec(screen.cto, client)
    elif number == 3:
        row = screen.pane(3).highlighted
        if isinstance(row, ProgressRow):
            records.new_milestone(screen.cto, row.rec.id)
        else:
            screen.notify("Highlight a recommendation to add a milestone to it.")
    else:
        records.new_event(screen.cto, client)


def edit(screen: DashboardScreen) -> None:
    record = target(screen)
    if record is None:
        screen.notify("Nothing to edit here.")
        return
    records.edit_record(screen.cto, record)


def delete(screen: DashboardScreen) -> None:
    record = target(screen)
    if record is None:
        screen.notify("Nothing to delete here.")
        return
    records.delete_record(screen.cto, record)


def status(screen: DashboardScreen) -> None:
    record = target(screen)
    if not isinstance(record, Recommendation):
        screen.notify("Highlight a recommendation to change its status.")
        return
    records.change_status(screen.cto, record)


def tick(screen: DashboardScreen) -> None:
    row = screen.pane(3).highlighted if screen.focused_number() == 3 else None
    if not isinstance(row, ProgressRow):
        screen.notify("In the progress pane, space marks the next milestone done.")
        return
    if row.next_id is None:
        screen.notify("All milestones are done; press enter to review them.")
        return
    records.toggle_milestone(screen.cto, row.next_id)
