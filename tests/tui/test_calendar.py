"""The calendar screen: navigation, a day's items, adding on a day, one occurrence skipped or
moved, the fiscal-year view; snapshots of the month view at 80x24 and 120x40."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.widgets import Input

from ctotui.data.store import Store
from ctotui.dialogs.form import FormScreen
from ctotui.dialogs.move_occurrence import MoveOccurrenceScreen
from ctotui.domain.entities import Event, EventException
from ctotui.screens.calendar import CalendarScreen
from ctotui.screens.dashboard import DashboardScreen
from ctotui.services.calendar import calendar_index
from tui.conftest import make_app
from tui.practice import ACME, BOREALIS, STEERING, build_practice
from tui.screen import screen_text
from tui.waits import settled

DEC_6 = date(2026, 12, 6)  # a Sunday: the monthly steering committee of Acme


def calendar(app: Any) -> CalendarScreen:
    screen = app.screen
    assert isinstance(screen, CalendarScreen)
    return screen


async def open_calendar(app: Any, pilot: Any, *, acme: bool = False) -> CalendarScreen:
    await pilot.pause()
    if acme:
        await pilot.press("j")  # Acme in the clients pane
        await settled(pilot)
    await pilot.press("c")
    await pilot.pause()
    return calendar(app)


def titles_on(screen: CalendarScreen, day: date) -> list[str]:
    return [item.title for item in screen.grid.by_day.get(day, [])]


async def test_hjkl_brackets_and_t_move_the_selected_day(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(app, pilot)
        grid = screen.grid
        assert grid.selected == date(2026, 11, 27)
        assert grid.border_title == "November 2026"
        steps = [
            ("l", date(2026, 11, 28)),
            ("j", date(2026, 12, 5)),
            ("h", date(2026, 12, 4)),
            ("k", date(2026, 11, 27)),
            ("right_square_bracket", date(2026, 12, 27)),
            ("left_square_bracket", date(2026, 11, 27)),
            ("left_square_bracket", date(2026, 10, 27)),
            ("pagedown", date(2026, 11, 27)),
            ("down", date(2026, 12, 4)),
            ("t", date(2026, 11, 27)),
        ]
        for key, expected in steps:
            await pilot.press(key)
            await pilot.pause()
            assert grid.selected == expected, key
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert grid.border_title == "December 2026"
        # The grid's marks are the new month's.
        assert "Budget submission FY2027" in titles_on(screen, date(2026, 12, 10))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_month_end_moves_to_the_shorter_months_last_day(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(app, pilot)
        screen.grid.go(date(2027, 1, 31))
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.grid.selected == date(2027, 2, 28)


async def test_week_starts_on_sunday_when_set(practice: Store) -> None:
    app = make_app(practice, week_start="sunday")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(app, pilot)
        first, last = screen.grid.window()
        assert first == date(2026, 11, 1) and first.weekday() == 6  # Sunday 1 November
        assert last == date(2026, 12, 5)
        assert "│ Sun" in screen_text(app)


async def test_enter_on_a_day_lists_that_days_items(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(app, pilot)
        await pilot.press("j", "j", "h")  # Thu 10 December
        await pilot.pause()
        assert screen.grid.selected == date(2026, 12, 10)
        await pilot.press("enter")
        await pilot.pause()
        rows = screen.agenda.visible_rows
        assert rows[0].is_header and rows[0].day == date(2026, 12, 10)
        assert [r.item.title for r in rows if r.item] == ["Budget submission FY2027"]
        assert app.screen.focused is screen.agenda
        # The day's list follows the grid; escape goes back to the agenda, then to the dashboard.
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.agenda.visible_rows[0].day == date(2027, 1, 10)
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.day_mode and app.screen is screen
        assert any(r.header.startswith("wk ") for r in screen.agenda.visible_rows)


async def test_n_adds_an_item_on_the_selected_day(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(app, pilot, acme=True)
        assert screen.client_id == ACME
        await pilot.press("j", "h")  # Thu 3 December
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-title", Input).focus()
        await pilot.press(*"Hardware refresh kick-off")
        await pilot.press("ctrl+s")
        await app.wait_for_saves()
        await pilot.pause()
        assert app.screen is screen
        assert "Hardware refresh kick-off" in titles_on(screen, date(2026, 12, 3))
    added = [e for e in practice.all(Event) if e.title == "Hardware refresh kick-off"]
    assert len(added) == 1
    assert added[0].date == date(2026, 12, 3)
    assert added[0].client == ACME


async def test_skip_then_restore_one_occurrence(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        events_before = practice.count(Event)
        screen = await open_calendar(app, pilot, acme=True)
        await pilot.press("j", "l", "l")
        await pilot.pause()
        assert screen.grid.selected == DEC_6
        assert titles_on(screen, DEC_6) == ["Steering committee"]
        await pilot.press("x")
        await app.wait_for_saves()
        await pilot.pause()
        skipped = practice.where(EventException, "event", STEERING)
        assert [(x.date, x.skip) for x in skipped] == [(DEC_6, True)]
        assert titles_on(screen, DEC_6) == []
        # Only an exception was written: the series itself is untouched and goes on.
        assert practice.count(Event) == events_before
        jan_6 = date(2027, 1, 6)
        january = calendar_index(practice).items(jan_6, jan_6, today=jan_6, client=ACME)
        assert [item.title for item in january] == ["Steering committee"]
        await pilot.press("enter")  # the day's list shows the skipped occurrence
        await pilot.pause()
        assert [r.skipped_event for r in screen.agenda.visible_rows] == ["", STEERING]
        await pilot.press("u")
        await app.wait_for_saves()
        await pilot.pause()
        assert practice.where(EventException, "event", STEERING) == []
        assert titles_on(screen, DEC_6) == ["Steering committee"]


async def test_move_one_occurrence_to_another_day(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(app, pilot, acme=True)
        screen.grid.go(DEC_6)
        await pilot.press("m")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MoveOccurrenceScreen)
        dialog.query_one(Input).value = "+3d"  # from the occurrence: Wednesday 9 December
        await pilot.press("enter")
        await app.wait_for_saves()
        await pilot.pause()
        assert app.screen is screen
        (moved,) = practice.where(EventException, "event", STEERING)
        assert moved.date == DEC_6 and moved.moved_to == date(2026, 12, 9)
        assert screen.grid.selected == date(2026, 12, 9), "the selection follows the move"
        assert titles_on(screen, DEC_6) == []
        assert titles_on(screen, date(2026, 12, 9)) == ["Steering committee"]


async def test_skip_on_a_day_without_a_series_writes_nothing(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(app, pilot)
        screen.grid.go(date(2026, 12, 10))  # a one-off budget date
        await pilot.press("x")
        await app.wait_for_saves()
        await pilot.pause()
        assert practice.count(EventException) == 0


async def test_fiscal_year_view_lists_the_clients_budget_dates(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(CalendarScreen(BOREALIS))
        await pilot.pause()
        screen = calendar(app)
        await pilot.press("y")
        await pilot.pause()
        grid = screen.grid
        assert grid.window() == (date(2026, 7, 1), date(2027, 6, 30))
        assert grid.border_title.startswith("FY 2026/27")
        items = [(r.day, r.item.title) for r in screen.agenda.visible_rows if r.item]
        assert items == [
            (date(2026, 7, 1), "Fiscal year starts"),
            (date(2027, 4, 2), "Budget submission"),  # 90 days before the next FY
        ]
        await pilot.press("l")  # a month on in the fiscal-year view
        await pilot.pause()
        assert grid.selected == date(2026, 12, 27)
        await pilot.press("y")
        await pilot.pause()
        assert grid.border_title == "December 2026"


def _steady(*keys: str) -> Any:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press(*keys)
        await settled(pilot)

    return run_before


def _app(tmp_path: Path) -> Any:
    return make_app(build_practice(tmp_path / "practice"))


def test_month_view_80x24(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), run_before=_steady("c"))


def test_month_view_120x40(snap_compare: Any, tmp_path: Path) -> None:
    # Acme, a week on: a recurring meeting and a budget date beside the selected day.
    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=_steady("j", "c", "j"))


async def test_client_focus_shows_only_that_clients_dates(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "f")  # focus on Acme
        await settled(pilot)
        screen = await open_calendar(app, pilot)
        assert screen.client_id == ACME
        seen = [screen_text(app)]
        for key in ("right_square_bracket", "right_square_bracket", "y", "a"):
            await pilot.press(key)
            await pilot.pause()
            seen.append(screen_text(app))
        clients = {r.item.client for r in screen.agenda.visible_rows if r.item}
        assert clients <= {ACME}
        text = "\n".join(seen)
        for leak in ("Borealis", "Cobalt", "Heron", "Ibis", "EHR licence", "QBR"):
            assert leak not in text
