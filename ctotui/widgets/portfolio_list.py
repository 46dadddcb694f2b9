"""The portfolio budget's list: a row per client and a total per currency, planned / committed
/ actual, and over budget said in words ("over €4.5k") and in the overdue colour."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from ctotui.domain.money import format_money
from ctotui.views.portfolio_budget import PortfolioRow
from ctotui.widgets.budget_lists import (
    AMOUNT_WIDTH,
    BAR_WIDTH,
    STATE_WIDTH,
    amount_columns,
    bar,
    money_widths,
    state_cell,
)
from ctotui.widgets.datalist import DataList
from ctotui.widgets.datalist_columns import Cell, Column


def portfolio_widths(rows: list[PortfolioRow], *, masked: bool, ascii_only: bool) -> dict[str, int]:
    """The widths the amounts of *rows* need (never cut), never less than the usual ones."""
    totals = [(row.totals, row.currency) for row in rows]
    return {
        **money_widths(totals, masked=masked, ascii_only=ascii_only),
        "lines": max([len("Lines"), *(len(str(row.lines)) for row in rows)]),
    }


def portfolio_columns(
    masked: Callable[[], bool], ascii_only: bool, widths: Mapping[str, int] | None = None
) -> list[Column[PortfolioRow]]:
    widths = widths or {}
    amount = widths.get("amount", AMOUNT_WIDTH)

    def money(row: PortfolioRow, value: Decimal) -> Cell:
        text = format_money(value, row.currency, masked=masked(), ascii_only=ascii_only)
        return (text, "strong") if row.is_total else text

    def by_amount(name: str) -> Callable[[PortfolioRow], Any]:
        return lambda row: (row.is_total, -getattr(row.totals, name))  # totals last

    def name(row: PortfolioRow) -> Cell:
        return (row.name, "strong") if row.is_total else row.name

    def used(row: PortfolioRow) -> Cell:
        if row.totals.planned == 0 and row.totals.used == 0:
            return ""
        text = bar(row.totals, ascii_only)
        return (text, "bad") if row.totals.over else (text, "strong" if row.is_total else "good")

    def state(row: PortfolioRow) -> Cell:
        # A client without a budget that year is a gap to see, not a zero to read past.
        if row.lines == 0:
            return ("no lines", "muted")
        return state_cell(row.totals, row.currency, masked(), ascii_only)

    return [
        Column("client", "Client", name, min_width=12, sort_key=lambda r: (r.is_total, r.name)),
        Column("year", "Fiscal year", lambda r: r.year_label, width=11, drop=3),
        Column(
            "lines",
            "Lines",
            lambda r: str(r.lines),
            width=widths.get("lines", 5),
            align_right=True,
            drop=4,
        ),
        *amount_columns(lambda r, name: money(r, getattr(r.totals, name)), amount, by_amount),
        Column("bar", "Used of planned", used, width=BAR_WIDTH + 5, drop=5),
        Column(
            "state",
            "",
            lambda r: state(r),
            width=widths.get("state", STATE_WIDTH),
            sort_key=lambda r: (r.is_total, r.totals.left),
        ),
    ]


def portfolio_list(masked: Callable[[], bool], ascii_only: bool) -> DataList[PortfolioRow]:
    rows: DataList[PortfolioRow] = DataList(
        portfolio_columns(masked, ascii_only),
        key=lambda r: r.key,
        haystack=lambda r: f"{r.name} {r.year_label} {r.currency}",
        empty_text="No clients yet: press n in the clients pane to add one.",
        ascii_only=ascii_only,
        id="portfolio",
    )
    rows.border_title = "Clients"
    rows.border_subtitle = "over = committed or actual above planned · enter: the client's budget"
    return rows
