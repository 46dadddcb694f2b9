"""How `.git` grows when every edit is synced: N one-field edits, each followed by `ctotui sync`.

    .venv/bin/python benchmarks/bench_history.py DIR [--edits 100]

Works on a private copy of DIR turned into a clone of a local bare remote (as `ctotui init` and
`sync --setup` make it). Each round changes one recommendation's owner through the store, then
runs the real sync (commit, fetch, push; the background repacks of the clone and of the local
bare remote when loose objects pile up).
Prints the growth of the clone's `.git` and the remote, per edit and extrapolated to 1,000
edits, and the median wall time of one sync (each timed once the background repacks of the
sync before it are done).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Recommendation
from ctotui.sync import gitrepo
from ctotui.sync.run import run_sync


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def settle(work: Path) -> None:
    """Wait for the background repacks (the clone's, the remote's) the last sync started."""
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    from bench_dashboard import settle as no_process  # type: ignore[import-not-found]

    no_process(f"{work}/[^ ]* repack")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument(
        "--remote-gc-auto",
        type=int,
        metavar="N",
        help="set the bare remote's gc.auto to N (a self-hosted remote packs after pushes)",
    )
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="ctotui-history-"))
    try:
        remote = work / "remote.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
        if args.remote_gc_auto is not None:
            subprocess.run(
                ["git", "-C", str(remote), "config", "gc.auto", str(args.remote_gc_auto)],
                check=True,
            )
        clone = work / "clone"
        shutil.copytree(args.dir, clone, ignore=shutil.ignore_patterns(".ctotui", ".git"))
        gitrepo.init_repo(clone)
        subprocess.run(
            ["git", "-C", str(clone), "remote", "add", "origin", str(remote)], check=True
        )
        run_sync(clone)
        subprocess.run(["git", "-C", str(clone), "gc", "-q"], check=True)
        start_clone, start_remote = du_mb(clone / ".git"), du_mb(remote)
        store = Store(clone, clock=FixedClock("2026-11-27T09:00:00+00:00"))
        recs = [r.id for r in store.all(Recommendation)[: args.edits]]
        times = []
        for n, rec_id in enumerate(recs):
            store.update(Recommendation, rec_id, owner=f"Owner {n}")
            # A person does not sync twice a second: the background repacks the last sync
            # started are done before the next one is timed (they share the two cores).
            settle(work)
            began = time.perf_counter()
            run_sync(clone)
            times.append(time.perf_counter() - began)
        settle(work)
        grew_clone = du_mb(clone / ".git") - start_clone
        grew_remote = du_mb(remote) - start_remote
        print(f"{len(recs)} edits, each synced")
        print(
            f"  .git of the clone grew  {grew_clone:8.1f} MB ({grew_clone / len(recs):.2f} MB/edit)"
        )
        per_edit = grew_remote / len(recs)
        print(f"  the bare remote grew    {grew_remote:8.1f} MB ({per_edit:.2f} MB/edit)")
        print(f"  per 1,000 edits (linear) {1000 * grew_clone / len(recs):7.0f} MB in the clone")
        print(f"  one sync: median {statistics.median(times):.2f} s, max {max(times):.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
