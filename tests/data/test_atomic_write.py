"""Atomic writes: a failure between write and rename leaves the old file, byte for byte."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from support import mode, snapshot

from ctotui.data import jsonfile
from ctotui.data.jsonfile import TEMP_PREFIX, canonical_bytes, write_json
from ctotui.data.lock import WRITE_LOCK, FolderLock, lock_path
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Recommendation
from ctotui.errors import DataError, LockedError


def _crash_before_rename(source: Path, target: Path) -> None:
    # The temp file is written and fsynced, then the rename fails (disk error, power, kill):
    # here the first rename of a transaction, its journal's, before the commit point.
    assert source.name.startswith(TEMP_PREFIX) and source.exists()
    raise OSError(errno.EIO, os.strerror(errno.EIO))


def test_failed_rename_keeps_the_old_file_and_the_old_memory(
    data_dir: Path, store: Store, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = store.insert(Client(name="Acme", sector="retail"))
    rec = store.insert(Recommendation(client=client.id, title="SIEM"))
    before = snapshot(data_dir)
    version = store.version

    monkeypatch.setattr(jsonfile, "replace", _crash_before_rename)
    with pytest.raises(DataError) as failed:
        store.update(Client, client.id, name="Renamed", sector="law")
    assert str(failed.value) == "clients.json: cannot write: input/output error; nothing was saved"
    with pytest.raises(DataError):
        store.insert(Recommendation(client=client.id, title="Backups"))
    with pytest.raises(DataError):
        store.delete(Recommendation, rec.id)

    assert snapshot(data_dir) == before  # byte for byte, and no temp file left behind
    assert not list(data_dir.glob(TEMP_PREFIX + "*"))
    # Memory reverted: reads show what the disk holds.
    assert store.get(Client, client.id) == client
    assert [r.title for r in store.all(Recommendation)] == ["SIEM"]
    assert store.where(Recommendation, "client", client.id) == [rec]
    assert store.version > version  # readers are told to redraw what they showed

    monkeypatch.undo()
    assert store.update(Client, client.id, name="Renamed").name == "Renamed"
    assert Store(data_dir, clock=clock).get(Client, client.id).name == "Renamed"


def test_failed_write_in_a_transaction_keeps_every_file(
    data_dir: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = store.insert(Client(name="Acme"))
    before = snapshot(data_dir)
    monkeypatch.setattr(jsonfile, "replace", _crash_before_rename)
    with pytest.raises(DataError, match="nothing was saved"), store.transaction():
        store.update(Client, client.id, name="Renamed")
        store.insert(Recommendation(client=client.id, title="SIEM"))
    assert snapshot(data_dir) == before
    assert store.all(Recommendation) == [] and store.get(Client, client.id).name == "Acme"


def test_an_error_inside_a_transaction_discards_its_changes(data_dir: Path, store: Store) -> None:
    client = store.insert(Client(name="Acme"))
    before = snapshot(data_dir)
    with pytest.raises(RuntimeError), store.transaction():
        store.update(Client, client.id, name="Renamed")
        raise RuntimeError("the user pressed escape")
    assert snapshot(data_dir) == before
    assert store.get(Client, client.id).name == "Acme"


def test_leftover_temp_files_are_swept_at_open(data_dir: Path, clock: FixedClock) -> None:
    leftover = data_dir / f"{TEMP_PREFIX}abc123.json"
    leftover.write_bytes(b'{"clients": {')
    Store(data_dir, clock=clock)
    assert not leftover.exists()


def test_temp_files_of_a_write_in_progress_are_not_swept(data_dir: Path, clock: FixedClock) -> None:
    # Another process holds the write lock: its temp file is a write in progress, not debris.
    # Opening waits for the writer to finish (it reads one state, never half a transaction).
    in_progress = data_dir / f"{TEMP_PREFIX}busy.json"
    in_progress.write_bytes(b"{}")
    writer = FolderLock(lock_path(data_dir, WRITE_LOCK))
    assert writer.acquire()
    try:
        with pytest.raises(LockedError, match="data folder is busy"):
            Store(data_dir, clock=clock, lock_timeout=0.1)
        assert in_progress.exists()
    finally:
        writer.release()
    Store(data_dir, clock=clock)
    assert not in_progress.exists()


def test_write_json_is_canonical_private_and_skips_unchanged_bytes(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    assert write_json(path, {"b": 1, "a": {"é": "ü", "z": [1, 2]}}) is True
    assert path.read_bytes() == (
        b'{\n  "a": {\n    "z": [\n      1,\n      2\n    ],\n    "\xc3\xa9": "\xc3\xbc"\n  },\n'
        b'  "b": 1\n}\n'
    )
    assert mode(path) == 0o600
    inode = path.stat().st_ino
    assert write_json(path, {"a": {"z": [1, 2], "é": "ü"}, "b": 1}) is False
    assert path.stat().st_ino == inode
    assert canonical_bytes([]) == b"[]\n"
