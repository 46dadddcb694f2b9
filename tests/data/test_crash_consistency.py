"""A crash at any point of a multi-file transaction leaves the folder exactly before or after it.

A forked child runs the transaction on a copy of the sample practice and is killed with SIGKILL
(no cleanup, no `finally`) right after its n-th file rename, for every n the transaction has,
and then again at random moments. Reopening the copy must finish or forget the change: every
data file byte for byte as before or as after, `check` clean.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest
from transactions import TRANSACTIONS, Transaction, data_files, practice_copy

from ctotui.data import jsonfile
from ctotui.data.check import check_folder
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def start_child(folder: Path, transaction: Transaction, after_renames: int | None) -> int:
    """Fork a child that runs *transaction* on *folder*; with *after_renames*, it kills itself
    (SIGKILL) right after that many file renames. Returns its pid."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            if after_renames is not None:
                renames = 0
                real = jsonfile.replace

                def replace_then_die(source: Path, target: Path) -> None:
                    nonlocal renames
                    real(source, target)
                    renames += 1
                    if renames == after_renames:
                        os.kill(os.getpid(), signal.SIGKILL)

                jsonfile.replace = replace_then_die  # type: ignore[assignment]
            transaction(Store(folder, clock=FixedClock("2026-11-27T09:00:00+00:00")))
        finally:
            os._exit(0)
    return pid


def run_batch(runs: list[tuple[Path, int | None, float]], transaction: Transaction) -> None:
    """Start every run of the batch at once; kill the timed ones at their moment."""
    started = time.monotonic()
    children = [(start_child(f, transaction, n), n, delay) for f, n, delay in runs]
    for pid, after_renames, delay in sorted(children, key=lambda c: c[2]):
        if after_renames is None:
            time.sleep(max(0.0, started + delay - time.monotonic()))
            os.kill(pid, signal.SIGKILL)
    for pid, after_renames, _delay in children:
        status = os.waitpid(pid, 0)[1]
        if after_renames is not None:
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def outcomes(
    tmp_path: Path, name: str, transaction: Transaction
) -> tuple[dict[str, bytes], dict[str, bytes], int]:
    """The folder before and after the transaction run to the end, and how many renames it
    takes."""
    done = practice_copy(tmp_path / "done", name)
    before = data_files(done)
    renames = 0
    real = jsonfile.replace

    def counting(source: Path, target: Path) -> None:
        nonlocal renames
        renames += 1
        real(source, target)

    jsonfile.replace = counting  # type: ignore[assignment]
    try:
        transaction(Store(done, clock=FixedClock("2026-11-27T09:00:00+00:00")))
    finally:
        jsonfile.replace = real  # type: ignore[assignment]
    return before, data_files(done), renames


@pytest.mark.parametrize("name", sorted(TRANSACTIONS))
def test_a_kill_at_any_point_leaves_the_folder_before_or_after(tmp_path: Path, name: str) -> None:
    transaction = TRANSACTIONS[name]
    before, after, renames = outcomes(tmp_path, name, transaction)
    assert before != after and renames >= 3  # several files: the journal, then each target
    rng = random.Random(f"crash-{name}")
    # Every rename point, then random moments (while opening, deciding, writing): 100 kills.
    plans: list[tuple[int | None, float]] = [(n, 0.0) for n in range(1, renames + 1)]
    plans += [(None, rng.uniform(0.0, 0.5)) for _ in range(100 - len(plans))]
    seen = {"before": 0, "after": 0}
    for first in range(0, len(plans), 10):
        batch = [
            (practice_copy(tmp_path / f"run{first + i}", name), n, delay)
            for i, (n, delay) in enumerate(plans[first : first + 10])
        ]
        run_batch(batch, transaction)
        for folder, after_renames, delay in batch:
            Store(folder).close()  # opening finishes (or forgets) the interrupted change
            state = data_files(folder)
            assert state in (before, after), f"{folder.name} ({after_renames}, {delay:.2f}s): torn"
            seen["before" if state == before else "after"] += 1
            report = check_folder(folder)
            assert report.problems == [], report.problems
            assert not [p for p in os.listdir(folder) if p.startswith(jsonfile.TEMP_PREFIX)]
            shutil.rmtree(folder)
    # The first kill (after the journal's own rename) is already "after": the commit point.
    assert seen["after"] >= renames
