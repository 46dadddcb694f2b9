"""The dashboard: four linked panes and the attention line.

Moving through the clients pane filters the other three; "All clients" is the first row. Below
100x28 cells the panes become tabs (one shown at a time, `1`-`4`, `h`/`l` or `tab` to switch).
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from ctotui.data.store import Change
from ctotui.domain.agenda import AgendaItem
from ctotui.domain.entities import Event, Milestone, Recommendation
from ctotui.views.dashboard import ClientRow, ProgressRow, RecRow, Snapshot
from ctotui.widgets.attention import AttentionBar
from ctotui.widgets.datalist import DataList
from ctotui.widgets.panes import AgendaPane, ClientsPane, Pane, ProgressPane, RecsPane

if TYPE_CHECKING:
    from ctotui.app import CtoApp

COMPACT_WIDTH = 100
COMPACT_HEIGHT = 28


class PaneTabs(Static):
    """In compact mode: which pane is shown, and the keys for the others."""

    DEFAULT_CSS = """
    PaneTabs { height: 1; padding: 0 1; background: $panel; display: none; }
    """


class DashboardScreen(Screen[None]):
    """The one screen a consultant lives in."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1",
            "show_pane(1)",
            "Clients",
            show=False,
            tooltip="Go to the clients pane",
            id="dashboard.pane1",
        ),
        Binding(
            "2",
            "show_pane(2)",
            "Recs",
            show=False,
            tooltip="Go to the open recommendations",
            id="dashboard.pane2",
        ),
        Binding(
            "3",
            "show_pane(3)",
            "Progress",
            show=False,
            tooltip="Go to implementation progress",
            id="dashboard.pane3",
        ),
        Binding(
            "4",
            "show_pane(4)",
            "Calendar",
            show=False,
            tooltip="Go to the upcoming dates",
            id="dashboard.pane4",
        ),
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, id="dashboard.next_pane"),
        Binding(
            "shift+tab", "cycle_pane(-1)", "Previous pane", show=False, id="dashboard.prev_pane"
        ),
        Binding("l", "cycle_pane(1)", "Next pane", show=False, id="dashboard.right"),
        Binding("h", "cycle_pane(-1)", "Previous pane", show=False, id="dashboard.left"),
        Binding(
            "z",
            "zoom",
            "Zoom",
            tooltip="Zoom the focused pane to full screen and back",
            id="dashboard.zoom",
        ),
        Binding("n", "new", "New", tooltip="Add a record to the focused pane", id="dashboard.new"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted record", id="dashboard.edit"),
        Binding(
            "d",
            "delete",
            "Delete",
            tooltip="Delete the highlighted record (asks first)",
            id="dashboard.delete",
        ),
        Binding(
            "s",
            "status",
            "Status",
            tooltip="Move a recommendation to its next status",
            id="dashboard.status",
        ),
        Binding(
            "space",
            "toggle_milestone",
            "Tick",
            tooltip="Mark the next milestone done",
            id="dashboard.tick",
        ),
        Binding(
            "c",
            "calendar",
            "Calendar",
            tooltip="Month grid and agenda for the selected client",
            id="dashboard.calendar",
        ),
        Binding(
            "B",
            "budget",
            "Budget",
            tooltip="Budget lines and totals of the selected client",
            id="dashboard.budget",
        ),
        Binding(
            "f",
            "focus_client",
            "Focus",
            tooltip="Show only the selected client (f again: all clients)",
            id="dashboard.focus",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.selected_client = ""
        self.active = 1  # the pane with focus (or to be given focus once it is shown)
        self.snapshot: Snapshot | None = None
        self._filter_timer: Timer | None = None

    @property
    def actions(self) -> ModuleType:
        # Forms and dialogs are not on the first frame: they load with the first key that opens
        # one (about 15 ms of start-up).
        from ctotui.screens import actions

        return actions

    @property
    def cto(self) -> CtoApp:
        return cast("CtoApp", self.app)

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
        tabs = self.query_one(PaneTabs)
        if compact:
            labels = ["Clients", "Recs", "Progress", "Calendar"]
            parts = []
            for number, label in enumerate(labels, start=1):
                text = f" {number} {label} "
                parts.append(f"[reverse]{text}[/]" if number == active else text)
            tabs.update(" ".join(parts) + "   [dim]h/l or tab to switch[/]")

    # --- data ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Rebuild every pane from the store (after a change, or a view change)."""
        view = self.cto.view
        for number in range(1, 5):
            self.pane(number).view = view
        self.snapshot = Snapshot.build(self.cto.store, view)
        clients_pane = cast(ClientsPane, self.pane(1))
        clients_pane.set_rows(self.snapshot.clients)
        if not clients_pane.list.select_key(self.selected_client) and self.selected_client:
            self.selected_client = ""
        self._apply_client_filter()
        self.refresh_attention()

    def data_changed(self, change: Change) -> None:
        self.reload()

    def view_changed(self) -> None:
        self.reload()

    def _apply_client_filter(self) -> None:
        if self.snapshot is None:
            return
        if self.cto.focus_client:
            self.selected_client = self.cto.focus_client
        recs, progress, agenda = self.snapshot.for_client(self.selected_client)
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
        # Let the cursor move at once; filter the other panes when it comes to rest.
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(0.06, self._apply_client_filter)

    def refresh_attention(self) -> None:
        if self.snapshot is None:
            return
        self.cto.attention = self.snapshot.attention
        self.query_one(AttentionBar).show(self.cto.attention_state())

    def action_calendar(self) -> None:
        self.actions.open_calendar(self.cto)

    def action_budget(self) -> None:
        self.actions.open_budget(self.cto, self.selected_client or None)

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
                self.actions.open_client(self.cto, row.client.id)
        elif isinstance(row, RecRow | ProgressRow):
            self.actions.open_rec(self.cto, row.rec.id)
        elif isinstance(row, AgendaItem):
            self.actions.open_source(self.cto, row.source_table, row.source_id)

    def _target(self) -> Any:
        """The record behind the highlighted row of the focused pane (None on "All clients")."""
        pane = self.focused_pane()
        row = pane.highlighted if pane else None
        if isinstance(row, ClientRow):
            return row.client
        if isinstance(row, RecRow | ProgressRow):
            return row.rec
        if isinstance(row, AgendaItem):
            store = self.cto.store
            if row.source_table == Event.TABLE:
                return store.find(Event, row.source_id)
            if row.source_table == Milestone.TABLE:
                return store.find(Milestone, row.source_id)
            return store.find(Recommendation, row.source_id)
        return None

    def action_new(self) -> None:
        number = self.focused_number()
        client = self.selected_client or None
        if number == 1:
            self.actions.new_client(self.cto)
        elif number == 2:
            self.actions.new_rec(self.cto, client)
        elif number == 3:
            row = self.pane(3).highlighted
            if isinstance(row, ProgressRow):
                self.actions.new_milestone(self.cto, row.rec.id)
            else:
                self.notify("Highlight a recommendation to add a milestone to it.")
        else:
            self.actions.new_event(self.cto, client)

    def action_edit(self) -> None:
        record = self._target()
        if record is None:
            self.notify("Nothing to edit here.")
            return
        self.actions.edit_record(self.cto, record)

    def action_delete(self) -> None:
        record = self._target()
        if record is None:
            self.notify("Nothing to delete here.")
            return
        self.actions.delete_record(self.cto, record)

    def action_status(self) -> None:
        record = self._target()
        if not isinstance(record, Recommendation):
            self.notify("Highlight a recommendation to change its status.")
            return
        self.actions.change_status(self.cto, record)

    def action_toggle_milestone(self) -> None:
        row = self.pane(3).highlighted if self.focused_number() == 3 else None
        if not isinstance(row, ProgressRow):
            self.notify("In the progress pane, space marks the next milestone done.")
            return
        if row.next_id is None:
            self.notify("All milestones are done; press enter to review them.")
            return
        self.actions.toggle_milestone(self.cto, row.next_id)
