"""Who did what, on screen (issue 17, item 9): the status history names who moved a
recommendation, the conflicts screen names whose edit was kept and whose was not; a practice of
one (no author recorded) sees no such column."""

from __future__ import annotations

from typing import Any

from ctotui.data.store import Store
from ctotui.domain.entities import Client, Conflict
from ctotui.domain.enums import RecStatus
from ctotui.screens.conflicts import ConflictsScreen
from ctotui.screens.rec_detail import RecDetailScreen
from ctotui.services.recommendations import set_status
from tui.conftest import make_app
from tui.practice import ACME, ERP
from tui.screen import screen_text
from tui.waits import settled


async def open_erp(app: Any, pilot: Any) -> str:
    await settled(pilot)
    await pilot.press("2")
    assert app.screen.pane(2).list.select_key(ERP)
    await pilot.press("enter")
    await settled(pilot)
    assert isinstance(app.screen, RecDetailScreen)
    return screen_text(app)


def history_header(text: str) -> str:
    return next(line for line in text.splitlines() if "From → to" in line)


async def test_the_status_history_names_who_moved_it(practice: Store) -> None:
    practice.author = "Ana Lima"
    set_status(practice, ERP, RecStatus.ACCEPTED, note="board said yes")
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        text = await open_erp(app, pilot)
    assert history_header(text).split()[-1] == "By"
    moved = next(line for line in text.splitlines() if "board said yes" in line)
    assert "proposed → accepted" in moved and moved.rstrip(" │").endswith("Ana Lima")


async def test_no_author_recorded_no_by_column(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        text = await open_erp(app, pilot)
    assert "By" not in history_header(text).split()


async def test_the_conflicts_screen_says_whose_edit_was_kept(practice: Store) -> None:
    practice.insert(
        Conflict(
            table=Client.TABLE,
            record=ACME,
            field="sector",
            kept="logistics",
            other="retail",
            kept_updated_at="2026-11-20T10:00:00.000000Z",
            other_updated_at="2026-11-19T10:00:00.000000Z",
            kept_by="Ben Okafor",
            other_by="Ana Lima",
        )
    )
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        app.action_conflicts()
        await settled(pilot)
        assert isinstance(app.screen, ConflictsScreen)
        text = screen_text(app)
    assert "logistics   (edited 2026-11-20 10:00 by Ben Okafor)" in text
    assert "retail   (edited 2026-11-19 10:00 by Ana Lima)" in text
