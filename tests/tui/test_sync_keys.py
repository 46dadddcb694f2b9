"""`S` in the app: the sync runs in a worker and reports through messages; a failure is shown by
the app's one `Worker.StateChanged` handler. Real git: a bare remote in a temporary folder."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ctotui.data.store import Store
from ctotui.domain.entities import Note
from ctotui.sync import gitrepo
from tui.conftest import make_app
from tui.practice import ACME, d
from tui.screen import screen_text
from tui.waits import settled


@pytest.fixture(autouse=True)
def _git_identity(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    empty = tmp_path_factory.mktemp("gitconfig") / "config"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Author")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "author@example.invalid")


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def titled(app: object, title: str) -> list[str]:
    return [n.message for n in getattr(app, "_notifications") if n.title == title]  # noqa: B009


async def test_sync_commits_pushes_and_says_so(practice: Store, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    gitrepo.init_repo(practice.folder)
    git(practice.folder, "remote", "add", "origin", str(remote))
    practice.insert(Note(client=ACME, date=d("2026-11-27"), text="steering went well"))
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("S")
        await settled(pilot)
        assert app.sync_progress == ""
        assert len(titled(app, "Synced")) == 1
        assert app.sync_state is not None and app.sync_state.unsynced_changes == 0
        assert "synced" in screen_text(app).splitlines()[0]
    pushed = git(remote, "log", "-p", "main", "--", "notes.json")
    assert "steering went well" in pushed


async def test_a_failed_sync_is_reported_once_and_the_header_lets_go(practice: Store) -> None:
    app = make_app(practice)  # the practice folder is no git repository
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("S")
        await settled(pilot)
        failures = titled(app, "Sync failed; nothing was lost")
        assert len(failures) == 1
        assert "not a git repository" in failures[0]
        assert app.sync_progress == ""
        assert "sync" not in screen_text(app).splitlines()[0]
        assert titled(app, "Synced") == []
