"""A private cache of loaded table files: the dashboard opens a big folder in half the time.

Parsing and validating `recommendations.json` (25 MB, 20,000 records) is the largest part of the
time to the dashboard's first frame. Its result — the typed records and the stored dicts — is
kept as a pickle per table, and trusted only as far as this:

* **never inside the data folder**: the cache lives in `$XDG_CACHE_HOME/ctotui/<folder id>/`
  (0700, files 0600), so no commit, no clone and no `git add -f` can place or carry one;
* **only what this user's ctotui wrote**: every file carries a MAC (keyed BLAKE2b) under a
  per-machine key kept in `$XDG_DATA_HOME/ctotui/machine.key` (0600), outside every repository.
  The MAC is checked over the whole file *before anything is decoded*; a file that fails it is
  no cache. The header is JSON, never a pickle, so reading it cannot run code either;
* **only ctotui's records**: the unpickler resolves an exact allow-list of classes (ctotui's
  records, their nested values and enums, `Decimal`, dates) and no dotted name;
* **only for exactly that file**: the header names the file's (inode, size, mtime, ctime) and a
  fingerprint of the code that parsed it; anything different and the JSON is read as usual. A
  file under 2 s old when read is not cached (a same-size rewrite within one timestamp tick
  could not be told apart) and files under 256 KB are not cached at all;
* **never on the way**: a stale or broken cache silently falls back to the JSON; the cache is
  written by `python -m ctotui.data.loadcache DIR`, a background process started when the
  dashboard quits, after a command-line write and after `ctotui sync`.

`CTOTUI_CACHE=0` in the environment turns it off (no second copy of the data on disk).

Longer than the house's 300 lines, on purpose: the writer and the reader of one file format
with a MAC, an allow-list and a freshness rule must change together, or a cache one side
writes is one the other trusts wrongly; a vault's encrypted variant is `vaultcache.py`.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import json
import os
import pickle
import secrets
import shutil
import stat
import subprocess
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ctotui.data import vaultcache  # a vault's cache: encrypted (see that module)
from ctotui.data.jsonfile import atomic_write_bytes, sweep_temp_files
from ctotui.data.layout import TABLES, VAULT_FILE, table_file
from ctotui.data.tablefile import LoadedTable, Raw, gc_paused, read_table
from ctotui.domain import entities, enums
from ctotui.domain.schema import Model, Record, to_record
from ctotui.errors import CtoError
from ctotui.locations import cache_dir, machine_key_file

if TYPE_CHECKING:
    from ctotui.data.sealing import Sealer

FORMAT = 3
RACY_SECONDS = 2.0
MIN_BYTES = 256 * 1024
MAC_BYTES = 32
OLD_CACHE_DIR = ".ctotui-cache"  # inside the data folder, where versions before 0.2 kept it
Stamp = tuple[int, int, int, int]

_fingerprint: str | None = None


def enabled() -> bool:
    return os.environ.get("CTOTUI_CACHE", "1") != "0"


def file_stamp(path: Path) -> Stamp | None:
    """What must not have changed for a cache of *path* to hold: inode, size, mtime, ctime."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def cache_folder(folder: Path) -> Path:
    """Where the cache of data folder *folder* lives (one folder per data folder)."""
    real = str(folder.expanduser().resolve())
    return cache_dir() / hashlib.blake2b(real.encode(), digest_size=12).hexdigest()


def code_fingerprint() -> str:
    """A hash of everything that decides what a table file loads into."""
    global _fingerprint
    if _fingerprint is None:
        from pendulum import Date

        import ctotui
        import ctotui.domain

        digest = hashlib.blake2b(digest_size=16)
        for part in (FORMAT, ctotui.__version__, sys.version):
            digest.update(f"{part}\0".encode())
        here = Path(__file__).parent
        sources = sorted(Path(ctotui.domain.__file__).parent.glob("*.py"))
        sources += [
            here / "tablefile.py",
            here / "jsonfile.py",
            here / "layout.py",
            Path(sys.modules[Date.__module__].__file__ or ""),  # how its dates pickle
        ]
        for source in sources:
            with contextlib.suppress(OSError):
                digest.update(source.name.encode() + b"\0" + source.read_bytes())
        _fingerprint = digest.hexdigest()
    return _fingerprint


# --- the machine key --------------------------------------------------------------------------


def _private_dir(path: Path) -> bool:
    try:
        st = path.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(st.st_mode)
        and st.st_uid == os.getuid()
        and not stat.S_IMODE(st.st_mode) & 0o077
    )


def _make_private_dir(path: Path) -> None:
    """Make *path* (ctotui's own folder under the user's XDG folders) and close it to others."""
    path.mkdir(parents=True, mode=0o700, exist_ok=True)
    st = path.lstat()
    if stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & 0o077:
        os.chmod(path, 0o700)


def _machine_key(*, create: bool) -> bytes | None:
    """This machine's cache key (made on first use when *create*), or None."""
    path = machine_key_file()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        if not create:
            return None
        _make_private_dir(path.parent)
        atomic_write_bytes(path, secrets.token_bytes(32))
        return _machine_key(create=False)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if st.st_uid != os.getuid() or stat.S_IMODE(st.st_mode) & 0o077:
            return None  # a key others can read (or plant) proves nothing
        key = handle.read(64)
    return key if len(key) == 32 else None


def _mac(key: bytes, data: bytes | memoryview) -> bytes:
    return hashlib.blake2b(data, key=key, digest_size=MAC_BYTES).digest()


# --- decoding, after the MAC ------------------------------------------------------------------


def _allowed_classes() -> dict[tuple[str, str], type[Any]]:
    allowed: dict[tuple[str, str], type[Any]] = {}
    for module in (entities, enums):
        for name, value in vars(module).items():
            ours = isinstance(value, type) and value.__module__ == module.__name__
            if ours and issubclass(value, Model | StrEnum):
                allowed[(module.__name__, name)] = value
    from datetime import date
    from decimal import Decimal

    from pendulum import Date

    allowed[("decimal", "Decimal")] = Decimal
    allowed[(Date.__module__, "Date")] = Date
    allowed[("datetime", "date")] = date
    return allowed


class _Unpickler(pickle.Unpickler):
    """Builds only ctotui's records and the value types they hold: an exact list of classes,
    looked up by module and name, never a dotted path into something else."""

    ALLOWED: dict[tuple[str, str], type[Any]] | None = None

    def find_class(self, module: str, name: str) -> Any:
        if _Unpickler.ALLOWED is None:
            _Unpickler.ALLOWED = _allowed_classes()
        found = _Unpickler.ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a ctotui cache")
        return found


def unpickle(data: bytes | memoryview) -> Any:
    """*data* unpickled with only records and the plain values they hold allowed."""
    return _Unpickler(io.BytesIO(data)).load()


def _header_for(table: str, stamp: Stamp) -> list[Any]:
    """What a cache of *table* made from a file with *stamp*, by this code, begins with."""
    return [FORMAT, code_fingerprint(), table, list(stamp)]


def _parts(blob: memoryview, count: int = 3) -> list[memoryview] | None:
    """The length-prefixed parts after the MAC: header, records, stored dicts."""
    parts, at = [], MAC_BYTES
    while at < len(blob):
        size = int.from_bytes(blob[at : at + 8], "big")
        at += 8
        if at + size > len(blob):
            return None
        parts.append(blob[at : at + size])
        at += size
    return parts if len(parts) == count else None


def read_private(path: Path) -> memoryview | None:
    """The bytes of cache file *path* if this user owns it and no one else may read or write
    it (a link is never followed); else None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            if st.st_uid != os.getuid() or stat.S_IMODE(st.st_mode) & 0o077:
                return None
            return memoryview(handle.read())
    except OSError:
        return None


def _read_authenticated(folder: Path, name: str, count: int) -> list[memoryview] | None:
    """The *count* parts of cache file *name* of *folder* if this user's ctotui wrote it on
    this machine (its MAC holds); else None. Nothing is decoded before the MAC is checked."""
    key = _machine_key(create=False)
    here = cache_folder(folder)
    if key is None or not _private_dir(here):
        return None
    blob = read_private(here / name)
    if blob is None or not hmac.compare_digest(blob[:MAC_BYTES], _mac(key, blob[MAC_BYTES:])):
        return None  # not written by this user's ctotui on this machine: never decoded
    return _parts(blob, count)


def private_place(folder: Path) -> tuple[bytes, Path] | None:
    """This machine's cache key and *folder*'s cache folder, made (0700) if need be; None when
    there is no private place for a cache."""
    key = _machine_key(create=True)
    here = cache_folder(folder)
    _make_private_dir(here.parent)
    _make_private_dir(here)
    if key is None or not _private_dir(here) or not _private_dir(here.parent):
        return None
    return key, here


def _write_authenticated(key: bytes, path: Path, parts: list[bytes]) -> None:
    """*parts*, length-prefixed, under the MAC of *key* (what `_read_authenticated` reads)."""
    body = b"".join(len(part).to_bytes(8, "big") + part for part in parts)
    atomic_write_bytes(path, [_mac(key, body), body])


def _unchecked_header(path: Path, limit: int) -> Any:
    """The (unauthenticated, JSON) header of cache file *path*, or None: enough to tell a stale
    cache, never trusted for anything else."""
    try:
        with open(path, "rb") as handle:
            handle.seek(MAC_BYTES)
            size = int.from_bytes(handle.read(8), "big")
            return json.loads(handle.read(min(size, limit)))
    except Exception:
        return None


def read_sealed(folder: Path, name: str, header: Any) -> memoryview | None:
    """The payload of cache file *name* of *folder* if this user's ctotui wrote it on this
    machine (its MAC holds) with exactly *header*; else None. Nothing is decoded before the MAC
    is checked, and the payload is for the caller to decode (with its own allow-list)."""
    if not enabled():
        return None
    parts = _read_authenticated(folder, name, 2)
    try:
        if parts is None or json.loads(bytes(parts[0])) != header:
            return None
    except Exception:  # a broken header is no cache
        return None
    return parts[1]


def sealed_headers(folder: Path, prefix: str) -> dict[Path, Any]:
    """The (unauthenticated, JSON) headers of the cache files of *folder* named *prefix*…:
    enough to tell which are stale, never trusted for anything else."""
    found: dict[Path, Any] = {}
    with contextlib.suppress(OSError):
        for path in cache_folder(folder).glob(f"{prefix}*"):
            header = _unchecked_header(path, 64 * 1024)
            if header is not None:
                found[path] = header
    return found


def write_sealed(folder: Path, name: str, header: Any, payload: bytes) -> bool:
    """Keep *payload* as cache file *name* of *folder*, under *header* (JSON) and this
    machine's MAC; False when there is no private place for it."""
    place = private_place(folder) if enabled() else None
    if place is None:
        return False
    key, here = place
    _write_authenticated(key, here / name, [json.dumps(header).encode(), payload])
    return True


def read_cached(
    folder: Path, table: str, stamp: Stamp | None, sealer: Sealer | None = None
) -> LoadedTable | None:
    """The cached load of *table* if it was made from a file with *stamp*, else None."""
    if stamp is None or not enabled():
        return None
    if sealer is not None:
        return vaultcache.read(folder, table, stamp, sealer)
    parts = _read_authenticated(folder, f"{table}.pickle", 3)
    if parts is None:
        return None
    try:
        if json.loads(bytes(parts[0])) != _header_for(table, stamp):
            return None
        with gc_paused():
            typed = unpickle(parts[1])
        # Its own copy: the file's bytes (the records' too) are freed now, not when (if ever)
        # a write needs the stored dicts.
        raw_pickle = memoryview(bytes(parts[2]))
        del parts
    except Exception:  # an old or broken cache is no cache
        return None
    return LoadedTable({}, typed, raw_later=lambda: _stored_dicts(raw_pickle, typed))


def _stored_dicts(raw_pickle: memoryview, typed: dict[str, Record]) -> Raw:
    """The stored dicts kept beside *typed* (authenticated with them); rebuilt from the records
    if that pickle fails."""
    with gc_paused():
        with contextlib.suppress(Exception):
            raw = unpickle(raw_pickle)
            if isinstance(raw, dict) and raw.keys() == typed.keys():
                return cast(Raw, raw)
        return {rec_id: to_record(rec) for rec_id, rec in typed.items()}


# --- writing ------------------------------------------------------------------------------------


def write_cache(
    folder: Path, table: str, loaded: LoadedTable, stamp: Stamp, stamped_at: float
) -> bool:
    """Keep *loaded*, read from the file that had *stamp* at time *stamped_at*; False when it
    may not be kept (a racily new file, no private place for it)."""
    if stamped_at - stamp[2] / 1e9 < RACY_SECONDS:
        return False
    place = private_place(folder)
    if place is None:
        return False
    key, here = place
    parts = [
        json.dumps(_header_for(table, stamp)).encode(),
        pickle.dumps(loaded.typed, pickle.HIGHEST_PROTOCOL),
        pickle.dumps(loaded.raw, pickle.HIGHEST_PROTOCOL),
    ]
    _write_authenticated(key, here / f"{table}.pickle", parts)
    return True


def _header(folder: Path, table: str) -> Any:
    """The unauthenticated header of *table*'s cache, or None (see `_unchecked_header`)."""
    return _unchecked_header(cache_folder(folder) / f"{table}.pickle", 4096)


def stale_tables(folder: Path) -> list[str]:
    """The tables whose cache is missing or out of date (cheap: stats and headers only)."""
    stale = []
    for table in TABLES:
        stamp = file_stamp(folder / table_file(table))
        if stamp is None or stamp[1] < MIN_BYTES:
            continue
        if _header(folder, table) != _header_for(table, stamp):
            stale.append(table)
    return stale


def any_stale(folder: Path) -> bool:
    """True when a cache of *folder* (a vault's: its encrypted one) is missing or out of date."""
    if (folder / VAULT_FILE).exists():
        return vaultcache.stale(folder)
    return bool(stale_tables(folder))


def forget_old_cache(folder: Path) -> None:
    """Remove the cache older versions kept inside the data folder (a link is only unlinked)."""
    old = folder / OLD_CACHE_DIR
    if old.is_symlink():
        old.unlink()
    elif old.is_dir():
        shutil.rmtree(old, ignore_errors=True)


def refresh(folder: Path) -> list[str]:
    """Load every table whose cache is stale from its JSON (validated) and keep the result;
    returns the tables cached."""
    if not enabled():
        return []
    forget_old_cache(folder)
    if (folder / VAULT_FILE).exists():
        return vaultcache.refresh(folder)
    with contextlib.suppress(OSError):
        sweep_temp_files(cache_folder(folder))
    done = []
    for table in stale_tables(folder):
        path = folder / table_file(table)
        stamp = file_stamp(path)
        if stamp is not None:
            # A file written a moment ago (the dashboard's last save): wait until it is not
            # racily new, then look again.
            time.sleep(max(0.0, RACY_SECONDS + 0.1 - (time.time() - stamp[2] / 1e9)))
        stamped_at = time.time()
        stamp = file_stamp(path)  # before reading: a file replaced meanwhile stays stale
        if stamp is None:
            continue
        try:
            loaded = read_table(folder, table)
        except CtoError:
            continue  # a bad file is the store's to report, not the cache's
        if write_cache(folder, table, loaded, stamp, stamped_at):
            done.append(table)
    return done


def refresh_in_background(folder: Path) -> None:
    """Start `refresh(folder)` in a separate process that outlives this one, if any cache of
    *folder* is stale."""
    if not enabled() or not any_stale(folder):
        return
    with contextlib.suppress(OSError):
        subprocess.Popen(  # our own interpreter and module
            [sys.executable, "-m", "ctotui.data.loadcache", str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not killed with the terminal's process group
            close_fds=True,
        )


def main(argv: list[str]) -> int:
    """`python -m ctotui.data.loadcache DIR`: refresh DIR's cache, silently (a background job)."""
    with contextlib.suppress(Exception):
        refresh(Path(argv[0]))
    return 0


if __name__ == "__main__":
    os.umask(0o077)  # NDA data: nothing this process creates is readable by other users
    sys.exit(main(sys.argv[1:]))
