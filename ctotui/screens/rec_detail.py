"""One recommendation: rationale, status history (the record of the advice), milestones with
a progress bar, linked events and budget lines (what is shown: `ctotui.views.rec_detail`).

| Key | Action |
|---|---|
| `escape` | back |
| `s` | change status |
| `e` | edit (the highlighted milestone when the milestone list has focus) |
| `n` | new milestone |
| `space` | tick / untick the highlighted milestone |
| `d` | delete the highlighted milestone (or the recommendation) |
| `b` | estimated cost → budget lines (one-time: capex, per year: opex), once |
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from ctotui.domain.entities import Milestone, Recommendation
from ctotui.domain.progress import milestone_overdue
from ctotui.screens.detail import DetailScreen
from ctotui.ui_actions import records
from ctotui.views.rec_detail import rec_detail
from ctotui.widgets.datalist import DataList
from ctotui.widgets.datalist_columns import Cell, Column
from ctotui.widgets.detail_tables import add_row, label_grid


class RecDetailScreen(DetailScreen):
    BINDING_GROUP_TITLE = "Recommendation"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding(
            "s",
            "status",
            "Status",
            tooltip="Move it to its next status, with a note",
            id="rec.status",
        ),
        Binding(
            "e", "edit", "Edit", tooltip="Edit it (or the highlighted milestone)", id="rec.edit"
        ),
        Binding("n", "new_milestone", "New milestone", id="rec.new_milestone"),
        Binding(
            "space",
            "tick",
            "Tick milestone",
            tooltip="Tick or untick the highlighted milestone",
            id="rec.tick",
        ),
        Binding(
            "d",
            "delete",
            "Delete",
            tooltip="Delete the highlighted milestone (or the recommendation)",
            id="rec.delete",
        ),
        Binding(
            "b",
            "to_budget",
            "To budget",
            tooltip="Turn the estimated cost into budget lines for this fiscal year",
            id="rec.to_budget",
        ),
    ]

    RECORD = Recommendation

    @property
    def rec_id(self) -> str:
        return self.record_id

    def sections(self) -> ComposeResult:
        yield Static(id="summary")
        yield Static(id="progress", classes="section")
        yield self.make_list(self._milestone_list(), "Milestones")
        yield Static(id="history", classes="section")
        yield Static(id="links", classes="section")

    def _milestone_list(self) -> DataList[Milestone]:
        today = self.cto.clock.today()
        box = ("[x]", "[ ]")

        def due(m: Milestone) -> Cell:
            if m.due is None:
                return ""
            return (m.due.isoformat(), "bad") if milestone_overdue(m, today) else m.due.isoformat()

        columns = [
            Column("done", "", lambda m: (box[0], "good") if m.done_on else box[1], width=3),
            Column("title", "Milestone", self._milestone_title, min_width=12),
            Column("due", "Due", due, width=10),
            Column("weight", "Weight", lambda m: str(m.weight), width=6, align_right=True),
            Column("owner", "Owner", lambda m: self.cto.view.person(m.owner), width=12, drop=1),
            Column(
                "done_on",
                "Done",
                lambda m: m.done_on.isoformat() if m.done_on else "",
                width=10,
                drop=2,
            ),
        ]
        return DataList(
            columns,
            key=lambda m: m.id,
            haystack=self._milestone_title,
            empty_text="No milestones: press n to add one.",
            ascii_only=self.cto.ascii_only,
            id="milestones",
        )

    def _milestone_title(self, milestone: Milestone) -> str:
        rec = self.record()
        return self.cto.view.text(rec.client if rec else None, milestone.title)

    def reload(self) -> None:
        shown = rec_detail(
            self.cto.store, self.rec_id, self.cto.view, ascii_only=self.cto.ascii_only
        )
        if shown is None:
            return
        self.query_one("#summary", Static).update(label_grid(shown.summary))
        self.attention_label = f"· {shown.title}"
        self.show_attention()
        self.query_one("#progress", Static).update(
            Text.assemble(
                ("Progress  ", "bold"),
                shown.progress_bar,
                (f"  ({shown.progress_source})", "dim"),
            )
        )
        self.detail_list.set_rows(shown.milestones)

        history = Table(
            title="Status history",
            title_justify="left",
            box=None,
            pad_edge=False,
            show_edge=False,
            header_style="bold",
        )
        history.add_column("When", no_wrap=True)
        history.add_column("From → to", no_wrap=True)
        history.add_column("Note")
        # Who moved it: only once someone is named (a practice of one never needs the column).
        named = any(entry[3] for entry in shown.history)
        if named:
            history.add_column("By", no_wrap=True)
        for entry in shown.history:
            add_row(history, entry if named else entry[:3])
        self.query_one("#history", Static).update(history)

        links = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
        links.add_column("Date / FY", no_wrap=True)
        links.add_column("What")
        links.add_column("Amount", justify="right")
        for row in shown.links:
            add_row(links, row)
        heading = Text("Linked calendar items and budget lines", style="italic")
        self.query_one("#links", Static).update(Group(heading, links))

    def _highlighted_milestone(self) -> Milestone | None:
        milestones = self.detail_list
        if self.focused is not milestones:
            return None
        row = milestones.highlighted
        return row if isinstance(row, Milestone) else None

    def action_status(self) -> None:
        rec = self.record()
        if rec is not None:
            records.change_status(self.cto, rec)

    def action_edit(self) -> None:
        target = self._highlighted_milestone() or self.record()
        if target is not None:
            records.edit_record(self.cto, target)

    def action_new_milestone(self) -> None:
        records.new_milestone(self.cto, self.rec_id)

    def action_tick(self) -> None:
        milestone = self._highlighted_milestone()
        if milestone is None:
            self.notify("Highlight a milestone in the list to tick it.")
            return
        records.toggle_milestone(self.cto, milestone.id)

    def action_delete(self) -> None:
        target = self._highlighted_milestone() or self.record()
        if target is not None:
            records.delete_record(self.cto, target)

    def action_to_budget(self) -> None:
        from ctotui.ui_actions.budget import rec_to_budget

        rec_to_budget(self.cto, self.rec_id)
