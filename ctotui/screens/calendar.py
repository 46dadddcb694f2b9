"""The calendar: a month grid (or a client's fiscal year of budget dates) and an agenda list.

The grid sits above the list in a small terminal and beside it from 110 columns. Both follow
the dashboard's selected client and the app's client focus. Recurring items are edited one
occurrence at a time: only an exception is stored (`ctotui.services.occurrences`). A little
over 300 lines because its key table is long; what the grid and the lists draw lives in
`widgets/` and `views/`.

| Key | Action |
|---|---|
| `h` `j` `k` `l` / arrows | move by day / week (in the grid) |
| `[` / `]`, `pgup` / `pgdn` | month back / on |
| `t` | today |
| `enter` | on a day: list its items; on a list row: open it |
| `n` | new calendar item on the selected day |
| `a` | the agenda list: next 30 or 90 days |
| `y` | month ↔ the client's fiscal year of budget dates |
| `x` / `m` / `u` | skip / move / restore one occurrence of a recurring item |
| `A` | acknowledge a missed cancel-by (it stops counting as overdue) |
| `escape` | back (from a day's list: back to the agenda) |
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, cast

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.content import Content
from textual.widgets import Footer

from ctotui.domain.agenda import AgendaItem, AgendaKind, CalendarIndex, ClientFilter, by_day
from ctotui.domain.entities import Client, Event
from ctotui.screens.base import CtoScreen
from ctotui.screens.dashboard import DashboardScreen
from ctotui.services.calendar import calendar_index
from ctotui.ui_actions import navigation, records
from ctotui.views.calendar_lists import (
    ListRequest,
    Redact,
    agenda_list,
    day_list,
    events_of,
    fiscal_list,
    shown_items,
)
from ctotui.views.calendar_rows import CalendarRow, add_months
from ctotui.visible import visible
from ctotui.widgets.attention import AttentionBar
from ctotui.widgets.calendar_list import calendar_list
from ctotui.widgets.datalist import DataList
from ctotui.widgets.month_grid import MonthGrid

WIDE = 110  # from this many columns the list sits beside the grid
PERIODS = (30, 90)


class CalendarScreen(CtoScreen):
    """Month grid and agenda, for the selected client or every client."""

    BINDING_GROUP_TITLE = "Calendar"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="calendar.back"),
        Binding(
            "left_square_bracket,pageup", "month(-1)", "Prev", key_display="[",
            tooltip="The previous month", id="calendar.prev_month",
        ),
        Binding(
            "right_square_bracket,pagedown", "month(1)", "Next", key_display="]",
            tooltip="The next month", id="calendar.next_month",
        ),
        Binding("t", "today", "Today", show=False, tooltip="Back to today", id="calendar.today"),
        Binding(
            "n", "new", "New", tooltip="Add a calendar item on the selected day", id="calendar.new"
        ),
        Binding(
            "x", "occurrence('skip')", "Skip", tooltip="Skip this occurrence of a recurring item",
            id="calendar.skip",
        ),
        Binding(
            "m", "occurrence('move')", "Move",
            tooltip="Move this occurrence of a recurring item to another day", id="calendar.move",
        ),
        Binding(
            "u", "occurrence('restore')", "Restore", show=False,
            tooltip="Undo the skip or move of an occurrence", id="calendar.restore",
        ),
        Binding(
            "y", "fiscal", "FY", tooltip="Month view, or the client's fiscal year of budget dates",
            id="calendar.fiscal",
        ),
        Binding(
            "A", "acknowledge", "Acknowledge", show=False,
            tooltip="Acknowledge a missed cancel-by (no longer overdue)",
            id="calendar.acknowledge",
        ),
        Binding(
            "a", "period", "30/90 days", show=False,
            tooltip="The agenda list: the next 30 or 90 days", id="calendar.period",
        ),
    ]  # fmt: skip

    grid = getters.query_one("#grid", MonthGrid)
    agenda: getters.query_one[DataList[CalendarRow]] = getters.query_one("#agenda", DataList)

    DEFAULT_CSS = """
    CalendarScreen #cal-body { height: 1fr; }
    CalendarScreen.-wide #cal-body { layout: horizontal; }
    CalendarScreen.-wide #grid { height: 1fr; width: 3fr; }
    CalendarScreen #agenda { height: 1fr; border: round $panel-lighten-2; }
    CalendarScreen #agenda:focus { border: round $primary; }
    CalendarScreen.-wide #agenda { width: 2fr; }
    """

    def __init__(self, client_id: str | None = None) -> None:
        super().__init__()
        self.given_client = client_id
        self.client_id: str | None = client_id
        self.period_days = PERIODS[0]
        self.day_mode = False  # the list shows the selected day only (enter on a day)
        self.names: dict[str, str] = {}
        self.attention_label = "· Calendar"
        self._window: tuple[date, date] | None = None
        self._placed = ""  # the list row the screen moved the cursor to (not the user)

    def compose(self) -> ComposeResult:
        app = self.cto
        yield AttentionBar()
        with Container(id="cal-body"):
            yield MonthGrid(
                app.clock.today(),
                week_start=app.settings.week_start,
                fiscal_start=app.settings.fiscal_year_start,
                ascii_only=app.ascii_only,
                id="grid",
            )
            yield calendar_list(app.clock.today(), app.ascii_only)
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.grid.focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")

    # --- data ---------------------------------------------------------------------------------

    def _selected_client(self) -> str | None:
        """The focused client, else the client selected on the screen below (the dashboard)."""
        app = self.cto
        if app.focus_client:
            return app.focus_client
        if self.given_client:
            return self.given_client
        below = [s for s in app.screen_stack if isinstance(s, DashboardScreen)]
        return (below[-1].selected_client or None) if below else None

    def _redact(self) -> Redact | None:
        redactor = self.cto.view.redactor
        return redactor.text if redactor is not None else None

    def _filter(self) -> ClientFilter:
        return self.client_id or self.cto.focus_client

    def reload(self) -> None:
        app, grid = self.cto, self.grid
        view = app.view
        self.client_id = self._selected_client()
        clients = {
            c.id: c
            for c in app.store.all(Client)
            if view.focus_client is None or c.id == view.focus_client
        }
        self.names = {cid: view.client_name(c) for cid, c in clients.items()}
        client = clients.get(self.client_id or "")
        grid.fiscal_start = client.fiscal_year_start if client else app.settings.fiscal_year_start
        index = calendar_index(app.store)
        self._window = grid.window()
        items = index.items(*self._window, today=view.today, client=self._filter())
        if grid.fiscal:
            items = [i for i in items if i.kind is AgendaKind.BUDGET]
        grid.show(by_day(shown_items(items, self._redact())), view.today)
        grid.border_subtitle = Content(visible(self.names.get(self.client_id or "", "all clients")))
        self._fill_list(index, items)
        self.attention_label = "· Calendar" + (f" · {view.client_name(client)}" if client else "")
        self.show_attention()

    def _fill_list(self, index: CalendarIndex, window_items: list[AgendaItem]) -> None:
        app, grid = self.cto, self.grid
        request = ListRequest(
            index,
            self._filter(),
            self.names,
            app.view.today,
            grid.selected,
            app.settings.week_start,
            self.period_days,
            self._redact(),
        )
        if self.day_mode:
            rows, title = day_list(request)
        elif grid.fiscal:
            rows, title = fiscal_list(request, window_items, str(grid.border_title).split(" · ")[0])
        else:
            rows, title = agenda_list(request)
        self.agenda.set_rows(rows)
        self.agenda.border_title = title
        self._follow_selection()

    def _follow_selection(self) -> None:
        """Put the list's cursor on the first item on or after the selected day."""
        if self.day_mode:
            return
        day = self.grid.selected
        rows = self.agenda.visible_rows
        target = next((r for r in rows if r.item is not None and r.day >= day), None)
        if target is not None:
            self._placed = target.key
            self.agenda.select_key(target.key)

    # --- grid and list --------------------------------------------------------------------------

    @on(MonthGrid.Moved)
    def _moved(self, event: MonthGrid.Moved) -> None:
        if self.grid.window() != self._window or self.day_mode:
            self.reload()
        else:
            self._follow_selection()

    @on(MonthGrid.DayChosen)
    def _day_chosen(self) -> None:
        self.day_mode = True
        self.reload()
        self.agenda.focus()
        self.agenda.cursor = 1 if len(self.agenda.visible_rows) > 1 else 0

    @on(DataList.Highlighted, "#agenda")
    def _highlighted(self, event: DataList.Highlighted) -> None:
        row = cast("CalendarRow | None", event.row)
        # The grid follows the user's moves in the list, not the screen's own cursor placing.
        if row is None or row.key == self._placed or self.focused is not self.agenda:
            return
        self._placed = row.key
        if not self.day_mode and row.item is not None:
            self.grid.go(row.day)

    @on(DataList.Selected, "#agenda")
    def _selected(self, event: DataList.Selected) -> None:
        row = cast(CalendarRow, event.row)
        if row.item is not None:
            navigation.open_source(self.cto, row.item.source_table, row.item.source_id)
        elif row.skipped_event:
            self.notify("Skipped: press u to restore this occurrence.")
        else:
            self.grid.go(row.day)
            self.grid.focus()

    def on_descendant_focus(self) -> None:
        if self.focused is self.agenda:
            self._placed = ""

    # --- keys -----------------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.day_mode:
            self.day_mode = False
            self.reload()
            self.grid.focus()
            return
        self.app.pop_screen()

    def action_month(self, step: int) -> None:
        self.grid.go(add_months(self.grid.selected, step))

    def action_today(self) -> None:
        self.grid.go(self.cto.view.today)

    def action_period(self) -> None:
        self.period_days = PERIODS[(PERIODS.index(self.period_days) + 1) % len(PERIODS)]
        self.day_mode = False
        self.reload()
        self.notify(f"Agenda: the next {self.period_days} days", timeout=1.5)

    def action_fiscal(self) -> None:
        self.grid.fiscal = not self.grid.fiscal
        self.day_mode = False
        self.reload()

    def action_new(self) -> None:
        records.new_event(self.cto, self.client_id, self.grid.selected)

    def action_occurrence(self, edit: str) -> None:
        """x, m, u: skip, move or restore one occurrence of a recurring item."""
        from ctotui.ui_actions import occurrences

        getattr(occurrences, edit)(self)

    def action_acknowledge(self) -> None:
        from ctotui.ui_actions import acknowledge

        acknowledge.on_calendar(self)

    def highlighted_row(self) -> CalendarRow | None:
        """The list row under the cursor, when the list has focus (else the grid's day counts)."""
        if self.focused is not self.agenda:
            return None
        return self.agenda.highlighted

    def day_items(self) -> list[AgendaItem]:
        day = self.grid.selected
        index = calendar_index(self.cto.store)
        items = index.items(day, day, today=self.cto.view.today, client=self._filter())
        return shown_items(items, self._redact())

    def show_day(self, message: str) -> None:
        """List the selected day so that one of its rows can be picked."""
        self.day_mode = True
        self.reload()
        self.agenda.focus()
        self.agenda.cursor = 1
        self.notify(message)

    def events_in_view(self) -> dict[str, Event]:
        return events_of(calendar_index(self.cto.store), self._filter())
