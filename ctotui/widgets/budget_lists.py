"""The budget view's two lists: totals per category (with a bar), and the budget lines.

Over budget is said in words ("over €4.5k", "over") and with a full bar, and coloured with the
theme's overdue colour: colour repeats what the text says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ctotui.domain.budget import Totals, line_totals
from ctotui.domain.entities import BudgetLine
from ctotui.domain.enums import BudgetCategory
from ctotui.domain.money import format_compact, format_money
from ctotui.views.bars import progress_bar
from ctotui.widgets.datalist import DataList
from ctotui.widgets.datalist_columns import Cell, Column

BAR_WIDTH = 10


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


def _state(totals: Totals, currency: str, masked: bool, ascii_only: bool) -> Cell:
    if totals.over:
        over = format_compact(-totals.left, currency, masked=masked, ascii_only=ascii_only)
        return ("over " + over, "bad")
    if totals.planned == 0:
        return ""
    left = format_compact(totals.left, currency, masked=masked, ascii_only=ascii_only)
    return (left + " left", "muted")


def category_list(
    currency: Callable[[], str], masked: Callable[[], bool], ascii_only: bool
) -> DataList[CategoryRow]:
    def money(value: Decimal) -> str:
        return format_money(value, currency(), masked=masked(), ascii_only=ascii_only)

    def strong(row: CategoryRow, text: str) -> Cell:
        return (text, "strong") if row.category is None else text

    def used(row: CategoryRow) -> Cell:
        text = bar(row.totals, ascii_only)
        return (text, "bad") if row.totals.over else (text, "good" if row.category else "strong")

    categories: DataList[CategoryRow] = DataList(
        [
            Column("category", "Category", lambda r: strong(r, r.label), min_width=9),
            Column(
                "planned",
                "Planned",
                lambda r: strong(r, money(r.totals.planned)),
                width=10,
                align_right=True,
            ),
            Column(
                "committed",
                "Committed",
                lambda r: strong(r, money(r.totals.committed)),
                width=10,
                align_right=True,
                drop=2,
            ),
            Column(
                "actual",
                "Actual",
                lambda r: strong(r, money(r.totals.actual)),
                width=10,
                align_right=True,
            ),
            Column("bar", "Used of planned", used, width=BAR_WIDTH + 5),
            Column(
                "state",
                "",
                lambda r: _state(r.totals, currency(), masked(), ascii_only),
                width=12,
                drop=1,
            ),
        ],
        key=lambda r: r.key,
        haystack=lambda r: r.label,
        empty_text="No budget lines for this fiscal year: n adds one.",
        ascii_only=ascii_only,
        id="categories",
    )
    categories.border_title = "By category"
    return categories


def line_list(
    currency: Callable[[BudgetLine], str],
    masked: Callable[[], bool],
    rec_title: Callable[[str | None], str],
    text: Callable[[str, str], str],
    ascii_only: bool,
) -> DataList[BudgetLine]:
    """The lines; *rec_title* and *text* (a client's id and free text) give text as shown
    (redacted in presentation mode)."""

    def money(line: BudgetLine, value: Decimal | None) -> str:
        return format_money(value, currency(line), masked=masked(), ascii_only=ascii_only)

    def flag(line: BudgetLine) -> Cell:
        return ("over", "bad") if line_totals(line).over else ""

    lines: DataList[BudgetLine] = DataList(
        [
            Column(
                "description",
                "Budget line",
                lambda b: text(b.client, b.description),
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
            Column(
                "planned",
                "Planned",
                lambda b: money(b, b.planned),
                width=10,
                align_right=True,
                sort_key=lambda b: -(b.planned or 0),
            ),
            Column(
                "committed",
                "Committed",
                lambda b: money(b, b.committed),
                width=10,
                align_right=True,
                drop=2,
                sort_key=lambda b: -(b.committed or 0),
            ),
            Column(
                "actual",
                "Actual",
                lambda b: money(b, b.actual),
                width=10,
                align_right=True,
                sort_key=lambda b: -(b.actual or 0),
            ),
            Column("over", "", flag, width=4, sort_key=lambda b: not line_totals(b).over),
            Column(
                "rec", "Recommendation", lambda b: rec_title(b.recommendation), width=18, drop=1
            ),
        ],
        key=lambda b: b.id,
        haystack=lambda b: text(b.client, f"{b.description} {b.category.label} {b.spend.label}"),
        empty_text="No budget lines: n adds one, b on a recommendation turns its cost into one.",
        ascii_only=ascii_only,
        id="lines",
    )
    lines.border_title = "Budget lines"
    return lines
