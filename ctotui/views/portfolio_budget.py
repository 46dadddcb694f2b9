"""The portfolio budget: every client's budget for its fiscal year, and a total per currency —
no Textual here.

Each client has its own fiscal year (a July start makes FY 2026/27), so "the fiscal year" is
each client's current one, or the one *offset* years from it. Amounts in different currencies
are never added: a client whose lines are in two currencies has a row for each, and there is a
total row per currency. Names are as the view shows them (codenames in presentation mode); the
screen masks the amounts there, as the client budget does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ctotui.data.store import Store
from ctotui.domain.budget import Totals, line_totals
from ctotui.domain.entities import BudgetLine, Client
from ctotui.domain.enums import ClientStatus
from ctotui.domain.fiscal import fiscal_year_label, fiscal_year_of
from ctotui.views.dashboard import Viewpoint


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """A client's budget in one currency for one fiscal year, or (client None) a total."""

    client: str | None  # client id; None for a currency's total
    name: str  # the client as shown, or "Total EUR"
    fiscal_year: int | None
    year_label: str  # "FY 2026", "FY 2026/27"; "" on a total (the clients' years differ)
    currency: str
    totals: Totals
    lines: int

    @property
    def key(self) -> str:
        return f"{self.client or 'total'}/{self.currency}"

    @property
    def is_total(self) -> bool:
        return self.client is None


def year_offset_label(offset: int) -> str:
    """Which fiscal year of each client is shown: "this fiscal year", "next", "2 years back"."""
    if offset == 0:
        return "this fiscal year"
    if offset == 1:
        return "next fiscal year"
    if offset == -1:
        return "last fiscal year"
    return f"fiscal year {offset:+d}"


def portfolio_budget(store: Store, view: Viewpoint, offset: int = 0) -> list[PortfolioRow]:
    """One row per client (per currency of its lines) for the client's fiscal year *offset*
    years from its current one, by name; then a total per currency. A client with no lines
    that year has a row with nothing planned (unless it is closed): the gap shows."""
    view = view.redacting(store)
    clients = {
        c.id: c for c in store.all(Client) if view.focus_client is None or c.id == view.focus_client
    }
    years = {
        cid: fiscal_year_of(view.today, c.fiscal_year_start) + offset for cid, c in clients.items()
    }
    found: dict[tuple[str, str], tuple[Totals, int]] = {}
    for line in store.all(BudgetLine):
        if years.get(line.client) != line.fiscal_year:
            continue
        currency = line.currency or clients[line.client].currency or view.currency
        key = (line.client, currency)
        totals, count = found.get(key, (Totals(), 0))
        found[key] = (totals + line_totals(line), count + 1)
    rows = []
    for client in clients.values():
        own = {cur: found[(cid, cur)] for cid, cur in found if cid == client.id}
        if not own and client.status is ClientStatus.CLOSED:
            continue
        if not own:
            own = {client.currency or view.currency: (Totals(), 0)}
        year = years[client.id]
        for currency, (totals, count) in sorted(own.items()):
            rows.append(
                PortfolioRow(
                    client.id,
                    view.client_name(client),
                    year,
                    fiscal_year_label(year, client.fiscal_year_start),
                    currency,
                    totals,
                    count,
                )
            )
    rows.sort(key=lambda r: (r.name.lower(), r.currency))
    return rows + currency_totals(rows)


def currency_totals(rows: list[PortfolioRow]) -> list[PortfolioRow]:
    """A total row per currency of *rows*, by currency."""
    sums: dict[str, tuple[Totals, int]] = defaultdict(lambda: (Totals(), 0))
    for row in rows:
        totals, count = sums[row.currency]
        sums[row.currency] = (totals + row.totals, count + row.lines)
    return [
        PortfolioRow(None, f"Total {currency}", None, "", currency, totals, count)
        for currency, (totals, count) in sorted(sums.items())
    ]
