"""The first frame from the glance, the rest in the background, and reloads off the event loop.

* A folder opened from its glance draws the same dashboard as one read whole (the header adds
  "loading…" until the rest is in); keys typed meanwhile are held, then land in order on the
  screens they lead to.
* A second process writes while the dashboard is open: the reload reads in a worker, keys
  pressed while it reads act at once on the screen they were typed on, and the new data shows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from ctotui.app import CtoApp
from ctotui.config import Settings
from ctotui.data.store import Store
from ctotui.domain.entities import Recommendation
from ctotui.screens.dashboard import DashboardScreen
from ctotui.screens.rec_detail import RecDetailScreen
from ctotui.views import glance as glances
from ctotui.views import glance_ahead
from ctotui.views.dashboard import Snapshot
from ctotui.widgets.attention import AttentionBar
from tui.conftest import make_app
from tui.practice import ACME, CLIENT_NAMES, NOW, build_practice
from tui.screen import screen_text
from tui.waits import settled


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.delenv("CTOTUI_CACHE", raising=False)
    return tmp_path


def _keep_glance(folder: Path, clock: Any, rows: int = glances.HEAD_ROWS, **settings: Any) -> None:
    """What the dashboard keeps after a start that read the folder whole."""
    store = Store(folder, clock=clock)
    view = make_app(store, **settings).view
    snap = Snapshot.build(store, view)
    assert glances.write(folder, store.loaded_stamps(), view, glances.Glance.of(snap, rows))
    store.close()


def _deferred_app(folder: Path, clock: Any, **settings: Any) -> CtoApp:
    store = Store(folder, clock=clock, defer=True, use_cache=True)
    assert store.loading
    app = CtoApp(store, Settings(**settings), clock=clock, watch_disk=False)
    app.open_glance()
    return app


def _dashboard_text(app: CtoApp) -> list[str]:
    return screen_text(app).splitlines()[1:]  # all but the header line


async def _drawn(pilot: Any) -> None:
    """Until the first frame is whole (the footer is the last part to draw)."""
    for _ in range(1000):
        await pilot.pause(0.01)
        if _dashboard_text(pilot.app)[-1].strip():
            return


async def _loaded(pilot: Any) -> None:
    """Until the rest is in and the keys held meanwhile are handed on (a busy box: seconds)."""
    app = pilot.app
    for _ in range(1000):
        await pilot.pause(0.01)
        if not app.loading and not app._replaying and not app._held_input:
            break
    await settled(pilot)


@pytest.mark.parametrize("presentation", [False, True])
async def test_the_glance_draws_the_dashboard_a_whole_read_draws(
    cache_home: Path, practice: Store, presentation: bool
) -> None:
    folder, clock = practice.folder, practice.clock
    practice.close()
    whole = make_app(Store(folder, clock=clock), presentation_mode=presentation)
    async with whole.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        expected = _dashboard_text(whole)
    if presentation:  # nothing a presentation must hide, from the glance either
        assert not any(name in "\n".join(expected) for name in CLIENT_NAMES.values())
    _keep_glance(folder, clock, presentation_mode=presentation)
    app = _deferred_app(folder, clock, presentation_mode=presentation)
    assert app.glance is not None
    release = threading.Event()
    load_rest = app.store.load_rest
    app.store.load_rest = lambda: (release.wait(10), load_rest())[1]  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await _drawn(pilot)
        assert app.loading
        assert _dashboard_text(app) == expected
        header = str(app.screen.query_one(AttentionBar).render())
        assert "loading…" in header
        release.set()
        await _loaded(pilot)
        assert _dashboard_text(app) == expected
        assert "loading…" not in str(app.screen.query_one(AttentionBar).render())


async def test_rows_past_the_glance_arrive_with_the_load(cache_home: Path, practice: Store) -> None:
    folder, clock = practice.folder, practice.clock
    practice.close()
    _keep_glance(folder, clock, rows=2)
    app = _deferred_app(folder, clock)
    release = threading.Event()
    load_rest = app.store.load_rest
    app.store.load_rest = lambda: (release.wait(10), load_rest())[1]  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await _drawn(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        recs = screen.pane(2)
        total = len(recs.list.rows)
        assert total > 2
        assert recs.border_subtitle == str(total)  # the count is the whole list's
        release.set()
        await _loaded(pilot)
        assert len(recs.list.rows) == total
        assert all(isinstance(r.rec, Recommendation) for r in recs.list.rows)


async def test_keys_typed_while_loading_land_in_order(cache_home: Path, practice: Store) -> None:
    folder, clock = practice.folder, practice.clock
    practice.close()
    _keep_glance(folder, clock)
    app = _deferred_app(folder, clock)
    release = threading.Event()
    load_rest = app.store.load_rest
    app.store.load_rest = lambda: (release.wait(10), load_rest())[1]  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await _drawn(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await pilot.press("2", "j", "enter", "question_mark")
        await pilot.pause(0.05)
        assert app.loading
        assert app.screen is screen and screen.active == 1  # held: nothing acted on the glance
        second = screen.pane(2).list.rows[1].rec.id
        release.set()
        await _loaded(pilot)
        # "2" moved to the recommendations, "j" to the second, "enter" opened it, and "?"
        # reached the screen that opened (its help, over the recommendation).
        stack = app.screen_stack
        detail = next(s for s in stack if isinstance(s, RecDetailScreen))
        assert detail.rec_id == second
        assert stack[-1] is not detail and type(stack[-1]).__name__ == "HelpScreen"


CLI_ADD = ["add", "rec", "Zeta ledger review", "-c", ACME, "--priority", "critical"]


async def test_a_write_by_another_process_reloads_off_the_event_loop(practice: Store) -> None:
    app = make_app(practice)
    store = practice
    reading = threading.Event()
    release = threading.Event()
    load = store._disk.load

    def slow_load(table: str, use_cache: bool = False) -> Any:
        reading.set()
        release.wait(10)  # the reload is still reading while the keys below are pressed
        return load(table, use_cache)

    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await pilot.press("2")
        rows_before = len(screen.pane(2).list.rows)
        env = dict(os.environ, CTOTUI_NOW=NOW)
        cli = [sys.executable, "-m", "ctotui", "--data", str(store.folder), *CLI_ADD]
        subprocess.run(cli, check=True, env=env, capture_output=True)
        store._disk.load = slow_load  # type: ignore[method-assign]
        app._poll_disk()
        for _ in range(100):
            if reading.is_set():
                break
            await pilot.pause(0.01)
        assert reading.is_set()
        # The reload is reading: keys act now, on the dashboard they were typed on.
        await pilot.press("j", "j")
        assert screen.pane(2).list.cursor == 2
        on_row = screen.pane(2).list.highlighted
        assert app.screen is screen
        release.set()
        for _ in range(200):
            await pilot.pause(0.01)
            if not app._reloading:
                break
        await settled(pilot)
        rows = screen.pane(2).list.rows
        assert len(rows) == rows_before + 1
        assert any(r.rec.title == "Zeta ledger review" for r in rows)
        assert screen.pane(2).list.highlighted.rec.id == on_row.rec.id  # the cursor kept its row
        assert app.screen is screen


def test_a_glance_for_other_files_or_tampered_is_not_used(cache_home: Path, tmp_path: Path) -> None:
    store = build_practice(tmp_path / "folder")
    folder, clock = store.folder, store.clock
    view = make_app(store).view
    stamps = store.loaded_stamps()
    store.close()
    _keep_glance(folder, clock)
    assert glances.read(folder, stamps, view) is not None
    assert not any(p.name.startswith("glance") for p in folder.rglob("*"))  # never in the folder
    later = view.__class__(**{**_fields(view), "today": view.today + timedelta(days=1)})
    assert glances.read(folder, stamps, later) is None  # another day: other rows
    shown = view.__class__(**{**_fields(view), "presentation": True})
    assert glances.read(folder, stamps, shown) is None  # names a presentation hides
    other = dict(stamps)
    other["recommendations"] = (1, 2, 3)
    assert glances.read(folder, other, view) is None  # another file
    path = next(glances.loadcache.cache_folder(folder).glob("glance-*"))
    data = bytearray(path.read_bytes())
    data[-5] ^= 1
    path.write_bytes(bytes(data))
    assert glances.read(folder, stamps, view) is None  # not what this machine wrote


def _fields(view: Any) -> dict[str, Any]:
    return {name: getattr(view, name) for name in view.__dataclass_fields__ if name != "redactor"}


def _ahead(answer: bytes) -> glance_ahead.GlanceAhead:
    """What the process making the glance says through its pipe, said already."""
    reading, writing = os.pipe()
    os.write(writing, answer)
    os.close(writing)
    return glance_ahead.GlanceAhead(reading)


@pytest.mark.parametrize("made", [True, False])
async def test_the_glance_made_meanwhile_is_waited_for(
    cache_home: Path, practice: Store, monkeypatch: pytest.MonkeyPatch, made: bool
) -> None:
    """No glance when the dashboard opened the folder: it waits for the one the second process
    makes (`ctotui.views.glance_ahead`) and opens from it; told it could not, reads it whole."""
    folder, clock = practice.folder, practice.clock
    practice.close()
    whole = make_app(Store(folder, clock=clock))
    async with whole.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        expected = _dashboard_text(whole)
    _keep_glance(folder, clock)  # as the second process does, while the first read finds none
    reads: list[object] = []
    read = glances.read

    def first_finds_none(*args: Any) -> glances.Glance | None:
        reads.append(args)
        return None if len(reads) == 1 else read(*args)

    monkeypatch.setattr(glances, "read", first_finds_none)
    store = Store(folder, clock=clock, defer=True, use_cache=True)
    app = CtoApp(store, Settings(), clock=clock, watch_disk=False)
    app.open_glance(_ahead(glance_ahead.READY if made else b"0"))
    assert len(reads) == (2 if made else 1)
    assert (app.glance is not None) is made
    assert store.loading is made  # without the glance the folder was read whole, at once
    async with app.run_test(size=(120, 40)) as pilot:
        await _drawn(pilot)
        assert _dashboard_text(app) == expected
        await _loaded(pilot)
        assert _dashboard_text(app) == expected
