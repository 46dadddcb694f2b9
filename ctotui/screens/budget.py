"""One client's budget for one fiscal year: totals and a bar per category, then every line.

Presentation mode masks the amounts (the bars and "over" stay: they are shares, not sums).

| Key | Action |
|---|---|
| `[` / `]` | previous / next fiscal year |
| `c` | next client |
| `enter` | on a category: only its lines (on Total: all); on a line: edit it |
| `n` / `e` / `d` | add / edit / delete a budget line |
| `escape` | back |
"""

from __future__ import annotations

from typing import ClassVar, cast

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Static

from ctotui.data.store import Change
from ctotui.domain.budget import by_category, grand_total
from ctotui.domain.entities import BudgetLine, Client, Recommendation
from ctotui.domain.enums import BudgetCategory
from ctotui.domain.fiscal import fiscal_year_bounds, fiscal_year_label, fiscal_year_of
from ctotui.screens.base import CtoScreen
from ctotui.ui_actions import records
from ctotui.visible import visible
from ctotui.widgets.attention import AttentionBar
from ctotui.widgets.budget_lists import (
    CategoryRow,
    LineLook,
    amount_widths,
    category_columns,
    category_list,
    line_columns,
    line_list,
)
from ctotui.widgets.datalist import DataList


class BudgetScreen(CtoScreen):
    """Planned, committed and actual per category for a client's fiscal year."""

    BINDING_GROUP_TITLE = "Budget"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="budget.back"),
        Binding(
            "left_square_bracket",
            "year(-1)",
            "Prev FY",
            key_display="[",
            tooltip="The previous fiscal year",
            id="budget.prev_year",
        ),
        Binding(
            "right_square_bracket",
            "year(1)",
            "Next FY",
            key_display="]",
            tooltip="The next fiscal year",
            id="budget.next_year",
        ),
        Binding(
            "c", "next_client", "Client", tooltip="The next client's budget", id="budget.client"
        ),
        Binding("n", "new", "New line", tooltip="Add a budget line", id="budget.new"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted budget line", id="budget.edit"),
        Binding(
            "d",
            "delete",
            "Delete",
            tooltip="Delete the highlighted budget line",
            id="budget.delete",
        ),
    ]

    categories: getters.query_one[DataList[CategoryRow]] = getters.query_one(
        "#categories", DataList
    )
    lines: getters.query_one[DataList[BudgetLine]] = getters.query_one("#lines", DataList)

    DEFAULT_CSS = """
    BudgetScreen #budget-heading { height: 1; padding: 0 1; background: $boost; }
    BudgetScreen #categories {
        height: auto; max-height: 12; border: round $panel-lighten-2;
    }
    BudgetScreen #lines { height: 1fr; border: round $panel-lighten-2; }
    BudgetScreen #categories:focus, BudgetScreen #lines:focus { border: round $primary; }
    """

    def __init__(self, client_id: str, fiscal_year: int | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.fiscal_year = fiscal_year
        self.category: BudgetCategory | None = None  # only this category's lines (enter)
        self.attention_label = "· Budget"
        self._widths: dict[str, int] = {}

    def _client(self) -> Client | None:
        return self.cto.store.find(Client, self.client_id)

    def _currency(self) -> str:
        client = self._client()
        return (client.currency if client else None) or self.cto.view.currency

    def _rec_title(self, rec_id: str | None) -> str:
        rec = self.cto.store.find(Recommendation, rec_id)
        return self.cto.view.text(rec.client, rec.title) if rec else ""

    def _masked(self) -> bool:
        return self.cto.view.presentation  # read at draw time

    def _look(self) -> LineLook:
        return LineLook(
            lambda line: line.currency or self._currency(),
            self._masked,
            self._rec_title,
            lambda client_id, value: self.cto.view.text(client_id, value),
            self.cto.ascii_only,
        )

    def compose(self) -> ComposeResult:
        yield AttentionBar()
        yield Static(id="budget-heading")
        yield category_list(self._currency, self._masked, self.cto.ascii_only)
        yield line_list(self._look())
        yield Footer()

    def _fit(self, rows: list[CategoryRow], lines: list[BudgetLine]) -> None:
        """Amount columns as wide as the amounts shown: a number is never cut."""
        widths = amount_widths(
            rows, lines, self._currency(), masked=self._masked(), ascii_only=self.cto.ascii_only
        )
        if widths != self._widths:
            self._widths = widths
            self.categories.set_columns(
                category_columns(self._currency, self._masked, self.cto.ascii_only, widths)
            )
            self.lines.set_columns(line_columns(self._look(), widths))

    def on_mount(self) -> None:
        self.reload()
        self.lines.focus()

    def data_changed(self, change: Change) -> None:
        if not self.leave_if_gone(self._client()):
            self.reload()

    def view_changed(self) -> None:
        focus = self.cto.focus_client
        if focus and focus != self.client_id:
            self.client_id = focus  # a focus on another client must not leave this one shown
            self.fiscal_year = None
        self.reload()

    def reload(self) -> None:
        client = self._client()
        if client is None:
            return
        app, view = self.cto, self.cto.view
        start = client.fiscal_year_start
        if self.fiscal_year is None:
            self.fiscal_year = fiscal_year_of(view.today, start)
        year = self.fiscal_year
        lines = [
            line
            for line in app.store.where(BudgetLine, "client", client.id)
            if line.fiscal_year == year
        ]
        rows = [CategoryRow(c, t) for c, t in by_category(lines).items()]
        if rows:
            rows.append(CategoryRow(None, grand_total(lines)))
        self._fit(rows, lines)
        self.categories.set_rows(rows)
        shown = [line for line in lines if self.category in (None, line.category)]
        shown.sort(key=lambda b: (list(BudgetCategory).index(b.category), b.description.lower()))
        self.lines.set_rows(shown)
        self.lines.border_title = "Budget lines" + (
            f" · {self.category.label} (enter on Total: all)" if self.category else ""
        )
        first, last = fiscal_year_bounds(year, start)
        name = view.client_name(client)
        self.query_one("#budget-heading", Static).update(
            Text.assemble(
                (visible(name), "bold"),
                f" · {fiscal_year_label(year, start)} ({first:%b %Y} - {last:%b %Y})",
                f" · {self._currency()}",
            )
        )
        # Says what "over" means, where the word appears.
        self.categories.border_subtitle = "over = committed or actual above planned"
        self.attention_label = f"· Budget · {name}"
        self.show_attention()

    # --- keys -----------------------------------------------------------------------------------

    def action_year(self, step: int) -> None:
        assert self.fiscal_year is not None
        self.fiscal_year += step
        self.reload()

    def action_next_client(self) -> None:
        app = self.cto
        clients = sorted(
            (
                c
                for c in app.store.all(Client)
                if app.focus_client is None or c.id == app.focus_client
            ),
            key=lambda c: app.view.client_name(c).lower(),
        )
        if len(clients) < 2:
            self.notify("No other client to show.")
            return
        ids = [c.id for c in clients]
        position = ids.index(self.client_id) if self.client_id in ids else -1
        self.client_id = ids[(position + 1) % len(ids)]
        self.fiscal_year, self.category = None, None
        self.reload()

    @on(DataList.Selected, "#categories")
    def _category_chosen(self, event: DataList.Selected) -> None:
        row = cast(CategoryRow, event.row)
        self.category = row.category
        self.reload()
        self.lines.focus()

    @on(DataList.Selected, "#lines")
    def _line_chosen(self, event: DataList.Selected) -> None:
        records.edit_record(self.cto, cast(BudgetLine, event.row))

    def _line(self) -> BudgetLine | None:
        line = self.lines.highlighted if self.focused is self.lines else None
        if line is None:
            self.notify("Highlight a budget line first (tab to the list).")
        return line

    def action_new(self) -> None:
        category = self.categories.highlighted if self.focused is self.categories else None
        assert self.fiscal_year is not None
        records.new_budget_line(
            self.cto,
            self.client_id,
            self.fiscal_year,
            category.category if category else self.category,
        )

    def action_edit(self) -> None:
        line = self._line()
        if line is not None:
            records.edit_record(self.cto, line)

    def action_delete(self) -> None:
        line = self._line()
        if line is not None:
            records.delete_record(self.cto, line)
