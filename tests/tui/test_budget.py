"""The budget view: totals and over-budget on screen, lines added and deleted in the form, fiscal
years, presentation mode; a recommendation's cost turned into budget lines once; a snapshot."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from textual.widgets import Input

from ctotui.data.store import Store
from ctotui.dialogs.confirm import ConfirmScreen
from ctotui.dialogs.form import FormScreen
from ctotui.domain.entities import BudgetLine, Cost, Recommendation
from ctotui.domain.enums import BudgetCategory, Spend
from ctotui.screens.budget import BudgetScreen
from ctotui.screens.rec_detail import RecDetailScreen
from tui.conftest import make_app
from tui.practice import ACME, ERP, LAPTOPS, M365, UC, build_practice
from tui.screen import screen_text
from tui.waits import settled


async def open_budget(app: Any, pilot: Any) -> BudgetScreen:
    await pilot.pause()
    await pilot.press("j")  # Acme
    await settled(pilot)
    await pilot.press("B")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, BudgetScreen)
    assert screen.client_id == ACME
    return screen


def category_line(text: str, name: str) -> str:
    # After the list's left border ("│", or "|" with --ascii).
    return next(line for line in text.splitlines() if line[1:].startswith(f"{name} "))


async def test_totals_bars_and_over_budget_in_words(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_budget(app, pilot)
        totals = {row.label: row.totals for row in screen.categories.visible_rows}
        assert list(totals) == ["hardware", "licences", "telecom", "services", "Total"]
        assert totals["Total"].planned == Decimal("109000")
        assert totals["Total"].actual == Decimal("75500")
        assert [label for label, t in totals.items() if t.over] == ["hardware"]
        text = screen_text(app)
        assert "FY 2026" in text
        hardware = category_line(text, "hardware")
        assert "€44,500" in hardware and "111%" in hardware and "over €4.5k" in hardware
        assert "██████████" in hardware
        total = category_line(text, "Total")
        assert "€109,000" in total and "€74,000" in total and "€75,500" in total
        assert "€33.5k left" in total
        laptops = next(line for line in text.splitlines() if "Laptops" in line)
        assert " over " in laptops, "an over-budget line says so in words"


async def test_ascii_bars(practice: Store) -> None:
    app = make_app(practice, ascii=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_budget(app, pilot)
        text = screen_text(app)
        assert "########## 111% over" in category_line(text, "hardware")
        assert "####------  40%" in category_line(text, "telecom")


async def test_presentation_masks_amounts_but_not_over(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_budget(app, pilot)
        await pilot.press("P")
        await pilot.pause()
        text = screen_text(app)
        assert "111% over •••" in category_line(text, "hardware")
        assert "44,500" not in text and "109,000" not in text
        assert "Acme Manufacturing" not in text and "Falcon" in text


async def test_years_and_clients_change_with_keys(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_budget(app, pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.fiscal_year == 2027
        assert screen.lines.visible_rows == []
        assert "No budget lines" in screen_text(app)
        await pilot.press("left_square_bracket", "c")
        await pilot.pause()
        assert screen.client_id != ACME
        assert screen.fiscal_year is not None


async def test_add_edit_and_delete_a_line_in_the_form(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_budget(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#f-fiscal_year", Input).value == "2026"
        await pilot.press(*"Firewall appliances")
        form.query_one("#f-planned", Input).focus()
        await pilot.press(*"12.5k")
        await pilot.press("ctrl+s")
        await app.wait_for_saves()
        await pilot.pause()
        assert app.screen is screen
        (added,) = [b for b in practice.all(BudgetLine) if b.description == "Firewall appliances"]
        assert (added.client, added.fiscal_year, added.planned) == (ACME, 2026, Decimal("12500"))
        assert added.id in {b.id for b in screen.lines.visible_rows}
        # Edit: the licences go over budget.
        assert screen.lines.select_key(M365)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-actual", Input).value = "25k"
        await pilot.press("ctrl+s")
        await app.wait_for_saves()
        await pilot.pause()
        assert app.screen is screen
        assert practice.get(BudgetLine, M365).actual == Decimal("25000")
        over = [row.label for row in screen.categories.visible_rows if row.totals.over]
        assert over == ["hardware", "licences"]
        # Delete asks first.
        assert screen.lines.select_key(LAPTOPS)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await app.wait_for_saves()
        await pilot.pause()
        assert practice.find(BudgetLine, LAPTOPS) is None
        over = [row.label for row in screen.categories.visible_rows if row.totals.over]
        assert over == ["licences"]


async def test_enter_on_a_category_shows_only_its_lines(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_budget(app, pilot)
        screen.categories.focus()
        await pilot.press("enter")  # hardware, the first category
        await pilot.pause()
        assert [b.description for b in screen.lines.visible_rows] == ["Laptops"]
        screen.categories.focus()
        await pilot.press("G", "enter")  # Total: every line again
        await pilot.pause()
        assert len(screen.lines.visible_rows) == 4


async def open_rec(app: Any, pilot: Any, rec_id: str) -> RecDetailScreen:
    await pilot.pause()
    await pilot.press("2")
    assert app.screen.pane(2).list.select_key(rec_id)
    await pilot.press("enter")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RecDetailScreen)
    return screen


async def test_b_turns_a_recommendations_cost_into_budget_lines_once(practice: Store) -> None:
    practice.update(
        Recommendation,
        UC,
        estimated_cost=Cost(one_time=Decimal("42000"), recurring=Decimal("9600")),
    )
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_rec(app, pilot, UC)
        await pilot.press("b")
        await app.wait_for_saves()
        await pilot.pause()
        lines = sorted(practice.where(BudgetLine, "recommendation", UC), key=lambda b: b.spend)
        assert [(b.spend, b.planned, b.fiscal_year, b.client) for b in lines] == [
            (Spend.CAPEX, Decimal("42000"), 2026, ACME),
            (Spend.OPEX, Decimal("9600"), 2026, ACME),
        ]
        assert {b.category for b in lines} == {BudgetCategory.TELECOM}
        assert "Linked calendar items and budget lines" in screen_text(app)
        assert "FY 2026" in screen_text(app)
        await pilot.press("b")  # a second press must not count the cost twice
        await app.wait_for_saves()
        await pilot.pause()
        assert len(practice.where(BudgetLine, "recommendation", UC)) == 2


async def test_b_refuses_a_recommendation_already_in_the_budget(practice: Store) -> None:
    before = practice.count(BudgetLine)
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_rec(app, pilot, ERP)  # the ERP selection study is linked to it
        await pilot.press("b")
        await app.wait_for_saves()
        await pilot.pause()
        assert practice.count(BudgetLine) == before
        messages = [n.message for n in app._notifications]
        assert any("already has 1 budget line(s) (FY 2026)" in m for m in messages)


def test_budget_view_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press("j")
        await settled(pilot)
        await pilot.press("B")
        await pilot.pause()

    app = make_app(build_practice(tmp_path / "practice"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
