"""The git merge driver: `ctotui merge-driver %O %A %B %P` merges one table file.

git hands over three temporary files (base, ours, theirs) and the file's path in the
repository; the driver writes the merged table into the "ours" file and exits 0, or exits
non-zero with one line on stderr and leaves that file untouched, so git reports a conflict
instead of committing junk. Conflicts go to the pending file (see `ctotui.sync.conflicts`).

Kept light on purpose: git starts one Python per merged file.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ctotui.data.canonical import table_bytes
from ctotui.data.jsonfile import TEMP_PREFIX, parse_json_bytes
from ctotui.data.layout import TABLES, VAULT_FILE
from ctotui.domain.entities import BY_TABLE
from ctotui.domain.schema import from_record
from ctotui.errors import CtoError, DataError, ValidationError
from ctotui.sync.conflicts import add_pending, conflict_records
from ctotui.sync.merge import Body, Table, merge_table
from ctotui.vault.fields import masked
from ctotui.vault.manifest import merge_manifests

# `ids.is_ulid` spelled as one regular expression: 60,000 ids are checked per merge of a big table.
_ULID = re.compile(r"[0-7][0-9A-HJKMNP-TV-Z]{25}")
_MARKERS = (b"<<<<<<<", b"=======", b">>>>>>>", b"|||||||")


class DriverError(CtoError):
    """The merge driver was called on something it cannot merge."""


@dataclass(slots=True)
class FileMerge:
    data: bytes
    conflicts: dict[str, Body] = field(default_factory=dict)


def table_of(repo_path: str) -> str:
    """The table a data file holds, from its path in the repository."""
    name = PurePosixPath(repo_path).name
    table = name.removesuffix(".json")
    if not name.endswith(".json") or table not in TABLES:
        raise DriverError(
            f"{repo_path}: not a ctotui table file; the merge driver only merges those"
        )
    return table


def load_records(raw: bytes, table: str, label: str, *, base: bool = False) -> Table:
    """The records of one side; the shape is checked here, record fields after the merge.

    Only the base may be empty: git passes an empty base when both sides added the file.
    """
    if base and (not raw or raw.isspace()):
        return {}
    data = _parse(raw, label)
    if not isinstance(data, dict) or set(data) - {table}:
        raise DataError(label, f'expected {{"{table}": {{...}}}} at the top')
    records = data.get(table, {})
    if not isinstance(records, dict):
        raise DataError(label, f"{table!r} must map record ids to records")
    for rec_id, body in records.items():
        if not isinstance(rec_id, str) or not _ULID.fullmatch(rec_id):
            raise DataError(label, f"record id {rec_id!r} is not a ULID")
        if not isinstance(body, dict):
            raise DataError(label, f"record {rec_id}: expected an object")
    return records


def _parse(raw: bytes, label: str) -> Any:
    """`parse_json_bytes`, minus its line-anchored scan for conflict markers when no marker
    text occurs at all (a plain substring test is ten times faster on a big file)."""
    if raw and not raw.isspace() and not any(marker in raw for marker in _MARKERS):
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            pass  # let parse_json_bytes say what is wrong, and where
    return parse_json_bytes(raw, label)


def _check(table: str, rec_id: str, body: Body, label: str) -> None:
    try:
        # A vault's sealed values are checked where their key is; here, the plain fields.
        from_record(BY_TABLE[table], rec_id, masked(table, body))
    except ValidationError as exc:
        message = exc.message if exc.field is None else f"field '{exc.field}': {exc.message}"
        raise DataError(label, f"record {rec_id}: {message}") from None


def merge_bytes(base: bytes, ours: bytes, theirs: bytes, repo_path: str) -> FileMerge:
    """Merge the three versions of one table file; raises DataError for a side that is junk."""
    if PurePosixPath(repo_path).name == VAULT_FILE:
        return FileMerge(merge_manifests(base, ours, theirs))
    table = table_of(repo_path)
    name = PurePosixPath(repo_path).name
    b = load_records(base, table, f"{name} (base)", base=True)
    o = load_records(ours, table, f"{name} (ours)")
    t = load_records(theirs, table, f"{name} (theirs)")
    cls = BY_TABLE[table]

    def valid(rec_id: str, body: Body) -> bool:
        try:
            from_record(cls, rec_id, masked(table, body))
        except ValidationError:
            return False
        return True

    result = merge_table(b, o, t, valid=valid)
    # Only what did not come unchanged from our own file needs checking: ours is what this clone
    # already holds, and checking 20,000 records would triple the driver's time.
    for rec_id, body in result.records.items():
        if body is o.get(rec_id):
            continue
        label = f"{name} (theirs)" if body is t.get(rec_id) else f"{name} (merged)"
        _check(table, rec_id, body, label)
    return FileMerge(table_bytes(table, result.records), conflict_records(table, result.clashes))


def run_driver(base: Path, ours: Path, theirs: Path, repo_path: str, worktree: Path) -> None:
    """What git's `%O %A %B %P` call does: merge into *ours*, park conflicts in *worktree*'s
    git folder. Raises DataError / DriverError, leaving *ours* untouched."""
    merged = merge_bytes(_read(base), _read(ours), _read(theirs), repo_path)
    add_pending(worktree, merged.conflicts)
    _replace(ours, merged.data)


def _replace(path: Path, data: bytes) -> None:
    """Write *path* by rename, so a killed driver leaves it whole. No fsync: it is git's
    scratch file, which git copies into the working tree (and deletes) right after."""
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError(str(path), f"cannot read: {(exc.strerror or str(exc)).lower()}") from None
