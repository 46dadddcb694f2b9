"""A big folder without a glance gets today's made by a second process while the dashboard
starts (`ctotui.views.glance_ahead`): the same glance the refresh makes, for exactly these files;
no process when one is there, and a clear "no" when the child could not make it.

The fork runs in a fresh interpreter (`_in_a_process`): pytest's own threads must not be copied.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tui.practice import NOW

from ctotui.config import Settings
from ctotui.data import journal
from ctotui.data.state import state_dir
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.views import glance as glances
from ctotui.views import glance_ahead
from ctotui.views import glance_refresh as refreshing
from ctotui.views.dashboard import Snapshot

SCRIPT = """
import sys, time
from pathlib import Path
from ctotui.config import Settings
from ctotui.domain.clock import FixedClock
from ctotui.views import glance, glance_ahead
glance.MIN_BYTES = 0  # the practice is small
if sys.argv[2] == "broken":
    def broken(*args):
        raise OSError("disk gone")
    glance_ahead._make_first = broken
began = time.monotonic()
ahead = glance_ahead.start(Path(sys.argv[1]), Settings(), FixedClock(sys.argv[3]))
print("none" if ahead is None else ahead.wait(), round(time.monotonic() - began, 1))
"""


def _in_a_process(folder: Path, mode: str = "ok") -> str:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder), mode, NOW],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env=dict(os.environ),
    )
    return done.stdout.split()[0]


def _view(folder: Path) -> glances.Viewpoint:
    return glances.view_for(Settings(), FixedClock(NOW).today()).redacting(Store(folder))


def test_a_folder_without_a_glance_gets_the_one_a_whole_read_would_keep(folder: Path) -> None:
    assert glance_ahead.missing(folder, Settings(), FixedClock(NOW))
    assert _in_a_process(folder) == "True"
    store = Store(folder, clock=FixedClock(NOW))
    view = _view(folder)
    made = glances.read(folder, store.loaded_stamps(), view)
    assert made is not None
    expected = glances.Glance.of(Snapshot.build(store, view))
    assert [r.rec.id for r in made.recs] == [r.rec.id for r in expected.recs] != []
    assert [c.name for c in made.clients] == [c.name for c in expected.clients]
    assert made.attention == expected.attention
    assert not glance_ahead.missing(folder, Settings(), FixedClock(NOW))
    # Then the child goes on as the refresh after a session does: the next days' glances.
    for _ in range(300):
        if not refreshing.stale(folder, Settings()):
            break
        time.sleep(0.1)
    assert not refreshing.stale(folder, Settings())


def test_no_second_process_while_todays_glance_fits(folder: Path) -> None:
    refreshing.refresh(folder, Settings())
    assert _in_a_process(folder) == "none"


def test_a_child_that_cannot_make_it_says_no_at_once(folder: Path) -> None:
    began = time.monotonic()
    assert _in_a_process(folder, "broken") == "False"
    assert time.monotonic() - began < glance_ahead.WAIT_SECONDS
    assert glance_ahead.missing(folder, Settings(), FixedClock(NOW))


def test_without_a_private_cache_place_nothing_is_forked(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "ctotui").write_text("not a folder")  # where the caches would go
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert _in_a_process(folder) == "none"
    monkeypatch.setenv("CTOTUI_CACHE", "0")
    assert _in_a_process(folder) == "none"


def test_a_process_with_threads_never_forks(folder: Path) -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert glance_ahead.start(folder, Settings(), FixedClock(NOW)) is None
    finally:
        stop.set()
        other.join()


def test_the_answer_is_read_once_and_kept() -> None:
    reading, writing = os.pipe()
    os.write(writing, glance_ahead.READY)
    os.close(writing)
    ahead = glance_ahead.GlanceAhead(reading)
    assert ahead.wait(1.0) is True
    assert ahead.wait(1.0) is True  # the pipe is closed by now: the kept answer
    reading, writing = os.pipe()
    os.close(writing)  # the child died before it said anything
    assert glance_ahead.GlanceAhead(reading).wait(1.0) is False


def test_a_vault_that_does_not_open_gets_a_no_at_once(folder: Path) -> None:
    """A broken vault.json: the child cannot read the folder and says so (the dashboard then
    reads it itself and says what is wrong)."""
    (folder / "vault.json").write_text("{}\n")
    assert _in_a_process(folder) == "False"


def test_a_change_a_crash_interrupted_is_left_to_the_dashboard(folder: Path) -> None:
    """The dashboard's own open finishes it and says so: no second process opens first."""
    (state_dir(folder) / journal.JOURNAL).write_text("{}")
    assert _in_a_process(folder) == "none"
