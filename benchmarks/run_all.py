"""The benchmarks behind `make bench`: one table, the sample practice and the big folder side by
side, each measurement through the real command.

    .venv/bin/python benchmarks/run_all.py [--dir DIR] [--runs 3] [--quick] [--all]

The big folder is the generated 300-client / 20,000-recommendation one (`generate.py --clients
300 --recs 20000 --events 5000 --seed 1`, the same bytes every time): with --dir, that folder
is used, or generated there if it does not exist yet; without it, it is generated into a
temporary folder removed afterwards. `bench_dashboard.py` then starts the `ctotui` command
(`ctotui.cli.main` with `--data`, headless at 120x40: see its docstring) on both folders, their
starts alternating, and the table shows the medians, the ratio big/sample, and issue 16's target
for each line. The first row is this machine's reference loop, timed before every start: a
shared box that is twice as slow right now makes everything below twice as slow too, so read
ratios from one run, not numbers across runs.

--quick: one start of each kind and fewer samples (a minute or two; a smoke test, not numbers).
--all: also `bench_store.py`, `bench_merge.py` and `bench_agenda.py`, their output passed through.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "sample_data"
GENERATE = ["--clients", "300", "--recs", "20000", "--events", "5000", "--seed", "1"]

# (label, key in bench_dashboard's medians, unit scale, format, target on the big folder)
ROWS: list[tuple[str, str, float, str, str]] = [
    ("machine: fixed Python loop (ms)", "reference_ms", 1, "{:.0f}", ""),
    ("first frame, cache (s)", "warm_first_frame_s", 1, "{:.3f}", "< 0.45 s, <= 1.15x"),
    ("every row in, cache (s)", "warm_loaded_s", 1, "{:.3f}", ""),
    ("first frame, no cache (s)", "cold_first_frame_s", 1, "{:.3f}", "< 1.2 s"),
    ("key j -> frame, recs pane (ms)", "cursor_latency_ms", 1, "{:.1f}", "<= 5 ms"),
    ("filter key -> frame (ms)", "filter_latency_ms", 1, "{:.1f}", "<= 15 ms"),
    ("maxrss at first frame, cache (MB)", "warm_frame_rss_mb", 1, "{:.0f}", "<= 150 MB"),
    ("maxrss after paging, cache (MB)", "warm_end_rss_mb", 1, "{:.0f}", "<= 200 MB"),
    ("maxrss at first frame, no cache (MB)", "cold_frame_rss_mb", 1, "{:.0f}", ""),
    ("maxrss after paging, no cache (MB)", "cold_end_rss_mb", 1, "{:.0f}", ""),
    ("recs pane rows", "rows", 1, "{:.0f}", ""),
]


def met(key: str, small: float, big: float) -> str:
    """Whether the big folder's value meets issue 16's target for *key*."""
    checks: dict[str, bool] = {
        "warm_first_frame_s": big < 0.45 and big <= 1.15 * small,
        "cold_first_frame_s": big < 1.2,
        "cursor_latency_ms": big <= 5,
        "filter_latency_ms": big <= 15,
        "warm_frame_rss_mb": big <= 150,
        "warm_end_rss_mb": big <= 200,
    }
    return ("ok" if checks[key] else "MISSED") if key in checks else ""


def table(sample: dict[str, float], big: dict[str, float]) -> str:
    lines = [f"{'':38} {'sample':>9} {'big':>9} {'big/sample':>10}  target"]
    for label, key, _scale, fmt, target in ROWS:
        if key not in sample or key not in big:
            continue
        small, large = sample[key], big[key]
        ratio = f"{large / small:.2f}x" if small else ""
        verdict = met(key, small, large)
        lines.append(
            f"{label:38} {fmt.format(small):>9} {fmt.format(large):>9} {ratio:>10}  "
            f"{target}{'  ' + verdict if verdict else ''}"
        )
    return "\n".join(lines)


def run(title: str, script: str, *args: str) -> bool:
    """Run one benchmark script; True when it succeeded."""
    print(f"\n=== {title}: {script} {' '.join(args)}", flush=True)
    began = time.perf_counter()
    done = subprocess.run([sys.executable, str(HERE / script), *args], check=False)
    print(f"--- {script} took {time.perf_counter() - began:.0f} s", flush=True)
    if done.returncode != 0:
        print(f"!!! {script} failed (exit {done.returncode})", flush=True)
    return done.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the ctotui benchmarks; print one table.")
    parser.add_argument("--dir", type=Path, help="the big folder (generated there if missing)")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per measurement")
    parser.add_argument("--quick", action="store_true", help="one run each, fewer samples")
    parser.add_argument("--all", action="store_true", help="also the store/merge/agenda benches")
    args = parser.parse_args(argv)
    runs = "1" if args.quick else str(args.runs)
    with tempfile.TemporaryDirectory(prefix="ctotui-bench-") as tmp:
        folder = args.dir or Path(tmp) / "big"
        missing = not (folder / "meta.json").exists()
        if missing and not run("generate the big folder", "generate.py", *GENERATE, str(folder)):
            return 1
        folder.chmod(0o700)
        medians = Path(tmp) / "dashboard.json"
        repeat = "8" if args.quick else "30"
        ok = run(
            "dashboard: the sample practice and the big folder",
            "bench_dashboard.py",
            str(SAMPLE),
            str(folder),
            "--runs",
            runs,
            "--repeat",
            repeat,
            "--json",
            str(medians),
        )
        results = [ok]
        if args.all:
            results.append(run("store", "bench_store.py", str(folder), "--runs", runs))
            results.append(run("merge", "bench_merge.py", "--runs", runs))
            agenda = ["--repeat", "3"] if args.quick else []
            results.append(run("agenda", "bench_agenda.py", *agenda))
        if ok:
            found: dict[str, Any] = json.loads(medians.read_text())
            print(f"\n=== issue 16, one run ({runs} start(s) of each kind per folder)")
            print(table(found[str(SAMPLE)], found[str(folder)]))
    failed = results.count(False)
    if failed:
        print(f"\n{failed} of {len(results)} benchmarks failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
