"""Loading one table file: shape, ids and every record's fields, with errors that point at lines.

A table file is TinyDB's own format — `{"<table>": {"<id>": {record}}}` — so stock TinyDB can open
it, but with ULID keys and canonical formatting.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctotui.data.jsonfile import parse_json_bytes, read_data_file
from ctotui.domain.entities import BY_TABLE
from ctotui.domain.ids import is_ulid
from ctotui.domain.schema import Record, from_record
from ctotui.errors import DataError, ValidationError

Raw = dict[str, dict[str, Any]]


@dataclass(slots=True)
class LoadedTable:
    """One table as loaded: the stored dicts and the typed records, by id.

    *raw_later*, when set, builds the stored dicts on demand (`raw` is then empty): the load
    cache can hand over the typed records at once and leave the dicts, which the first frame
    does not need, for later.
    """

    raw: Raw
    typed: dict[str, Record]
    raw_later: Callable[[], Raw] | None = None
    # A vault's table (see `ctotui.data.sealing`): every record as stored, sealed, and the ids
    # of those this machine cannot open. None in a folder that is not a vault.
    sealed: Raw | None = None
    locked: set[str] | None = None
    # Ids of records that are in the file but were refused (reported, under `ctotui check`):
    # what points at them is not missing, so check does not report it again.
    refused: frozenset[str] = frozenset()


def record_line(raw_bytes: bytes, rec_id: str) -> int | None:
    """The line of the file where record *rec_id* starts (for messages), if found."""
    # Searched only when there is an error to report, in the bytes (a line is a line in both).
    pos = raw_bytes.find(f'"{rec_id}": {{'.encode("utf-8", "surrogatepass"))
    return None if pos < 0 else raw_bytes.count(b"\n", 0, pos) + 1


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a table is built.

    Building a big table allocates millions of dicts, lists and records (none of them in
    cycles), and every few hundred allocations the collector walks the ever-larger heap: half
    of the load time of a 20,000-record file. Reference counting still frees everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_table(
    raw_bytes: bytes,
    table: str,
    label: str,
    on_problem: Callable[[DataError], None] | None = None,
    *,
    defer_raw: bool = False,
) -> LoadedTable:
    """Parse and validate the bytes of one table file.

    With *on_problem*, bad records are reported and skipped (for `ctotui check`, which lists
    every problem); without it, the first problem raises. With *defer_raw* (and no
    *on_problem*), the stored dicts are not kept: each is dropped once its record is built, and
    `raw_later` parses the same bytes again when a write needs them.
    """
    defer = defer_raw and on_problem is None
    with gc_paused():
        loaded = _parse_table(raw_bytes, table, label, on_problem, defer)
    if defer:
        loaded.raw_later = lambda: _stored_dicts(raw_bytes, table)
    return loaded


def _stored_dicts(raw_bytes: bytes, table: str) -> Raw:
    """The stored dicts of a file *parse_table* accepted whole: the plain parser will do."""
    with gc_paused():
        records: Raw = json.loads(raw_bytes)[table]
    return records


def _parse_table(
    raw_bytes: bytes,
    table: str,
    label: str,
    on_problem: Callable[[DataError], None] | None,
    defer_raw: bool = False,
) -> LoadedTable:
    data = parse_json_bytes(raw_bytes, label)
    if not isinstance(data, dict):
        raise DataError(label, f'expected {{"{table}": {{...}}}} at the top, found {_kind(data)}')
    unexpected = [key for key in data if key != table]
    if unexpected:
        raise DataError(
            label, f"unexpected top-level key {unexpected[0]!r} (this file holds {table!r})"
        )
    records = data.get(table, {})
    if not isinstance(records, dict):
        raise DataError(label, f"{table!r} must map record ids to records, found {_kind(records)}")
    cls = BY_TABLE[table]
    typed: dict[str, Record] = {}
    raw: Raw = {}
    refused: set[str] = set()

    def report(error: DataError) -> None:
        if on_problem is None:
            raise error
        on_problem(error)

    # Popped as they are read when deferred: the dicts of the records built so far are freed
    # while the rest are built, so the file never sits in memory as dicts and records at once.
    pending = ((rec_id, records.pop(rec_id)) for rec_id in list(records)) if defer_raw else None
    for rec_id, body in pending or records.items():
        if not is_ulid(rec_id):
            report(
                DataError(
                    label, f"record id {rec_id!r} is not a ULID", record_line(raw_bytes, rec_id)
                )
            )
            continue
        if not isinstance(body, dict):
            report(
                DataError(
                    label, f"record {rec_id}: expected an object", record_line(raw_bytes, rec_id)
                )
            )
            continue
        try:
            typed[rec_id] = from_record(cls, rec_id, body)
        except ValidationError as exc:
            message = exc.message if exc.field is None else f"field '{exc.field}': {exc.message}"
            report(DataError(label, f"record {rec_id}: {message}", record_line(raw_bytes, rec_id)))
            refused.add(rec_id)
            continue
        if not defer_raw:
            raw[rec_id] = body
    return LoadedTable(raw, typed, refused=frozenset(refused))


def read_table(
    folder: Path,
    table: str,
    on_problem: Callable[[DataError], None] | None = None,
    *,
    defer_raw: bool = False,
) -> LoadedTable:
    """Load `<table>.json` from *folder*; a missing file is an empty table (whether it may be
    missing is for the caller to say: see meta.json's list of tables)."""
    path = folder / f"{table}.json"
    if not os.path.lexists(path):
        return LoadedTable({}, {})
    return parse_table(read_data_file(path), table, path.name, on_problem, defer_raw=defer_raw)


def _kind(value: Any) -> str:
    names: dict[type[Any], str] = {dict: "an object", list: "a list", str: "text"}
    return names.get(type(value), type(value).__name__)
