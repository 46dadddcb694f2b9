"""Clashes found by a merge, turned into `conflicts` records that every clone computes alike.

A conflict's id is derived from what clashed (table, record, field, both values, both stamps),
shaped as a ULID whose time part is when the clash happened: two clones that merge the same
pair of edits write the same record, so `conflicts.json` merges as a plain union, and running a
merge twice records nothing new.

The merge driver cannot write `conflicts.json` itself: git calls it while it is still merging,
and a working-tree file that git then checks out (because the other side changed it too) is
silently overwritten. So the driver parks its conflicts in the git folder (`pending`), and
`ctotui sync` / `ctotui resolve` fold them into `conflicts.json` once git is done.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from ctotui.data.jsonfile import atomic_write_bytes, canonical_bytes, parse_json_bytes, write_json
from ctotui.data.layout import TABLES, table_file
from ctotui.domain.entities import Conflict
from ctotui.errors import DataError
from ctotui.sync.merge import WHOLE_RECORD, Body, Clash, canonical

TABLE = Conflict.TABLE
FILE = f"{TABLE}.json"
PENDING = "ctotui-pending-conflicts.json"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _encode(value: int, length: int) -> str:
    return "".join(_CROCKFORD[(value >> (5 * i)) & 31] for i in reversed(range(length)))


def _millis(stamp: str) -> int:
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return 0
    return max(0, min(int(moment.timestamp() * 1000), (1 << 48) - 1))


def conflict_id(table: str, clash: Clash) -> str:
    """A ULID-shaped id that depends only on what clashed."""
    parts = (
        table,
        clash.record,
        clash.field,
        canonical(clash.kept),
        canonical(clash.other),
        clash.kept_updated_at,
        clash.other_updated_at,
    )
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).digest()
    return _encode(_millis(clash.at), 10) + _encode(int.from_bytes(digest[:10], "big"), 16)


def conflict_body(table: str, clash: Clash) -> Body:
    """The stored form of a Conflict record (absent values left out, as the store does)."""
    body: Body = {
        "table": table,
        "record": clash.record,
        "field": clash.field,
        "kept": clash.kept,
        "other": clash.other,
        "kept_updated_at": clash.kept_updated_at,
        "other_updated_at": clash.other_updated_at,
        "kept_by": clash.kept_by,
        "other_by": clash.other_by,
        "detected_at": clash.at,
        "note": clash.note,
        "created_at": clash.at,
        "updated_at": clash.at,
    }
    return {k: v for k, v in body.items() if v is not None and (v != "" or k in ("kept", "other"))}


def conflict_records(table: str, clashes: Iterable[Clash]) -> dict[str, Body]:
    """Conflict records for *clashes* of *table*, by their deterministic ids."""
    if table == TABLE:
        return {}  # two clones never disagree about a conflict worth a conflict of its own
    return {conflict_id(table, c): conflict_body(table, c) for c in clashes}


# --- the pending file in the git folder ------------------------------------------------------


def git_dir(worktree: Path) -> Path:
    """The git folder of *worktree* (`.git`, or where a `.git` file points for a worktree)."""
    dot_git = worktree / ".git"
    if dot_git.is_file():
        text = dot_git.read_text(encoding="utf-8").strip()
        if text.startswith("gitdir:"):
            target = Path(text.removeprefix("gitdir:").strip())
            return target if target.is_absolute() else (worktree / target).resolve()
    return dot_git


def pending_path(worktree: Path) -> Path:
    return git_dir(worktree) / PENDING


def read_pending(worktree: Path) -> dict[str, Body]:
    path = pending_path(worktree)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    data = parse_json_bytes(raw, str(path))
    records = data.get(TABLE) if isinstance(data, dict) else None
    if not isinstance(records, dict):
        raise DataError(str(path), f'expected {{"{TABLE}": {{...}}}}; delete the file')
    return records


def add_pending(worktree: Path, records: dict[str, Body]) -> None:
    """Park conflict records found by the merge driver until git has finished merging."""
    if not records:
        return
    merged = {**read_pending(worktree), **records}
    atomic_write_bytes(pending_path(worktree), canonical_bytes({TABLE: merged}))


def count_pending(worktree: Path) -> int:
    try:
        return len(read_pending(worktree))
    except DataError:
        return 0


def fold_pending(folder: Path) -> list[str]:
    """Move parked conflicts into `conflicts.json`; return the ids that were new there.

    The caller holds the folder's write lock (and, during a sync, is between git's merge and
    its commit).
    """
    parked = read_pending(folder)
    if not parked:
        return []
    tables = _TableCache(folder)
    pending = {i: c for i, c in parked.items() if _still_applies(tables, c)}
    path = folder / FILE
    try:
        current = parse_json_bytes(path.read_bytes(), FILE)
    except FileNotFoundError:
        current = {TABLE: {}}
    records: dict[str, Any] = dict(current.get(TABLE) or {}) if isinstance(current, dict) else {}
    new = sorted(set(pending) - set(records))
    if new:
        records.update({i: pending[i] for i in new})
        write_json(path, {TABLE: records})
    discard_pending(folder)
    return new


def discard_pending(worktree: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(pending_path(worktree))


class _TableCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.tables: dict[str, dict[str, Any]] = {}

    def records(self, table: str) -> dict[str, Any]:
        if table not in self.tables:
            name = table_file(table)
            try:
                data = parse_json_bytes((self.folder / name).read_bytes(), name)
            except (OSError, DataError):
                data = None
            found = data.get(table) if isinstance(data, dict) else None
            self.tables[table] = found if isinstance(found, dict) else {}
        return self.tables[table]


def _still_applies(tables: _TableCache, conflict: Body) -> bool:
    """False when the data no longer holds the kept value: the merge that found the clash was
    aborted, or the field was edited since. Recording it then would only confuse."""
    table, rec_id, name = conflict.get("table"), conflict.get("record"), conflict.get("field")
    if not isinstance(table, str) or table not in TABLES or not isinstance(name, str):
        return False
    record = tables.records(table).get(str(rec_id))
    if not isinstance(record, dict):
        return False
    if name == WHOLE_RECORD:
        return True
    value: Any = record
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return bool(value == conflict.get("kept"))
