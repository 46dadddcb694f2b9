"""Budget arithmetic: planned vs committed vs actual, and recommendations turned into lines.

A category (or a whole fiscal year) is *over budget* when what is committed or already spent
exceeds what was planned: a committed purchase order is as binding as an invoice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ctotui.domain.entities import BudgetLine, Client, Recommendation
from ctotui.domain.enums import Area, BudgetCategory, Spend
from ctotui.domain.fiscal import fiscal_year_of
from ctotui.errors import CtoError

ZERO = Decimal(0)

# Where a recommendation's cost most likely lands; the line can be recategorised afterwards.
AREA_CATEGORY = {
    Area.INFRASTRUCTURE: BudgetCategory.HARDWARE,
    Area.CLOUD: BudgetCategory.CLOUD,
    Area.STAFFING: BudgetCategory.STAFF,
    Area.UNIFIED_COMMS: BudgetCategory.TELECOM,
    Area.ERP: BudgetCategory.LICENCES,
    Area.CRM: BudgetCategory.LICENCES,
    Area.SECURITY: BudgetCategory.LICENCES,
    Area.DATA: BudgetCategory.SERVICES,
    Area.WEB: BudgetCategory.SERVICES,
    Area.MA: BudgetCategory.SERVICES,
    Area.GOVERNANCE: BudgetCategory.SERVICES,
    Area.VENDOR: BudgetCategory.SERVICES,
    Area.BUDGET: BudgetCategory.OTHER,
    Area.OTHER: BudgetCategory.OTHER,
}


class AlreadyBudgeted(CtoError):
    """The recommendation already has budget lines; a second set would count its cost twice."""


@dataclass(frozen=True, slots=True)
class Totals:
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    actual: Decimal = ZERO

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.planned + other.planned,
            self.committed + other.committed,
            self.actual + other.actual,
        )

    @property
    def used(self) -> Decimal:
        """What is spoken for: the committed amount, or the actual spend if it is higher."""
        return max(self.committed, self.actual)

    @property
    def over(self) -> bool:
        return self.used > self.planned

    @property
    def left(self) -> Decimal:
        """Planned minus used (negative when over budget)."""
        return self.planned - self.used

    @property
    def percent(self) -> int:
        """Used as a share of planned (100 = all of it; no plan and some spend counts as 100+)."""
        if self.planned > 0:
            return int(self.used * 100 / self.planned)
        return 100 if self.used > 0 else 0


def line_totals(line: BudgetLine) -> Totals:
    return Totals(line.planned or ZERO, line.committed or ZERO, line.actual or ZERO)


def by_category(lines: Iterable[BudgetLine]) -> dict[BudgetCategory, Totals]:
    """Totals per category that has lines, in the categories' own order."""
    found: dict[BudgetCategory, Totals] = {}
    for line in lines:
        found[line.category] = found.get(line.category, Totals()) + line_totals(line)
    return {category: found[category] for category in BudgetCategory if category in found}


def grand_total(lines: Iterable[BudgetLine]) -> Totals:
    total = Totals()
    for line in lines:
        total += line_totals(line)
    return total


def lines_for(rec: Recommendation, client: Client, today: date) -> list[BudgetLine]:
    """New lines for *rec*'s estimated cost in the client's current fiscal year: the one-time
    cost as capex, the recurring (per year) cost as opex. Empty when it has no cost."""
    cost = rec.estimated_cost
    if cost is None:
        return []
    year = fiscal_year_of(today, client.fiscal_year_start)
    category = AREA_CATEGORY.get(rec.area, BudgetCategory.OTHER)
    found = []
    for amount, spend, description in (
        (cost.one_time, Spend.CAPEX, rec.title),
        (cost.recurring, Spend.OPEX, f"{rec.title} (per year)"),
    ):
        if amount is not None and amount > 0:
            found.append(
                BudgetLine(
                    client=client.id,
                    fiscal_year=year,
                    category=category,
                    spend=spend,
                    description=description,
                    planned=amount,
                    currency=cost.currency,
                    recommendation=rec.id,
                )
            )
    return found
