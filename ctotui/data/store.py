"""The store the app and the CLI share: typed records over TinyDB tables in a data folder.

TinyDB keeps its Table/Query API, but over `FolderStorage`, which serves every read from memory
and writes nothing itself. Writes happen in a *transaction*: take the folder's write lock, reload
any file another process changed, apply the operations (validated first), write each changed
table file atomically, release. A failed write reloads from disk, so memory never claims what the
disk does not hold.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import stat
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from ctotui.data import loadcache
from ctotui.data.canonical import TableEncoder
from ctotui.data.ids import new_ulid
from ctotui.data.jsonfile import (
    canonical_bytes,
    read_json,
    sweep_temp_files,
    write_if_changed,
    write_json,
)
from ctotui.data.layout import META_FILE, SCHEMA_VERSION, TABLES, table_file
from ctotui.data.lock import SESSION_LOCK, WRITE_LOCK, FolderLock, write_lock
from ctotui.data.migrations import migrate
from ctotui.data.tablefile import LoadedTable, Raw, parse_table, read_table
from ctotui.domain.clock import Clock, default_clock, next_stamp, utc_stamp
from ctotui.domain.entities import BY_TABLE, ENTITIES
from ctotui.domain.field_stamps import with_field_stamps
from ctotui.domain.schema import (
    REF,
    Record,
    dump_changes,
    field_specs,
    from_record,
    references,
    to_record,
)
from ctotui.errors import (
    AmbiguousError,
    DataError,
    NotFoundError,
    ReadOnlyError,
    ValidationError,
)

R = TypeVar("R", bound=Record)
FileStamp = tuple[int, int, int] | None


@dataclass(frozen=True, slots=True)
class Change:
    """What changed: the tables, and whether this process wrote them or the disk did."""

    tables: frozenset[str]
    origin: str  # "local" or "disk"


class StrIdTable(Table):
    """A TinyDB table keyed by ULID strings instead of counting integers."""

    document_id_class = str  # type: ignore[assignment]  # TinyDB's stubs say int

    def _get_next_id(self) -> str:
        return new_ulid()


class FolderStorage(Storage):
    """TinyDB storage over the store's in-memory tables; the store decides when to write.

    A table may arrive with its stored dicts deferred (`LoadedTable.raw_later`, from the load
    cache): they are built the first time anything reads that table's dicts, or by
    `load_deferred` in the background once the dashboard is up.
    """

    def __init__(self, tables: dict[str, Raw]) -> None:
        self.tables = tables
        self._deferred: dict[str, Callable[[], Raw]] = {}
        self._building = threading.Lock()

    def put(self, table: str, loaded: LoadedTable) -> None:
        with self._building:
            self.tables[table] = loaded.raw
            if loaded.raw_later is None:
                self._deferred.pop(table, None)
            else:
                self._deferred[table] = loaded.raw_later

    def table(self, name: str) -> Raw:
        """The stored dicts of table *name*, built now if they were deferred."""
        if self._deferred:
            self.load_deferred(name)
        return self.tables[name]

    def load_deferred(self, *names: str) -> None:
        """Build the deferred dicts of *names* (all tables when none are named)."""
        with self._building:
            for name in names or list(self._deferred):
                later = self._deferred.pop(name, None)
                if later is not None:
                    self.tables[name] = later()

    def read(self) -> dict[str, Raw]:
        if self._deferred:
            self.load_deferred()
        return self.tables

    def write(self, data: dict[str, Raw]) -> None:
        with self._building:
            self._deferred.clear()
            self.tables = data


def _file_stamp(path: Path) -> FileStamp:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class Store:
    """A data folder opened for reading and (unless read-only) writing."""

    def __init__(
        self,
        folder: Path | str,
        *,
        clock: Clock | None = None,
        session: bool = False,
        lock_timeout: float = 5.0,
        use_cache: bool = False,
    ) -> None:
        """Open *folder*; with *use_cache*, big tables come from `loadcache` when it holds
        exactly what loading their files would give (the dashboard's start-up)."""
        self.folder = Path(folder).expanduser()
        self.clock = clock or default_clock()
        self.lock_timeout = lock_timeout
        self.read_only_reason = ""
        self.warnings: list[str] = []
        self.version = 0
        self._table_versions = dict.fromkeys(TABLES, 0)
        self._mutex = threading.RLock()
        self._depth = 0
        self._dirty: set[str] = set()
        self._subscribers: list[Callable[[Change], None]] = []
        self._typed: dict[str, dict[str, Record]] = {t: {} for t in TABLES}
        self._stamps: dict[str, FileStamp] = {}
        # Each table's file text, record by record: a write re-encodes only what changed.
        self._encoders = {t: TableEncoder(t) for t in TABLES}
        self._indexes: dict[tuple[str, str], tuple[int, dict[str, list[Record]]]] = {}
        self._storage = FolderStorage({t: {} for t in TABLES})
        self._db = TinyDB(storage=lambda: self._storage)
        self._db.table_class = StrIdTable
        self._session_lock: FolderLock | None = None

        if not self.folder.is_dir():
            raise DataError(
                str(self.folder), "data folder not found (create one with `ctotui init`)"
            )
        self._check_permissions()
        meta_version = self._read_meta()
        if session:
            self._take_session_lock()
        if not self.read_only and not os.access(self.folder, os.W_OK):
            self.read_only_reason = "the data folder is not writable"
        if not self.read_only:
            self._sweep()
        if meta_version < SCHEMA_VERSION:
            self._migrate(meta_version)
            return
        try:
            for table in TABLES:
                self._load(table, use_cache)
        except DataError as exc:
            if meta_version == SCHEMA_VERSION:
                raise
            raise DataError(
                META_FILE,
                f"the data was written by a newer ctotui (schema {meta_version}, this one reads "
                f"{SCHEMA_VERSION}) and cannot be read by this one ({exc}); upgrade ctotui",
            ) from None

    # --- opening --------------------------------------------------------------------------

    def _check_permissions(self) -> None:
        mode = stat.S_IMODE(self.folder.stat().st_mode)
        if mode & 0o077:
            self.warnings.append(
                f"{self.folder}: data folder is readable by other users (mode {mode:04o}); "
                f"run `chmod 700 {self.folder}`"
            )

    def _sweep(self) -> None:
        """Remove the temp files of an interrupted write, unless a write is in progress now."""
        lock = FolderLock(self.folder / WRITE_LOCK)
        try:
            if not lock.acquire(0):
                return  # another process is writing: its temp file is not debris
        except OSError:
            return  # no lock file can be made here; the writability check says why
        try:
            sweep_temp_files(self.folder)
        finally:
            lock.release()

    def _read_meta(self) -> int:
        path = self.folder / META_FILE
        if not path.exists():
            raise DataError(
                str(self.folder), "not a ctotui data folder (no meta.json); run `ctotui init`"
            )
        meta = read_json(path)
        version = meta.get("schema_version") if isinstance(meta, dict) else None
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise DataError(
                META_FILE, f"'schema_version' must be a positive integer, got {version!r}"
            )
        self._stamps[META_FILE] = _file_stamp(path)
        if version > SCHEMA_VERSION:
            self.read_only_reason = (
                f"the data was written by a newer ctotui (schema {version}, this one reads "
                f"{SCHEMA_VERSION}); upgrade ctotui to edit it"
            )
        return version

    def _take_session_lock(self) -> None:
        lock = FolderLock(self.folder / SESSION_LOCK)
        try:
            got = lock.acquire(0)
        except OSError:
            return  # a read-only folder cannot hold a lock file; the check below says so
        if got:
            self._session_lock = lock
        elif not self.read_only:
            self.read_only_reason = f"another ctotui ({lock.holder()}) is editing this folder"

    def _migrate(self, from_version: int) -> None:
        """Bring an older folder up to this schema: the raw tables go through the (pure)
        migrations and are validated after them; they are written back (tables first, then
        meta.json) unless the store is read-only, which keeps the result in memory only."""
        raw = {table: self._read_raw(table) for table in TABLES}
        try:
            migrated = migrate(raw, from_version, SCHEMA_VERSION)
        except LookupError as exc:
            raise DataError(
                META_FILE,
                f"this ctotui cannot migrate schema {from_version} to {SCHEMA_VERSION} ({exc})",
            ) from None
        for table in TABLES:
            loaded = parse_table(
                canonical_bytes({table: migrated.get(table, {})}), table, table_file(table)
            )
            self._storage.put(table, loaded)
            self._typed[table] = loaded.typed
            self._encoders[table].forget()
            self._stamps[table] = _file_stamp(self.folder / table_file(table))
            self._bump(table)
        if self.read_only:
            self.read_only_reason = (
                f"the data uses schema {from_version} and must be migrated, "
                f"but {self.read_only_reason}"
            )
            return
        with self.transaction():
            self._dirty.update(TABLES)
            # Tables first: a crash before meta.json is written only repeats the migration.
            self._flush()
            self._write(
                self.folder / META_FILE, canonical_bytes({"schema_version": SCHEMA_VERSION})
            )
            self._stamps[META_FILE] = _file_stamp(self.folder / META_FILE)

    def _read_raw(self, table: str) -> dict[str, dict[str, Any]]:
        """One table file's records as stored, unvalidated (for migrations)."""
        path = self.folder / table_file(table)
        if not path.exists():
            return {}
        data = read_json(path)
        records = data.get(table) if isinstance(data, dict) else None
        if not isinstance(records, dict):
            raise DataError(path.name, f'expected {{"{table}": {{...}}}} at the top')
        return records

    def _load(self, table: str, use_cache: bool = False) -> None:
        path = self.folder / table_file(table)
        stamp = _file_stamp(path)
        loaded = None
        if use_cache:
            loaded = loadcache.read_cached(self.folder, table, loadcache.file_stamp(path))
        if loaded is None:
            loaded = read_table(self.folder, table)
        self._storage.put(table, loaded)
        self._typed[table] = loaded.typed
        self._encoders[table].forget()
        self._stamps[table] = stamp
        self._bump(table)
        self._db.table(table).clear_cache()

    def _bump(self, table: str) -> None:
        self.version += 1
        self._table_versions[table] += 1

    # --- state ---------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    def load_deferred(self) -> None:
        """Build the stored dicts the load cache left for later (the dashboard calls this in
        the background after its first frame, so the first edit does not wait for them)."""
        self._storage.load_deferred()

    def table_version(self, table: str) -> int:
        return self._table_versions[table]

    def close(self) -> None:
        if self._session_lock is not None:
            self._session_lock.release()
            self._session_lock = None

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

    def changed_on_disk(self) -> set[str]:
        """Tables (and meta.json) whose file changed since this store last read or wrote it."""
        changed = {
            table
            for table in TABLES
            if _file_stamp(self.folder / table_file(table)) != self._stamps.get(table)
        }
        if _file_stamp(self.folder / META_FILE) != self._stamps.get(META_FILE):
            changed.add(META_FILE)
        return changed

    def reload_if_changed(self, *, wait: bool = True) -> frozenset[str]:
        """Re-read files another process (or `git pull`) replaced; notify and return them.

        Raises DataError (and keeps the previous state) when a changed file does not load.
        With *wait* False, returns at once (nothing reloaded) while this process is writing.
        """
        if not self._mutex.acquire(blocking=wait):
            return frozenset()
        try:
            changed = self.changed_on_disk()
            if not changed:
                return frozenset()
            tables = changed - {META_FILE}
            loaded = {t: read_table(self.folder, t) for t in tables}
            if META_FILE in changed:
                self._read_meta()
            for table, content in loaded.items():
                self._storage.put(table, content)
                self._typed[table] = content.typed
                self._encoders[table].forget()
                self._stamps[table] = _file_stamp(self.folder / table_file(table))
                self._bump(table)
                self._db.table(table).clear_cache()
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

    def repo(self, cls: type[R]) -> Repo[R]:
        """The store seen through one entity: `store.repo(Client).get(rec_id)`."""
        return Repo(self, cls)

    def raw(self, table: str) -> dict[str, dict[str, Any]]:
        """A copy of one table's stored dicts (for export and merge)."""
        return {k: dict(v) for k, v in list(self._storage.table(table).items())}

    def resolve(self, cls: type[R], text: str) -> R:
        """One record by id, id prefix, exact name/title/codename, or a unique part of it."""
        text = text.strip()
        if not text:
            raise NotFoundError(f"a {cls.LABEL} is required")
        records = self.all(cls)
        exact = self.find(cls, text) or self.find(cls, text.upper())
        if exact:
            return exact
        lowered = text.lower()

        def names(rec: Record) -> list[str]:
            return [
                str(v).lower()
                for v in (
                    getattr(rec, "name", ""),
                    getattr(rec, "title", ""),
                    getattr(rec, "codename", ""),
                )
                if v
            ]

        upper = text.upper()
        rules: list[Callable[[Record], bool]] = [
            # The CLI shows the last 8 characters (the random part); the first ones (the time
            # part) are shared by every record made in the same millisecond.
            lambda r: len(text) >= 4 and (r.id.endswith(upper) or r.id.startswith(upper)),
            lambda r: lowered in names(r),
            lambda r: any(lowered in n for n in names(r)),
        ]
        for rule in rules:
            matches = [r for r in records if rule(r)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                shown = ", ".join(m.display_name() for m in matches[:4])
                more = "…" if len(matches) > 4 else ""
                raise AmbiguousError(
                    f"{text!r} matches {len(matches)} {cls.TABLE}: {shown}{more}; be more specific"
                )
        raise NotFoundError(f"no {cls.LABEL} matches {text!r}")

    # --- writing ---------------------------------------------------------------------------

    def _require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(f"read-only: {self.read_only_reason}; nothing was saved")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: one lock, one reload, one atomic write per changed table file."""
        with self._mutex:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._require_writable()
            with write_lock(self.folder, self.lock_timeout):
                self.reload_if_changed()
                self._depth = 1
                self._dirty = set()
                try:
                    yield
                    self._flush()
                except BaseException:
                    self._discard()
                    raise
                finally:
                    self._depth = 0
            written, self._dirty = self._dirty, set()
        self._notify(written, "local")

    def _flush(self) -> None:
        for table in sorted(self._dirty):
            path = self.folder / table_file(table)
            self._write(path, self._encoders[table].encode_parts(self._storage.table(table)))
            self._stamps[table] = _file_stamp(path)

    @staticmethod
    def _write(path: Path, data: bytes | list[bytes]) -> None:
        try:
            write_if_changed(path, data)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise DataError(
                path.name, f"cannot write: {reason.lower()}; nothing was saved"
            ) from None

    def _discard(self) -> None:
        """Forget unsaved changes: reload each touched table from disk."""
        for table in self._dirty:
            # An unreadable disk copy keeps memory as it was before the reload.
            with contextlib.suppress(DataError):
                self._load(table)
        self._dirty = set()

    def _touch(self, table: str, rec_id: str) -> None:
        """Note that record *rec_id* of *table* changed (added, edited or deleted)."""
        self._encoders[table].forget(rec_id)
        self._dirty.add(table)
        self._bump(table)
        self._db.table(table).clear_cache()

    def _check_references(self, rec: Record, where: str = "") -> None:
        for field, table, ref_id in references(rec):
            if ref_id not in self._typed[table]:
                label = BY_TABLE[table].LABEL
                raise ValidationError(where or rec.where, f"no {label} with id {ref_id!r}", field)

    def insert(self, rec: R) -> R:
        """Add *rec* (a new id and time stamps are given to it); returns the stored record."""
        with self.transaction():
            rec_id = rec.id or new_ulid()
            if rec_id in self._typed[rec.TABLE]:
                raise ValidationError(rec.where, "a record with this id already exists")
            body = to_record(rec, with_meta=False)
            stamp = utc_stamp(self.clock)
            body["created_at"] = rec.created_at or stamp
            body["updated_at"] = stamp
            try:
                stored = from_record(type(rec), rec_id, body)
            except ValidationError as exc:
                # Name the record as the caller knows it ("new client"), not by an id it never saw.
                raise ValidationError(rec.where, exc.message, exc.field) from None
            self._check_references(stored, rec.where)
            # Straight into the stored table (TinyDB's insert would copy the whole table twice);
            # `_touch` clears TinyDB's query cache.
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
            stored = from_record(cls, rec_id, body)
            self._check_references(stored)
            doc = self._storage.table(cls.TABLE)[rec_id]
            doc.clear()
            doc.update(body)
            self._typed[cls.TABLE][rec_id] = stored
            self._touch(cls.TABLE, rec_id)
        return stored

    def dependents(self, rec: Record) -> tuple[list[Record], list[tuple[Record, str]]]:
        """What hangs on *rec*: records that require it (deleted with it, recursively) and
        records that merely link to it (the link is cleared)."""
        owned: list[Record] = []
        links: list[tuple[Record, str]] = []
        pending = [rec]
        seen = {(rec.TABLE, rec.id)}
        while pending:
            current = pending.pop()
            for cls in ENTITIES:
                for name, s in field_specs(cls).items():
                    if s.kind != REF or s.ref != current.TABLE:
                        continue
                    for child in self.where(cls, name, current.id):
                        key = (child.TABLE, child.id)
                        if key in seen:
                            continue
                        if s.required:
                            seen.add(key)
                            owned.append(child)
                            pending.append(child)
                        else:
                            links.append((child, name))
        owned_keys = {(r.TABLE, r.id) for r in owned}
        links = [(r, f) for r, f in links if (r.TABLE, r.id) not in owned_keys]
        return owned, links

    def delete(self, cls: type[Record], rec_id: str, *, cascade: bool = False) -> list[Record]:
        """Delete one record; with *cascade*, also the records that require it.

        Without *cascade*, refuses when other records require this one. Optional links to it
        (a budget line's recommendation, say) are cleared either way. Returns what was deleted.
        """
        with self.transaction():
            rec = self.get(cls, rec_id)
            owned, links = self.dependents(rec)
            if owned and not cascade:
                kinds: dict[str, int] = {}
                for child in owned:
                    kinds[child.TABLE] = kinds.get(child.TABLE, 0) + 1
                listed = ", ".join(f"{n} {t}" for t, n in sorted(kinds.items()))
                raise ValidationError(
                    rec.where, f"still has {listed}; delete them first or delete with cascade"
                )
            for child, field in links:
                self.update(type(child), child.id, **{field: None})
            removed = [*owned, rec]
            for victim in removed:
                del self._storage.table(victim.TABLE)[victim.id]
                del self._typed[victim.TABLE][victim.id]
                self._touch(victim.TABLE, victim.id)
        return removed


class Repo(Generic[R]):
    """The store seen through one entity: `store.repo(Client).get(id)` and friends."""

    def __init__(self, store: Store, cls: type[R]) -> None:
        self.store = store
        self.cls = cls

    def get(self, rec_id: str) -> R:
        return self.store.get(self.cls, rec_id)

    def find(self, rec_id: str | None) -> R | None:
        return self.store.find(self.cls, rec_id)

    def list(self) -> builtins.list[R]:
        return self.store.all(self.cls)

    def query(self, cond: Any) -> builtins.list[R]:
        return self.store.query(self.cls, cond)

    def insert(self, rec: R) -> R:
        return self.store.insert(rec)

    def update(self, rec_id: str, **changes: Any) -> R:
        return self.store.update(self.cls, rec_id, **changes)

    def delete(self, rec_id: str, *, cascade: bool = False) -> builtins.list[Record]:
        return self.store.delete(self.cls, rec_id, cascade=cascade)


def create_folder(folder: Path) -> None:
    """Lay out an empty data folder (0700, meta.json); refuses one that holds data already."""
    folder = folder.expanduser()
    if (folder / META_FILE).exists():
        raise DataError(str(folder), "already a ctotui data folder")
    if folder.is_dir() and any(p.name != ".git" for p in folder.iterdir()):
        # `ctotui init ~` must not chmod and `git init` someone's home folder.
        raise DataError(str(folder), "folder is not empty; choose a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    write_json(folder / META_FILE, {"schema_version": SCHEMA_VERSION})
