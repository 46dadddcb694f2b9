"""A killed sync leaves nothing behind; two syncs of one clone never trip over each other
(issue 13, item 3). Real processes, real git, SIGKILL; every wait has a deadline.

The moments that matter are made long on purpose, so the tests do not depend on the machine's
speed: the merge driver is wrapped in a script that says it started and then sleeps, and a
`reference-transaction` hook holds git's ref lock during a fetch.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ctotui.data.lock import FolderLock
from ctotui.domain.entities import Client, Event
from ctotui.sync import run as run_module
from ctotui.sync.conflicts import git_dir
from ctotui.sync.driver import merge_bytes
from ctotui.sync.gitcmd import git_blob
from ctotui.sync.heal import heal_folder
from ctotui.sync.interrupted import begin_merge
from ctotui.sync.leftovers import SYNC_LOCK, SyncBusyError
from tests.conftest import Result
from tests.sync.conftest import Clone, git

DEADLINE = 30.0


def wait_for(path: Path, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not path.exists():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def start_sync(clone: Clone, tmp_path: Path) -> subprocess.Popen[str]:
    """`ctotui sync` in its own process group (so a kill takes git and the driver with it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "ctotui", "--data", str(clone.path), "sync"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CTOTUI_CONFIG": str(tmp_path / "config.toml")},
        start_new_session=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=DEADLINE * 2)
    return process.returncode, out.strip(), err.strip()


@pytest.fixture
def diverged(make_clones: Callable[[int], list[Clone]]) -> Iterator[tuple[Clone, Clone, str]]:
    """b has a local edit and origin a concurrent one of the same client (and a new event):
    b's sync merges clients.json with the driver and takes events.json as it is."""
    a, b = make_clones(2)
    client_id = a.insert(Client(name="Acme"))
    a.sync()
    b.sync()
    a.update(Client, client_id, health="red")
    a.insert(Event(client=client_id, title="Kick-off", date="2026-12-01"))  # type: ignore[arg-type]
    a.sync()
    b.update(Client, client_id, sector="retail")
    yield a, b, client_id


def slow_driver(clone: Clone, started: Path) -> str:
    """Wrap the clone's merge driver: touch *started*, then sleep before merging."""
    driver = git(clone.path, "config", "--get", "merge.ctotui.driver").stdout.strip()
    wrapper = started.parent / "slow-driver"
    wrapper.write_text(
        f'#!/bin/sh\ntouch "{started}"\nsleep 30\nexec {driver.split(" %O")[0]} "$@"\n'
    )
    wrapper.chmod(0o755)
    git(clone.path, "config", "merge.ctotui.driver", f"{wrapper} %O %A %B %P")
    return driver


def slow_merge_commit(clone: Clone, started: Path) -> Path:
    """A pre-commit hook that, for the merge commit only, says it started and sleeps: git holds
    the index lock and MERGE_HEAD is written, the driver's work done."""
    hook = git_dir(clone.path) / "hooks" / "pre-commit"
    hook.write_text(f'#!/bin/sh\n[ -e .git/MERGE_HEAD ] || exit 0\ntouch "{started}"\nsleep 30\n')
    hook.chmod(0o755)
    return hook


@pytest.mark.parametrize("then", ["sync", "open the app"])
@pytest.mark.parametrize("moment", ["in the merge driver", "in the merge commit"])
def test_a_sync_killed_during_its_merge_leaves_nothing_behind(
    cli: Callable[..., Result],
    diverged: tuple[Clone, Clone, str],
    tmp_path: Path,
    moment: str,
    then: str,
) -> None:
    a, b, client_id = diverged
    started = tmp_path / "started"
    if moment == "in the merge driver":
        driver = slow_driver(b, started)
    else:
        hook = slow_merge_commit(b, started)
    process = start_sync(b, tmp_path)
    wait_for(started, moment)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=DEADLINE)
    if moment == "in the merge driver":
        # What the kill leaves: git's index lock and its plaintext scratch copies of the tables.
        assert (git_dir(b.path) / "index.lock").exists()
        assert [p for p in os.listdir(b.path) if p.startswith(".merge_file_")]
        git(b.path, "config", "merge.ctotui.driver", driver)
    else:
        # The merge recorded by git (the driver's work done), its commit never made.
        assert (git_dir(b.path) / "MERGE_HEAD").exists()
        hook.unlink()
    if then == "open the app":
        cleaned = heal_folder(b.path).cleaned
        assert ("index.lock" in cleaned) == (moment == "in the merge driver")
        assert git(b.path, "status", "--porcelain").stdout == ""
        assert not (git_dir(b.path) / "MERGE_HEAD").exists()
    done = cli("--data", str(b.path), "sync")
    assert done.code == 0, done.err
    assert done.out.strip().endswith("pushed to origin/main")
    assert not (git_dir(b.path) / "index.lock").exists()
    assert not (git_dir(b.path) / "MERGE_HEAD").exists()
    assert [p for p in os.listdir(b.path) if p.startswith(".merge_file_")] == []
    assert sorted(p for p in os.listdir(git_dir(b.path)) if p.startswith("ctotui-sync-merge")) == []
    merged = b.record("clients", client_id)
    assert (merged["health"], merged["sector"]) == ("red", "retail")
    assert git(b.path, "status", "--porcelain").stdout == ""
    a.sync()
    assert a.table("clients") == b.table("clients")
    assert a.table("events") == b.table("events")


def test_a_git_still_running_in_the_clone_is_not_raced(
    cli: Callable[..., Result],
    diverged: tuple[Clone, Clone, str],
    tmp_path: Path,
) -> None:
    """A plain `git merge` holds the index lock (its driver is slow): sync names it and waits
    for the person to let it finish; the live lock is left alone."""
    _, b, _ = diverged
    git(b.path, "commit", "-q", "-am", "local edit")
    git(b.path, "fetch", "-q", "origin")
    started = tmp_path / "driver-started"
    driver = slow_driver(b, started)
    merge = subprocess.Popen(
        ["git", "-C", str(b.path), "merge", "-q", "--no-edit", "origin/main"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(started, "the merge driver")
        done = cli("--data", str(b.path), "sync")
        assert done.code == 2
        [line] = done.err.splitlines()
        assert line.startswith(
            f"ctotui: {b.path}: git is running in this folder (pid {merge.pid} (git -C "
        )
        assert line.endswith("wait for it to finish, then sync again")
        assert (git_dir(b.path) / "index.lock").exists()
    finally:
        os.killpg(merge.pid, signal.SIGKILL)
        merge.wait(timeout=DEADLINE)
    git(b.path, "config", "merge.ctotui.driver", driver)
    done = cli("--data", str(b.path), "sync")
    assert done.code == 0, done.err


def test_two_syncs_started_together_take_turns(
    diverged: tuple[Clone, Clone, str], tmp_path: Path
) -> None:
    """The first sync holds git's remote-tracking ref lock in its fetch (a hook makes that last
    3 s) when the second starts: the second waits for the first instead of failing to fetch."""
    _, b, _ = diverged
    started, once = tmp_path / "fetch-started", tmp_path / "fetch-held-once"
    hook = git_dir(b.path) / "hooks" / "reference-transaction"
    hook.write_text(
        "#!/bin/sh\n"
        '[ "$1" = prepared ] || exit 0\n'
        "grep -q refs/remotes/ || exit 0\n"
        f'[ -e "{once}" ] && exit 0\n'
        f'touch "{once}" "{started}"\n'
        "sleep 3\n"
    )
    hook.chmod(0o755)
    first = start_sync(b, tmp_path)
    wait_for(started, "the first sync's fetch")
    second = start_sync(b, tmp_path)
    results = [finish(first), finish(second)]
    assert [code for code, _, _ in results] == [0, 0], results
    assert results[0][1] == (
        "synced: committed 1 client updated; pulled changes from origin/main; pushed to origin/main"
    )
    assert results[1][1] == "up to date with origin/main"


def test_a_sync_that_waits_too_long_says_so_in_one_line(
    make_clones: Callable[[int], list[Clone]], monkeypatch: pytest.MonkeyPatch
) -> None:
    [a] = make_clones(1)
    monkeypatch.setattr(run_module, "SYNC_WAIT", 0.3)
    held = FolderLock(git_dir(a.path) / SYNC_LOCK)
    assert held.acquire()
    try:
        with pytest.raises(SyncBusyError) as caught:
            a.sync()
    finally:
        held.release()
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(
        f"{a.path}: another sync of this folder is running (pid {os.getpid()}"
    )
    assert "cannot fetch" not in message
    assert a.sync().message == "up to date with origin/main"


def killed_while_writing_files(b: Clone) -> None:
    """b as a sync killed inside `git merge` leaves it: git wrote the other side's events.json
    and the driver's merge of clients.json, but had not noted the merge; its lock and a scratch
    copy are left."""
    git(b.path, "commit", "-q", "-am", "local edit")
    git(b.path, "fetch", "-q", "origin")
    theirs = git(b.path, "rev-parse", "origin/main").stdout.strip()
    begin_merge(b.path, b.head(), theirs)
    base = git(b.path, "merge-base", "HEAD", theirs).stdout.strip()
    sides = [git_blob(b.path, f"{rev}:clients.json") or b"" for rev in (base, "HEAD", theirs)]
    (b.path / "clients.json").write_bytes(merge_bytes(*sides, "clients.json").data)
    (b.path / "events.json").write_bytes(git_blob(b.path, f"{theirs}:events.json") or b"")
    lock = git_dir(b.path) / "index.lock"
    lock.write_bytes(b"")
    old = time.time() - 60
    os.utime(lock, (old, old))
    (b.path / ".merge_file_Ab12Cd").write_text("scratch")


def assert_merged_and_clean(a: Clone, b: Clone, client_id: str) -> None:
    merged = b.record("clients", client_id)
    assert (merged["health"], merged["sector"]) == ("red", "retail")
    assert [e["title"] for e in b.table("events").values()].count("Kick-off") == 1
    assert not (b.path / ".merge_file_Ab12Cd").exists()
    assert not (git_dir(b.path) / "index.lock").exists()
    assert git(b.path, "status", "--porcelain").stdout == ""
    a.sync()
    for table in ("clients", "events", "milestones"):
        assert a.table(table) == b.table(table)


def test_files_a_killed_merge_wrote_go_back_and_the_merge_is_done_again(
    diverged: tuple[Clone, Clone, str],
) -> None:
    a, b, client_id = diverged
    killed_while_writing_files(b)
    (b.path / "milestones.json").write_bytes(b'{"milestones": {')  # cut off mid-write
    result = b.sync()
    assert result.message == "synced: pulled changes from origin/main; pushed to origin/main"
    assert b.table("milestones") == {}
    assert_merged_and_clean(a, b, client_id)


def test_an_edit_made_after_the_kill_is_kept(diverged: tuple[Clone, Clone, str]) -> None:
    a, b, client_id = diverged
    killed_while_writing_files(b)
    b.update(Client, client_id, notes="called on Monday")  # the app, once the lock was free
    event_id = b.insert(Event(client=client_id, title="Steering group", date="2026-12-02"))  # type: ignore[arg-type]
    result = b.sync()
    assert result.pushed, result.message
    assert b.record("clients", client_id)["notes"] == "called on Monday"
    assert b.record("events", event_id)["title"] == "Steering group"
    assert_merged_and_clean(a, b, client_id)
