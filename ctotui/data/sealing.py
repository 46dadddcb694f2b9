"""The store's side of a vault: records open on load, seal on write, locked ones pass through.

Everything above the store sees plain records of the clients whose key this machine holds, and
nothing of the others. Here, per table: `stored` holds every record as it is on disk (sealed),
the one the table file is written from; the store's own tables hold the opened ones. A change
the store makes to a record is sealed into `stored` at once (`touch`), so a write re-encodes
only what changed and an unchanged field keeps its exact token. Records this machine cannot
open (`locked`) stay in `stored` as they came and are written back byte for byte.

The undo log (in the clone's state folder) is sealed the same way: its records as in the table
files, its labels left out (they name records) and made again when it is read.

A little over 300 lines: loading, writing and the undo log must seal the same way; one module
keeps a sealed token from ever being produced two ways. (What the first frame opens is decided in
`ctotui.vault.first_frame`; the load cache's lazily unpickled tables are `vaultcache.Tables`.)
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctotui.data import undolog
from ctotui.data.jsonfile import parse_json_bytes, read_data_file
from ctotui.data.layout import TABLES, VAULT_FILE, table_file
from ctotui.data.tablefile import LoadedTable, Raw, gc_paused, record_line
from ctotui.data.vaultcache import Tables
from ctotui.domain.clock import Clock, utc_stamp
from ctotui.domain.entities import BY_TABLE
from ctotui.domain.ids import is_ulid
from ctotui.domain.schema import REF, Record, field_specs, from_record
from ctotui.errors import CtoError, DataError, ValidationError
from ctotui.vault import fields
from ctotui.vault.first_frame import ALL, NONE
from ctotui.vault.first_frame import later as first_frame_later
from ctotui.vault.keys import ClientKey, load_keys, save_key
from ctotui.vault.manifest import Entry, read_manifest
from ctotui.vault.records import Locked, Vault

#: Given a table file's records as parsed, before any is opened.
Parsed = Callable[[dict[str, Any]], None]

#: Parents before children: a milestone's client is its recommendation's.
LOAD_ORDER: tuple[str, ...] = tuple(sorted(TABLES, key=lambda t: t == fields.CONFLICTS))


class LockedRecordError(CtoError):
    """A record of a client whose key this machine does not hold was to be changed."""


def locked_message(table: str, rec_id: str) -> str:
    label = BY_TABLE[table].LABEL
    return (
        f"{table}/{rec_id}: this {label} belongs to a client whose vault key is not on this "
        "machine (locked); change it where the key is, or `ctotui keys import` it here"
    )


@dataclass(slots=True)
class Sealer:
    """A vault folder's sealed tables as this machine opens them."""

    vault: Vault
    stored: Tables = field(default_factory=Tables)
    locked: dict[str, set[str]] = field(default_factory=lambda: {t: set() for t in TABLES})
    problems: list[str] = field(default_factory=list)  # damaged tokens, one line each
    to_reseal: set[tuple[str, str]] = field(default_factory=set)
    manifest_changed: bool = False
    # A first frame's read of each table: its file's size and CRC-32, and its records (parsed
    # once: the whole read after it, when the file is still those bytes, skips the JSON).
    first_read: dict[str, tuple[int, int, dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def open(cls, folder: Path, warnings: list[str]) -> Sealer | None:
        """The folder's sealer, or None when it is not a vault."""
        manifest = read_manifest(folder)
        if manifest is None:
            return None
        return cls(Vault(manifest, load_keys(warnings)))

    # --- who owns what ------------------------------------------------------------------------

    def lookup(self, table: str, rec_id: str) -> dict[str, Any] | None:
        records: Raw = self.stored.get(table, {})
        return records.get(rec_id)

    def owner(self, table: str, rec_id: str, body: dict[str, Any]) -> str:
        found = fields.owner(table, rec_id, body, self.lookup)
        return found or self.vault.owner_from_tokens(table, body)

    def is_locked(self, table: str, rec_id: str) -> bool:
        return rec_id in self.locked.get(table, ())

    def locked_clients(self) -> int:
        return len(self.locked["clients"])

    def locked_referrers(self, table: str, rec_id: str) -> int:
        """How many locked records refer to record *rec_id* of *table*."""
        count = 0
        for child_table, refs in _REFS.items():
            for rec in self.locked[child_table]:
                body = self.stored[child_table].get(rec) or {}
                count += any(body.get(k) == rec_id for k, t in refs if t == table)
        return count

    # --- loading --------------------------------------------------------------------------------

    def load(
        self,
        folder: Path,
        table: str,
        *,
        first_frame: bool = False,
        then: Parsed | None = None,
        raw_bytes: bytes | None = None,
    ) -> LoadedTable:
        """One table file opened (with *first_frame*: only what the dashboard's first frame
        shows, `ctotui.vault.first_frame`; damage is then reported by the whole read after).
        *then* is given the file's records as soon as they are parsed, before any is opened;
        *raw_bytes* are the file's, read already."""
        path = folder / table_file(table)
        if raw_bytes is None:
            raw_bytes = read_data_file(path)
        kept = self.first_read.pop(table, None)
        if first_frame and self.vault.kept is None:
            self.vault.kept = {}
        if kept is not None and kept[:2] == (len(raw_bytes), zlib.crc32(raw_bytes)):
            if then is not None:
                then(kept[2])
            loaded = self._parse_records(kept[2], table, path.name, raw_bytes)
        else:
            loaded = self.parse(raw_bytes, table, path.name, first_frame=first_frame, then=then)
        if first_frame and loaded.sealed is not None:
            self.first_read[table] = (len(raw_bytes), zlib.crc32(raw_bytes), loaded.sealed)
        elif not self.first_read:
            self.vault.kept = None  # every table read whole again
        return loaded

    def parse(
        self,
        raw_bytes: bytes,
        table: str,
        label: str,
        on_problem: Callable[[DataError], None] | None = None,
        *,
        first_frame: bool = False,
        then: Parsed | None = None,
    ) -> LoadedTable:
        """One sealed table file: every record checked (its plain fields when it stays
        sealed), opened where its key is held. Damaged tokens are reported in `problems`."""
        with gc_paused():
            data = parse_json_bytes(raw_bytes, label)
            records = data.get(table) if isinstance(data, dict) else None
            if not isinstance(data, dict) or set(data) - {table} or not isinstance(records, dict):
                raise DataError(label, f'expected {{"{table}": {{...}}}} at the top')
            if then is not None:
                then(records)
            return self._parse_records(records, table, label, raw_bytes, on_problem, first_frame)

    def _parse_records(
        self,
        records: dict[str, Any],
        table: str,
        label: str,
        raw_bytes: bytes,
        on_problem: Callable[[DataError], None] | None = None,
        first_frame: bool = False,
    ) -> LoadedTable:
        with gc_paused():
            cls = BY_TABLE[table]
            loaded = LoadedTable({}, {}, sealed={}, locked=set())
            assert loaded.sealed is not None and loaded.locked is not None

            def report(rec_id: str, message: str) -> None:
                error = DataError(label, f"record {rec_id}: {message}", _line(raw_bytes, rec_id))
                if on_problem is None:
                    raise error
                on_problem(error)

            previous = self.stored.get(table, {})
            self.stored[table] = loaded.sealed  # children of this table look owners up here
            try:
                for rec_id, body in records.items():
                    if not is_ulid(rec_id) or not isinstance(body, dict):
                        report(rec_id, "not a ULID-keyed object")
                        continue
                    later = first_frame_later(table, body, self.lookup) if first_frame else None
                    if later is ALL:  # not in the first frame: kept sealed, opened after it
                        loaded.sealed[rec_id] = body
                        continue
                    self._open_one(cls, table, rec_id, body, loaded, report, later)
            except BaseException:
                self.stored[table] = previous
                raise
        return loaded

    def _open_one(
        self,
        cls: type[Record],
        table: str,
        rec_id: str,
        body: dict[str, Any],
        loaded: LoadedTable,
        report: Callable[[str, str], None],
        later: frozenset[str] | None = None,
    ) -> None:
        """*later*: the fields the first frame does not show (None: a whole read, the one
        that reports damage; a first frame's read is always followed by one)."""
        assert loaded.sealed is not None and loaded.locked is not None
        owner = self.owner(table, rec_id, body)
        opened = self.vault.open_record(table, rec_id, body, owner, later or NONE)
        plain = opened.body
        try:
            typed = from_record(
                cls, rec_id, plain if plain is not None else fields.masked(table, body)
            )
        except ValidationError as exc:
            where = exc.message if exc.field is None else f"field '{exc.field}': {exc.message}"
            report(rec_id, where)
            return
        loaded.sealed[rec_id] = body
        for path, why in opened.damaged if later is None else ():
            self.problems.append(
                f"{table_file(table)}: record {rec_id}: field '{path}': sealed value {why}; "
                f"restore it from git (`git log -p {table_file(table)}`)"
            )
        if plain is None:
            loaded.locked.add(rec_id)
            return
        if opened.in_clear:
            self.to_reseal.add((table, rec_id))
        loaded.raw[rec_id] = plain
        loaded.typed[rec_id] = typed

    def install(self, table: str, loaded: LoadedTable) -> None:
        if loaded.sealed is not None:
            self.stored[table] = loaded.sealed
        if loaded.locked is not None:
            self.locked[table] = set(loaded.locked)

    # --- writing --------------------------------------------------------------------------------

    def touch(self, table: str, rec_id: str, plain: dict[str, Any] | None, clock: Clock) -> None:
        """Seal the store's new version of one record (None: it was deleted) into `stored`."""
        if plain is None:
            self.stored[table].pop(rec_id, None)
            return
        owner = fields.owner(table, rec_id, plain, self.lookup)
        if table == "clients" and not self.vault.manifest.key_of(rec_id):
            self._new_key(rec_id, clock)
        try:
            self.stored[table][rec_id] = self.vault.seal_record(table, rec_id, plain, owner)
        except Locked:
            raise LockedRecordError(locked_message(table, rec_id)) from None
        self.to_reseal.discard((table, rec_id))

    def children(self, table: str, rec_id: str) -> list[tuple[str, str]]:
        """(table, id) of the records that belong to a client through record *rec_id*."""
        found = []
        for child, key in fields.children_of(table):
            found += [
                (child, cid) for cid, body in self.stored[child].items() if body.get(key) == rec_id
            ]
        return found

    def _new_key(self, client: str, clock: Clock) -> None:
        """A key for a client added here: kept on this machine, escrowed in vault.json."""
        from ctotui.vault.cipher import new_key, new_key_id
        from ctotui.vault.recovery import escrow

        key = ClientKey(client, new_key_id(), new_key())
        save_key(key)
        self.vault.add_key(key)
        wrapped = escrow(self.vault.manifest.recovery, client, key.key_id, key.key)
        self.vault.manifest.clients[client] = Entry(key.key_id, wrapped, utc_stamp(clock))
        self.manifest_changed = True

    def extra_files(self) -> dict[str, bytes]:
        """vault.json, when this transaction changed it."""
        if not self.manifest_changed:
            return {}
        return {VAULT_FILE: self.vault.manifest.to_bytes()}

    def reread_manifest(self, folder: Path) -> None:
        manifest = read_manifest(folder)
        if manifest is not None:
            self.vault.manifest = manifest
        self.manifest_changed = False

    # --- the undo log -----------------------------------------------------------------------------

    def seal_entry(self, entry: undolog.Entry) -> undolog.Entry:
        changes = tuple(
            undolog.RecordChange(
                c.table,
                c.id,
                self._seal(c.table, c.id, c.before),
                self._seal(c.table, c.id, c.after),
            )
            for c in entry.changes
        )
        return undolog.Entry(entry.id, entry.at, entry.origin, "", changes)

    def _seal(self, table: str, rec_id: str, body: dict[str, Any] | None) -> dict[str, Any] | None:
        if body is None:
            return None
        owner = self.owner(table, rec_id, body)
        return self.vault.seal_record(table, rec_id, body, owner)

    def open_entries(self, entries: list[undolog.Entry]) -> list[undolog.Entry]:
        """The log's entries opened; an entry that does not open here is left out (it cannot
        be undone on this machine)."""
        opened = []
        for entry in entries:
            changes = []
            for c in entry.changes:
                before, after = (
                    self._open(c.table, c.id, c.before),
                    self._open(c.table, c.id, c.after),
                )
                if before is False or after is False:
                    break
                changes.append(undolog.RecordChange(c.table, c.id, before, after))  # type: ignore[arg-type]
            else:
                label = undolog.describe(changes) if changes else entry.label
                opened.append(
                    undolog.Entry(entry.id, entry.at, entry.origin, label, tuple(changes))
                )
        return opened

    def _open(
        self, table: str, rec_id: str, body: dict[str, Any] | None
    ) -> dict[str, Any] | bool | None:
        if body is None:
            return None
        if table not in BY_TABLE:
            return False
        opened = self.vault.open_record(table, rec_id, body, self.owner(table, rec_id, body))
        return opened.body if opened.body is not None else False


_REFS: dict[str, list[tuple[str, str]]] = {
    table: [
        (s.key or name, s.ref)
        for name, s in field_specs(BY_TABLE[table]).items()
        if s.kind == REF and s.ref
    ]
    for table in TABLES
}


def _line(raw_bytes: bytes, rec_id: str) -> int | None:
    return record_line(raw_bytes, rec_id) if isinstance(rec_id, str) else None
