"""What changed in the data files, counted in records: "2 recs updated, 1 event added"."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctotui.data.layout import DATA_FILES, TABLES
from ctotui.domain.entities import BY_TABLE
from ctotui.sync.gitcmd import git, git_blob

SHORT_LABELS = {"recommendations": "rec"}
VERBS = ("added", "updated", "deleted")


@dataclass(slots=True)
class Changes:
    """Record counts by (table, verb)."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    before: Counter[str] = field(default_factory=Counter)  # records per table at the ref

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, other: Changes) -> None:
        self.counts.update(other.counts)
        self.before.update(other.before)

    def describe(self) -> str:
        """ "2 recs updated, 1 event added" in table order, or "" when nothing changed."""
        parts = []
        for table in TABLES:
            for verb in VERBS:
                n = self.counts.get((table, verb), 0)
                if n:
                    label = SHORT_LABELS.get(table, BY_TABLE[table].LABEL)
                    parts.append(f"{n} {label}{'s' if n != 1 else ''} {verb}")
        return ", ".join(parts)


def records_in(raw: bytes | None, table: str) -> dict[str, Any]:
    if raw is None or not raw.strip():
        return {}
    try:
        # Only counted here: `check` refuses a bad file before anything is committed, so the
        # plain parser will do (the strict one costs 0.6 s more on a 25 MB table, twice a sync).
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return {}
    records = data.get(table) if isinstance(data, dict) else None
    return records if isinstance(records, dict) else {}


def table_changes(table: str, old: dict[str, Any], new: dict[str, Any]) -> Changes:
    changes = Changes()
    changes.before[table] = len(old)
    for rec_id in old.keys() | new.keys():
        before, after = old.get(rec_id), new.get(rec_id)
        if before == after:
            continue
        verb = "added" if before is None else "deleted" if after is None else "updated"
        changes.counts[(table, verb)] += 1
    return changes


def changed_files(folder: Path, ref: str | None) -> list[str]:
    """Data files that differ between *ref* (None: no commit yet) and the working tree."""
    if ref is None:
        return [name for name in DATA_FILES if (folder / name).exists()]
    done = git(folder, "--no-optional-locks", "diff", "--name-only", ref, "--", *DATA_FILES)
    listed = set(done.out.split())
    untracked = git(
        folder,
        "--no-optional-locks",
        "ls-files",
        "--others",
        "--exclude-standard",
        "--",
        *DATA_FILES,
    ).out.split()
    return [name for name in DATA_FILES if name in listed or name in untracked]


def file_changes(folder: Path, ref: str | None, name: str) -> Changes:
    table = name.removesuffix(".json")
    old = records_in(git_blob(folder, f"{ref}:{name}") if ref else None, table)
    try:
        new = records_in((folder / name).read_bytes(), table)
    except FileNotFoundError:
        new = {}
    return table_changes(table, old, new)


def working_changes(folder: Path, ref: str | None) -> Changes:
    """Record changes between *ref* and the working tree (all tables)."""
    changes = Changes()
    for name in changed_files(folder, ref):
        changes.add(file_changes(folder, ref, name))
    return changes
