"""The glances made in the background (after a command-line write, a sync, a dashboard that
closed): today's and the next days', for exactly the files as they are, the old ones removed
(a vault's: tests/vault/test_vault_glance.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from tui.practice import ERP, NOW

from ctotui.config import Settings
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Recommendation
from ctotui.views import glance as glances
from ctotui.views import glance_refresh as refreshing


def _view(folder: Path, days: int = 0) -> glances.Viewpoint:
    store = Store(folder)
    today = FixedClock(NOW).today() + timedelta(days=days)
    return glances.view_for(Settings(), today).redacting(store)


def test_refresh_keeps_today_and_the_next_days(folder: Path) -> None:
    assert refreshing.stale(folder)
    assert refreshing.refresh(folder, Settings()) == refreshing.DAYS_AHEAD + 1
    assert not refreshing.stale(folder)
    stamps = glances.current_stamps(folder)
    for days in range(refreshing.DAYS_AHEAD + 1):
        assert glances.read(folder, stamps, _view(folder, days)) is not None
    assert glances.read(folder, stamps, _view(folder, refreshing.DAYS_AHEAD + 1)) is None


def test_a_write_makes_them_stale_and_the_next_refresh_replaces_them(folder: Path) -> None:
    refreshing.refresh(folder, Settings())
    before = set(glances.loadcache.cache_folder(folder).glob("glance-*"))
    with Store(folder, clock=FixedClock(NOW)) as store:
        store.update(Recommendation, ERP, title="ERP selection, second round")
    assert refreshing.stale(folder)
    refreshing.refresh(folder, Settings())
    after = glances.loadcache.cache_folder(folder).glob("glance-*")
    assert {p.name for p in after} == {p.name for p in before}  # same views, new files
    glance = glances.read(folder, glances.current_stamps(folder), _view(folder))
    assert glance is not None
    assert any(r.rec.title == "ERP selection, second round" for r in glance.recs)


def test_a_folder_that_does_not_open_gets_no_glance_and_the_command_stays_quiet(
    folder: Path,
) -> None:
    (folder / "vault.json").write_text("{}")  # not a vault file: the store refuses the folder
    done = subprocess.run(
        [sys.executable, "-m", "ctotui.views.glance_refresh", str(folder)],
        capture_output=True,
        env={**os.environ, "CTOTUI_GLANCE_MIN_BYTES": "0"},
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
    assert not list(glances.loadcache.cache_folder(folder).glob("glance-*"))


def test_the_background_process_keeps_glances_the_dashboard_reads(
    folder: Path, tmp_path: Path
) -> None:
    # The real command the dashboard, the CLI and sync start (run as __main__: what it keeps
    # must still decode in the app).
    config = tmp_path / "config.toml"
    config.write_text("")
    env = {**os.environ, "CTOTUI_GLANCE_MIN_BYTES": "0"}
    args = [
        sys.executable,
        "-m",
        "ctotui.views.glance_refresh",
        str(folder),
        "--config",
        str(config),
    ]
    subprocess.run(args, check=True, env=env)
    assert glances.read(folder, glances.current_stamps(folder), _view(folder)) is not None


def test_a_new_day_makes_them_stale(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    refreshing.refresh(folder, Settings())
    assert not refreshing.stale(folder, Settings())
    # Days later, the files unchanged: today's glance is missing, so the next close makes it.
    monkeypatch.setenv("CTOTUI_NOW", "2026-12-02T09:00:00+00:00")
    assert refreshing.stale(folder, Settings())
    assert not refreshing.stale(folder)  # still made from these files
