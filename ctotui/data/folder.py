"""A data folder on disk, as the store opens it: is it one, is it private, who else holds it,
which schema and tables it has, and its files read and written whole.

Opening decides once whether this process may write (`read_only_reason` says why not: another
dashboard holds the folder, a newer schema, a folder that is not writable) and remembers each
file's (inode, mtime, size) as it read or wrote it, so a change by another process or by `git
pull` is noticed. Files are read under the write lock (`consistent`), so a reader never sees
half of another process's transaction, and a change a crash interrupted is finished first.

A little over 300 lines: opening, locking and reading decide together whether a process may
write, and splitting them would spread that one decision over several files.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctotui.data import journal, loadcache
from ctotui.data.jsonfile import (
    atomic_write_bytes,
    canonical_bytes,
    holds,
    read_json,
    sweep_temp_files,
)
from ctotui.data.layout import DATA_FILES, META_FILE, SCHEMA_VERSION, TABLES, VAULT_FILE, table_file
from ctotui.data.lock import SESSION_LOCK, WRITE_LOCK, FolderLock, lock_path
from ctotui.data.state import state_dir
from ctotui.data.tablefile import LoadedTable, read_table
from ctotui.data.undolog import UNDO_FILE
from ctotui.errors import DataError, LockedError

if TYPE_CHECKING:
    from ctotui.data.sealing import Sealer

FileStamp = tuple[int, int, int] | None
Data = bytes | Sequence[bytes]


def file_stamp(path: Path) -> FileStamp:
    try:
        st = path.lstat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def meta_bytes(version: int = SCHEMA_VERSION) -> bytes:
    """meta.json: the schema, and the tables the folder has (each file must be there)."""
    return canonical_bytes({"schema_version": version, "tables": sorted(TABLES)})


class DataFolder:
    """The folder behind a store. Raises DataError when *path* is not a readable data folder."""

    def __init__(self, path: Path, *, session: bool = False, lock_timeout: float = 5.0) -> None:
        self.path = path
        self.lock_timeout = lock_timeout
        self.read_only_reason = ""
        self.warnings: list[str] = []
        self.stamps: dict[str, FileStamp] = {}
        self.tables: frozenset[str] = frozenset()  # the tables meta.json says must be there
        self._session_lock: FolderLock | None = None
        self._write_lock: FolderLock | None = None
        self._lock_depth = 0
        self.sealer: Sealer | None = None  # a vault's (set by the store once the folder is open)
        if not path.is_dir():
            raise DataError(str(path), "data folder not found (create one with `ctotui init`)")
        self._check_permissions()
        self.schema_version = self.read_meta()
        self.state: Path | None = None
        with contextlib.suppress(OSError, DataError):
            self.state = state_dir(path, create=os.access(path, os.W_OK))
        if session:
            self._take_session_lock()
        if not self.read_only and not os.access(path, os.W_OK):
            self.read_only_reason = "the data folder is not writable"

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    # --- opening --------------------------------------------------------------------------

    def _check_permissions(self) -> None:
        mode = stat.S_IMODE(self.path.stat().st_mode)
        if mode & 0o077:
            self.warnings.append(
                f"{self.path}: data folder is readable by other users (mode {mode:04o}); "
                f"run `chmod 700 {self.path}`"
            )
            # NDA data: nothing is written into a folder others can read until it is closed.
            self.read_only_reason = (
                f"the data folder is readable by other users (mode {mode:04o}); "
                f"run `chmod 700 {self.path}` to edit it"
            )

    def _tighten_modes(self) -> None:
        """Files a plain `git clone` or `git pull` made under a loose umask (0644) go back to
        0600, said once."""
        loosened = []
        for name in (*DATA_FILES, META_FILE, VAULT_FILE):
            path = self.path / name
            with contextlib.suppress(OSError):
                st = path.lstat()
                if stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) & 0o077:
                    os.chmod(path, 0o600)
                    loosened.append(name)
        if loosened:
            self.warnings.append(
                f"{self.path}: {len(loosened)} data file(s) were readable by other users "
                f"({', '.join(loosened[:3])}{'…' if len(loosened) > 3 else ''}); set back to 0600"
            )

    def read_meta(self) -> int:
        """The folder's schema version (meta.json), remembering its tables and its stamp."""
        path = self.path / META_FILE
        if not path.exists():
            raise DataError(
                str(self.path), "not a ctotui data folder (no meta.json); run `ctotui init`"
            )
        meta = read_json(path)
        version = meta.get("schema_version") if isinstance(meta, dict) else None
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise DataError(
                META_FILE, f"'schema_version' must be a positive integer, got {version!r}"
            )
        self.tables = _listed_tables(meta)
        self.stamps[META_FILE] = file_stamp(path)
        self.stamps[VAULT_FILE] = file_stamp(self.path / VAULT_FILE)
        if version > SCHEMA_VERSION:
            self.read_only_reason = (
                f"the data was written by a newer ctotui (schema {version}, this one reads "
                f"{SCHEMA_VERSION}); upgrade ctotui to edit it"
            )
        return version

    def _take_session_lock(self) -> None:
        try:
            lock = FolderLock(lock_path(self.path, SESSION_LOCK))
            got = lock.acquire(0)
        except OSError:
            return  # a read-only folder cannot hold a lock file; the check below says so
        if got:
            self._session_lock = lock
        elif not self.read_only:
            self.read_only_reason = f"another ctotui ({lock.holder()}) is editing this folder"

    def close(self) -> None:
        if self._session_lock is not None:
            self._session_lock.release()
            self._session_lock = None

    # --- locking ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def write_lock(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the folder's write lock (re-entrant in this process); LockedError after
        *timeout* seconds (default: the folder's)."""
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        try:
            lock = FolderLock(lock_path(self.path, WRITE_LOCK))
            got = lock.acquire(self.lock_timeout if timeout is None else timeout)
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            raise DataError(
                str(self.path), f"cannot create the lock file: {reason}; nothing was saved"
            ) from None
        if not got:
            raise LockedError(
                f"{self.path}: data folder is busy ({lock.holder()} is writing); "
                "try again in a moment"
            )
        self._write_lock, self._lock_depth = lock, 1
        try:
            self._finish_interrupted()
            yield
        finally:
            self._lock_depth = 0
            self._write_lock = None
            lock.release()

    @contextlib.contextmanager
    def consistent(self, *, wait: bool = True) -> Iterator[bool]:
        """Read the folder as one state: under the write lock (no other process is between two
        renames of one transaction). Yields False, at once, when *wait* is False and another
        process is writing. A folder this process cannot write has no lock to take: it is read
        as it is, unless a change there was interrupted (only a writer can finish it)."""
        if self.state is None or not os.access(self.path, os.W_OK):
            if self.state is not None and journal.pending(self.state):
                raise DataError(
                    str(self.path),
                    "a change was interrupted and this folder is read-only; open it once "
                    "with write access to finish it",
                )
            yield True
            return
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(self.write_lock(None if wait else 0))
            except LockedError:
                if wait:
                    raise
                yield False
                return
            yield True

    def _finish_interrupted(self) -> None:
        """Under the write lock: finish a journaled change a crash interrupted, remove the
        temporary files of one that never committed."""
        self._tighten_modes()
        if self.state is None:
            return
        if journal.recover(self.state, self._allowed()):
            self.warnings.append(
                f"{self.path}: finished a change that was interrupted (a crash or a kill)"
            )
        for folder in (self.path, self.state):
            with contextlib.suppress(OSError):
                sweep_temp_files(folder)

    def interrupted(self) -> bool:
        """True while a committed change is not finished on disk (its journal is there)."""
        return self.state is not None and journal.pending(self.state)

    def _allowed(self) -> dict[Path, frozenset[str]]:
        allowed = {self.path: frozenset((*DATA_FILES, META_FILE, VAULT_FILE))}
        if self.state is not None:
            allowed[self.state] = frozenset({UNDO_FILE})
        return allowed

    # --- files ----------------------------------------------------------------------------

    def load(self, table: str, use_cache: bool = False) -> LoadedTable:
        """One table file, validated (from the load cache when *use_cache* and it holds exactly
        what the file would give). A table meta.json lists must have its file."""
        path = self.path / table_file(table)
        stamp = file_stamp(path)
        if stamp is None and table in self.tables:
            raise DataError(
                path.name,
                "file is missing (meta.json lists it); restore it with "
                f"`git checkout -- {path.name}` in {self.path}",
            )
        loaded = None
        if use_cache and loadcache.enabled():
            loaded = loadcache.read_cached(
                self.path, table, loadcache.file_stamp(path), self.sealer
            )
        if loaded is None:
            loaded = (
                read_table(self.path, table, defer_raw=True)
                if self.sealer is None
                else self.sealer.load(self.path, table)
            )
        self.stamps[table] = stamp
        return loaded

    def current_stamps(self, tables: Sequence[str]) -> dict[str, FileStamp]:
        """The stamps the files of *tables* and meta.json have on disk now."""
        found = {t: file_stamp(self.path / table_file(t)) for t in tables}
        found[META_FILE] = file_stamp(self.path / META_FILE)
        found[VAULT_FILE] = file_stamp(self.path / VAULT_FILE)
        return found

    def changed(self, tables: Sequence[str]) -> set[str]:
        """Those of *tables* (and meta.json) whose file changed since it was last read or
        written here."""
        found = {t for t in tables if file_stamp(self.path / table_file(t)) != self.stamps.get(t)}
        if file_stamp(self.path / META_FILE) != self.stamps.get(META_FILE):
            found.add(META_FILE)
        if file_stamp(self.path / VAULT_FILE) != self.stamps.get(VAULT_FILE):
            found.add(VAULT_FILE)
        return found

    def commit(self, files: dict[str, Data], undo: bytes | None = None) -> None:
        """Replace table files (by table name, or meta.json) and the undo log, all or nothing.
        The caller holds the write lock."""
        changes: dict[journal.Target, Data] = {}
        for name, data in files.items():
            path = self.path / _file_name(name)
            if not _same_bytes(path, data):
                changes[journal.Target(self.path, path.name)] = data
        if changes and undo is not None and self.state is not None:
            changes[journal.Target(self.state, UNDO_FILE)] = undo
        try:
            journal.commit(self.state or self.path, changes)
        except OSError as exc:
            first = next(iter(changes)).name
            reason = (exc.strerror or str(exc)).lower()
            raise DataError(first, f"cannot write: {reason}; nothing was saved") from None
        for name in files:
            self.stamps[name] = file_stamp(self.path / _file_name(name))

    def complete_meta(self) -> None:
        """Give an older folder's meta.json its list of tables (writing an empty file for each
        table that has none yet), under the write lock. Identical bytes on every clone."""
        if self.read_only or self.tables == frozenset(TABLES):
            return
        files: dict[str, Data] = {
            table: canonical_bytes({table: {}})
            for table in TABLES
            if file_stamp(self.path / table_file(table)) is None
        }
        files[META_FILE] = meta_bytes(self.schema_version)
        self.commit(files)
        self.tables = frozenset(TABLES)


def _file_name(name: str) -> str:
    """The file of a table (by table name), or meta.json / vault.json themselves."""
    return name if name in (META_FILE, VAULT_FILE) else table_file(name)


def _listed_tables(meta: dict[str, Any]) -> frozenset[str]:
    listed = meta.get("tables", [])
    if not isinstance(listed, list) or not all(isinstance(t, str) for t in listed):
        raise DataError(META_FILE, f"'tables' must be a list of table names, got {listed!r}")
    unknown = sorted(set(listed) - set(TABLES))
    if unknown:
        raise DataError(META_FILE, f"unknown table {unknown[0]!r} in 'tables'")
    return frozenset(listed)


def _same_bytes(path: Path, data: Data) -> bool:
    parts = [data] if isinstance(data, bytes) else data
    try:
        st = path.lstat()
        # An edit usually changes the size; reading a 25 MB file back only when it did not.
        return (
            stat.S_ISREG(st.st_mode) and st.st_size == sum(map(len, parts)) and holds(path, parts)
        )
    except OSError:
        return False


def create_folder(folder: Path) -> None:
    """Lay out an empty data folder (0700, meta.json, an empty file per table); refuses one
    that holds data already."""
    folder = folder.expanduser()
    if (folder / META_FILE).exists():
        raise DataError(str(folder), "already a ctotui data folder")
    if folder.is_dir() and any(p.name != ".git" for p in folder.iterdir()):
        # `ctotui init ~` must not chmod and `git init` someone's home folder.
        raise DataError(str(folder), "folder is not empty; choose a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    for table in TABLES:
        atomic_write_bytes(folder / table_file(table), canonical_bytes({table: {}}))
    # meta.json last: a folder is a data folder only once every table file is in place.
    atomic_write_bytes(folder / META_FILE, meta_bytes())
