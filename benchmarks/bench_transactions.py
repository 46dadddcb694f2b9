"""Time what a transaction costs end to end: one update, a cascade delete, and undo of each.

    .venv/bin/python benchmarks/bench_transactions.py DIR [--runs 7]

Works on private copies of DIR (never on DIR itself). Each number is the median of --runs, in
milliseconds, and includes everything the store does for the change: the write lock, the reload
check, validation, encoding, the journaled all-or-nothing write (staged files, journal, renames,
fsyncs) and the undo log. Run it with PYTHONPATH pointing at an older checkout to compare (it
falls back to the older APIs where the newer ones are missing: no undo there).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Recommendation

NOW = "2026-11-27T09:00:00+00:00"


def _delete(store: Store, client_id: str) -> int:
    try:
        from ctotui.services.deleting import delete
    except ImportError:  # before services/: the store cascaded itself
        return len(store.delete(Client, client_id, cascade=True))  # type: ignore[call-arg]
    return len(delete(store, Client, client_id, cascade=True))


def _undo(store: Store) -> bool:
    try:
        from ctotui.services.undo import undo_last
    except ImportError:
        return False
    undo_last(store)
    return True


def _client_near(store: Store, size: int) -> str:
    """A client with about *size* records hanging on it (its recommendations and so on)."""
    counts: Counter[str] = Counter()
    for table in ("recommendations", "events", "budget_lines", "notes", "engagements"):
        for body in store.raw(table).values():
            counts[body["client"]] += 1
    return min(counts, key=lambda c: abs(counts[c] - size))


def measure(folder: Path, runs: int) -> dict[str, Any]:
    names = ("first update", "update", "undo update", "delete", "undo delete")
    timings: dict[str, list[float]] = {k: [] for k in names}
    removed = 0
    work = Path(tempfile.mkdtemp(prefix="ctotui-bench-"))
    try:
        for run in range(runs):
            copy = work / f"run{run}"
            shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(".ctotui", ".git"))
            # The copy written back now: otherwise the first fsync below also pays for writing
            # out the tens of megabytes just copied (a user edits a folder long on disk).
            os.sync()
            store = Store(copy, clock=FixedClock(NOW))
            rec = store.all(Recommendation)[run]
            # The first write after opening encodes the whole table once; later ones re-encode
            # only the records that changed.
            started = time.perf_counter()
            store.update(Recommendation, rec.id, owner=f"First {run}")
            timings["first update"].append(time.perf_counter() - started)
            started = time.perf_counter()
            store.update(Recommendation, rec.id, owner=f"Owner {run}")
            timings["update"].append(time.perf_counter() - started)
            started = time.perf_counter()
            if _undo(store):
                timings["undo update"].append(time.perf_counter() - started)
            client = _client_near(store, 70)
            started = time.perf_counter()
            removed = _delete(store, client)
            timings["delete"].append(time.perf_counter() - started)
            started = time.perf_counter()
            if _undo(store):
                timings["undo delete"].append(time.perf_counter() - started)
            shutil.rmtree(copy)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result: dict[str, Any] = {k: statistics.median(v) * 1000 for k, v in timings.items() if v}
    result["records deleted"] = removed
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    result = measure(args.dir, args.runs)
    for key, value in result.items():
        unit = "" if key == "records deleted" else " ms"
        shown = f"{value:.0f}" if isinstance(value, int) else f"{value:.1f}"
        print(f"{key:<18} {shown}{unit}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
