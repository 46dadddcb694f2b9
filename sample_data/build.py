"""Regenerate the sample data folder: `.venv/bin/python sample_data/build.py [--out DIR]`.

The practice is written through the real Store (so every file is valid and canonical by
construction) into a fresh temporary folder with a clock fixed in the past and ids drawn from a
seeded generator, then the JSON files are copied next to this script (or into DIR). Same bytes on
every run: `tests/test_sample_data.py` rebuilds and compares.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True  # keep __pycache__ out of the bundled sample_data folder
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from practice import build_practice  # noqa: E402
from practice.builder import SEED, Builder  # noqa: E402

from ctotui.data.check import check_folder  # noqa: E402
from ctotui.data.folder import create_folder  # noqa: E402
from ctotui.data.store import Store  # noqa: E402


def build_into(folder: Path, seed: int = SEED) -> None:
    """Write the whole practice into *folder*, a new (empty) data folder."""
    create_folder(folder)
    with Store(folder) as store:
        builder = Builder(store, seed)
        with store.transaction():
            build_practice(builder)


def publish(source: Path, target: Path) -> list[str]:
    """Make *target*'s JSON files exactly *source*'s; return the names that changed."""
    target.mkdir(parents=True, exist_ok=True)
    wanted = {p.name: p.read_bytes() for p in sorted(source.glob("*.json"))}
    changed = []
    for stale in sorted(target.glob("*.json")):
        if stale.name not in wanted:
            stale.unlink()
            changed.append(stale.name)
    for name, data in wanted.items():
        path = target / name
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            changed.append(name)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate the ctotui sample data.")
    parser.add_argument("--out", type=Path, default=HERE, help="target folder (default: here)")
    parser.add_argument("--seed", type=int, default=SEED, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ctotui-sample-") as tmp:
        built = Path(tmp) / "data"
        build_into(built, args.seed)
        report = check_folder(built)
        if not report.ok:
            for problem in report.problems:
                print(problem, file=sys.stderr)
            return 1
        changed = publish(built, args.out)
    print(report.summary().replace(str(built), str(args.out)))
    print(f"{len(changed)} file(s) changed" + (f": {', '.join(changed)}" if changed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
