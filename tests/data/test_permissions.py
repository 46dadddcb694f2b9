"""NDA data stays private (0700 folder, 0600 files); a folder we cannot write opens read-only."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import (
    DROP_PRIVILEGES_AND_RUN,
    can_enforce_modes,
    mode,
    modes_enforced,
    snapshot,
)

from ctotui.data.check import check_folder
from ctotui.data.folder import create_folder
from ctotui.data.jsonfile import TEMP_PREFIX
from ctotui.data.lock import WRITE_LOCK, lock_path
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client
from ctotui.errors import DataError

needs_modes = pytest.mark.skipif(
    not can_enforce_modes(), reason="file modes cannot be enforced for this user here"
)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_init_makes_a_private_folder(tmp_path: Path, cli: Any) -> None:
    folder = tmp_path / "practice"
    done = cli("init", str(folder))
    assert (done.code, done.err) == (0, "")
    assert done.out.startswith(f"created data folder {folder}\n")
    assert mode(folder) == 0o700
    files = [p for p in folder.iterdir() if p.is_file()]
    assert {p.name for p in files} >= {"meta.json", "clients.json", "recommendations.json"}
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    if shutil.which("git"):
        assert (folder / ".git").is_dir() and mode(folder / ".git") == 0o700
        ignored = (folder / ".gitignore").read_text()
        assert ".ctotui/" in ignored and f"{TEMP_PREFIX}*" in ignored

    added = cli("--data", str(folder), "add", "client", "Acme")
    assert added.code == 0, added.err
    assert mode(folder / "clients.json") == 0o600
    assert mode(lock_path(folder, WRITE_LOCK)) == 0o600
    assert mode(lock_path(folder, WRITE_LOCK).parent) == 0o700

    again = cli("init", str(folder))
    assert (again.code, again.err) == (2, f"ctotui: {folder}: already a ctotui data folder\n")


def test_init_refuses_a_folder_that_holds_other_things(tmp_path: Path, cli: Any) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    (home / "notes.txt").write_text("mine")
    done = cli("init", str(home))
    assert (done.code, done.err) == (
        2,
        f"ctotui: {home}: folder is not empty; choose a new or empty folder\n",
    )
    assert mode(home) == 0o755 and sorted(p.name for p in home.iterdir()) == ["notes.txt"]
    empty_repo = tmp_path / "repo"
    (empty_repo / ".git").mkdir(parents=True)  # a fresh `git init` is fine
    assert cli("init", "--no-git", str(empty_repo)).code == 0


def test_files_are_private_even_under_a_loose_umask(
    tmp_path: Path, clock: FixedClock, loose_umask: None
) -> None:
    folder = tmp_path / "data"
    create_folder(folder)
    assert mode(folder) == 0o700 and mode(folder / "meta.json") == 0o600
    Store(folder, clock=clock).insert(Client(name="Acme"))
    assert mode(folder / "clients.json") == 0o600
    assert mode(lock_path(folder, WRITE_LOCK)) == 0o600


def test_a_folder_readable_by_others_is_warned_about(
    data_dir: Path, clock: FixedClock, cli: Any
) -> None:
    data_dir.chmod(0o750)
    warning = (
        f"{data_dir}: data folder is readable by other users (mode 0750); "
        f"run `chmod 700 {data_dir}`"
    )
    assert Store(data_dir, clock=clock).warnings == [warning]
    listed = cli("--data", str(data_dir), "list", "clients")
    assert (listed.code, listed.err) == (0, f"ctotui: warning: {warning}\n")
    assert check_folder(data_dir).warnings == [
        f"{data_dir}: readable by other users (mode 0750); chmod 700 it"
    ]
    data_dir.chmod(0o700)
    assert Store(data_dir, clock=clock).warnings == []


@needs_modes
def test_a_read_only_folder_opens_read_only_and_writes_nothing(
    data_dir: Path, clock: FixedClock, cli: Any
) -> None:
    Store(data_dir, clock=clock).insert(Client(name="Acme"))
    before = snapshot(data_dir)
    data_dir.chmod(0o500)
    try:
        wrapper = ("-c", DROP_PRIVILEGES_AND_RUN)
        added = cli("--data", str(data_dir), "add", "client", "Beta", entry=wrapper)
        assert (added.code, added.out, added.err) == (
            2,
            "",
            "ctotui: read-only: the data folder is not writable; nothing was saved\n",
        )
        listed = cli("--data", str(data_dir), "list", "clients", entry=wrapper)
        assert listed.code == 0 and "Acme" in listed.out
        checked = cli("check", str(data_dir), entry=wrapper)
        assert checked.code == 0, checked.err
    finally:
        data_dir.chmod(0o700)
    assert snapshot(data_dir) == before


@needs_modes
@pytest.mark.parametrize("lock_file", ["present", "missing"])
def test_a_folder_that_turns_read_only_fails_cleanly(
    data_dir: Path, clock: FixedClock, lock_file: str
) -> None:
    # The folder was writable when the store opened (or access() claims it still is, as it
    # does for root, on some network file systems and with ACLs); the write itself fails.
    store = Store(data_dir, clock=clock)
    client = store.insert(Client(name="Acme"))
    if lock_file == "missing":
        lock_path(data_dir, WRITE_LOCK).unlink()
    before = snapshot(data_dir)
    data_dir.chmod(0o500)
    try:
        with modes_enforced(), pytest.raises(DataError) as failed:
            store.update(Client, client.id, name="Renamed")
    finally:
        data_dir.chmod(0o700)
    # The lock lives in the clone's state folder, which stays writable: either way it is the
    # data file that cannot be written.
    assert str(failed.value) == "clients.json: cannot write: permission denied; nothing was saved"
    assert snapshot(data_dir) == before
    assert store.get(Client, client.id).name == "Acme"
