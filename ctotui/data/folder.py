"""A data folder on disk, as the store opens it: is it one, is it private, who else holds it,
which schema it has, and its table files read and written whole.

Opening decides once whether this process may write (`read_only_reason` says why not: another
dashboard holds the folder, a newer schema, a folder that is not writable) and remembers each
file's (inode, mtime, size) as it read or wrote it, so a change by another process or by `git
pull` is noticed.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from ctotui.data import loadcache
from ctotui.data.jsonfile import read_json, sweep_temp_files, write_if_changed, write_json
from ctotui.data.layout import META_FILE, SCHEMA_VERSION, table_file
from ctotui.data.lock import SESSION_LOCK, WRITE_LOCK, FolderLock, write_lock
from ctotui.data.tablefile import LoadedTable, read_table
from ctotui.errors import DataError

FileStamp = tuple[int, int, int] | None


def file_stamp(path: Path) -> FileStamp:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class DataFolder:
    """The folder behind a store. Raises DataError when *path* is not a readable data folder."""

    def __init__(self, path: Path, *, session: bool = False, lock_timeout: float = 5.0) -> None:
        self.path = path
        self.lock_timeout = lock_timeout
        self.read_only_reason = ""
        self.warnings: list[str] = []
        self.stamps: dict[str, FileStamp] = {}
        self._session_lock: FolderLock | None = None
        if not path.is_dir():
            raise DataError(str(path), "data folder not found (create one with `ctotui init`)")
        self._check_permissions()
        self.schema_version = self.read_meta()
        if session:
            self._take_session_lock()
        if not self.read_only and not os.access(path, os.W_OK):
            self.read_only_reason = "the data folder is not writable"
        if not self.read_only:
            self._sweep()

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

    def _sweep(self) -> None:
        """Remove the temp files of an interrupted write, unless a write is in progress now."""
        lock = FolderLock(self.path / WRITE_LOCK)
        try:
            if not lock.acquire(0):
                return  # another process is writing: its temp file is not debris
        except OSError:
            return  # no lock file can be made here; the writability check says why
        try:
            sweep_temp_files(self.path)
        finally:
            lock.release()

    def read_meta(self) -> int:
        """The folder's schema version (meta.json), remembering the file's stamp."""
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
        self.stamps[META_FILE] = file_stamp(path)
        if version > SCHEMA_VERSION:
            self.read_only_reason = (
                f"the data was written by a newer ctotui (schema {version}, this one reads "
                f"{SCHEMA_VERSION}); upgrade ctotui to edit it"
            )
        return version

    def _take_session_lock(self) -> None:
        lock = FolderLock(self.path / SESSION_LOCK)
        try:
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

    # --- files ----------------------------------------------------------------------------

    def load(self, table: str, use_cache: bool = False) -> LoadedTable:
        """One table file, validated (from the load cache when *use_cache* and it holds exactly
        what the file would give)."""
        path = self.path / table_file(table)
        stamp = file_stamp(path)
        loaded = None
        if use_cache and loadcache.enabled():
            loaded = loadcache.read_cached(self.path, table, loadcache.file_stamp(path))
        if loaded is None:
            loaded = read_table(self.path, table)
        self.stamps[table] = stamp
        return loaded

    def changed(self, tables: Sequence[str]) -> set[str]:
        """Those of *tables* (and meta.json) whose file changed since it was last read or
        written here."""
        found = {t for t in tables if file_stamp(self.path / table_file(t)) != self.stamps.get(t)}
        if file_stamp(self.path / META_FILE) != self.stamps.get(META_FILE):
            found.add(META_FILE)
        return found

    def write(self, name: str, data: bytes | Sequence[bytes]) -> None:
        """Replace one file of the folder atomically (`name` is a table or meta.json)."""
        path = self.path / (name if name == META_FILE else table_file(name))
        try:
            write_if_changed(path, data)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise DataError(
                path.name, f"cannot write: {reason.lower()}; nothing was saved"
            ) from None
        self.stamps[name] = file_stamp(path)

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        with write_lock(self.path, self.lock_timeout):
            yield


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
