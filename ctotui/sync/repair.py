"""After a merge: bring back records that one side deleted while the other still refers to them.

The driver merges one table at a time, so it cannot see that a client deleted on the laptop got
a new recommendation on the jump box. The merged folder would then fail `ctotui check` on every
later sync. The rule that keeps nothing from being lost — an edit beats a delete — applies here
too: the referenced record is restored from whichever side still had it, and a conflict says so.

The copy restored depends only on the commits the merge joined (never on which clone runs it,
nor on what else that clone's git holds), so every clone that repairs the same merge writes the
same bytes and records the same conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ctotui.data.jsonfile import parse_json_bytes, write_json
from ctotui.data.layout import TABLES, table_file
from ctotui.domain.entities import BY_TABLE
from ctotui.domain.schema import REF, field_specs
from ctotui.errors import DataError
from ctotui.sync.conflicts import add_pending, conflict_records, git_dir
from ctotui.sync.gitcmd import git, git_blob
from ctotui.sync.merge import WHOLE_RECORD, Body, Clash, canonical

Tables = dict[str, dict[str, Body]]


def _ref_fields(table: str) -> list[tuple[str, str]]:
    """(stored key, referenced table) of each reference field of *table*."""
    return [
        (s.key or name, s.ref)
        for name, s in field_specs(BY_TABLE[table]).items()
        if s.kind == REF and s.ref
    ]


def table_records(raw: bytes | None, table: str) -> dict[str, Body] | None:
    """The records of one table file's bytes; None when they are not a table (junk, markers)."""
    if raw is None:
        return {}
    try:
        data = parse_json_bytes(raw, table_file(table))
    except DataError:
        return None
    records = data.get(table) if isinstance(data, dict) else None
    return records if isinstance(records, dict) else None


def read_tables(folder: Path) -> Tables | None:
    """Every table of the working tree (a missing file is empty), or None when one cannot be read:
    writing a table back from a misread file would lose its records."""
    tables: Tables = {}
    for table in TABLES:
        try:
            raw: bytes | None = (folder / table_file(table)).read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError:
            return None
        records = table_records(raw, table)
        if records is None:
            return None
        tables[table] = records
    return tables


def dangling(tables: Tables) -> list[tuple[str, str, str, str, str]]:
    """(table, record, field, referenced table, missing id) for every broken reference."""
    found = []
    for table in TABLES:
        refs = _ref_fields(table)
        for rec_id, body in sorted(tables.get(table, {}).items()):
            for key, target in refs:
                value = body.get(key)
                if isinstance(value, str) and value and value not in tables.get(target, {}):
                    found.append((table, rec_id, key, target, value))
    return found


def merge_sources(folder: Path) -> list[str]:
    """The commits a repair may restore from: those the last merge joined, and their base.

    Mid-merge: HEAD, MERGE_HEAD and their merge base. Otherwise HEAD and its parents: a merge
    commit's (a plain `git pull`) and their base, or a plain commit's one (a rebased delete).
    None depends on which side is "ours", so the clones that repair one merge restore the same
    copies; a record none of them holds is looked for further back (`_from_history`).
    """
    if (git_dir(folder) / "MERGE_HEAD").exists():
        joined = [r for r in (_rev(folder, "HEAD"), _rev(folder, "MERGE_HEAD")) if r]
        revs = list(joined)
    else:
        revs = git(folder, "rev-list", "--parents", "-n", "1", "HEAD").out.split()
        joined = revs[1:]  # HEAD's parents: a plain commit's one is what it changed
    if len(joined) > 1:
        base = git(folder, "merge-base", "--octopus", *joined).out.strip()
        revs.append(base)
    return [r for r in dict.fromkeys(revs) if r]


def _rev(folder: Path, spec: str) -> str:
    done = git(folder, "rev-parse", "--verify", "--quiet", spec + "^{commit}")
    return done.out.strip() if done.ok else ""


class _Sources:
    """Table files of earlier commits, read from git only when needed."""

    def __init__(self, folder: Path, revs: Sequence[str]) -> None:
        self.folder = folder
        self.revs = list(revs)
        self.cache: dict[tuple[str, str], dict[str, Body]] = {}

    def _records(self, rev: str, table: str) -> dict[str, Body]:
        key = (rev, table)
        if key not in self.cache:
            raw = git_blob(self.folder, f"{rev}:{table_file(table)}")
            self.cache[key] = (table_records(raw, table) if raw is not None else None) or {}
        return self.cache[key]

    def candidates(self, table: str, rec_id: str) -> list[Body]:
        found = []
        for rev in self.revs:
            body = self._records(rev, table).get(rec_id)
            if isinstance(body, dict):
                found.append(body)
        return found or self._from_history(table, rec_id)

    def _from_history(self, table: str, rec_id: str) -> list[Body]:
        """The copy just before the newest commit (reachable from the merged tips) that deleted
        it: what is left when the tips themselves no longer hold it (a rebase, an old clone's
        broken merge pushed earlier)."""
        if not self.revs:
            return []
        found = git(
            self.folder,
            "log",
            "-n",
            "1",
            "--format=%H",
            f'-S"{rec_id}"',
            *self.revs,
            "--",
            table_file(table),
        ).out.strip()
        for rev in (f"{found}^", found) if found else ():
            body = self._records(rev, table).get(rec_id)
            if isinstance(body, dict):
                return [body]
        return []


def restore_references(folder: Path, revs: Sequence[str]) -> list[str]:
    """Restore every record still referred to but deleted, from the newest copy in *revs*.

    Writes the restored records into their table files, parks a conflict for each (folded into
    `conflicts.json` with the merge's own) and returns one line per restored record. Does nothing
    when a table file cannot be read (conflict markers, junk): `check` names that problem.
    """
    tables = read_tables(folder)
    if tables is None:
        return []
    sources = _Sources(folder, revs)
    restored: list[str] = []
    changed: set[str] = set()
    clashes: dict[str, list[Clash]] = {}
    unresolved: set[tuple[str, str]] = set()
    while True:
        todo = [d for d in dangling(tables) if (d[3], d[4]) not in unresolved]
        if not todo:
            break
        for table, rec_id, key, target, missing in todo:
            if missing in tables[target]:
                continue  # restored for an earlier reference in this round
            copies = sources.candidates(target, missing)
            if not copies:
                unresolved.add((target, missing))
                continue
            body = max(copies, key=lambda b: (str(b.get("updated_at", "")), canonical(b)))
            tables[target][missing] = body
            changed.add(target)
            stamp = str(body.get("updated_at", ""))
            who = f"{BY_TABLE[table].LABEL} {rec_id}"
            clashes.setdefault(target, []).append(
                Clash(
                    missing,
                    WHOLE_RECORD,
                    body,
                    None,
                    stamp,
                    "",
                    stamp,
                    f"deleted on one side, but {who} (field '{key}') still refers to it; restored",
                )
            )
            restored.append(f"{table_file(target)}: restored {missing}, still used by {who}")
    for target in sorted(changed):
        write_json(folder / table_file(target), {target: tables[target]})
        add_pending(folder, conflict_records(target, clashes[target]))
    return restored
