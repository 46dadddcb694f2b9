"""One recommendation: rationale, status history (the record of the advice), milestones with
a progress bar, linked events and budget lines.

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

from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ctotui.data.store import Change
from ctotui.domain.entities import BudgetLine, Client, Event, Milestone, Recommendation
from ctotui.domain.money import format_money
from ctotui.domain.progress import milestone_overdue, progress_percent
from ctotui.screens import actions
from ctotui.widgets.attention import AttentionBar
from ctotui.widgets.datalist import Column, DataList

if TYPE_CHECKING:
    from ctotui.app import CtoApp


def _label(status: str) -> str:
    return status.replace("_", " ")


def progress_bar(percent: int, width: int = 30, ascii_only: bool = False) -> str:
    filled = percent * width // 100
    full, empty = ("#", "-") if ascii_only else ("█", "░")
    return full * filled + empty * (width - filled) + f" {percent}%"


class RecDetailScreen(Screen[None]):
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

    DEFAULT_CSS = """
    RecDetailScreen #body { padding: 0 1; }
    RecDetailScreen .section { margin-top: 1; height: auto; }
    RecDetailScreen #milestones { height: auto; max-height: 14; border: round $panel-lighten-2; }
    RecDetailScreen #milestones:focus { border: round $primary; }
    """

    def __init__(self, rec_id: str) -> None:
        super().__init__()
        self.rec_id = rec_id

    @property
    def cto(self) -> CtoApp:
        return cast("CtoApp", self.app)

    def compose(self) -> ComposeResult:
        yield AttentionBar()
        with VerticalScroll(id="body"):
            yield Static(id="summary")
            yield Static(id="progress", classes="section")
            yield self._milestone_list()
            yield Static(id="history", classes="section")
            yield Static(id="links", classes="section")
        yield Footer()

    def _milestone_list(self) -> DataList[Milestone]:
        today = self.cto.clock.today()
        box = ("[x]", "[ ]")

        def due(m: Milestone) -> str | tuple[str, str]:
            if m.due is None:
                return ""
            return (m.due.isoformat(), "bad") if milestone_overdue(m, today) else m.due.isoformat()

        columns = [
            Column("done", "", lambda m: (box[0], "good") if m.done_on else box[1], width=3),
            Column("title", "Milestone", lambda m: m.title, min_width=12),
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
        data_list: DataList[Milestone] = DataList(
            columns,
            key=lambda m: m.id,
            haystack=lambda m: m.title,
            empty_text="No milestones: press n to add one.",
            ascii_only=self.cto.ascii_only,
            id="milestones",
        )
        data_list.border_title = "Milestones"
        return data_list

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#milestones", DataList).focus()

    def data_changed(self, change: Change) -> None:
        if self.cto.store.find(Recommendation, self.rec_id) is None:
            if self.app.screen is self:
                self.app.pop_screen()
            return
        self.reload()

    def view_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        store = self.cto.store
        rec = store.find(Recommendation, self.rec_id)
        if rec is None:
            return
        view = self.cto.view
        client = store.find(Client, rec.client)
        milestones = sorted(
            store.where(Milestone, "recommendation", rec.id),
            key=lambda m: (m.due is None, m.due or view.today, m.created_at),
        )
        percent = progress_percent(rec, milestones)
        masked = view.presentation
        # --ascii: the currency code, not a sign (ctotui.terminal).
        money = partial(format_money, masked=masked, ascii_only=self.cto.ascii_only)
        currency = (
            (rec.estimated_cost.currency if rec.estimated_cost else None)
            or (client.currency if client else None)
            or view.currency
        )

        summary = Table.grid(padding=(0, 2))
        summary.add_column(style="bold", no_wrap=True)
        summary.add_column()
        summary.add_row("Client", view.client_name(client))
        summary.add_row("Status", rec.status.label)
        summary.add_row("Area", rec.area.label)
        summary.add_row(
            "Priority",
            f"{rec.priority.value} · impact {rec.impact.value} · effort {rec.effort.value}",
        )
        if rec.owner:
            summary.add_row("Owner", view.person(rec.owner))
        dates = [
            (label, getattr(rec, key))
            for label, key in (
                ("proposed", "proposed_on"),
                ("decided", "decided_on"),
                ("due", "due"),
                ("implemented", "implemented_on"),
                ("verified", "verified_on"),
            )
        ]
        shown = " · ".join(f"{label} {value.isoformat()}" for label, value in dates if value)
        if shown:
            summary.add_row("Dates", shown)
        if rec.estimated_cost:
            cost = rec.estimated_cost
            parts = []
            if cost.one_time is not None:
                parts.append(f"{money(cost.one_time, currency)} one-time")
            if cost.recurring is not None:
                parts.append(f"{money(cost.recurring, currency)} per year")
            summary.add_row("Estimated cost", " + ".join(parts))
        for label, text in (
            ("Rationale", rec.rationale),
            ("Expected", rec.expected_outcome),
            ("Realised", rec.realised_outcome),
        ):
            if text:
                summary.add_row(label, text)
        if rec.tags:
            summary.add_row("Tags", ", ".join(rec.tags))
        self.query_one("#summary", Static).update(summary)
        self.attention_label = f"· {rec.title}"
        self.query_one(AttentionBar).show(self.cto.attention_state(self.attention_label))

        done = sum(1 for m in milestones if m.done_on)
        source = "manual" if rec.progress is not None else f"{done} of {len(milestones)} by weight"
        self.query_one("#progress", Static).update(
            Text.assemble(
                ("Progress  ", "bold"),
                progress_bar(percent, ascii_only=self.cto.ascii_only),
                (f"  ({source})", "dim"),
            )
        )
        self.query_one("#milestones", DataList).set_rows(milestones)

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
        for entry in sorted(rec.history, key=lambda h: h.on):
            history.add_row(
                entry.on[:16].replace("T", " "),
                f"{_label(entry.from_) or '—'} → {_label(entry.to)}",
                entry.note,
            )
        if not rec.history:
            history.add_row("", "no changes yet", "")
        self.query_one("#history", Static).update(history)

        links = Table(
            box=None,
            pad_edge=False,
            show_edge=False,
            header_style="bold",
        )
        links.add_column("Date / FY", no_wrap=True)
        links.add_column("What")
        links.add_column("Amount", justify="right")
        for event in store.where(Event, "recommendation", rec.id):
            links.add_row(
                event.date.isoformat(),
                f"{event.kind.label}: {event.title}",
                money(event.amount, currency),
            )
        for line in store.where(BudgetLine, "recommendation", rec.id):
            links.add_row(
                f"FY {line.fiscal_year}",
                f"{line.category.label}: {line.description}",
                money(line.planned, line.currency or currency),
            )
        if not links.row_count:
            links.add_row("", "nothing linked", "")
        heading = Text("Linked calendar items and budget lines", style="italic")
        self.query_one("#links", Static).update(Group(heading, links))

    def _rec(self) -> Recommendation | None:
        return self.cto.store.find(Recommendation, self.rec_id)

    def _highlighted_milestone(self) -> Milestone | None:
        milestones = self.query_one("#milestones", DataList)
        if self.focused is not milestones:
            return None
        row = milestones.highlighted
        return row if isinstance(row, Milestone) else None

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_status(self) -> None:
        rec = self._rec()
        if rec is not None:
            actions.change_status(self.cto, rec)

    def action_edit(self) -> None:
        target = self._highlighted_milestone() or self._rec()
        if target is not None:
            actions.edit_record(self.cto, target)

    def action_new_milestone(self) -> None:
        actions.new_milestone(self.cto, self.rec_id)

    def action_tick(self) -> None:
        milestone = self._highlighted_milestone()
        if milestone is None:
            self.notify("Highlight a milestone in the list to tick it.")
            return
        actions.toggle_milestone(self.cto, milestone.id)

    def action_delete(self) -> None:
        target = self._highlighted_milestone() or self._rec()
        if target is not None:
            actions.delete_record(self.cto, target)

    def action_to_budget(self) -> None:
        from ctotui.screens.budget_actions import rec_to_budget

        rec_to_budget(self.cto, self.rec_id)
