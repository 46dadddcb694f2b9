"""After a merge: bring back records that one side deleted while the other still refers to them.

The driver merges one table at a time, so it cannot see that a client deleted on the laptop got
a new recommendation on the jump box. The merged folder would then fail `ctotui check` on every
later sync. The rule that keeps nothing from being lost — an edit beats a delete — applies here
too: the referenced record is restored from whichever side still had it, and a conflict says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ctotui.data.jsonfile import parse_json_bytes, write_json
from ctotui.data.layout import TABLES, table_file
from ctotui.domain.entities import BY_TABLE
from ctotui.domain.schema import REF, field_specs
from ctotui.errors import DataError
from ctotui.sync.conflicts import add_pending, conflict_records
from ctotui.sync.gitcmd import git_blob
from ctotui.sync.merge import WHOLE_RECORD, Body, Clash, canonical

Tables = dict[str, dict[str, Body]]


def _ref_fields(table: str) -> list[tuple[str, str]]:
    """(stored key, referenced table) of each reference field of *table*."""
    return [
        (s.key or name, s.ref)
        for name, s in field_specs(BY_TABLE[table]).items()
        if s.kind == REF and s.ref
    ]


def _parse(raw: bytes | None, table: str) -> dict[str, Body]:
    if not raw:
        return {}
    try:
        data = parse_json_bytes(raw, table_file(table))
    except DataError:
        return {}
    records = data.get(table) if isinstance(data, dict) else None
    return records if isinstance(records, dict) else {}


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


class _Sources:
    """Table files of earlier commits, read from git only when needed."""

    def __init__(self, folder: Path, revs: Sequence[str]) -> None:
        self.folder = folder
        self.revs = list(revs)
        self.cache: dict[tuple[str, str], dict[str, Body]] = {}

    def candidates(self, table: str, rec_id: str) -> list[Body]:
        found = []
        for rev in self.revs:
            key = (rev, table)
            if key not in self.cache:
                self.cache[key] = _parse(git_blob(self.folder, f"{rev}:{table_file(table)}"), table)
            body = self.cache[key].get(rec_id)
            if isinstance(body, dict):
                found.append(body)
        return found


def restore_references(folder: Path, revs: Sequence[str]) -> list[str]:
    """Restore every record still referred to but deleted, from the newest copy in *revs*.

    Writes the restored records into their table files, parks a conflict for each (folded into
    `conflicts.json` with the merge's own) and returns one line per restored record.
    """
    tables: Tables = {t: _parse(_read(folder / table_file(t)), t) for t in TABLES}
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


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
