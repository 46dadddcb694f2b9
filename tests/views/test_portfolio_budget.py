"""The portfolio budget's rows: each client's own fiscal year, a total per currency, amounts in
different currencies never added, codenames in presentation mode."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from tui.practice import ACME, BOREALIS, COBALT, build_practice

from ctotui.data.store import Store
from ctotui.domain.entities import BudgetLine, Client
from ctotui.domain.enums import BudgetCategory, ClientStatus
from ctotui.views.dashboard import Viewpoint
from ctotui.views.portfolio_budget import portfolio_budget, year_offset_label


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    built = build_practice(tmp_path / "practice")
    # Borealis's year starts in July: on 27 November 2026 it is in FY 2026/27.
    built.insert(
        BudgetLine(
            client=BOREALIS,
            fiscal_year=2026,
            category=BudgetCategory.LICENCES,
            description="EHR licences",
            planned=Decimal("50000"),
            committed=Decimal("54000"),
            currency="CHF",
        )
    )
    built.insert(
        BudgetLine(
            client=BOREALIS,
            fiscal_year=2025,  # last year's: not in this year's rows
            category=BudgetCategory.HARDWARE,
            description="Old servers",
            planned=Decimal("9000"),
        )
    )
    yield built
    built.close()


def view(store: Store, *, presentation: bool = False) -> Viewpoint:
    return Viewpoint(today=store.clock.today(), presentation=presentation)


def test_a_row_per_client_for_its_own_year_and_a_total_per_currency(store: Store) -> None:
    rows = portfolio_budget(store, view(store))
    shown = [
        (r.name, r.year_label, r.currency, r.totals.planned, r.totals.committed, r.lines)
        for r in rows
    ]
    assert shown == [
        ("Acme Manufacturing", "FY 2026", "EUR", Decimal(109000), Decimal(74000), 4),
        ("Borealis Health", "FY 2026/27", "CHF", Decimal(50000), Decimal(54000), 1),
        ("Cobalt Legal", "FY 2026", "EUR", Decimal(0), Decimal(0), 0),
        ("Total CHF", "", "CHF", Decimal(50000), Decimal(54000), 1),
        ("Total EUR", "", "EUR", Decimal(109000), Decimal(74000), 4),
    ]
    over = {r.name: r.totals.over for r in rows}
    assert over["Borealis Health"] and over["Total CHF"] and not over["Total EUR"]


def test_the_year_before_and_closed_clients(store: Store) -> None:
    store.update(Client, COBALT, status=ClientStatus.CLOSED)
    rows = portfolio_budget(store, view(store), -1)
    assert [(r.name, r.year_label, r.totals.planned) for r in rows] == [
        ("Acme Manufacturing", "FY 2025", Decimal(0)),
        ("Borealis Health", "FY 2025/26", Decimal(9000)),
        ("Total EUR", "", Decimal(9000)),
    ]
    assert year_offset_label(-1) == "last fiscal year"
    assert year_offset_label(2) == "fiscal year +2"


def test_presentation_mode_and_a_client_focus(store: Store) -> None:
    names = [r.name for r in portfolio_budget(store, view(store, presentation=True))]
    assert names == ["Falcon", "Heron", "Ibis", "Total CHF", "Total EUR"]
    focused = Viewpoint(today=store.clock.today(), focus_client=ACME)
    assert [r.name for r in portfolio_budget(store, focused)] == [
        "Acme Manufacturing",
        "Total EUR",
    ]
