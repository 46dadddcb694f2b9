"""Every benchmark, one after the other (`make bench`).

    .venv/bin/python benchmarks/run_all.py [--dir DIR] [--runs 5] [--quick]

Store, dashboard and the speed targets are measured on the generated 300-client /
20,000-recommendation folder (`generate.py --clients 300 --recs 20000 --events 5000 --seed 1`,
the same bytes every time). With --dir, that folder is used, or generated there if it does not
exist yet; without it, it is generated into a temporary folder that is removed afterwards.
Then: `bench_store.py`, `bench_dashboard.py`, `bench_merge.py` and `bench_agenda.py`, each in
its own interpreter, their output passed through.

The numbers are wall and CPU time on whatever machine runs this: on a shared box, run it twice
and compare medians, not single runs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATE = ["--clients", "300", "--recs", "20000", "--events", "5000", "--seed", "1"]


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
    parser = argparse.ArgumentParser(description="Run every ctotui benchmark.")
    parser.add_argument("--dir", type=Path, help="the big folder (generated there if missing)")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per measurement")
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs and samples (a smoke test, not numbers)"
    )
    args = parser.parse_args(argv)
    runs = "2" if args.quick else str(args.runs)
    # As installed (byte-compiled), even where PYTHONDONTWRITEBYTECODE is set: a module
    # compiled at every start would be counted in each process-level number.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(HERE.parent / "ctotui")], check=False
    )
    with tempfile.TemporaryDirectory(prefix="ctotui-bench-") as tmp:
        folder = args.dir or Path(tmp) / "big"
        missing = not (folder / "meta.json").exists()
        if missing and not run("generate the big folder", "generate.py", *GENERATE, str(folder)):
            return 1
        folder.chmod(0o700)
        results = [
            run("store", "bench_store.py", str(folder), "--runs", runs),
            run(
                "dashboard",
                "bench_dashboard.py",
                str(folder),
                "--runs",
                runs,
                "--repeat",
                "5" if args.quick else "30",
            ),
            run("merge", "bench_merge.py", "--runs", runs),
            run("agenda", "bench_agenda.py", *(["--repeat", "3"] if args.quick else [])),
        ]
    failed = results.count(False)
    print(
        f"\n{len(results) - failed} of {len(results)} benchmarks ran"
        + (f"; {failed} failed" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
