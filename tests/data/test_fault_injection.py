"""Fault injection, the SQLite way: make the n-th write, fsync or rename fail, for every n.

For each of the main multi-file transactions, a clean run counts the writes, fsyncs and renames
it makes; then each one in turn fails with ENOSPC or EIO. Whatever fails, the store reports one
line (a `CtoError`, never a traceback), and the folder — once reopened — is exactly as before or
exactly as after, passing `check`, with no temporary file left.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from transactions import TRANSACTIONS, data_files, practice_copy

from ctotui.data import jsonfile
from ctotui.data.check import check_folder
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.errors import CtoError

CLOCK = "2026-11-27T09:00:00+00:00"


class Faults:
    """Counts the data layer's writes, fsyncs and renames; fails the n-th one of a kind."""

    def __init__(self) -> None:
        self.counts = {"write": 0, "fsync": 0, "rename": 0}
        self.fail: tuple[str, int, int] | None = None  # (kind, n, errno)

    def hit(self, kind: str) -> None:
        self.counts[kind] += 1
        if self.fail is not None and self.fail[0] == kind and self.fail[1] == self.counts[kind]:
            raise OSError(self.fail[2], os.strerror(self.fail[2]))


@contextmanager
def injected(monkeypatch: pytest.MonkeyPatch, faults: Faults) -> Iterator[None]:
    real_replace = jsonfile.replace
    real_fsync = os.fsync
    real_write = jsonfile.write_parts

    def write_parts(handle: Any, parts: Any) -> None:
        faults.hit("write")
        real_write(handle, parts)

    def fsync(fd: int) -> None:
        faults.hit("fsync")
        real_fsync(fd)

    def replace(source: Path, target: Path) -> None:
        faults.hit("rename")
        real_replace(source, target)

    with monkeypatch.context() as patch:
        patch.setattr(jsonfile, "write_parts", write_parts)
        patch.setattr(os, "fsync", fsync)
        patch.setattr(jsonfile, "replace", replace)
        yield


def run(folder: Path, transaction: Callable[[Store], None]) -> Store:
    store = Store(folder, clock=FixedClock(CLOCK))
    transaction(store)
    return store


@pytest.mark.parametrize("name", sorted(TRANSACTIONS))
def test_every_failing_write_fsync_or_rename_leaves_before_or_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    transaction = TRANSACTIONS[name]
    clean = practice_copy(tmp_path / "clean", name)
    before = data_files(clean)
    counter = Faults()
    store = Store(clean, clock=FixedClock(CLOCK))  # opening is not what is measured
    with injected(monkeypatch, counter):
        transaction(store)
    after = data_files(clean)
    assert before != after
    assert counter.counts["rename"] >= 3 and counter.counts["write"] >= 2

    plans = [
        (kind, n, code)
        for kind, code in (("write", errno.ENOSPC), ("fsync", errno.EIO), ("rename", errno.EIO))
        for n in range(1, counter.counts[kind] + 1)
    ]
    for number, (kind, n, code) in enumerate(plans):
        folder = practice_copy(tmp_path / f"run{number}", name)
        store = Store(folder, clock=FixedClock(CLOCK))
        faults = Faults()
        faults.fail = (kind, n, code)
        failed: CtoError | None = None
        with injected(monkeypatch, faults):
            try:
                transaction(store)
            except CtoError as error:
                failed = error
        where = f"{kind} #{n} failing with {errno.errorcode[code]}"
        if failed is not None:
            message = str(failed)
            assert "\n" not in message and message, where
            assert os.strerror(code).lower() in message, (where, message)
        # The store's memory never claims what the disk does not hold...
        memory = {t: store.raw(t) for t in ("clients", "budget_lines", "recommendations")}
        Store(folder).close()  # ...and reopening finishes or forgets the change
        state = data_files(folder)
        assert state in (before, after), f"{where}: torn"
        if failed is not None and state == before:
            reopened = Store(folder)
            assert memory == {t: reopened.raw(t) for t in memory}, where
        assert check_folder(folder).problems == [], where
        assert not [p for p in os.listdir(folder) if p.startswith(jsonfile.TEMP_PREFIX)], where
