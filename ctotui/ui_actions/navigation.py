"""Keys that open a screen: a client, a recommendation, the calendar, the budget, or whatever
record an agenda row or palette hit stands for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctotui.domain.entities import Client, Event, Milestone, Recommendation
from ctotui.ui_actions.records import client_choices_of, edit_record

if TYPE_CHECKING:
    from ctotui.app import CtoApp


def open_client(app: CtoApp, client_id: str) -> None:
    from ctotui.screens.client_detail import ClientDetailScreen

    app.push_screen(ClientDetailScreen(client_id))


def open_rec(app: CtoApp, rec_id: str) -> None:
    from ctotui.screens.rec_detail import RecDetailScreen

    app.push_screen(RecDetailScreen(rec_id))


def open_calendar(app: CtoApp, client_id: str | None = None) -> None:
    """The calendar screen, for *client_id* or the client selected on the dashboard."""
    from ctotui.screens.calendar import CalendarScreen

    if not isinstance(app.screen, CalendarScreen):
        app.push_screen(CalendarScreen(client_id))


def open_budget(app: CtoApp, client_id: str | None = None) -> None:
    """The budget view of *client_id*, else of the focused or selected client; with none (the
    dashboard's "All clients"), the portfolio budget of every client."""
    from ctotui.screens.budget import BudgetScreen
    from ctotui.screens.dashboard import DashboardScreen
    from ctotui.screens.portfolio_budget import PortfolioBudgetScreen

    if isinstance(app.screen, BudgetScreen | PortfolioBudgetScreen):
        return
    client_id = app.focus_client or client_id
    if client_id is None and isinstance(app.screen, DashboardScreen):
        client_id = app.screen.selected_client or None
    if client_id is None:
        if not client_choices_of(app):
            app.notify("Add a client first (pane 1, n).", severity="warning")
            return
        app.push_screen(PortfolioBudgetScreen())
        return
    app.push_screen(BudgetScreen(client_id))


def open_source(app: CtoApp, table: str, record_id: str) -> None:
    store = app.store
    if table == Recommendation.TABLE:
        open_rec(app, record_id)
    elif table == Milestone.TABLE:
        milestone = store.find(Milestone, record_id)
        if milestone is not None:
            open_rec(app, milestone.recommendation)
    elif table == Event.TABLE:
        event = store.find(Event, record_id)
        if event is not None:
            edit_record(app, event)
    elif table == Client.TABLE:
        open_client(app, record_id)
