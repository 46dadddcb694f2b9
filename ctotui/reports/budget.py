"""Budget totals: planned vs committed vs actual, by category (fiscal years: domain.fiscal)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ctotui.domain.entities import BudgetLine
from ctotui.domain.enums import BudgetCategory

ZERO = Decimal("0.00")


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
