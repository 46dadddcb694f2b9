"""The glance child's first-frame read on two cores: the milestones are read in a forked process
while the recommendations are opened here (`Store.load_first_frame(split=True)`). It must give
exactly what the one-process read gives, leave no process behind, and when the other process
fails in any way (dies, raises, hands back what is not allowed) read those tables itself."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from ctotui.config import Settings
from ctotui.data import side_load, store_vault
from ctotui.data.layout import TABLES
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import BY_TABLE
from ctotui.domain.status import OPEN
from ctotui.errors import DataError
from ctotui.views.dashboard import Snapshot
from ctotui.views.glance import view_for
from tests.vault.conftest import T0
from tests.vault.first_frame_view import first_frame, shown


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[side_load.SideWork]:
    """The side processes started (none when this test process has other threads: a fork
    would copy only this one, so the read would not split; the tests then fail, not pass)."""
    started: list[side_load.SideWork] = []
    start = side_load.start

    def spied(work: Any) -> side_load.SideWork | None:
        found = start(work)
        started.extend([found] if found is not None else [])
        return found

    monkeypatch.setattr(side_load, "start", spied)
    for thread in threading.enumerate():  # a thread an earlier test left finishing
        if thread is not threading.main_thread():
            thread.join(5)
    return started


def _everything(folder: Path, *, split: bool) -> dict[str, Any]:
    """What a first frame's read gives: the dashboard, every table (stored, typed and sealed),
    the locked ids and what the whole read after it will take from it."""
    store = first_frame(folder, split=split)
    sealer = store.sealer
    assert sealer is not None
    found = {
        "shown": shown(Snapshot.build(store, view_for(Settings(), store.clock.today()))),
        "tables": {t: (store.raw(t), store.all(BY_TABLE[t])) for t in TABLES},
        "stored": {t: dict(sealer.stored.get(t, {})) for t in TABLES},
        "locked": dict(sealer.locked),
        "first_read": {t: v[:2] for t, v in sealer.first_read.items()},
        "to_reseal": set(sealer.to_reseal),
    }
    store.close(refresh=False)
    return found


def _not_running(work: side_load.SideWork) -> bool:
    try:
        os.kill(work.pid, 0)
    except ProcessLookupError:
        return True  # gone and reaped
    return False


def test_a_split_read_gives_exactly_what_one_process_gives(
    practice: Path, forks: list[side_load.SideWork]
) -> None:
    alone = _everything(practice, split=False)
    assert not forks
    split = _everything(practice, split=True)
    assert len(forks) == 1 and _not_running(forks[0])  # it did fork, and left nothing behind
    # The whole read after parses the milestones again (the other process's parse of them is
    # not handed back); it takes every other table's from this read.
    assert "milestones" in alone["first_read"] and "milestones" not in split["first_read"]
    alone["first_read"].pop("milestones")
    assert split == alone
    assert split["tables"]["milestones"][1]  # the milestones came from the other process


def test_a_split_read_followed_by_the_rest_gives_a_whole_read(
    practice: Path, forks: list[side_load.SideWork]
) -> None:
    with first_frame(practice) as alone:
        alone.load_rest()
        expected = {t: (alone.raw(t), alone.all(BY_TABLE[t])) for t in TABLES}
    store = first_frame(practice, split=True)
    store.load_rest()
    assert forks and not store.loading
    assert {t: (store.raw(t), store.all(BY_TABLE[t])) for t in TABLES} == expected
    store.close(refresh=False)


@pytest.mark.parametrize(
    "failure",
    ["dies", "raises", "hands back a class that is not allowed", "hands back the wrong shape"],
)
def test_a_side_process_that_fails_leaves_the_read_to_this_one(
    practice: Path,
    forks: list[side_load.SideWork],
    monkeypatch: pytest.MonkeyPatch,
    failure: str,
) -> None:
    expected = _everything(practice, split=False)

    def failing(*_args: Any) -> Any:
        if failure == "dies":
            os._exit(3)
        if failure == "raises":
            raise DataError("milestones.json", "cannot be read")
        if failure == "hands back the wrong shape":
            return {"milestones": ("raw", "typed")}, []
        # The two parts of `vaultcache.table_parts`, the records' part holding a path object.
        refused = pickle.dumps((Path("/etc/passwd"), []), pickle.HIGHEST_PROTOCOL)
        return {"milestones": (refused, pickle.dumps(({}, {})))}, []

    monkeypatch.setattr(store_vault, "_read_aside", failing)
    assert _everything(practice, split=True) == expected
    assert len(forks) == 1 and _not_running(forks[0])


def test_a_damaged_milestones_file_fails_the_split_read_as_it_fails_one_process(
    practice: Path, forks: list[side_load.SideWork]
) -> None:
    path = practice / "milestones.json"
    data = json.loads(path.read_text())
    some = next(iter(data["milestones"]))
    data["milestones"][some]["due"] = "someday"
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    for split in (False, True):
        opened = Store(practice, clock=FixedClock(T0), defer=True)
        assert not opened.load_first_frame(split=split)  # the whole read then says why
        assert opened.all(BY_TABLE["milestones"]) == []
        with pytest.raises(DataError, match=f"record {some}: field 'due'"):
            opened.load_rest()
        opened.close(refresh=False)
    assert len(forks) == 1 and _not_running(forks[0])


def test_a_recommendations_file_that_does_not_read_stops_the_side_process(
    practice: Path, forks: list[side_load.SideWork]
) -> None:
    path = practice / "recommendations.json"
    data = json.loads(path.read_text())
    open_ = {s.value for s in OPEN}
    shown_id = next(k for k, b in data["recommendations"].items() if b["status"] in open_)
    data["recommendations"][shown_id]["due"] = "someday"  # found after the fork
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    opened = Store(practice, clock=FixedClock(T0), defer=True)
    assert not opened.load_first_frame(split=True)
    assert len(forks) == 1 and _not_running(forks[0]) and forks[0].reading < 0
    opened.close(refresh=False)


SCRIPT = """
import json, sys
from pathlib import Path
from ctotui.config import Settings
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.views import glance, glance_ahead
from ctotui.views.dashboard import Snapshot
glance.MIN_BYTES = 0  # the practice is small
folder, clock = Path(sys.argv[1]), FixedClock(sys.argv[2])
ahead = glance_ahead.start(folder, Settings(), clock)
from ctotui.app import CtoApp  # Textual, after the fork, as the command does
store = Store(folder, clock=clock, defer=True, use_cache=True, session=True)  # before the wait
view = glance.view_for(Settings(), clock.today()).redacting(store)
app = CtoApp(store, Settings(), clock=clock, watch_disk=False)
app.open_glance(ahead)
handed = app.glance is not None and app.glance is ahead.glance_for(store.opened_stamps, view)
store.close(refresh=False)
def shown(g):  # what the first frame shows of a glance (its records' other fields wait)
    return (
        [(r.name, r.open, r.overdue, r.next_date, r.next_title) for r in g.clients],
        [(r.rec.id, r.rec.title, r.rec.due, r.client_name, r.overdue, r.cost) for r in g.recs],
        [(r.rec.id, r.rec.title, r.rec.owner, r.percent, r.next_title) for r in g.progress],
        g.agenda, g.names, g.attention, g.recs_total, g.progress_total, g.agenda_total,
    )
with Store(folder, clock=clock) as whole:
    same = shown(app.glance) == shown(glance.Glance.of(Snapshot.build(whole, view)))
print(json.dumps({"holds_lock": ahead.holds_lock, "handed": handed, "same": same}))
"""


def test_the_dashboard_opens_its_store_while_the_vaults_glance_is_made(practice: Path) -> None:
    """The command forks the glance's child, then opens the store without waiting for it (a
    vault's child holds the write lock only to read the files' bytes), then takes the glance
    it hands over: what a whole read shows. In a fresh interpreter: pytest's threads must not
    be copied by the forks (the child's, and its side process's)."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(practice), T0],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=dict(os.environ),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout) == {"holds_lock": False, "handed": True, "same": True}


def test_a_process_with_threads_does_not_fork() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert side_load.start(lambda: 1) is None
    finally:
        stop.set()
        thread.join()
    work = side_load.start(lambda: {"ok": [1, 2]})
    assert work is not None and work.collect() == {"ok": [1, 2]}


def test_what_comes_back_is_unpickled_with_the_load_caches_allow_list_only() -> None:
    work = side_load.start(lambda: [Path("/etc/passwd")])  # picklable, not a record
    assert work is not None and work.collect() is None
    assert _not_running(work)


def test_without_a_memory_file_the_result_comes_through_the_pipe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(side_load, "_memory_file", lambda: -1)
    big = {"rows": ["x" * 100] * 10_000}  # more than a pipe holds at once
    work = side_load.start(lambda: big)
    assert work is not None and work.memory == -1
    assert work.collect() == big


@pytest.mark.skipif(not hasattr(os, "memfd_create"), reason="Linux's anonymous memory files")
@pytest.mark.parametrize(
    ("said", "in_memory"),
    [
        (b"M" + (100).to_bytes(8, "big"), b"short"),  # less in memory than said
        (b"M" + (5).to_bytes(4, "big"), b"short"),  # a length cut short
        (b"P\x80\x05\x95", b""),  # a pickle cut short
        (b"", b""),  # nothing said: the process died
        (b"Q", b""),  # not an answer
    ],
)
def test_an_answer_cut_short_or_garbled_is_no_result(said: bytes, in_memory: bytes) -> None:
    memory = os.memfd_create("test", os.MFD_CLOEXEC)
    os.write(memory, in_memory)
    reading, writing = os.pipe()
    os.write(writing, said)
    os.close(writing)
    done = subprocess.Popen(["true"])
    done.wait()
    work = side_load.SideWork(done.pid, reading, memory)
    assert work.collect() is None
    assert work.reading == -1 and work.memory == -1  # both closed, once
