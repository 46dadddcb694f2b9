"""Locks: one writer at a time across processes; a second dashboard opens read-only."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support import snapshot

from ctotui.data.check import check_folder
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client
from ctotui.errors import LockedError, ReadOnlyError

HOST = socket.gethostname()

# A second process that takes a lock, says so, and keeps it until its stdin says "release".
HOLD_WRITE_LOCK = """
import sys
from pathlib import Path
from ctotui.data.lock import WRITE_LOCK, FolderLock, lock_path
lock = FolderLock(lock_path(Path(sys.argv[1]), WRITE_LOCK))
assert lock.acquire(5)
print("held", flush=True)
sys.stdin.readline()
lock.release()
print("released", flush=True)
sys.stdin.readline()
"""

HOLD_SESSION = """
import sys
from ctotui.data.store import Store
store = Store(sys.argv[1], session=True)
assert not store.read_only, store.read_only_reason
print("held", flush=True)
sys.stdin.readline()
"""


@contextmanager
def holder(script: str, folder: Path) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "held\n"
        yield proc
    finally:
        if proc.stdin:
            proc.stdin.close()
        proc.wait(timeout=30)


def test_a_write_waits_for_another_processes_lock_then_gives_up(
    data_dir: Path, clock: FixedClock
) -> None:
    store = Store(data_dir, clock=clock, lock_timeout=0.2)
    before = snapshot(data_dir)
    with holder(HOLD_WRITE_LOCK, data_dir) as proc:
        with pytest.raises(LockedError) as busy:
            store.insert(Client(name="Acme"))
        assert str(busy.value) == (
            f"{data_dir}: data folder is busy (pid {proc.pid} on {HOST} is writing); "
            "try again in a moment"
        )
        assert snapshot(data_dir) == before
        assert store.all(Client) == []
    assert store.insert(Client(name="Acme")).name == "Acme"


def test_a_write_goes_through_once_the_lock_is_released(data_dir: Path, clock: FixedClock) -> None:
    store = Store(data_dir, clock=clock, lock_timeout=60)
    saved: list[Client] = []
    with holder(HOLD_WRITE_LOCK, data_dir) as proc:
        writer = threading.Thread(target=lambda: saved.append(store.insert(Client(name="Acme"))))
        writer.start()
        writer.join(0.3)
        assert writer.is_alive() and saved == []  # it cannot finish while the lock is held
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("release\n")
        proc.stdin.flush()
        assert proc.stdout.readline() == "released\n"
        writer.join(30)
    assert [c.name for c in saved] == ["Acme"]
    assert [c.name for c in Store(data_dir, clock=clock).all(Client)] == ["Acme"]


def test_a_second_session_opens_read_only_and_saves_nothing(
    data_dir: Path, clock: FixedClock
) -> None:
    Store(data_dir, clock=clock).insert(Client(name="Acme"))
    before = snapshot(data_dir)
    with holder(HOLD_SESSION, data_dir) as proc:
        second = Store(data_dir, clock=clock, session=True)
        assert second.read_only
        reason = f"another ctotui (pid {proc.pid} on {HOST}) is editing this folder"
        assert second.read_only_reason == reason
        [client] = second.all(Client)  # reading works
        with pytest.raises(ReadOnlyError) as refused:
            second.insert(Client(name="Beta"))
        assert str(refused.value) == f"read-only: {reason}; nothing was saved"
        with pytest.raises(ReadOnlyError):
            second.update(Client, client.id, name="Renamed")
        with pytest.raises(ReadOnlyError):
            second.delete(Client, client.id)
        assert snapshot(data_dir) == before
        assert second.get(Client, client.id).name == "Acme"
        # A command-line write (no session) still goes through beside the open dashboard.
        Store(data_dir, clock=clock).insert(Client(name="From cron"))
    third = Store(data_dir, clock=clock, session=True)
    assert not third.read_only
    third.insert(Client(name="Beta"))
    third.close()


def test_the_session_lock_is_released_on_close(data_dir: Path, clock: FixedClock) -> None:
    with Store(data_dir, clock=clock, session=True) as first:
        assert not first.read_only
        second = Store(data_dir, clock=clock, session=True)
        assert second.read_only and f"pid {__import__('os').getpid()}" in second.read_only_reason
    assert not Store(data_dir, clock=clock, session=True).read_only


INSERT_MANY = """
import sys
from ctotui.cli import main
folder, tag = sys.argv[1], sys.argv[2]
for i in range(100):
    code = main(["--data", folder, "add", "client", f"{tag}-{i:03d}"])
    assert code == 0, code
"""


def test_two_processes_inserting_concurrently_lose_nothing(
    data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    env = {"CTOTUI_CONFIG": str(tmp_path / "none.toml"), "PATH": "/usr/bin:/bin"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", INSERT_MANY, str(data_dir), tag],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for tag in ("a", "b")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    names = sorted(c.name for c in Store(data_dir, clock=clock).all(Client))
    assert names == [f"{tag}-{i:03d}" for tag in ("a", "b") for i in range(100)]
    stored = json.loads((data_dir / "clients.json").read_text())["clients"]
    assert len(stored) == 200
    assert check_folder(data_dir).ok
