"""`ctotui import csv`: every row checked first, then all of them written, or none.

A row updates the record with its id — whatever its title, which other records may share — or,
with the id cell empty, the record with the same natural key (see `tables.py`); otherwise it
adds a record (keeping the row's id, so an export imported into an empty folder gives back the
same records). Columns missing from the file
leave those fields as they are; an empty cell clears its field. A recommendation's history is
taken from the file only for a new record: for one that exists it is never rewritten, and a
status the file changes is appended to it. Row numbers are those a spreadsheet shows: the
header is row 1.

A little over 300 lines: checking every row and planning the writes are one pass (a row is
checked against the rows before it), kept in one module.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ctotui.data.store import Store
from ctotui.domain.clock import utc_stamp
from ctotui.domain.entities import Recommendation, StatusChange
from ctotui.domain.ids import is_ulid, new_ulid
from ctotui.domain.schema import REF, Record, field_specs, from_record, to_record
from ctotui.errors import ValidationError
from ctotui.exchange.columns import (
    CLIENT_ID,
    CREATED,
    ID,
    CellError,
    Column,
    is_client_ref,
    stored_value,
    table_columns,
    unguard_cell,
)
from ctotui.exchange.references import References
from ctotui.exchange.tables import Exchanged, ExchangeError, Key, RowError

MAX_LISTED_ROWS = 12
HISTORY = "history"
IMPORT_NOTE = "imported from CSV"


@dataclass(slots=True)
class ImportPlan:
    table: Exchanged
    source: str
    inserts: list[Record] = field(default_factory=list)
    updates: list[tuple[Record, Record]] = field(default_factory=list)  # (current, new)
    unchanged: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row, reason)

    def summary(self, *, dry_run: bool) -> str:
        verbs = ("would add", "would update") if dry_run else ("added", "updated")
        return (
            f"{self.table.cls.TABLE}: {verbs[0]} {len(self.inserts)}, {verbs[1]} "
            f"{len(self.updates)}, {self.unchanged} unchanged"
        )

    def rejection(self) -> ExchangeError:
        rows = [str(row) for row, _ in self.problems]
        listed = ", ".join(rows[:MAX_LISTED_ROWS]) + (", …" if len(rows) > MAX_LISTED_ROWS else "")
        noun = "row" if len(rows) == 1 else "rows"
        return ExchangeError(
            f"{self.source}: {len(rows)} bad {noun} ({noun} {listed}); nothing was imported"
        )


def read_rows(text: str, source: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header (names folded to lower case) and the numbered non-blank rows."""
    try:
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    except csv.Error as exc:
        raise ExchangeError(f"{source}: not a readable CSV file ({exc})") from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ExchangeError(f"{source}: no header row (the first row names the columns)")
    header = [name.strip().lower() for name in rows[0]]
    numbered = (
        (number, [unguard_cell(cell) for cell in cells])
        for number, cells in enumerate(rows[1:], start=2)
        if any(cell.strip() for cell in cells)
    )
    return header, numbered


def check_header(header: list[str], columns: list[Column], source: str) -> None:
    known = {c.name for c in columns}
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if not name:
            raise ExchangeError(f"{source}: column {position} has no name in the header row")
        if name not in known:
            listed = ", ".join(c.name for c in columns)
            raise ExchangeError(f"{source}: unknown column {name!r} (columns: {listed})")
        if name in seen:
            raise ExchangeError(f"{source}: column {name!r} appears twice")
        seen.add(name)
    for column in columns:
        if not column.required or column.name in seen:
            continue
        if is_client_ref(column):
            if CLIENT_ID not in seen:
                raise ExchangeError(f"{source}: missing column 'client' (or 'client_id')")
            continue
        raise ExchangeError(f"{source}: missing required column {column.name!r}")


def plan_csv_import(store: Store, table: Exchanged, text: str, source: str) -> ImportPlan:
    """What importing *text* would do; nothing is written."""
    columns = table_columns(table.cls)
    header, rows = read_rows(text, source)
    check_header(header, columns, source)
    by_name = {c.name: c for c in columns}
    planner = _Planner(store, table, ImportPlan(table, source))
    for number, cells in rows:
        try:
            if len(cells) > len(header):
                raise RowError(f"{len(cells)} cells but the header names {len(header)} columns")
            padded = cells + [""] * (len(header) - len(cells))
            planner.row(
                number, {by_name[name]: cell for name, cell in zip(header, padded, strict=True)}
            )
        except RowError as exc:
            planner.plan.problems.append((number, str(exc)))
    return planner.plan


def apply_plan(store: Store, plan: ImportPlan) -> None:
    """Write a problem-free plan in one transaction: all of it lands, or none of it."""
    if plan.problems:
        raise plan.rejection()
    if not plan.inserts and not plan.updates:
        return
    cls = plan.table.cls
    with store.transaction():
        for rec in plan.inserts:
            store.insert(rec)
        for current, new in plan.updates:
            store.update(cls, current.id, **_changes(current, new))


def _changes(current: Record, new: Record) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for attr in field_specs(type(current)):
        before, after = getattr(current, attr), getattr(new, attr)
        if before != after:
            changes[attr] = None if after in (None, "", []) else after
    return changes


class _Planner:
    def __init__(self, store: Store, table: Exchanged, plan: ImportPlan) -> None:
        self.store = store
        self.table = table
        self.plan = plan
        self.refs = References(store)
        self.by_key: dict[Key, list[Record]] = {}
        for rec in store.all(table.cls):
            self.by_key.setdefault(table.key(rec), []).append(rec)
        self.seen_ids: dict[str, int] = {}
        self.seen_keys: dict[Key, int] = {}
        self.client_names = {c.id: c.name for c in self.refs.clients}
        self.stamp = utc_stamp(store.clock)

    def row(self, number: int, cells: dict[Column, str]) -> None:
        by_name = {column.name: text for column, text in cells.items()}
        values = self._values(cells, by_name)
        row_id = self._row_id(by_name.get(ID, ""))
        provisional = self._validate(_body(None, values), row_id or new_ulid())
        key = self.table.key(provisional)
        if row_id:
            existing = self._by_id(row_id, provisional, key)
            target = row_id
        else:
            existing = self._by_key(provisional, key)
            target = existing.id if existing else provisional.id
        if target in self.seen_ids:
            raise RowError(f"the same record as row {self.seen_ids[target]}")
        if not row_id and key in self.seen_keys:
            raise RowError(f"same {self._key_text(provisional)} as row {self.seen_keys[key]}")
        self.seen_ids[target] = number
        self.seen_keys.setdefault(key, number)
        if existing is None:
            body = _body(None, values)
            created = by_name.get(CREATED, "").strip()
            if created:
                body["created_at"] = created
            self.plan.inserts.append(self._validate(body, target))
            return
        # The status history is the record of the advice given: an import never rewrites it.
        values.fields.pop(HISTORY, None)
        new = _log_status_change(
            existing,
            self._validate(_body(existing, values), existing.id),
            self.stamp,
            self.store.author,
        )
        if to_record(new, with_meta=False) == to_record(existing, with_meta=False):
            self.plan.unchanged += 1
        else:
            self.plan.updates.append((existing, new))

    def _by_id(self, row_id: str, provisional: Record, key: Key) -> Record | None:
        """The record a row with an id updates: the one with that id, whatever its natural key
        (two recommendations of a client may share a title). None adds it with that id."""
        existing = self.store.find(self.table.cls, row_id)
        twins = self.by_key.get(key, [])
        if existing is None and twins:
            # An export of another folder (other ids) would add a twin of every record.
            raise RowError(
                f"id {row_id} is not in this folder, but {self._key_text(provisional)} is "
                f"(id {twins[0].id}); empty the id cell to update that record"
            )
        return existing

    def _by_key(self, provisional: Record, key: Key) -> Record | None:
        """The record a row without an id updates: the one with its natural key, if any."""
        twins = self.by_key.get(key, [])
        if len(twins) > 1:
            raise RowError(
                f"{len(twins)} records have {self._key_text(provisional)}; "
                "fill in the id cell to say which"
            )
        return twins[0] if twins else None

    def _values(self, cells: dict[Column, str], by_name: dict[str, str]) -> _Values:
        """The stored value of every field the row has a column for (None: clear it)."""
        values = _Values()
        client_id = ""
        if "client" in by_name or CLIENT_ID in by_name:
            client_id = self.refs.client(by_name.get("client", ""), by_name.get(CLIENT_ID, ""))
            values.fields["client"] = client_id
        for column, text in cells.items():
            spec = column.spec
            if spec is None or is_client_ref(column):
                continue
            try:
                if column.part and column.part_spec is not None:
                    parts = values.parts.setdefault(column.attr, {})
                    parts[column.part] = stored_value(column.part_spec, text)
                elif spec.kind == REF and spec.ref is not None:
                    values.fields[column.name] = self.refs.link(spec.ref, text, client_id)
                else:
                    values.fields[column.name] = stored_value(spec, text)
            except CellError as exc:
                raise RowError(f"column {column.name!r}: {exc}") from None
        return values

    def _row_id(self, text: str) -> str:
        text = text.strip()
        if text and not is_ulid(text.upper()):
            raise RowError(f"id {text!r} is not a ctotui id (leave it empty for a new record)")
        return text.upper()

    def _validate(self, body: dict[str, Any], rec_id: str) -> Record:
        try:
            return from_record(self.table.cls, rec_id, body)
        except ValidationError as exc:
            where = f"column {exc.field!r}: " if exc.field else ""
            raise RowError(f"{where}{exc.message}") from None

    def _key_text(self, rec: Record) -> str:
        shown = []
        for attr in self.table.key_fields:
            value = getattr(rec, attr)
            if attr == "client":
                value = self.client_names.get(value, value)
            shown.append(f"{attr} {str(getattr(value, 'value', value))!r}")
        return " and ".join(shown)


@dataclass(slots=True)
class _Values:
    fields: dict[str, Any] = field(default_factory=dict)  # stored key -> value (None: clear)
    parts: dict[str, dict[str, Any]] = field(default_factory=dict)  # nested object -> part -> value


def _log_status_change(current: Record, new: Record, stamp: str, by: str) -> Record:
    """*new*, with a status change since *current* appended to its history."""
    if not isinstance(current, Recommendation) or not isinstance(new, Recommendation):
        return new
    if new.status == current.status:
        return new
    entry = StatusChange(
        from_=current.status.value, to=new.status.value, on=stamp, note=IMPORT_NOTE, by=by
    )
    return dataclasses.replace(new, history=[*current.history, entry])


def _body(existing: Record | None, values: _Values) -> dict[str, Any]:
    """*existing*'s stored fields (none for a new record) with the row's values laid over."""
    body = to_record(existing, with_meta=False) if existing is not None else {}
    for key, value in values.fields.items():
        _put(body, key, value)
    for key, parts in values.parts.items():
        nested = dict(body.get(key) or {})
        for part, value in parts.items():
            _put(nested, part, value)
        _put(body, key, nested or None)
    return body


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        target.pop(key, None)
    else:
        target[key] = value
