"""`check` of the tables that changed since a state known to pass it.

Given that an earlier state of the folder passed `check_folder`, the folder passes it now exactly
when its changes do: a record whose stored dict is the one that passed still passes (its
validation reads nothing but its id and its dict); a changed or new record must be typed; a
reference can only break from a changed record, or by deleting a record something refers to.
Only the verdict is given here — on "not sure" the caller runs `check_folder`, whose messages
are the only ones a person sees.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ctotui.data.jsonfile import parse_json_bytes
from ctotui.data.layout import TABLES, table_file
from ctotui.data.record_prints import MAX_LOOKUPS, TablePrints
from ctotui.data.tablefile import gc_paused
from ctotui.domain.entities import BY_TABLE
from ctotui.domain.ids import is_ulid
from ctotui.domain.schema import (
    CURRENCY,
    DATE,
    ENUM,
    OBJ,
    OBJS,
    REF,
    STAMP,
    TAGS,
    TEXT,
    Record,
    fields_of,
    from_record,
    references,
)
from ctotui.errors import DataError, ValidationError

Raw = dict[str, Any]
# Kinds validated as text (or a list of texts): two stored values that compare equal are then
# the same value. Not so for numbers and booleans (`1 == 1.0 == True`), compared by type too.
_TEXT_KINDS = frozenset({TEXT, DATE, STAMP, CURRENCY, ENUM, REF, TAGS})


@dataclass(slots=True)
class ChangedTable:
    """One table file that differs from the state that passed `check`."""

    table: str
    new: Raw  # the working file's records (as `summary.records_in` reads them)
    parsed: bool  # the working file parsed strictly, with the expected shape
    before: int  # how many records passed
    gone: set[str]  # the ids of those no longer there
    changed: list[str] = field(default_factory=list)  # ids to type, in file order
    counts: Counter[str] = field(default_factory=Counter)  # records added, updated, deleted


def checked_records(table: str, blob: bytes) -> Raw | None:
    """The records of a file's bytes that passed `check` (None if they do not read as such)."""
    with gc_paused():
        try:
            # Bytes that passed the strict parser: the plain one reads them the same.
            data = json.loads(blob)
        except (ValueError, RecursionError):
            return None
    records = data.get(table, {}) if isinstance(data, dict) else None
    return records if isinstance(records, dict) else None


def working_records(table: str, raw: bytes) -> tuple[Raw, bool]:
    """A working file's records as `summary.records_in` counts them, and whether the file
    parses strictly with the expected shape (if not, the full check says what is wrong)."""
    with gc_paused():
        try:
            data = parse_json_bytes(raw, table_file(table))
        except DataError:
            try:
                return _records(json.loads(raw), table), False
            except (ValueError, RecursionError):
                return {}, False
    records = data.get(table, {}) if isinstance(data, dict) else None
    if isinstance(records, dict) and all(key == table for key in data):
        return records, True
    return _records(data, table), False


def _records(data: Any, table: str) -> Raw:
    records = data.get(table) if isinstance(data, dict) else None
    return records if isinstance(records, dict) else {}


def compare(table: str, old: Raw, new: Raw, parsed: bool) -> ChangedTable:
    """Count as `summary.table_changes` does (plain equality: a null record counts as deleted),
    and list the records to type: new, different, or equal only as numbers are (`1 == True`)."""
    found = ChangedTable(table, new, parsed, len(old), {k for k in old if k not in new})
    for rec_id, body in new.items():
        _tally(found, rec_id, old.get(rec_id), body)
    found.counts["deleted"] += len(found.gone)
    return found


def compare_prints(
    table: str, kept: TablePrints, blob: bytes, new: Raw, prints: dict[str, bytes]
) -> ChangedTable | None:
    """`compare` against the fingerprints of the records that passed, reading from their file
    (*blob*) only those that differ; None if one is not found there as fingerprinted."""
    old = kept.prints
    found = ChangedTable(table, new, True, len(old), {k for k in old if k not in new})
    lookups = 0
    for rec_id, body in new.items():
        print_before = old.get(rec_id)
        if print_before == prints[rec_id]:
            continue  # the very record that passed
        before = None
        if print_before is not None:
            lookups += 1
            there, before = kept.record(blob, rec_id)
            if not there or lookups > MAX_LOOKUPS:
                return None
        _tally(found, rec_id, before, body)
    found.counts["deleted"] += len(found.gone)
    return found


def _tally(found: ChangedTable, rec_id: str, before: Any, body: Any) -> None:
    if before != body:
        verb = "added" if before is None else "deleted" if body is None else "updated"
        found.counts[verb] += 1
        found.changed.append(rec_id)
    elif before is None or not _same_types(before, body, _plan(BY_TABLE[found.table])):
        found.changed.append(rec_id)


Plan = tuple[tuple[str, str, "Plan"], ...]


def _plan(cls: type[Any]) -> Plan:
    """Where in a stored *cls* a value may be a number or a boolean: (key, kind, nested plan).
    The meta keys (stamps, author, field stamps) are all text."""
    found = _PLANS.get(cls)
    if found is None:
        found = _PLANS[cls] = _make_plan(cls)
    return found


_PLANS: dict[type[Any], Plan] = {}


def _make_plan(cls: type[Any]) -> Plan:
    plan: list[tuple[str, str, Plan]] = []
    for _, key, s, _ in fields_of(cls):
        if s.kind in _TEXT_KINDS:
            continue
        if s.kind in (OBJ, OBJS) and s.item is not None:
            nested = _plan(s.item)
            if nested:  # objects of text only: equal is the same
                plan.append((key, s.kind, nested))
        else:
            plan.append((key, "", ()))
    return tuple(plan)


def _same_types(old: Raw, new: Raw, plan: Plan) -> bool:
    """Of two equal stored objects, whether each value that may be a number has one type too."""
    for key, kind, nested in plan:
        before, after = old.get(key), new.get(key)
        if type(before) is not type(after):
            return False
        if kind == OBJ and isinstance(before, dict) and isinstance(after, dict):
            if not _same_types(before, after, nested):
                return False
        elif kind == OBJS and isinstance(before, list) and isinstance(after, list):
            for item, other in zip(before, after, strict=True):
                if isinstance(item, dict) and not _same_types(item, other, nested):
                    return False
        elif not _same_value(before, after):
            return False
    return True


def _same_value(old: Any, new: Any) -> bool:
    if type(old) is not type(new):
        return False
    if isinstance(old, dict):
        return all(_same_value(value, new[key]) for key, value in old.items())
    if isinstance(old, list):
        return all(map(_same_value, old, new))
    if isinstance(old, float):
        return repr(old) == repr(new)  # -0.0 == 0.0
    return True


def passes(tables: dict[str, ChangedTable], unchanged: dict[str, bytes | None]) -> bool:
    """Whether `check_folder` finds no problem, given that the state before passed it and that
    only *tables* changed; *unchanged* holds the other tables' bytes (None: no file)."""
    if not all(found.parsed for found in tables.values()):
        return False
    typed: list[Record] = []
    for table, found in tables.items():
        cls = BY_TABLE[table]
        for rec_id in found.changed:
            body = found.new[rec_id]
            if not is_ulid(rec_id) or not isinstance(body, dict):
                return False
            try:
                typed.append(from_record(cls, rec_id, body))
            except ValidationError:
                return False
    records = _Records(tables, unchanged)
    try:
        for rec in typed:
            for _, target, ref_id in references(rec):
                if ref_id not in records.of(target):
                    return False
        for table, found in tables.items():
            if found.gone and _referenced(table, found.gone, records):
                return False
    except _Unsure:
        return False
    return True


class _Unsure(Exception):
    """An unchanged file does not read as the file that passed: the full check will tell."""


class _Records:
    """Each table's records now, an unchanged one parsed when first asked for."""

    def __init__(self, tables: dict[str, ChangedTable], unchanged: dict[str, bytes | None]):
        self._raw = {table: found.new for table, found in tables.items()}
        self._unchanged = unchanged

    def of(self, table: str) -> Raw:
        if table not in self._raw:
            blob = self._unchanged.get(table)
            found = checked_records(table, blob) if blob is not None else {}
            if found is None:
                raise _Unsure(table)
            self._raw[table] = found
        return self._raw[table]


def _referenced(target: str, gone: set[str], records: _Records) -> bool:
    """Whether a record refers to one of *gone*, deleted from *target*."""
    for table in TABLES:
        cls = BY_TABLE[table]
        keys = [key for _, key, s, _ in fields_of(cls) if s.kind == REF and s.ref == target]
        if not keys:
            continue
        for body in records.of(table).values():
            if any(isinstance(v := body.get(key), str) and v in gone for key in keys):
                return True
    return False
