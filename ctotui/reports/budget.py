"""Fiscal years and budget totals: planned vs committed vs actual, by category.

A fiscal year is named after the calendar year it starts in: with `fiscal_year_start` 4
(April), FY 2026/27 runs from 2026-04-01 to 2027-03-31 and its budget lines have
`fiscal_year` 2026; with 1 it is the calendar year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ctotui.domain.entities import BudgetLine
from ctotui.domain.enums import BudgetCategory

ZERO = Decimal("0.00")


def fiscal_year_of(day: date, start_month: int) -> int:
    return day.year if day.month >= start_month else day.year - 1


def fiscal_year_bounds(year: int, start_month: int) -> tuple[date, date]:
    """First and last day of fiscal year *year*."""
    start = date(year, start_month, 1)
    next_start = date(year + 1, start_month, 1)
    return start, next_start - timedelta(days=1)


def fiscal_year_label(year: int, start_month: int) -> str:
    if start_month == 1:
        return f"FY {year}"
    return f"FY {year}/{(year + 1) % 100:02d}"


@dataclass(frozen=True, slots=True)
class BudgetRow:
    """The sums of one category (or of everything, with `category` None) in one currency."""

    category: BudgetCategory | None
    currency: str
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    actual: Decimal = ZERO
    lines: int = 0


def budget_rows(
    lines: Iterable[BudgetLine], default_currency: str
) -> tuple[list[BudgetRow], list[BudgetRow]]:
    """(per category and currency, in category order; totals per currency).

    Amounts in different currencies are never added together: a second currency gets its own
    rows and its own total.
    """
    sums: dict[tuple[BudgetCategory | None, str], list[Decimal]] = {}
    counts: dict[tuple[BudgetCategory | None, str], int] = {}
    for line in lines:
        currency = line.currency or default_currency
        keys: tuple[tuple[BudgetCategory | None, str], ...] = (
            (line.category, currency),
            (None, currency),
        )
        for key in keys:
            acc = sums.setdefault(key, [ZERO, ZERO, ZERO])
            acc[0] += line.planned or ZERO
            acc[1] += line.committed or ZERO
            acc[2] += line.actual or ZERO
            counts[key] = counts.get(key, 0) + 1
    order = list(BudgetCategory)
    rows: list[BudgetRow] = []
    totals: list[BudgetRow] = []
    for key, (planned, committed, actual) in sums.items():
        category, currency = key
        row = BudgetRow(category, currency, planned, committed, actual, counts[key])
        (totals if category is None else rows).append(row)
    rows.sort(key=lambda r: (r.currency, order.index(r.category) if r.category else 0))
    totals.sort(key=lambda r: r.currency)
    return rows, totals
