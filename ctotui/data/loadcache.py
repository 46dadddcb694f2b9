"""A private cache of loaded table files: the dashboard opens a big folder in half the time.

Parsing and validating `recommendations.json` (25 MB, 20,000 records) was the largest part of
the time to the dashboard's first frame. Its result — the stored dicts and the typed records —
is kept here as a pickle, one file per table, in `.ctotui-cache/` inside the data folder:

* **only ever what validation produced for exactly that file**: each cache names the file's
  (inode, size, mtime, ctime) and a fingerprint of the code that parsed it (ctotui's domain and
  loading code, Python, pendulum); anything different and the JSON is read as usual. A file
  whose mtime was under 2 s old when it was read is not cached: a same-size rewrite within the
  same timestamp tick could not be told apart (git's "racily clean" problem). Files under
  256 KB are not cached at all: they load in milliseconds.
* **as private as the data**: the folder is 0700 and every file 0600, and a cache is neither
  read nor written when the data folder is open to other users or the file is not ours; the
  folder carries its own `.gitignore` (`*`), so it stays out of git even under an old
  top-level `.gitignore`, and the unpickler refuses every class but ctotui's records and the
  few value types they hold.
* **typed records first**: the records are one pickle and the stored dicts another, so the
  dicts (which the first frame does not need) are unpickled only when first read, or in the
  background once the dashboard is up (`LoadedTable.raw_later`).
* **never on the way**: reading a stale or broken cache silently falls back to the JSON; the
  cache is written by `python -m ctotui.data.loadcache DIR`, a background process started when
  a cache is stale as the dashboard quits, after a command-line write and after `ctotui sync`,
  so neither start-up nor quitting waits for it.

`CTOTUI_CACHE=0` in the environment turns it off (no second copy of the data on disk).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, BinaryIO, cast

from ctotui.data.jsonfile import atomic_write_bytes, sweep_temp_files
from ctotui.data.layout import TABLES, table_file
from ctotui.data.tablefile import LoadedTable, Raw, gc_paused, read_table
from ctotui.domain.schema import Record, to_record
from ctotui.errors import CtoError

CACHE_DIR = ".ctotui-cache"
FORMAT = 2
RACY_SECONDS = 2.0
MIN_BYTES = 256 * 1024
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
            here / "ids.py",
            here / "jsonfile.py",
            here / "layout.py",
            Path(sys.modules[Date.__module__].__file__ or ""),  # how its dates pickle
        ]
        for source in sources:
            with contextlib.suppress(OSError):
                digest.update(source.name.encode() + b"\0" + source.read_bytes())
        _fingerprint = digest.hexdigest()
    return _fingerprint


def _private(folder: Path) -> bool:
    """True when *folder* (the data folder or the cache) is ours and closed to others."""
    try:
        st = folder.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not stat.S_IMODE(st.st_mode) & 0o077


class _Unpickler(pickle.Unpickler):
    """Builds only ctotui's records and the value types they hold, nothing else."""

    ALLOWED = {("decimal", "Decimal"), ("pendulum.date", "Date"), ("datetime", "date")}

    def find_class(self, module: str, name: str) -> Any:
        if module.startswith("ctotui.domain.") or (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a ctotui cache")


def _unpickle(data: bytes | memoryview) -> Any:
    return _Unpickler(io.BytesIO(data)).load()


def _header_for(table: str, stamp: Stamp) -> tuple[Any, ...]:
    """What a cache of *table* made from a file with *stamp*, by this code, begins with."""
    return (FORMAT, code_fingerprint(), table, stamp)


def _read_header(handle: BinaryIO) -> Any:
    """The header at the start of a cache file (its length first), leaving *handle* after it."""
    size = int.from_bytes(handle.read(8), "big")
    return _unpickle(handle.read(min(size, 4096)))


def read_cached(folder: Path, table: str, stamp: Stamp | None) -> LoadedTable | None:
    """The cached load of *table* if it was made from a file with *stamp*, else None."""
    if stamp is None or not enabled() or not _private(folder):
        return None
    path = folder / CACHE_DIR / f"{table}.pickle"
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            if st.st_uid != os.getuid() or stat.S_IMODE(st.st_mode) & 0o077:
                return None
            if _read_header(handle) != _header_for(table, stamp):
                return None
            typed_size = int.from_bytes(handle.read(8), "big")
            typed_end = handle.tell() + typed_size
            with gc_paused():
                # Straight from the file: no 13 MB copy of the typed records in memory at once.
                typed = _Unpickler(handle).load()
            raw_size = int.from_bytes(handle.read(8), "big") if handle.tell() == typed_end else -1
            raw_pickle = handle.read()
            if len(raw_pickle) != raw_size:  # not the file `write_cache` wrote
                return None
    except Exception:  # a missing, old or broken cache is no cache
        return None
    return LoadedTable({}, typed, raw_later=lambda: _stored_dicts(raw_pickle, typed))


def _stored_dicts(raw_pickle: bytes, typed: dict[str, Record]) -> Raw:
    """The stored dicts kept beside *typed*; rebuilt from the records if that pickle fails
    (it was read with them, so this is only a guard)."""
    with gc_paused():
        with contextlib.suppress(Exception):
            raw = _unpickle(raw_pickle)
            if isinstance(raw, dict) and raw.keys() == typed.keys():
                return cast(Raw, raw)
        return {rec_id: to_record(rec) for rec_id, rec in typed.items()}


def write_cache(
    folder: Path, table: str, loaded: LoadedTable, stamp: Stamp, stamped_at: float
) -> bool:
    """Keep *loaded*, read from the file that had *stamp* at time *stamped_at*; False when it
    may not be kept (a racily new file, a folder open to others)."""
    if not _private(folder) or stamped_at - stamp[2] / 1e9 < RACY_SECONDS:
        return False
    cache = folder / CACHE_DIR
    cache.mkdir(mode=0o700, exist_ok=True)
    if not _private(cache):
        return False
    ignore = cache / ".gitignore"
    if not ignore.exists():
        atomic_write_bytes(ignore, b"# ctotui's load cache: never in git\n*\n")
    # The header (its length first) can be read without the records; two pickles, each with
    # its own unpickler (one unpickler reading both would mix up their memo numbers).
    head = pickle.dumps(_header_for(table, stamp), pickle.HIGHEST_PROTOCOL)
    # Records first, then the stored dicts (read later): `read_cached` reads them in order.
    typed = pickle.dumps(loaded.typed, pickle.HIGHEST_PROTOCOL)
    raw = pickle.dumps(loaded.raw, pickle.HIGHEST_PROTOCOL)
    parts = [len(head).to_bytes(8, "big"), head]
    parts += [len(typed).to_bytes(8, "big"), typed, len(raw).to_bytes(8, "big"), raw]
    atomic_write_bytes(cache / f"{table}.pickle", parts)
    return True


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


def _header(folder: Path, table: str) -> Any:
    """The header of *table*'s cache, or None when the file is not whole (a cache cut short
    would otherwise fail every start and never be made anew)."""
    try:
        with open(folder / CACHE_DIR / f"{table}.pickle", "rb") as handle:
            header = _read_header(handle)
            for _part in ("records", "stored dicts"):
                handle.seek(int.from_bytes(handle.read(8), "big"), os.SEEK_CUR)
            whole = handle.tell() == os.fstat(handle.fileno()).st_size
    except Exception:  # no readable header: stale
        return None
    return header if whole else None


def refresh(folder: Path) -> list[str]:
    """Load every table whose cache is stale from its JSON (validated) and keep the result;
    returns the tables cached."""
    if not enabled() or not _private(folder):
        return []
    with contextlib.suppress(OSError):
        sweep_temp_files(folder / CACHE_DIR)
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
    if not enabled() or not _private(folder) or not stale_tables(folder):
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
    os.umask(0o077)  # NDA data: nothing this process creates is readable by others
    sys.exit(main(sys.argv[1:]))
