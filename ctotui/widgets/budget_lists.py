"""The budget view's two lists: totals per category (with a bar), and the budget lines.

Over budget is said in words ("over €4.5k", "over") and with a full bar, and coloured with the
theme's overdue colour: colour repeats what the text says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from ctotui.domain.budget import Totals, line_totals
from ctotui.domain.entities import BudgetLine
from ctotui.domain.enums import BudgetCategory
from ctotui.domain.money import format_compact, format_money
from ctotui.views.bars import progress_bar
from ctotui.views.column_widths import money_width
from ctotui.widgets.datalist import DataList
from ctotui.widgets.datalist_columns import Cell, Column

BAR_WIDTH = 10
AMOUNT_WIDTH = 10  # at least: "Committed" and "€1,234,567" fit
STATE_WIDTH = 12
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CategoryRow:
    category: BudgetCategory | None  # None: the total of every category
    totals: Totals

    @property
    def key(self) -> str:
        return self.category.value if self.category else "total"

    @property
    def label(self) -> str:
        return self.category.label if self.category else "Total"


def bar(totals: Totals, ascii_only: bool, width: int = BAR_WIDTH) -> str:
    """Used against planned as a bar and a percentage; full (and 100%+) when over."""
    return progress_bar(totals.percent, width, ascii_only=ascii_only, digits=3)


def state_cell(totals: Totals, currency: str, masked: bool, ascii_only: bool) -> Cell:
    if totals.over:
        over = format_compact(-totals.left, currency, masked=masked, ascii_only=ascii_only)
        return ("over " + over, "bad")
    if totals.planned == 0:
        return ""
    left = format_compact(totals.left, currency, masked=masked, ascii_only=ascii_only)
    return (left + " left", "muted")


def money_widths(
    totals: list[tuple[Totals, str]],
    more: list[tuple[Decimal | None, str]] | None = None,
    *,
    masked: bool,
    ascii_only: bool,
) -> dict[str, int]:
    """The widths of the "amount" and "state" columns that *totals* (each in its currency) and
    *more* amounts need, never less than the usual ones."""
    amounts = list(more or [])
    amounts += [(value, cur) for t, cur in totals for value in (t.planned, t.committed, t.actual)]
    states = [state_cell(t, cur, masked, ascii_only) for t, cur in totals]
    return {
        "amount": max(AMOUNT_WIDTH, money_width(amounts, masked=masked, ascii_only=ascii_only)),
        "state": max([STATE_WIDTH, *(len(s if isinstance(s, str) else s[0]) for s in states)]),
    }


def amount_widths(
    rows: list[CategoryRow],
    lines: list[BudgetLine],
    currency: str,
    *,
    masked: bool,
    ascii_only: bool,
) -> dict[str, int]:
    """The widths the amounts of *rows* and *lines* need, never less than the usual ones."""
    amounts = [
        (value, line.currency or currency)
        for line in lines
        for value in (line.planned, line.committed, line.actual)
    ]
    totals = [(row.totals, currency) for row in rows]
    return money_widths(totals, amounts, masked=masked, ascii_only=ascii_only)


def amount_columns(
    cell: Callable[[T, str], Cell],
    width: int,
    sort_key: Callable[[str], Callable[[T], Any] | None] = lambda _name: None,
) -> list[Column[T]]:
    """Planned, committed and actual, right-aligned, *width* wide (committed goes second when
    the pane is narrow); *cell* (row, "planned" | "committed" | "actual") draws each and
    *sort_key* (name) sorts by it."""

    def one(name: str, drop: int) -> Column[T]:
        return Column(
            name,
            name.capitalize(),
            lambda row: cell(row, name),
            width=width,
            align_right=True,
            drop=drop,
            sort_key=sort_key(name),
        )

    return [one("planned", 0), one("committed", 2), one("actual", 0)]


def category_list(
    currency: Callable[[], str], masked: Callable[[], bool], ascii_only: bool
) -> DataList[CategoryRow]:
    categories: DataList[CategoryRow] = DataList(
        category_columns(currency, masked, ascii_only),
        key=lambda r: r.key,
        haystack=lambda r: r.label,
        empty_text="No budget lines for this fiscal year: n adds one.",
        ascii_only=ascii_only,
        id="categories",
    )
    categories.border_title = "By category"
    return categories


def category_columns(
    currency: Callable[[], str],
    masked: Callable[[], bool],
    ascii_only: bool,
    widths: Mapping[str, int] | None = None,
) -> list[Column[CategoryRow]]:
    """The category list's columns; *widths* of the "amount" and "state" columns as the
    amounts shown need them (never cut)."""
    widths = widths or {}

    def money(value: Decimal) -> str:
        return format_money(value, currency(), masked=masked(), ascii_only=ascii_only)

    def strong(row: CategoryRow, text: str) -> Cell:
        return (text, "strong") if row.category is None else text

    def used(row: CategoryRow) -> Cell:
        text = bar(row.totals, ascii_only)
        return (text, "bad") if row.totals.over else (text, "good" if row.category else "strong")

    return [
        Column("category", "Category", lambda r: strong(r, r.label), min_width=9),
        *amount_columns(
            lambda r, name: strong(r, money(getattr(r.totals, name))),
            widths.get("amount", AMOUNT_WIDTH),
        ),
        Column("bar", "Used of planned", used, width=BAR_WIDTH + 5),
        Column(
            "state",
            "",
            lambda r: state_cell(r.totals, currency(), masked(), ascii_only),
            width=widths.get("state", STATE_WIDTH),
            drop=1,
        ),
    ]


@dataclass(frozen=True, slots=True)
class LineLook:
    """What the lines are drawn with: each line's currency, whether amounts are masked, and
    text as shown (*rec_title*, and *text* of a client's id and free text: redacted in
    presentation mode)."""

    currency: Callable[[BudgetLine], str]
    masked: Callable[[], bool]
    rec_title: Callable[[str | None], str]
    text: Callable[[str, str], str]
    ascii_only: bool


def line_list(look: LineLook) -> DataList[BudgetLine]:
    text = look.text
    lines: DataList[BudgetLine] = DataList(
        line_columns(look),
        key=lambda b: b.id,
        haystack=lambda b: text(b.client, f"{b.description} {b.category.label} {b.spend.label}"),
        empty_text="No budget lines: n adds one, b on a recommendation turns its cost into one.",
        ascii_only=look.ascii_only,
        id="lines",
    )
    lines.border_title = "Budget lines"
    return lines


def line_columns(
    look: LineLook, widths: Mapping[str, int] | None = None
) -> list[Column[BudgetLine]]:
    """The line list's columns; *widths* of the "amount" columns as the amounts need them."""
    amount = (widths or {}).get("amount", AMOUNT_WIDTH)

    def money(line: BudgetLine, value: Decimal | None) -> str:
        return format_money(
            value, look.currency(line), masked=look.masked(), ascii_only=look.ascii_only
        )

    def flag(line: BudgetLine) -> Cell:
        return ("over", "bad") if line_totals(line).over else ""

    return [
        Column(
            "description",
            "Budget line",
            lambda b: look.text(b.client, b.description),
            min_width=12,
            sort_key=lambda b: b.description.lower(),
        ),
        Column(
            "category",
            "Category",
            lambda b: b.category.label,
            width=9,
            drop=3,
            sort_key=lambda b: list(BudgetCategory).index(b.category),
        ),
        Column(
            "spend",
            "Spend",
            lambda b: b.spend.label,
            width=5,
            drop=4,
            sort_key=lambda b: b.spend.value,
        ),
        *amount_columns(
            lambda b, name: money(b, getattr(b, name)),
            amount,
            lambda name: lambda b: -(getattr(b, name) or 0),
        ),
        Column("over", "", flag, width=4, sort_key=lambda b: not line_totals(b).over),
        Column(
            "rec", "Recommendation", lambda b: look.rec_title(b.recommendation), width=18, drop=1
        ),
    ]
