"""One client: engagements, contacts, NDA, recommendations, upcoming dates, notes, budget (what
is shown: `ctotui.views.client_detail`).

Presentation mode shows the codename and leaves out contacts, notes and amounts.

| Key | Action |
|---|---|
| `escape` | back |
| `enter` | open the highlighted recommendation |
| `e` | edit the client |
| `n` | new recommendation for this client |
| `r` | the client status report (preview, then write .md or .html) |
| `b` | the client's budget (lines by category, per fiscal year) |
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from ctotui.domain.entities import Client, Recommendation
from ctotui.domain.progress import is_overdue
from ctotui.screens.detail import DetailScreen
from ctotui.ui_actions import navigation, records
from ctotui.views.client_detail import ClientDetail, client_detail
from ctotui.widgets.attention import theme_style
from ctotui.widgets.datalist import DataList
from ctotui.widgets.datalist_columns import Cell, Column
from ctotui.widgets.detail_tables import add_row, label_grid, section_table


class ClientDetailScreen(DetailScreen):
    BINDING_GROUP_TITLE = "Client"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding("e", "edit", "Edit client", id="client.edit"),
        Binding("n", "new_rec", "New rec", id="client.new_rec"),
        Binding(
            "r",
            "report",
            "Report",
            tooltip="Preview and write the client status report",
            id="client.report",
        ),
        Binding(
            "b",
            "budget",
            "Budget",
            tooltip="Budget lines by category for each fiscal year",
            id="client.budget",
        ),
    ]

    RECORD = Client

    @property
    def client_id(self) -> str:
        return self.record_id

    def sections(self) -> ComposeResult:
        yield Static(id="summary")
        yield self.make_list(self._rec_list(), "Recommendations")
        yield Static(id="dates", classes="section")
        yield Static(id="budget", classes="section")
        yield Static(id="people", classes="section")
        yield Static(id="notes", classes="section")

    def _rec_list(self) -> DataList[Recommendation]:
        today = self.cto.clock.today()

        def due(r: Recommendation) -> Cell:
            if r.due is None:
                return ""
            return (r.due.isoformat() + " !", "bad") if is_overdue(r, today) else r.due.isoformat()

        columns = [
            Column(
                "title",
                "Recommendation",
                lambda r: self.cto.view.text(r.client, r.title),
                min_width=16,
            ),
            Column("area", "Area", lambda r: r.area.label, width=12, drop=2),
            Column("priority", "Prio", lambda r: r.priority.value, width=8, drop=1),
            Column("status", "Status", lambda r: r.status.label, width=11),
            Column("due", "Due", due, width=12),
        ]
        return DataList(
            columns,
            key=lambda r: r.id,
            haystack=lambda r: self.cto.view.text(r.client, r.title),
            empty_text="No recommendations yet: press n.",
            ascii_only=self.cto.ascii_only,
            id="recs",
        )

    def reload(self) -> None:
        app = self.cto
        shown = client_detail(app.store, self.client_id, app.view, ascii_only=app.ascii_only)
        if shown is None:
            return
        self.query_one("#summary", Static).update(label_grid(shown.summary))
        self.attention_label = f"· {shown.name}"
        self.show_attention()
        self.detail_list.set_rows(shown.recs)
        self.query_one("#budget", Static).update(self._budget(shown))
        dates = section_table("Next 90 days", "Date", "Kind", "What")
        for row in shown.upcoming:
            add_row(dates, row)
        self.query_one("#dates", Static).update(dates)
        people = section_table("Contacts", "Name", "Title", "Email", "Phone")
        for person in shown.people:
            add_row(people, person)
        self.query_one("#people", Static).update(people)
        notes = section_table("Notes", "Date", "Note")
        for note in shown.notes:
            add_row(notes, note)
        self.query_one("#notes", Static).update(Group(notes))

    def _budget(self, shown: ClientDetail) -> Table:
        budget = section_table(shown.budget_title, "Category", "Planned", "Committed", "Actual")
        over_style = theme_style(self.app, "ctotui-overdue", "bold")
        for row in shown.budget:
            style = over_style if row.over else ("bold" if row.total else None)
            add_row(budget, (row.label, row.planned, row.committed, row.actual), style)
        return budget

    @on(DataList.Selected, "#recs")
    def _open_rec(self, event: DataList.Selected) -> None:
        rec = event.row
        if isinstance(rec, Recommendation):
            navigation.open_rec(self.cto, rec.id)

    def action_edit(self) -> None:
        client = self.record()
        if client is not None:
            records.edit_record(self.cto, client)

    def action_report(self) -> None:
        from ctotui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(self.client_id))

    def action_new_rec(self) -> None:
        records.new_rec(self.cto, self.client_id)

    def action_budget(self) -> None:
        navigation.open_budget(self.cto, self.client_id)
