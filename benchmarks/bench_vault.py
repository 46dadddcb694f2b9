"""The vault's speed targets (issue 17.8), each against the same folder unsealed.

    .venv/bin/python benchmarks/bench_vault.py DIR [--runs 3]

DIR is a plain folder (`generate.py --clients 300 --recs 20000 --events 5000 DIR`); it is never
changed: the work is done on copies, with a private key folder (XDG_DATA_HOME) and cache.

* **vault init** — `ctotui vault init` on a copy, wall time of the command (target: < 30 s);
* **first frame** — `bench_dashboard.py` on the plain copy and the vault in one run, their starts
  alternating (median first frame, without and with the load cache; target: vault within 1.3x),
  and when every row is in (a vault opened cold draws its first frame from a read that opens
  only what it shows, and opens the rest after it);
* **one edit** — `bench_transactions.py` on both, one run of each in turn (median "update";
  target: within 1.5x).

The box is shared: plain and vault are measured in turns, never one after the other, so that a
neighbour's load falls on both alike.
* **merge** — the driver's `merge_bytes` on three versions of a 20,000-record table with 100
  edits per side (`bench_merge.make_sides`), plain and sealed (target: within 1.5x).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed: {done.stderr[-2000:]}")
    return done.stdout


def _frames(summary: dict[str, float]) -> dict[str, float]:
    """bench_dashboard's medians by label; a figure it no longer gives is an error, not a 0."""
    found = {}
    for label, key in (
        ("no load cache", "cold_first_frame_s"),
        ("load cache", "warm_first_frame_s"),
        ("every row in, no load cache", "cold_loaded_s"),
    ):
        if key not in summary:
            raise SystemExit(f"bench_dashboard gave no {key!r}")
        found[label] = summary[key]
    return found


def _update_ms(output: str) -> float:
    match = re.search(r"^update\s+([0-9.]+) ms", output, re.MULTILINE)
    return float(match.group(1)) if match else float("nan")


def _merge(runs: int) -> tuple[float, float]:
    sys.path.insert(0, str(HERE))
    from bench_merge import make_sides, timed  # type: ignore[import-not-found]

    from ctotui.data.jsonfile import canonical_bytes
    from ctotui.sync.driver import merge_bytes
    from ctotui.vault.cipher import new_key, new_key_id
    from ctotui.vault.keys import ClientKey
    from ctotui.vault.manifest import Entry, Manifest
    from ctotui.vault.records import Vault

    sides = make_sides(20_000, 100)
    client = next(iter(sides[0].values()))["client"]
    key = ClientKey(client, new_key_id(), new_key())
    vault = Vault(Manifest("A" * 44, {client: Entry(key.key_id, "A" * 44, "x")}), {key.key_id: key})
    sealed = [
        {i: vault.seal_record("recommendations", i, b, client) for i, b in t.items()} for t in sides
    ]
    plain_files = [canonical_bytes({"recommendations": t}) for t in sides]
    sealed_files = [canonical_bytes({"recommendations": t}) for t in sealed]
    plain = timed(lambda: merge_bytes(*plain_files, "recommendations.json"), runs)[0]
    vaulted = timed(lambda: merge_bytes(*sealed_files, "recommendations.json"), runs)[0]
    return plain, vaulted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    runs = str(args.runs)
    with tempfile.TemporaryDirectory(prefix="ctotui-vault-bench-") as tmp:
        root = Path(tmp)
        env = dict(os.environ, XDG_DATA_HOME=str(root / "xdg"), XDG_CACHE_HOME=str(root / "cache"))
        env["CTOTUI_CONFIG"] = str(root / "config.toml")
        plain, vault = root / "plain", root / "vault"
        for copy in (plain, vault):
            shutil.copytree(args.dir, copy, ignore=shutil.ignore_patterns(".git", ".ctotui*"))
            copy.chmod(0o700)
        started = time.perf_counter()
        _run(
            [sys.executable, "-m", "ctotui", "--data", str(vault), "vault", "init",
             "--recovery-out", str(root / "recovery.txt")],
            env,
        )  # fmt: skip
        init_s = time.perf_counter() - started
        print(f"vault init        {init_s:.1f} s (target < 30 s)", flush=True)

        summary = root / "dashboard.json"
        dash = [sys.executable, str(HERE / "bench_dashboard.py"), "--runs", runs, "--repeat", "3"]
        _run([*dash, "--json", str(summary), str(plain), str(vault)], env)
        medians = json.loads(summary.read_text())
        frame_plain, frame_vault = _frames(medians[str(plain)]), _frames(medians[str(vault)])
        for label in ("no load cache", "load cache", "every row in, no load cache"):
            p, v = frame_plain[label], frame_vault[label]
            target = " (target 1.3x)" if label.startswith(("no", "load")) else ""
            print(
                f"first frame       {label:<14} plain {p:.3f} s, vault {v:.3f} s: "
                f"{v / p if p else float('nan'):.2f}x{target}",
                flush=True,
            )
        tx = [sys.executable, str(HERE / "bench_transactions.py"), "--runs", "1"]
        edits: dict[Path, list[float]] = {plain: [], vault: []}
        for _ in range(args.runs):
            for copy in (plain, vault):
                edits[copy].append(_update_ms(_run([*tx, str(copy)], env)))
        edit_plain, edit_vault = statistics.median(edits[plain]), statistics.median(edits[vault])
        print(
            f"one edit saved    plain {edit_plain:.1f} ms, vault {edit_vault:.1f} ms: "
            f"{edit_vault / edit_plain:.2f}x (target 1.5x)",
            flush=True,
        )
        os.environ.update(XDG_DATA_HOME=env["XDG_DATA_HOME"], XDG_CACHE_HOME=env["XDG_CACHE_HOME"])
        merge_plain, merge_vault = _merge(args.runs)
        print(
            f"merge (driver)    plain {merge_plain * 1000:.0f} ms, vault "
            f"{merge_vault * 1000:.0f} ms: {merge_vault / merge_plain:.2f}x (target 1.5x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
