"""Time the Store on a data folder: load, one-record update, insert, and peak memory.

    .venv/bin/python benchmarks/bench_store.py DIR [--runs 5] [--profile]

* **load** — `Store(DIR)` in fresh subprocesses (cold interpreter, warm OS file cache), the
  median of --runs; the import time of `ctotui.data.store` and the process's total wall time
  are shown beside it.
* **update / insert** — on a private copy of DIR (the folder itself is never written): the
  median of --runs `store.update` of one recommendation and `store.insert` of a recommendation
  and of a note, each including the atomic write of its table file (and split into encoding
  and writing for the recommendations table).
* **memory** — peak resident set size (`ru_maxrss`) of the load subprocess before and after
  opening, and the tracemalloc peak of one more open (slower; measured separately).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctotui.data.jsonfile import atomic_write_bytes, canonical_bytes
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Note, Recommendation
from ctotui.domain.enums import Area

NOW = "2026-11-27T09:00:00+00:00"


# Runs in a fresh interpreter (`python -c`): import, open once, report as one JSON line. Kept
# apart from this module so the import of ctotui is part of what it measures.
CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from ctotui.data.store import Store
imported = time.perf_counter()
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
cpu = time.process_time()
store = Store(sys.argv[1])
opened = time.perf_counter()
cpu = time.process_time() - cpu
rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
records = sum(len(store.raw(t)) for t in store._storage.tables)
store.close()
print(json.dumps({"import_s": imported - started, "open_s": opened - imported, "cpu_s": cpu,
                  "rss_before_kb": rss_before, "rss_after_kb": rss_after, "records": records}))
"""


def load_in_subprocesses(folder: Path, runs: int) -> dict[str, Any]:
    results = []
    walls = []
    for _ in range(runs):
        began = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(folder)],
            capture_output=True,
            text=True,
            check=True,
        )
        walls.append(time.perf_counter() - began)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        "open_s": statistics.median(r["open_s"] for r in results),
        "open_cpu_s": statistics.median(r["cpu_s"] for r in results),
        "open_min_s": min(r["open_s"] for r in results),
        "open_max_s": max(r["open_s"] for r in results),
        "import_s": statistics.median(r["import_s"] for r in results),
        "process_s": statistics.median(walls),
        "rss_before_mb": statistics.median(r["rss_before_kb"] for r in results) / 1024,
        "rss_after_mb": statistics.median(r["rss_after_kb"] for r in results) / 1024,
        "records": results[0]["records"],
    }


def _median_time(action: Callable[[int], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of *runs* calls (CPU time is less disturbed by other
    processes on a busy machine)."""
    walls, cpus = [], []
    for i in range(runs):
        began, cpu = time.perf_counter(), time.process_time()
        action(i)
        walls.append(time.perf_counter() - began)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def writes(folder: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Update and insert timings on *folder* (a private copy)."""
    store = Store(folder, clock=FixedClock(NOW))
    recs = sorted(store.all(Recommendation), key=lambda r: r.id)
    if not recs:
        raise SystemExit(f"{folder}: no recommendations to update")
    target = recs[len(recs) // 2]
    client = target.client

    def update(i: int) -> None:
        store.update(Recommendation, target.id, owner=f"Owner {i}")

    def insert_rec(i: int) -> None:
        store.insert(Recommendation(client=client, title=f"Benchmark rec {i}", area=Area.OTHER))

    def insert_note(i: int) -> None:
        store.insert(Note(client=client, date=store.clock.today(), text=f"Benchmark note {i}"))

    table = store.raw(Recommendation.TABLE)
    path = folder / "recommendations.json"
    encoded = canonical_bytes({Recommendation.TABLE: table})
    out = {
        # The first write after opening encodes every record of the table once (the store keeps
        # each record's text and re-encodes only changed records after that).
        "first_update_s": _median_time(lambda _: update(-1), 1),
        "update_s": _median_time(update, runs),
        "insert_rec_s": _median_time(insert_rec, runs),
        "insert_note_s": _median_time(insert_note, runs),
        "encode_recs_s": _median_time(lambda _: canonical_bytes({"recommendations": table}), runs),
        "write_recs_s": _median_time(lambda _: atomic_write_bytes(path, encoded), runs),
        "recs_mb": (len(encoded) / 1e6, 0.0),
    }
    store.close()
    return out


def traced_peak(folder: Path) -> float:
    tracemalloc.start()
    store = Store(folder)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    store.close()
    return peak / 1e6


def profile_open(folder: Path, top: int = 25) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    Store(folder).close()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    print("\n--- cProfile of one Store open (in-process), by cumulative time ---")
    stats.sort_stats("cumulative").print_stats(top)
    print("--- by own time ---")
    stats.sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the ctotui Store on a data folder.")
    parser.add_argument("dir", type=Path)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--profile", action="store_true", help="cProfile one open as well")
    args = parser.parse_args(argv)
    if not (args.dir / "meta.json").exists():
        parser.error(f"{args.dir} is not a ctotui data folder")
    size = sum(p.stat().st_size for p in args.dir.glob("*.json")) / 1e6
    with tempfile.TemporaryDirectory(prefix="ctotui-bench-") as tmp:
        # Everything runs on a private copy: opening a Store may tidy its folder, and the
        # update and insert timings write to it.
        copy = Path(tmp) / "data"
        shutil.copytree(args.dir, copy, ignore=shutil.ignore_patterns(".git", ".ctotui*"))
        copy.chmod(0o700)
        load = load_in_subprocesses(copy, args.runs)
        print(f"data folder: {args.dir} ({load['records']} records, {size:.1f} MB of JSON)")
        print(
            f"load   Store(DIR), fresh subprocess, median of {args.runs}: {load['open_s']:.3f} s "
            f"(min {load['open_min_s']:.3f}, max {load['open_max_s']:.3f}; "
            f"CPU {load['open_cpu_s']:.3f} s); import {load['import_s']:.3f} s; "
            f"whole process {load['process_s']:.3f} s"
        )
        if args.profile:
            profile_open(copy)
        timings = writes(copy, args.runs)
        peak = traced_peak(copy)

    def ms(key: str) -> str:
        wall, cpu = timings[key]
        return f"{wall * 1000:.0f} ms (CPU {cpu * 1000:.0f} ms)"

    print(
        f"update one recommendation (store.update, incl. atomic write of "
        f"{timings['recs_mb'][0]:.1f} MB), median: {ms('update_s')}; the first after opening "
        f"{ms('first_update_s')}; for comparison, json.dumps of the whole table (the reference "
        f"encoding) {ms('encode_recs_s')}, an atomic write of it {ms('write_recs_s')}"
    )
    print(
        f"insert a recommendation, median: {ms('insert_rec_s')}; "
        f"insert a note (small table): {ms('insert_note_s')}"
    )
    print(
        f"memory  maxrss after import {load['rss_before_mb']:.0f} MB, after open "
        f"{load['rss_after_mb']:.0f} MB (+{load['rss_after_mb'] - load['rss_before_mb']:.0f} "
        f"MB); tracemalloc peak of one open {peak:.0f} MB (in-process)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
