"""`B` with "All clients": the portfolio budget — a row per client for its own fiscal year and a
total per currency, planned / committed / actual, over budget in words and colour; enter opens a
client's budget; codenames and masked amounts in presentation mode."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ctotui.data.store import Store
from ctotui.domain.entities import BudgetLine
from ctotui.domain.enums import BudgetCategory
from ctotui.screens.budget import BudgetScreen
from ctotui.screens.dashboard import DashboardScreen
from ctotui.screens.portfolio_budget import PortfolioBudgetScreen
from tui.conftest import make_app
from tui.practice import BOREALIS, build_practice
from tui.screen import screen_text
from tui.waits import settled


def add_chf_overrun(store: Store) -> None:
    store.insert(
        BudgetLine(
            client=BOREALIS,
            fiscal_year=2026,  # FY 2026/27: Borealis's year starts in July
            category=BudgetCategory.LICENCES,
            description="EHR licences",
            planned=Decimal("50000"),
            committed=Decimal("54000"),
            currency="CHF",
        )
    )


async def open_portfolio(app: Any, pilot: Any) -> PortfolioBudgetScreen:
    await settled(pilot)
    assert isinstance(app.screen, DashboardScreen)
    assert app.screen.selected_client == ""  # "All clients"
    await pilot.press("B")
    await settled(pilot)
    screen = app.screen
    assert isinstance(screen, PortfolioBudgetScreen)
    return screen


def row_of(text: str, name: str) -> str:
    return next(line for line in text.splitlines() if line[1:].startswith(f"{name} "))


async def test_b_on_all_clients_opens_the_portfolio_budget(practice: Store) -> None:
    add_chf_overrun(practice)
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_portfolio(app, pilot)
        text = screen_text(app)
        state = next(c for c in screen.rows.columns if c.key == "state")
        cells = {row.name: state.cell(row) for row in screen.rows.rows}
    assert "All clients · this fiscal year of each · 3 clients · 1 over budget" in text
    acme = row_of(text, "Acme Manufacturing")
    assert "FY 2026 " in acme and "€109,000    €74,000    €75,500" in acme
    assert "€33.5k left" in acme
    borealis = row_of(text, "Borealis Health")
    assert "FY 2026/27" in borealis and "CHF 50,000 CHF 54,000" in borealis
    assert "over CHF 4k" in borealis  # in words…
    assert cells["Borealis Health"] == ("over CHF 4k", "bad")  # …and in the overdue colour
    assert "no lines" in row_of(text, "Cobalt Legal")
    # Francs and euros are never added together: a total for each.
    assert "€109,000" in row_of(text, "Total EUR")
    assert "CHF 50,000" in row_of(text, "Total CHF")


async def test_years_move_and_enter_opens_the_clients_budget(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_portfolio(app, pilot)
        await pilot.press("right_square_bracket")
        await settled(pilot)
        text = screen_text(app)
        assert "next fiscal year of each" in text
        assert "FY 2027 " in row_of(text, "Acme Manufacturing")
        assert "FY 2027/28" in row_of(text, "Borealis Health")
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settled(pilot)
        assert screen.rows.select_key(f"{BOREALIS}/EUR")
        await pilot.press("enter")
        await settled(pilot)
        budget = app.screen
        assert isinstance(budget, BudgetScreen)
        assert (budget.client_id, budget.fiscal_year) == (BOREALIS, 2025)
        await pilot.press("escape")
        await settled(pilot)
        assert app.screen is screen


async def test_b_with_a_client_selected_still_opens_that_clients_budget(
    practice: Store,
) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("j", "B")
        await settled(pilot)
        assert isinstance(app.screen, BudgetScreen)


async def test_presentation_mode_shows_codenames_and_masks_amounts(practice: Store) -> None:
    add_chf_overrun(practice)
    app = make_app(practice, presentation_mode=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_portfolio(app, pilot)
        text = screen_text(app)
    for name in ("Acme", "Borealis", "Cobalt", "50,000", "109,000", "CHF 4k", "€"):
        assert name not in text, name
    assert "over •••" in row_of(text, "Heron")
    assert "•••" in row_of(text, "Falcon") and "FY 2026 " in row_of(text, "Falcon")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_portfolio_budget_snapshot(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    store = build_practice(tmp_path / "practice")
    add_chf_overrun(store)

    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press("B")
        await settled(pilot)

    assert snap_compare(make_app(store), terminal_size=size, run_before=run_before)
