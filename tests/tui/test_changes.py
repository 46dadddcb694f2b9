"""Screens hear of changes through the app's signals: every open screen, in the order they were
opened; a detail screen whose record is deleted closes; an error in a screen's handler stops
the app as any handler's error does (it is not logged and forgotten)."""

from __future__ import annotations

from typing import Any

import pytest

from ctotui.data.store import Store
from ctotui.domain.entities import Milestone, Recommendation
from ctotui.screens.dashboard import DashboardScreen
from ctotui.screens.rec_detail import RecDetailScreen
from tui.conftest import make_app
from tui.practice import HIRE, UC, d
from tui.waits import settled


def dashboard(app: Any) -> DashboardScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, DashboardScreen)
    return screen


async def open_rec(app: Any, pilot: Any, rec_id: str) -> RecDetailScreen:
    await settled(pilot)
    await pilot.press("2")
    assert dashboard(app).pane(2).list.select_key(rec_id)
    await pilot.press("enter")
    await settled(pilot)
    screen = app.screen
    assert isinstance(screen, RecDetailScreen) and screen.rec_id == rec_id
    return screen


async def test_a_change_reaches_the_screen_on_top_and_the_one_below(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await open_rec(app, pilot, UC)
        assert len(detail.detail_list.rows) == 3
        # Written behind the screens' backs, as `ctotui add` in another pane would.
        practice.insert(Milestone(recommendation=UC, title="Train the staff", due=d("2027-03-01")))
        await settled(pilot)
        assert [m.title for m in detail.detail_list.rows][-1] == "Train the staff"
        progress = {row.key: row for row in dashboard(app).pane(3).list.rows}
        assert progress[UC].milestones_total == 4  # the dashboard below heard it too


async def test_deleting_the_record_on_a_detail_screen_closes_it(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_rec(app, pilot, HIRE)  # no milestones: d deletes the recommendation
        await pilot.press("d")
        await settled(pilot)
        await pilot.press("y")
        await app.wait_for_saves()
        await settled(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert HIRE not in {row.key for row in app.screen.pane(2).list.rows}
    assert practice.find(Recommendation, HIRE) is None


async def test_an_error_in_a_screens_change_handler_stops_the_app(
    practice: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(practice)

    def broken(self: DashboardScreen) -> None:
        raise RuntimeError("the dashboard could not redraw")

    with pytest.raises(RuntimeError, match="could not redraw"):
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            monkeypatch.setattr(DashboardScreen, "reload", broken)
            practice.update(Recommendation, UC, title="Renamed")
            await settled(pilot)
