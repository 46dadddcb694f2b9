"""The store the app and the CLI share: typed records over TinyDB tables in a data folder.

Reads are served from memory. Writes happen in a *transaction*: take the folder's write lock,
reload any file another process changed, apply the operations (validated first), write each
changed table file, release. A failed write reloads from disk, so memory never claims what the
disk does not hold. The store keeps the data whole (every reference points at a record); the
rules of what a change means (cascades, status histories) live in `ctotui.services`.

Longer than the house's 300 lines, on purpose: the in-memory tables, the transaction that
writes them and the checks every write passes (unique names, references, field stamps, the
undo log) share one lock and one notion of "what memory holds"; split across modules, a
reader would have to hold all of them to see that a failed write can never leave memory and
disk apart. Opening a folder (`folder.py`), the file format (`storage.py`, `tablefile.py`),
the journal and the vault (`store_vault.py`) already live on their own.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB

from ctotui.data import loadcache, undolog
from ctotui.data.canonical import TableEncoder
from ctotui.data.folder import DataFolder
from ctotui.data.layout import META_FILE, SCHEMA_VERSION, TABLES, VAULT_FILE
from ctotui.data.lookup import describe, resolve
from ctotui.data.sealing import LOAD_ORDER, LockedRecordError, Sealer, locked_message
from ctotui.data.storage import FolderStorage, StrIdTable
from ctotui.data.store_vault import VaultMixin
from ctotui.data.tablefile import LoadedTable
from ctotui.data.upgrade import upgrade
from ctotui.domain.clock import Clock, default_clock, next_stamp, utc_stamp
from ctotui.domain.entities import BY_TABLE, REFERRERS
from ctotui.domain.field_stamps import with_field_stamps
from ctotui.domain.ids import is_ulid, new_ulid
from ctotui.domain.schema import (
    Record,
    dump_changes,
    field_specs,
    from_record,
    references,
    to_record,
)
from ctotui.errors import DataError, NotFoundError, ReadOnlyError, ValidationError

R = TypeVar("R", bound=Record)
# What a deferred open reads at once: presentation mode's redaction is made of the clients.
FIRST: tuple[str, ...] = ("clients",)


@dataclass(frozen=True, slots=True)
class Change:
    """What changed: the tables, and whether this process wrote them or the disk did."""

    tables: frozenset[str]
    origin: str  # "local" or "disk"


class Store(VaultMixin):
    """A data folder opened for reading and (unless read-only) writing.

    *session* (the dashboard) also takes the folder's session lock, so a second dashboard opens
    read-only. With *use_cache*, big tables come from the load cache when it holds exactly what
    their files would give, and the cache is made anew in the background when the store closes.

    With *defer* (a folder of the current schema), only the clients are read at once: the
    dashboard draws its first frame from what it kept of the last one (`ctotui.views.glance`)
    and `load_rest` reads the other tables in the background. `opened_stamps` are the files as
    they were when the folder was opened; `loading` is True until `load_rest` has run.
    """

    def __init__(
        self,
        folder: Path | str,
        *,
        clock: Clock | None = None,
        session: bool = False,
        lock_timeout: float = 5.0,
        use_cache: bool = False,
        origin: str = "cli",
        author: str = "",
        defer: bool = False,
    ) -> None:
        self.folder = Path(folder).expanduser()
        self.clock = clock or default_clock()
        self.version = 0
        self._use_cache = use_cache
        self.origin = origin  # where the changes are made, for the undo log: "app" or "cli"
        self.author = author  # who makes them (the `me` setting), kept as each record's updated_by
        # Each record a transaction touches, as stored before it: what undo puts back.
        self._before: dict[tuple[str, str], dict[str, Any] | None] = {}
        self._undoing: str | None = None
        self._table_versions = dict.fromkeys(TABLES, 0)
        self._mutex = threading.RLock()
        self._depth = 0
        self._dirty: set[str] = set()
        self._subscribers: list[Callable[[Change], None]] = []
        self._typed: dict[str, dict[str, Record]] = {t: {} for t in TABLES}
        # Each table's file text, record by record: a write re-encodes only what changed.
        self._encoders = {t: TableEncoder(t) for t in TABLES}
        self._indexes: dict[tuple[str, str], tuple[int, dict[str, list[Record]]]] = {}
        self._storage = FolderStorage({t: {} for t in TABLES})
        self._db = TinyDB(storage=lambda: self._storage)
        self._db.table_class = StrIdTable
        self._disk = DataFolder(self.folder, session=session, lock_timeout=lock_timeout)
        # A vault: records open on load and seal on write, here and nowhere above.
        self._sealer = self._disk.sealer = Sealer.open(self.folder, self._disk.warnings)
        self.loading = False
        with self._disk.consistent():
            version = self._disk.schema_version
            self.loading = defer and version == SCHEMA_VERSION
            if version < SCHEMA_VERSION:
                tables = upgrade(self._disk)
            else:
                tables = self._load_all(version, FIRST if self.loading else TABLES)
            if not self.read_only:
                self._disk.complete_meta()
            self.opened_stamps = self.disk_stamps()
        for table, loaded in tables.items():
            self._install(table, loaded)
        self._vault_problems()

    def _load_all(self, version: int, wanted: tuple[str, ...] = TABLES) -> dict[str, LoadedTable]:
        order = TABLES if self._sealer is None else LOAD_ORDER
        try:
            return {t: self._disk.load(t, self._use_cache) for t in order if t in wanted}
        except DataError as exc:
            if version == SCHEMA_VERSION:
                raise
            raise DataError(
                META_FILE,
                f"the data was written by a newer ctotui (schema {version}, this one reads "
                f"{SCHEMA_VERSION}) and cannot be read by this one ({exc}); upgrade ctotui",
            ) from None

    def _install(self, table: str, loaded: LoadedTable) -> None:
        if self._sealer is not None:
            self._sealer.install(table, loaded)
        self._storage.put(table, loaded)
        self._typed[table] = loaded.typed
        self._encoders[table].forget()
        self._bump(table)
        self._db.table(table).clear_cache()

    def _install_all(self, loaded: dict[str, LoadedTable]) -> None:
        """Several tables at once: the typed records (what every screen reads) change in one
        step, never one table new and another old."""
        typed = dict(self._typed)
        for table, content in loaded.items():
            if self._sealer is not None:
                self._sealer.install(table, content)
            self._storage.put(table, content)
            typed[table] = content.typed
            self._encoders[table].forget()
            self._db.table(table).clear_cache()
        self._typed = typed
        for table in loaded:
            self._bump(table)

    def _bump(self, table: str) -> None:
        self.version += 1
        self._table_versions[table] += 1

    # --- state ---------------------------------------------------------------------------

    @property
    def read_only_reason(self) -> str:
        return self._disk.read_only_reason

    @read_only_reason.setter
    def read_only_reason(self, reason: str) -> None:
        self._disk.read_only_reason = reason

    @property
    def read_only(self) -> bool:
        return self._disk.read_only

    @property
    def warnings(self) -> list[str]:
        return self._disk.warnings

    @property
    def state_folder(self) -> Path | None:
        """This clone's private state folder (locks, journal, undo log), if it has one."""
        return self._disk.state

    def load_rest(self) -> frozenset[str]:
        """Read what a deferred open left (and any file changed since it was opened), in one
        consistent state, off the UI thread; the tables are swapped in together. Subscribers
        hear of it as a change from disk. Raises DataError like opening (memory keeps what it
        had)."""
        failed = True
        try:
            changed = self.reload_if_changed(use_cache=self._use_cache)
            failed = False
            return changed
        finally:
            self._end_first_frame(failed)
            self.loading = False

    def load_deferred(self) -> None:
        """Build the stored dicts the load cache left for later (the dashboard calls this in
        the background after its first frame, so the first edit does not wait for them)."""
        self._storage.load_deferred()
        if self._sealer is not None:
            self._sealer.stored.build()

    def close(self, *, refresh: bool = True) -> None:
        self._disk.close()
        if self._use_cache and refresh:
            # If a big table's load cache is stale (edits, a git pull), a background process
            # makes it anew for the next start; this one returns at once.
            loadcache.refresh_in_background(self.folder)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def subscribe(self, callback: Callable[[Change], None]) -> Callable[[], None]:
        """Call *callback* after every change; returns the function that unsubscribes."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback)

    def _notify(self, tables: set[str], origin: str) -> None:
        if not tables:
            return
        change = Change(frozenset(tables), origin)
        for callback in list(self._subscribers):
            callback(change)

    def disk_stamps(self) -> dict[str, Any]:
        """What the folder's files look like on disk now (to tell whether they changed again)."""
        return self._disk.current_stamps(TABLES)

    def loaded_stamps(self) -> dict[str, Any]:
        """The files as this store last read or wrote them (what its records are made of)."""
        stamps = self._disk.stamps
        return {name: stamps.get(name) for name in (*TABLES, META_FILE, VAULT_FILE)}

    def changed_on_disk(self) -> set[str]:
        """Tables (and meta.json) whose file changed since this store last read or wrote it."""
        return self._disk.changed(TABLES)

    def reload_if_changed(self, *, wait: bool = True, use_cache: bool = False) -> frozenset[str]:
        """Re-read files another process (or `git pull`) replaced; notify and return them.

        Raises DataError (and keeps the previous state) when a changed file does not load.
        With *wait* False, returns at once (nothing reloaded) while this process is writing.
        Safe in any thread: the changed tables are read first and swapped in together, so a
        reader sees all of them old or all of them new.
        """
        if not self._mutex.acquire(blocking=wait):
            return frozenset()
        try:
            if not self.changed_on_disk():
                return frozenset()
            with self._disk.consistent(wait=wait) as readable:
                changed = self.changed_on_disk() if readable else set()
                tables = changed - {META_FILE, VAULT_FILE}
                stamps = dict(self._disk.stamps)
                try:
                    if META_FILE in changed:
                        self._disk.read_meta()
                    if VAULT_FILE in changed:
                        self._vault_file_changed()
                    loaded = {t: self._disk.load(t, use_cache) for t in LOAD_ORDER if t in tables}
                except BaseException:
                    self._disk.stamps = stamps  # still the state this store holds
                    raise
            self._install_all(loaded)
            self._vault_problems()
        finally:
            self._mutex.release()
        self._notify(tables, "disk")
        return frozenset(tables)

    # --- reading ---------------------------------------------------------------------------
    # Reads take no lock: a writer swaps whole values in under the GIL, and a save running in a
    # worker thread must never freeze the screen that reads.

    def all(self, cls: type[R]) -> list[R]:
        return list(self._typed[cls.TABLE].values())  # type: ignore[arg-type]

    def count(self, cls: type[Record]) -> int:
        return len(self._typed[cls.TABLE])

    def find(self, cls: type[R], rec_id: str | None) -> R | None:
        if not rec_id:
            return None
        return self._typed[cls.TABLE].get(rec_id)  # type: ignore[return-value]

    def get(self, cls: type[R], rec_id: str) -> R:
        found = self.find(cls, rec_id)
        if found is None:
            if self._sealer is not None and self._sealer.is_locked(cls.TABLE, rec_id):
                raise LockedRecordError(locked_message(cls.TABLE, rec_id))
            raise NotFoundError(f"no {cls.LABEL} with id {rec_id!r}")
        return found

    def query(self, cls: type[R], cond: Any) -> list[R]:
        """Records matching a TinyDB `Query` (on stored values) or a predicate on records."""
        typed = self._typed[cls.TABLE]
        if callable(cond) and not hasattr(cond, "is_cacheable"):
            return [r for r in list(typed.values()) if cond(r)]  # type: ignore[misc]
        docs = self._db.table(cls.TABLE).search(cond)
        return [typed[str(doc.doc_id)] for doc in docs]  # type: ignore[misc]

    def where(self, cls: type[R], field: str, value: str) -> list[R]:
        """Records whose *field* equals *value*, through an index rebuilt only after changes."""
        key = (cls.TABLE, field)
        version = self._table_versions[cls.TABLE]
        cached = self._indexes.get(key)
        if cached is None or cached[0] != version:
            index: dict[str, list[Record]] = {}
            for rec in list(self._typed[cls.TABLE].values()):
                index.setdefault(getattr(rec, field), []).append(rec)
            cached = (version, index)
            self._indexes[key] = cached
        return list(cached[1].get(value, []))  # type: ignore[arg-type]

    def raw(self, table: str) -> dict[str, dict[str, Any]]:
        """A copy of one table's stored dicts (for export and merge)."""
        return {k: dict(v) for k, v in list(self._storage.table(table).items())}

    def resolve(self, cls: type[R], text: str) -> R:
        """One record by id, id prefix or suffix, exact name/title/codename, or a unique part."""
        text = text.strip()
        exact = self.find(cls, text) or self.find(cls, text.upper())
        if exact is None and self._locked(cls.TABLE, text.upper()):
            raise LockedRecordError(locked_message(cls.TABLE, text.upper()))
        return resolve(self.all(cls), cls, text, exact)

    def referrers(self, rec: Record) -> list[tuple[Record, str, bool]]:
        """(record, field, required) of every record that refers to *rec*."""
        return [
            (child, name, required)
            for cls, name, required in REFERRERS[rec.TABLE]
            for child in self.where(cls, name, rec.id)
        ]

    # --- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, *, undoing: str | None = None) -> Iterator[None]:
        """Group writes: one lock, one reload, one all-or-nothing write of the changed files
        and of the undo log entry that describes them (*undoing*: the id of the undo log entry
        this transaction reverts, dropped from the log instead of a new entry added)."""
        with self._mutex:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            if self.read_only:
                raise ReadOnlyError(f"read-only: {self.read_only_reason}; nothing was saved")
            with self._disk.write_lock():
                self.reload_if_changed()
                self._depth = 1
                self._dirty = set()
                self._before = {}
                self._undoing = undoing
                try:
                    yield
                    self._flush()
                except BaseException:
                    self._discard()
                    raise
                finally:
                    self._depth = 0
                    self._before = {}
            written, self._dirty = self._dirty, set()
        self._notify(written, "local")

    def _flush(self) -> None:
        sealer = self._sealer
        if sealer is not None:
            for table, rec_id in sorted(sealer.to_reseal):
                if rec_id in self._storage.table(table):
                    self._touch(table, rec_id)  # a value a merge brought in the clear
        source = self._storage.table if sealer is None else sealer.stored.__getitem__
        files: dict[str, Any] = {
            table: self._encoders[table].encode_parts(source(table))
            for table in sorted(self._dirty)
        }
        if sealer is not None and files:
            files.update(sealer.extra_files())
        if files:
            self._disk.commit(files, self._undo_log())
        if sealer is not None:
            sealer.manifest_changed = False

    def _undo_log(self) -> bytes | None:
        """The undo log with this transaction's entry added (or, for an undo, its entry
        removed); None when there is no state folder to keep it in."""
        if self._disk.state is None:
            return None
        entries = undolog.read(self._disk.state)
        if self._undoing is not None:
            return undolog.encode([e for e in entries if e.id != self._undoing])
        changes = []
        for (table, rec_id), before in self._before.items():
            current = self._storage.table(table).get(rec_id)
            after = dict(current) if current is not None else None
            if before != after:
                changes.append(undolog.RecordChange(table, rec_id, before, after))
        if not changes:
            return None
        entry = undolog.Entry(
            new_ulid(),
            utc_stamp(self.clock),
            self.origin,
            undolog.describe(changes),
            tuple(changes),
        )
        if self._sealer is not None:
            entry = self._sealer.seal_entry(entry)  # the log is on disk: sealed like the files
        return undolog.encode([*entries, entry])

    def undo_entries(self) -> list[undolog.Entry]:
        """The undo log, oldest first, as the records' plain values (a vault's log is sealed;
        what does not open on this machine cannot be undone here and is left out)."""
        if self._disk.state is None:
            return []
        entries = undolog.read(self._disk.state)
        return entries if self._sealer is None else self._sealer.open_entries(entries)

    def _discard(self) -> None:
        """Forget unsaved changes: reload each touched table from disk."""
        if self._disk.interrupted():
            # Committed but not finished (the disk failed twice): the files are mid-change,
            # so nothing is read or written until a new open finishes it.
            self.read_only_reason = (
                "a change could not be finished because of a disk error; quit and reopen "
                "ctotui to finish it"
            )
            self._dirty = set()
            return
        if self._sealer is not None:
            self._sealer.reread_manifest(self.folder)
        for table in (t for t in LOAD_ORDER if t in self._dirty):
            # An unreadable disk copy keeps memory as it was before the reload.
            with contextlib.suppress(DataError):
                self._install(table, self._disk.load(table))
        self._dirty = set()

    def _touch(self, table: str, rec_id: str) -> None:
        """Note that record *rec_id* of *table* changed (added, edited or deleted)."""
        if self._sealer is not None:
            self._seal(table, rec_id)
        self._encoders[table].forget(rec_id)
        self._dirty.add(table)
        self._bump(table)
        self._db.table(table).clear_cache()

    def _capture(self, table: str, rec_id: str) -> None:
        """Keep record *rec_id* as stored before this transaction first changes it."""
        key = (table, rec_id)
        if key not in self._before:
            # Shallow: a change replaces a stored dict's values, it never edits them in place.
            body = self._storage.table(table).get(rec_id)
            self._before[key] = dict(body) if body is not None else None

    def stored(self, cls: type[Record], rec_id: str) -> dict[str, Any] | None:
        """A copy of one record's stored dict (None when there is no such record)."""
        body = self._storage.table(cls.TABLE).get(rec_id)
        return dict(body) if body is not None else None

    def _check_unique(self, rec: Record, where: str = "") -> None:
        for field in rec.UNIQUE:
            value = str(getattr(rec, field, "") or "").strip().casefold()
            if not value:
                continue
            for other in self._typed[rec.TABLE].values():
                if other.id == rec.id:
                    continue
                if any(
                    str(getattr(other, f, "") or "").strip().casefold() == value for f in rec.UNIQUE
                ):
                    raise ValidationError(
                        where or rec.where,
                        f"{getattr(rec, field)!r} is taken: {describe(other)} has it as its "
                        "name or codename; choose another (a city or a division tells them apart)",
                        field,
                    )

    def _check_references(self, rec: Record, where: str = "") -> None:
        for field, table, ref_id in references(rec):
            if ref_id not in self._typed[table] and not self._locked(table, ref_id):
                label = BY_TABLE[table].LABEL
                raise ValidationError(where or rec.where, f"no {label} with id {ref_id!r}", field)

    def insert(self, rec: R) -> R:
        """Add *rec* (a new id and time stamps are given to it); returns the stored record."""
        with self.transaction():
            rec_id = rec.id or new_ulid()
            if not is_ulid(rec_id):
                raise ValidationError(rec.where, f"record id {rec_id!r} is not a ULID", "id")
            if rec_id in self._typed[rec.TABLE]:
                raise ValidationError(rec.where, "a record with this id already exists")
            body = to_record(rec, with_meta=False)
            stamp = utc_stamp(self.clock)
            body["created_at"] = rec.created_at or stamp
            body["updated_at"] = stamp
            if self.author:
                body["updated_by"] = self.author
            try:
                stored = from_record(type(rec), rec_id, body)
            except ValidationError as exc:
                # Name the record as the caller knows it ("new client"), not by an id it never saw.
                raise ValidationError(rec.where, exc.message, exc.field) from None
            self._check_references(stored, rec.where)
            self._check_unique(stored, rec.where)
            # Straight into the stored table (TinyDB's insert would copy the whole table twice);
            # `_touch` clears TinyDB's query cache.
            self._capture(rec.TABLE, rec_id)
            self._storage.table(rec.TABLE)[rec_id] = body
            self._typed[rec.TABLE][rec_id] = stored
            self._touch(rec.TABLE, rec_id)
        return stored

    def update(self, cls: type[R], rec_id: str, **changes: Any) -> R:
        """Change some fields of one record (None clears a field); returns the stored record."""
        with self.transaction():
            current = self.get(cls, rec_id)
            body = to_record(current)
            for key, value in dump_changes(cls, changes).items():
                stored_key = field_specs(cls)[key].key or key
                if value is None:
                    body.pop(stored_key, None)
                else:
                    body[stored_key] = value
            if body == to_record(current):
                return current
            body["updated_at"] = next_stamp(self.clock, current.updated_at)
            body = with_field_stamps(to_record(current), body)  # the later edit of a field wins
            if self.author:
                body["updated_by"] = self.author
            stored = from_record(cls, rec_id, body)
            self._check_references(stored)
            self._check_unique(stored)
            self._capture(cls.TABLE, rec_id)
            doc = self._storage.table(cls.TABLE)[rec_id]
            doc.clear()
            doc.update(body)
            self._typed[cls.TABLE][rec_id] = stored
            self._touch(cls.TABLE, rec_id)
        return stored

    def delete(self, cls: type[Record], rec_id: str) -> Record:
        """Delete one record that no other record refers to (`ctotui.services.deleting` clears
        links and cascades first); returns what was deleted."""
        with self.transaction():
            rec = self.get(cls, rec_id)
            holders = self.referrers(rec)
            hidden = self._sealer.locked_referrers(cls.TABLE, rec_id) if self._sealer else 0
            if holders or hidden:
                kinds: dict[str, int] = {"locked records": hidden} if hidden else {}
                for child, _field, _required in holders:
                    kinds[child.TABLE] = kinds.get(child.TABLE, 0) + 1
                listed = ", ".join(f"{n} {t}" for t, n in sorted(kinds.items()))
                raise ValidationError(
                    rec.where, f"still has {listed}; delete them first or delete with cascade"
                )
            self._capture(cls.TABLE, rec_id)
            del self._storage.table(cls.TABLE)[rec_id]
            del self._typed[cls.TABLE][rec_id]
            self._touch(cls.TABLE, rec_id)
        return rec
