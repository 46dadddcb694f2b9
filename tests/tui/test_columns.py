"""Columns that say whose and when: a Client column for all clients, titles that name the
client shown, dates as wide as their format, numbers never cut, and words where colour was."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from textual.widgets import Checkbox

from ctotui.data.store import Store
from ctotui.dialogs.form import FormScreen
from ctotui.domain.entities import BudgetLine, Cost, Milestone, Recommendation
from ctotui.domain.enums import BudgetCategory
from ctotui.screens.calendar import CalendarScreen
from ctotui.screens.dashboard import DashboardScreen
from ctotui.views.dashboard import ClientRow
from tui.conftest import make_app
from tui.practice import ACME, BOREALIS, UC, UC_M1, UC_M3, d
from tui.screen import screen_text
from tui.waits import settled

LONG_DATES = "D MMM YYYY"


def dashboard(app: Any) -> DashboardScreen:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


def pane_lines(text: str, title: str) -> list[str]:
    """The lines of the pane titled *title* (its box, cut out of the screen)."""
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if title in line)
    left = lines[top].index("╭", lines[top].rfind("╭", 0, lines[top].index(title)))
    right = lines[top].index("╮", left)
    out = []
    for line in lines[top + 1 :]:
        part = line[left : right + 1]
        if part.startswith("╰"):
            break
        out.append(part[1:-1])
    return out


async def test_all_clients_shows_whose_each_recommendation_is(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        recs = pane_lines(screen_text(app), "2 Open recommendations")
        assert recs[0].split()[:2] == ["Recommendation", "Client"]
        assert any("Hire a security lead" in line and "Acme Manuf" in line for line in recs)
        assert any("MFA for every account" in line and "Borealis H" in line for line in recs)
        await pilot.press("j")  # Acme: the title says whose they are, the column goes
        await settled(pilot)
        text = screen_text(app)
        assert "2 Open recommendations · Acme Manufacturing" in text
        assert "3 Implementation progress · Acme Manufacturing" in text
        assert "4 Budget & provisioning calendar · Acme M" in text
        recs = pane_lines(text, "2 Open recommendations")
        assert "Client" not in recs[0]
        assert "Cost" in recs[0]  # the room the column took goes to other columns


async def test_pane_titles_name_the_codename_in_presentation_mode(practice: Store) -> None:
    app = make_app(practice, presentation_mode=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert dashboard(app).pane(1).list.select_key(BOREALIS)
        await settled(pilot)
        text = screen_text(app)
    assert "2 Open recommendations · Heron" in text
    assert "Borealis" not in text


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
async def test_long_dates_are_never_cut(practice: Store, size: tuple[int, int]) -> None:
    app = make_app(practice, date_format=LONG_DATES)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        shown = []
        for pane in "234":
            await pilot.press(pane)
            await settled(pilot)
            shown.append(screen_text(app))
    text = "\n".join(shown)
    assert "20 Nov 2026 !" in text  # the late marker, whole
    assert "15 Feb 2027" in text
    assert " 20…" not in text and "Nov 2…" not in text and "Feb 2…" not in text


async def test_the_what_column_of_pane_4_has_room_at_100x30(practice: Store) -> None:
    app = make_app(practice, date_format=LONG_DATES)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        agenda = pane_lines(screen_text(app), "4 Budget & provisioning calendar")
    header = agenda[0]
    what = header.index("What")
    width = header.index("Client") - what - 1
    assert width > 12, header
    assert any("Budget submissi" in line for line in agenda)


async def test_counts_are_never_cut(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        clients = dashboard(app).pane(1)
        rows = list(clients.list.rows)
        clients.set_rows([ClientRow(None, "All clients", 13148, 2417), *rows[1:]])
        await settled(pilot)
        text = screen_text(app)
    all_row = next(line for line in text.splitlines() if "All clients" in line)
    assert "13148" in all_row and "2417" in all_row, all_row
    assert "…" not in all_row


async def test_amounts_are_never_cut(practice: Store) -> None:
    practice.update(
        Recommendation, UC, estimated_cost=Cost(one_time=Decimal("1234567890"), currency="CHF")
    )
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("j", "2", "z")  # Acme's recommendations, every column
        await settled(pilot)
        text = screen_text(app)
    assert "CHF 1234.6M" in text
    assert "€180k" in text


async def test_the_agenda_of_december_counts_31_days(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("c")
        await settled(pilot)
        assert isinstance(app.screen, CalendarScreen)
        assert "Agenda · 27 Nov - 26 Dec · 30 days" in screen_text(app)
        await pilot.press("right_square_bracket")
        await settled(pilot)
        assert "Agenda · 01 Dec - 31 Dec · 31 days" in screen_text(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settled(pilot)
        assert "Agenda · 01 Feb - 28 Feb · 28 days" in screen_text(app)


async def test_the_milestone_summary_counts_and_weighs(practice: Store) -> None:
    practice.update(Milestone, UC_M3, weight=3)  # weights 1, 2, 3; the first is done
    assert practice.get(Milestone, UC_M1).done_on is not None
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2")
        assert dashboard(app).pane(2).list.select_key(UC)
        await pilot.press("enter")
        await settled(pilot)
        text = screen_text(app)
    assert "(1 of 3 milestones done (16 % by weight))" in text


@pytest.mark.parametrize("poor", ["ascii", "no_color"])
async def test_the_auto_renew_box_reads_without_colour(
    practice: Store, monkeypatch: pytest.MonkeyPatch, poor: str
) -> None:
    if poor == "no_color":
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(practice, ascii=poor == "ascii")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("4", "n")
        await settled(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        box = form.query_one("#f-auto_renew", Checkbox)
        assert "Auto-renews [ ]" in screen_text(app)
        box.focus()
        await pilot.press("space")
        await settled(pilot)
        assert "Auto-renews [x]" in screen_text(app)


async def test_a_client_row_keeps_the_cursor_on_the_same_record(practice: Store) -> None:
    """Switching clients rebuilds a pane's columns: the cursor stays where it was."""
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        screen = dashboard(app)
        assert screen.pane(1).list.select_key(ACME)
        await settled(pilot)
        assert screen.pane(2).list.select_key(UC)
        assert screen.pane(1).list.select_key("")
        await settled(pilot)
        assert screen.pane(2).highlighted is not None
        assert screen.pane(2).highlighted.rec.id == UC
        assert d("2027-02-15") == screen.pane(2).highlighted.rec.due


async def test_budget_amounts_are_never_cut(practice: Store) -> None:
    practice.insert(
        BudgetLine(
            client=ACME,
            fiscal_year=2026,
            category=BudgetCategory.SERVICES,
            description="Group ERP programme",
            planned=Decimal("12345678"),
            committed=Decimal("13000000"),
        )
    )
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("j", "B")
        await settled(pilot)
        text = screen_text(app)
    assert "€12,345,678 €13,000,000" in text  # the line
    assert "€12,454,678 €13,074,000" in text  # the total
    assert "over €619k" in text
