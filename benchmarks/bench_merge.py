"""Time the per-record merge of two 20,000-record table files with 100 edits on each side.

    .venv/bin/python benchmarks/bench_merge.py [--records 20000] [--edits 100] [--runs 5]
        [--field-stamps]

* **merge_table** — the pure 3-way merge of the parsed records (no JSON);
* **merge_bytes** — what the driver does in-process: parse the three files, merge, check the
  records that did not come from "ours", write canonical JSON;
* **driver** — `python -m ctotui merge-driver %O %A %B %P` as git runs it, in a subprocess
  (interpreter start-up and imports included), wall time.

Each side's 100 edits: 70 updates (10 on the same field of the same record as the other side,
so they clash; 10 on other fields of records the other side also edits), 20 inserts and 10
deletes. The records look like recommendations (history, tags, nested cost) so the merge walks
realistic bodies. Medians of --runs.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctotui.data.jsonfile import canonical_bytes
from ctotui.sync.driver import merge_bytes
from ctotui.sync.merge import Table, merge_table

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
AREAS = ["security", "erp", "crm", "unified_comms", "infrastructure", "staffing", "budget", "web"]
STATUSES = ["draft", "proposed", "accepted", "in_progress", "implemented"]


def ulid(rng: random.Random, ms: int) -> str:
    value = (ms << 80) | rng.getrandbits(80)
    return "".join(CROCKFORD[(value >> (5 * i)) & 31] for i in reversed(range(26)))


def stamp(seconds: int) -> str:
    day, rest = divmod(seconds, 86400)
    hh, mm, ss = rest // 3600, rest // 60 % 60, rest % 60
    return f"2026-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}T{hh:02d}:{mm:02d}:{ss:02d}.000000Z"


def recommendation(rng: random.Random, client: str, i: int) -> dict[str, Any]:
    created = stamp(rng.randrange(0, 200 * 86400))
    status = rng.choice(STATUSES)
    body: dict[str, Any] = {
        "client": client,
        "title": f"Move workload {rng.randrange(1000)} to a managed service",
        "area": rng.choice(AREAS),
        "priority": rng.choice(["low", "medium", "high"]),
        "status": status,
        "created_at": created,
        "updated_at": created,
    }
    # About the ~225 bytes (compact) of a typical record: some have a history, tags, a cost.
    if i % 3 == 0:
        body["history"] = [{"from": "draft", "to": status, "on": created}]
    if i % 4 == 0:
        body["tags"] = sorted(rng.sample(["q1", "q2", "audit", "board", "quick-win"], 2))
    if i % 5 == 0:
        body["estimated_cost"] = {"one_time": str(rng.randrange(1, 500) * 100)}
    return body


def make_sides(
    records: int, edits: int, seed: int = 7, field_stamps: bool = False
) -> tuple[Table, Table, Table]:
    rng = random.Random(seed)
    client = ulid(rng, 1_700_000_000_000)
    base = {
        ulid(rng, 1_700_000_000_000 + i): recommendation(rng, client, i) for i in range(records)
    }
    if field_stamps:  # a third of the records edited once since field stamps came in
        for rec_id in list(base)[::3]:
            body = base[rec_id]
            base[rec_id] = {**body, "field_stamps": {"status": body["updated_at"]}}
    ids = sorted(base)
    picked = rng.sample(ids, 2 * edits)
    shared, ours_only, theirs_only = picked[:20], picked[20 : 20 + edits], picked[20 + edits :]
    sides = []
    for side, own in enumerate((ours_only, theirs_only)):
        table = dict(base)
        later = stamp(300 * 86400 + side)
        updates = int(edits * 0.7)
        for n, rec_id in enumerate(shared + own[: updates - len(shared)]):
            body = dict(table[rec_id])
            if n < 10:
                body["owner"] = f"owner set on side {side}"  # the same field: a clash
            elif n < 20:
                body["rationale" if side == 0 else "title"] = f"edited on side {side}"
            else:
                body["status"] = "accepted"
                body["tags"] = [*body.get("tags", []), f"side-{side}"]
            if field_stamps:  # what the store's update writes
                changed = [k for k in body if k != "updated_at" and body[k] != table[rec_id].get(k)]
                body["field_stamps"] = {
                    **body.get("field_stamps", {}),
                    **dict.fromkeys(changed, later),
                }
            body["updated_at"] = later
            table[rec_id] = body
        for rec_id in own[updates : updates + int(edits * 0.1)]:
            del table[rec_id]
        for i in range(edits - updates - int(edits * 0.1)):
            table[ulid(rng, 1_800_000_000_000 + side * 1000 + i)] = recommendation(rng, client, i)
        sides.append(table)
    return base, sides[0], sides[1]


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time (this process and its children) of *fn*."""
    walls, cpus = [], []
    for _ in range(runs):
        cpu = _cpu()
        start = time.perf_counter()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _cpu() -> float:
    """CPU seconds of this process and its finished children: unlike wall time, not inflated
    when other jobs share the machine."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def show(label: str, times: tuple[float, float]) -> None:
    print(f"{label:<38} {times[0] * 1000:8.1f} ms wall {times[1] * 1000:8.1f} ms cpu")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--field-stamps", action="store_true", help="edited records carry per-field stamps"
    )
    args = parser.parse_args(argv)

    base, ours, theirs = make_sides(args.records, args.edits, field_stamps=args.field_stamps)
    files = [canonical_bytes({"recommendations": t}) for t in (base, ours, theirs)]
    result = merge_table(base, ours, theirs)
    print(
        f"{args.records} records, {args.edits} edits per side; file {len(files[0]) / 1e6:.1f} MB; "
        f"merged {len(result.records)} records, {len(result.clashes)} clashes"
    )
    show("merge_table (parsed records)", timed(lambda: merge_table(base, ours, theirs), args.runs))
    show(
        "merge_bytes (parse, merge, write)",
        timed(lambda: merge_bytes(*files, "recommendations.json"), args.runs),
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
        command = [sys.executable, "-m", "ctotui", "merge-driver", "O", "A", "B"]

        def driver() -> None:
            for name, data in zip("OAB", files, strict=True):
                (folder / name).write_bytes(data)
            subprocess.run([*command, "recommendations.json"], cwd=folder, check=True)

        def write_inputs() -> None:
            for name, data in zip("OAB", files, strict=True):
                (folder / name).write_bytes(data)

        wall, cpu = timed(driver, args.runs)
        inputs = timed(write_inputs, args.runs)
        show("driver subprocess (as git runs it)", (wall - inputs[0], cpu - inputs[1]))
        version = [sys.executable, "-m", "ctotui", "--version"]
        show(
            "  of which python + ctotui start-up",
            timed(lambda: subprocess.run(version, check=True, capture_output=True), args.runs),
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
