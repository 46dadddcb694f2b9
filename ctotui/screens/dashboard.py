"""The dashboard: four linked panes and the attention line.

Moving through the clients pane filters the other three; "All clients" is the first row. Below
100x28 cells the panes become tabs (one shown at a time, `1`-`4`, `h`/`l` or `tab` to switch).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer

from ctotui.domain.agenda import AgendaItem
from ctotui.key_groups import PANES
from ctotui.screens.base import CtoScreen
from ctotui.views.dashboard import ClientRow, ProgressRow, RecRow, Snapshot
from ctotui.widgets.attention import AttentionBar
from ctotui.widgets.datalist import DataList
from ctotui.widgets.debounce import Debounce
from ctotui.widgets.pane_tabs import PaneTabs
from ctotui.widgets.panes import AgendaPane, ClientsPane, Pane, ProgressPane, RecsPane

COMPACT_WIDTH = 100
COMPACT_HEIGHT = 28
CLIENT_REST_SECONDS = 0.06  # the clients pane's cursor rests this long before the others follow


class DashboardScreen(CtoScreen):
    """The one screen a consultant lives in."""

    BINDING_GROUP_TITLE = "Dashboard"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1", "show_pane(1)", "Clients", show=False, tooltip="Go to the clients pane",
            id="dashboard.pane1", group=PANES,
        ),
        Binding(
            "2", "show_pane(2)", "Recs", show=False, tooltip="Go to the open recommendations",
            id="dashboard.pane2", group=PANES,
        ),
        Binding(
            "3", "show_pane(3)", "Progress", show=False, tooltip="Go to implementation progress",
            id="dashboard.pane3", group=PANES,
        ),
        Binding(
            "4", "show_pane(4)", "Calendar", show=False, tooltip="Go to the upcoming dates",
            id="dashboard.pane4", group=PANES,
        ),
        Binding(
            "tab", "cycle_pane(1)", "Next pane", show=False, id="dashboard.next_pane", group=PANES
        ),
        Binding(
            "shift+tab", "cycle_pane(-1)", "Previous pane", show=False,
            id="dashboard.prev_pane", group=PANES,
        ),
        Binding("l", "cycle_pane(1)", "Next pane", show=False, id="dashboard.right", group=PANES),
        Binding(
            "h", "cycle_pane(-1)", "Previous pane", show=False, id="dashboard.left", group=PANES
        ),
        Binding(
            "z", "zoom", "Zoom", tooltip="Zoom the focused pane to full screen and back",
            id="dashboard.zoom", group=PANES,
        ),
        Binding("n", "new", "New", tooltip="Add a record to the focused pane", id="dashboard.new"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted record", id="dashboard.edit"),
        Binding(
            "d", "delete", "Delete", tooltip="Delete the highlighted record (asks first)",
            id="dashboard.delete",
        ),
        Binding(
            "s", "status", "Status", tooltip="Move a recommendation to its next status",
            id="dashboard.status",
        ),
        Binding(
            "space", "toggle_milestone", "Tick", tooltip="Mark the next milestone done",
            id="dashboard.tick",
        ),
        Binding(
            "c", "calendar", "Calendar", tooltip="Month grid and agenda for the selected client",
            id="dashboard.calendar",
        ),
        Binding(
            "B", "budget", "Budget",
            tooltip="Budget of the selected client (on All clients: every client's, with totals)",
            id="dashboard.budget",
        ),
        Binding(
            "f", "focus_client", "Focus",
            tooltip="Show only the selected client (f again: all clients)", id="dashboard.focus",
        ),
        Binding(
            "A", "acknowledge", "Acknowledge", show=False,
            tooltip="Acknowledge the highlighted missed cancel-by (no longer overdue)",
            id="dashboard.acknowledge",
        ),
        Binding(
            "u", "app.undo", "Undo", show=False,
            tooltip="Undo the last change made here (also ctrl+z)", id="dashboard.undo",
        ),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.selected_client = ""
        self.active = 1  # the pane with focus (or to be given focus once it is shown)
        self.snapshot: Snapshot | None = None
        # Let the cursor move at once; filter the other panes when it comes to rest.
        self._client_filter = Debounce(self, CLIENT_REST_SECONDS, self._apply_client_filter)

    @property
    def row_keys(self) -> ModuleType:
        # Forms and dialogs are not on the first frame: they load with the first key that opens
        # one (about 15 ms of start-up).
        from ctotui.ui_actions import dashboard_rows

        return dashboard_rows

    @property
    def navigation(self) -> ModuleType:
        from ctotui.ui_actions import navigation

        return navigation

    def compose(self) -> ComposeResult:
        view = self.cto.view
        ascii_only = self.cto.ascii_only
        yield AttentionBar(id="attention")
        yield PaneTabs(id="pane-tabs")
        with Vertical(id="panes"):
            with Horizontal(id="top-row"):
                yield ClientsPane(view, ascii_only=ascii_only, id="pane-1")
                yield RecsPane(view, ascii_only=ascii_only, id="pane-2")
            with Horizontal(id="bottom-row"):
                yield ProgressPane(view, ascii_only=ascii_only, id="pane-3")
                yield AgendaPane(view, ascii_only=ascii_only, id="pane-4")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.action_show_pane(1)

    # --- panes --------------------------------------------------------------------------------

    def pane(self, number: int) -> Pane[Any]:
        return self.query_one(f"#pane-{number}", Pane)

    def focused_pane(self) -> Pane[Any] | None:
        node = self.focused
        while node is not None:
            if isinstance(node, Pane):
                return node
            node = node.parent  # type: ignore[assignment]
        return None

    def focused_number(self) -> int:
        return self.active

    def on_descendant_focus(self) -> None:
        pane = self.focused_pane()
        if pane is not None and pane.number != self.active:
            self.active = pane.number
            self._apply_layout()

    def action_show_pane(self, number: int) -> None:
        self.active = number
        # Show it first: a hidden pane (tabs mode, zoom) cannot take focus.
        self._apply_layout()
        self.pane(number).focus_list()

    def action_cycle_pane(self, step: int) -> None:
        number = (self.focused_number() - 1 + step) % 4 + 1
        self.action_show_pane(number)

    def action_zoom(self) -> None:
        self.toggle_class("-zoomed")
        self._apply_layout()

    def on_resize(self) -> None:
        self._apply_layout()

    def _apply_layout(self) -> None:
        compact = self.size.width < COMPACT_WIDTH or self.size.height < COMPACT_HEIGHT
        self.set_class(compact, "-compact")
        active = self.focused_number()
        single = compact or self.has_class("-zoomed")
        for number in range(1, 5):
            self.pane(number).set_class(number == active, "-active")
        self.query_one("#top-row").set_class(active in (1, 2), "-holds-active")
        self.query_one("#bottom-row").set_class(active in (3, 4), "-holds-active")
        self.set_class(single, "-single")
        if compact:
            self.query_one(PaneTabs).show(active)

    # --- data ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Rebuild every pane from the store (after a change, or a view change)."""
        view = self.cto.view
        for number in range(1, 5):
            self.pane(number).view = view
        self.snapshot = self.cto.dashboard_snapshot(view)
        clients_pane = cast(ClientsPane, self.pane(1))
        clients_pane.set_rows(self.snapshot.clients)
        if not clients_pane.list.select_key(self.selected_client) and self.selected_client:
            self.selected_client = ""
        self._apply_client_filter()
        self.refresh_attention()

    def _apply_client_filter(self) -> None:
        if self.snapshot is None:
            return
        if self.cto.focus_client:
            self.selected_client = self.cto.focus_client
        recs, progress, agenda = self.snapshot.for_client(self.selected_client)
        label = self.snapshot.names.get(self.selected_client, "")  # as shown: a codename
        for number in (2, 3, 4):
            self.pane(number).show_client(label)
        cast(RecsPane, self.pane(2)).set_rows(recs)
        cast(ProgressPane, self.pane(3)).set_rows(progress)
        agenda_pane = cast(AgendaPane, self.pane(4))
        agenda_pane.names = self.snapshot.names
        agenda_pane.set_rows(agenda)

    @on(DataList.Highlighted)
    def _highlighted(self, event: DataList.Highlighted) -> None:
        if event.data_list is not self.pane(1).list:
            return
        row = cast("ClientRow | None", event.row)
        key = row.key if row is not None else ""
        if key == self.selected_client:
            return
        self.selected_client = key
        self._client_filter.request()

    def refresh_attention(self) -> None:
        if self.snapshot is None:
            return
        self.cto.attention = self.snapshot.attention
        self.query_one(AttentionBar).show(self.cto.attention_state())

    def action_calendar(self) -> None:
        self.navigation.open_calendar(self.cto)

    def action_budget(self) -> None:
        self.navigation.open_budget(self.cto, self.selected_client or None)

    def action_focus_client(self) -> None:
        app = self.cto
        if app.focus_client:
            app.set_focus_client(None)
            return
        # The highlighted row, not the (debounced) filter: "j f" typed fast must focus that client.
        row = self.pane(1).highlighted
        if not isinstance(row, ClientRow) or row.client is None:
            self.notify("Select a client in pane 1 first, then press f to focus on it.")
            return
        app.set_focus_client(row.client.id)

    # --- opening and editing ---------------------------------------------------------------------

    @on(DataList.Selected)
    def _selected(self, event: DataList.Selected) -> None:
        row = event.row
        if isinstance(row, ClientRow):
            if row.client is not None:
                self.navigation.open_client(self.cto, row.client.id)
        elif isinstance(row, RecRow | ProgressRow):
            self.navigation.open_rec(self.cto, row.rec.id)
        elif isinstance(row, AgendaItem):
            self.navigation.open_source(self.cto, row.source_table, row.source_id)

    def action_new(self) -> None:
        self.row_keys.new(self)

    def action_edit(self) -> None:
        self.row_keys.edit(self)

    def action_delete(self) -> None:
        self.row_keys.delete(self)

    def action_status(self) -> None:
        self.row_keys.status(self)

    def action_toggle_milestone(self) -> None:
        self.row_keys.tick(self)

    def action_acknowledge(self) -> None:
        from ctotui.ui_actions import acknowledge

        acknowledge.on_dashboard(self)
