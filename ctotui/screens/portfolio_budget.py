"""Every client's budget at once: `B` with "All clients" selected.

A row per client for its own fiscal year (planned, committed, actual, and whether it is over
budget, in words and colour), then a total per currency. Presentation mode shows codenames and
masks the amounts, as the client budget does.

| Key | Action |
|---|---|
| `[` / `]` | each client's previous / next fiscal year |
| `enter` | the highlighted client's budget for that year |
| `escape` | back |
"""

from __future__ import annotations

from typing import ClassVar, cast

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Static

from ctotui.screens.base import CtoScreen
from ctotui.views.portfolio_budget import PortfolioRow, portfolio_budget, year_offset_label
from ctotui.widgets.attention import AttentionBar, theme_style
from ctotui.widgets.datalist import DataList
from ctotui.widgets.portfolio_list import portfolio_columns, portfolio_list, portfolio_widths


class PortfolioBudgetScreen(CtoScreen):
    """Planned, committed and actual per client and per currency, for the fiscal year."""

    BINDING_GROUP_TITLE = "Portfolio budget"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="portfolio.back"),
        Binding(
            "left_square_bracket",
            "year(-1)",
            "Prev FY",
            key_display="[",
            tooltip="Each client's previous fiscal year",
            id="portfolio.prev_year",
        ),
        Binding(
            "right_square_bracket",
            "year(1)",
            "Next FY",
            key_display="]",
            tooltip="Each client's next fiscal year",
            id="portfolio.next_year",
        ),
    ]

    DEFAULT_CSS = """
    PortfolioBudgetScreen #portfolio-heading { height: 1; padding: 0 1; background: $boost; }
    PortfolioBudgetScreen #portfolio { height: 1fr; border: round $primary; }
    """

    rows: getters.query_one[DataList[PortfolioRow]] = getters.query_one("#portfolio", DataList)

    def __init__(self) -> None:
        super().__init__()
        self.years_on = 0  # fiscal years from each client's current one
        self.attention_label = "· Budget · all clients"
        self._widths: dict[str, int] = {}

    def _masked(self) -> bool:
        return self.cto.view.presentation  # read at draw time

    def compose(self) -> ComposeResult:
        yield AttentionBar()
        yield Static(id="portfolio-heading")
        yield portfolio_list(self._masked, self.cto.ascii_only)
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.rows.focus()

    def reload(self) -> None:
        app = self.cto
        if app.focus_client:
            # A focus on one client shows nothing of the others: its own budget instead.
            from ctotui.screens.budget import BudgetScreen

            self.app.switch_screen(BudgetScreen(app.focus_client))
            return
        rows = portfolio_budget(app.store, app.view, self.years_on)
        widths = portfolio_widths(rows, masked=self._masked(), ascii_only=app.ascii_only)
        if widths != self._widths:
            self._widths = widths
            self.rows.set_columns(portfolio_columns(self._masked, app.ascii_only, widths))
        self.rows.set_rows(rows)
        clients = len({row.client for row in rows if not row.is_total})
        over = len({row.client for row in rows if not row.is_total and row.totals.over})
        heading = Text.assemble(
            ("All clients", "bold"),
            f" · {year_offset_label(self.years_on)} of each · {clients} client"
            + ("s" if clients != 1 else ""),
        )
        if over:
            heading.append(
                f" · {over} over budget", style=theme_style(app, "ctotui-overdue", "bold")
            )
        self.query_one("#portfolio-heading", Static).update(heading)
        self.show_attention()

    def action_year(self, step: int) -> None:
        self.years_on += step
        self.reload()

    @on(DataList.Selected, "#portfolio")
    def _chosen(self, event: DataList.Selected) -> None:
        row = cast(PortfolioRow, event.row)
        if row.client is None:
            self.notify("A total: enter on a client's row opens its budget.")
            return
        from ctotui.screens.budget import BudgetScreen

        self.app.push_screen(BudgetScreen(row.client, row.fiscal_year))
