"""Small things a user notices: the palette lists each entry once, the header's unsynced count
follows every save, the report preview gives its wide columns the room there is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.command import CommandPalette

from ctotui.data.store import Store
from ctotui.screens.dashboard import DashboardScreen
from ctotui.screens.report import ReportScreen
from ctotui.sync import gitrepo
from ctotui.sync.api import sync_status
from tui.conftest import make_app
from tui.practice import ACME, UC
from tui.screen import screen_text
from tui.waits import settled


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Author")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "author@example.invalid")


async def test_the_palette_lists_no_entry_twice(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert len(titles) == len(set(titles)), titles
        await pilot.press("ctrl+p")
        await settled(pilot)
        assert isinstance(app.screen, CommandPalette)
        text = screen_text(app)
    keys = [line for line in text.splitlines() if line.strip() == "Keys"]
    assert len(keys) == 1, text
    assert "Every key, from the real bindings" in text


def _unsynced(app: object) -> str:
    header = screen_text(app).splitlines()[0]
    found = re.search(r"(\d+) unsynced|synced", header)
    assert found is not None, header
    return found.group(0)


async def test_the_unsynced_count_is_current_after_each_save(practice: Store) -> None:
    gitrepo.init_repo(practice.folder)
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        app.refresh_sync_state()  # what the running app does once its first frame is drawn
        await settled(pilot)
        assert _unsynced(app) == "synced"
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await pilot.press("3")
        assert screen.pane(3).list.select_key(UC)
        counts = []
        for _ in range(2):
            await pilot.press("space")  # tick the next milestone, then the one after
            await app.wait_for_saves()
            await settled(pilot)
            counts.append(_unsynced(app))
            assert counts[-1] == f"{sync_status(practice.folder).unsynced_changes} unsynced"
    assert counts[0] != "synced"


async def test_the_report_preview_gives_the_recommendation_column_its_room(
    practice: Store,
) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.pane(1).list.select_key(ACME)
        await pilot.press("enter", "r")
        await settled(pilot)
        report = app.screen
        assert isinstance(report, ReportScreen) and report.rendered is not None
        await report.rendered
        await settled(pilot)
        table = report.query("MarkdownTableContent")[2]  # contacts, decisions, then progress
        report.query_one("#preview").scroll_to_widget(table, animate=False)
        await settled(pilot)
        text = screen_text(app)
    # The title takes two lines, not three (14 characters a line, as it was).
    assert "│ Move telephony to unified │" in text, text
    assert "│ communications            │" in text
