"""The load cache of a vault folder: encrypted, so nothing opened lands on disk in the clear.

Opening every sealed value of a 20,000-record folder costs a second; the cache keeps what a load
gives (the opened records, the sealed ones, which are locked) as `loadcache` does for a plain
folder — same place, same rules (never in the data folder, only for exactly that file and this
code) — but the whole payload is sealed with AES-256-GCM under a key derived (HKDF-SHA256) from
this machine's cache key and *every vault key it holds*. The cache is therefore exactly as
readable as the keys themselves: delete or rotate a key and every cache made with it is noise
(and is made again without it). The header — stamps and key ids, no content — is the associated
data, so a cache made for another file or another set of keys does not even decrypt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctotui.data.jsonfile import atomic_write_bytes, read_data_file
from ctotui.data.layout import TABLES, table_file
from ctotui.data.tablefile import LoadedTable, Raw, gc_paused
from ctotui.errors import CtoError

if TYPE_CHECKING:
    from ctotui.data.sealing import Sealer

FORMAT = 1
MIN_BYTES = 64 * 1024
SUFFIX = ".vault-cache"


class Tables(dict[str, Raw]):
    """A vault's sealed tables, by name (`Sealer.stored`); a table from this cache is unpickled
    when first used (the first frame does not need it: only a write or an owner look-up does)."""

    def __init__(self) -> None:
        super().__init__({t: {} for t in TABLES})
        self._later: dict[str, Callable[[], Raw]] = {}
        self._lock = threading.Lock()

    def defer(self, table: str, build: Callable[[], Raw]) -> None:
        with self._lock:
            self._later[table] = build

    def __setitem__(self, table: str, value: Raw) -> None:
        with self._lock:
            self._later.pop(table, None)
            super().__setitem__(table, value)

    def __getitem__(self, table: str) -> Raw:
        if self._later:
            self.build(table)
        return super().__getitem__(table)

    def get(self, table: str, default: Any = None) -> Any:
        if self._later:
            self.build(table)
        return super().get(table, default)

    def build(self, *tables: str) -> None:
        """Unpickle the deferred tables named (all when none are)."""
        with self._lock:
            for table in tables or list(self._later):
                later = self._later.pop(table, None)
                if later is not None:
                    super().__setitem__(table, later())


def _lc() -> Any:
    from ctotui.data import loadcache  # loadcache imports this module: no cycle at import time

    return loadcache


def _depends_on(table: str) -> list[str]:
    """The tables whose files decide how *table*'s records open (their owners)."""
    from ctotui.vault import fields

    if table == fields.CONFLICTS:
        return [t for t in TABLES if t != table]
    parent = fields.parent_of(table)
    return [table] if parent is None else [table, parent[1]]


def _header(folder: Path, table: str, sealer: Sealer) -> list[Any] | None:
    lc = _lc()
    stamps = []
    for name in _depends_on(table):
        stamp = lc.file_stamp(folder / table_file(name))
        if stamp is None:
            return None
        stamps.append([name, list(stamp)])
    stamps.append(["vault.json", list(lc.file_stamp(folder / "vault.json") or ())])
    return [FORMAT, lc.code_fingerprint(), table, stamps, sorted(sealer.vault.keys)]


def _key(sealer: Sealer, header: bytes) -> bytes | None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    machine = _lc()._machine_key(create=False)
    if machine is None:
        return None
    material = machine + b"".join(sealer.vault.keys[k].key for k in sorted(sealer.vault.keys))
    info = b"ctotui-vault-cache-v1\0" + hashlib.sha256(header).digest()
    return HKDF(hashes.SHA256(), 32, salt=None, info=info).derive(material)


def _path(folder: Path, table: str) -> Path:
    return Path(_lc().cache_folder(folder)) / f"{table}{SUFFIX}"


def read(folder: Path, table: str, stamp: Any, sealer: Sealer) -> LoadedTable | None:
    """The cached load of *table*, if it was made from exactly these files with exactly the
    keys this machine holds now; else None (the caller reads the file)."""
    lc = _lc()
    header = _header(folder, table, sealer)
    here = _path(folder, table)
    if header is None or not lc._private_dir(here.parent):
        return None
    head = json.dumps(header).encode()
    blob = lc.read_private(here)
    if blob is None:
        return None
    try:
        size = int.from_bytes(blob[:8], "big")
        if blob[8 : 8 + size] != head:
            return None
        opened = open_payload(sealer, head, blob[8 + size :])
        if opened is None:
            return None
        payload = memoryview(opened)
        split = int.from_bytes(payload[:8], "big")
        return table_from_parts(sealer, table, payload[8 : 8 + split], payload[8 + split :])
    except Exception:  # missing, stale, made with other keys, damaged: no cache
        return None


def table_parts(loaded: LoadedTable) -> tuple[bytes, bytes]:
    """A vault's table in two pickles: its records and locked ids (read at once), then its
    opened and sealed dicts (read when something needs them: the first frame does not)."""
    first = pickle.dumps((loaded.typed, sorted(loaded.locked or ())), pickle.HIGHEST_PROTOCOL)
    second = pickle.dumps((loaded.raw, loaded.sealed), pickle.HIGHEST_PROTOCOL)
    return first, second


def table_from_parts(
    sealer: Sealer, table: str, first: bytes | memoryview, second: bytes | memoryview
) -> LoadedTable:
    """`table_parts` read back with the load cache's allow-list: the records now, the opened
    and sealed dicts (the latter into *sealer*'s tables) unpickled once, when first needed.
    Raises when the first part does not unpickle to what `table_parts` writes."""
    lc = _lc()
    with gc_paused():
        typed, locked = lc.unpickle(first)
    rest: list[Any] = []

    def later() -> Any:
        if not rest:
            with gc_paused():
                rest.extend(lc.unpickle(second))
        return rest

    sealer.stored.defer(table, lambda: later()[1])
    return LoadedTable({}, typed, raw_later=lambda: later()[0], locked=set(locked))


def write(folder: Path, table: str, loaded: LoadedTable, sealer: Sealer, head: bytes) -> bool:
    if _lc().private_place(folder) is None:
        return False
    first, second = table_parts(loaded)
    sealed = seal_payload(sealer, head, len(first).to_bytes(8, "big") + first + second)
    if sealed is None:
        return False
    atomic_write_bytes(_path(folder, table), [len(head).to_bytes(8, "big"), head, sealed])
    return True


def seal_payload(sealer: Sealer, head: bytes, payload: bytes) -> bytes | None:
    """*payload* encrypted as this module's caches are (AES-256-GCM under the key of this
    machine and every vault key it holds, *head* as associated data); None without a machine
    key. For the other caches of a vault (the dashboard's glance)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    _lc()._machine_key(create=True)
    key = _key(sealer, head)
    if key is None:
        return None
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, payload, head)


def open_payload(sealer: Sealer, head: bytes, blob: bytes | memoryview) -> bytes | None:
    """What `seal_payload` sealed under *head* with the keys held now, or None (other keys,
    other head, damaged)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _key(sealer, head)
    if key is None:
        return None
    view = memoryview(blob)  # decrypted where it lies: a vault's table cache is tens of MB
    try:
        return AESGCM(key).decrypt(view[:12], view[12:], head)
    except Exception:
        return None


def key_ids(sealer: Sealer) -> list[str]:
    """The ids of the vault keys this machine holds: part of every vault cache's header."""
    return sorted(sealer.vault.keys)


def refresh(folder: Path) -> list[str]:
    """Open the vault with this machine's keys and keep an encrypted cache of each big table
    whose cache is stale; the plain caches of the folder (from before it was a vault) go."""
    from ctotui.data.sealing import LOAD_ORDER, Sealer

    lc = _lc()
    here = Path(lc.cache_folder(folder))
    for old in here.glob("*.pickle"):
        with contextlib.suppress(OSError):
            old.unlink()  # made while the folder was plain: the records in the clear
    warnings: list[str] = []
    try:
        sealer = Sealer.open(folder, warnings)
    except CtoError:
        return []
    if sealer is None:
        return []
    done: list[str] = []
    for table in LOAD_ORDER:
        path = folder / table_file(table)
        stamp = lc.file_stamp(path)
        if stamp is None:
            return done  # a table file missing: the store reports it
        header = _header(folder, table, sealer)
        big = stamp[1] >= MIN_BYTES
        head = json.dumps(header).encode() if header is not None else b""
        if big and header is not None and read(folder, table, stamp, sealer) is not None:
            continue  # fresh already (and sealer.stored now holds it)
        time.sleep(max(0.0, lc.RACY_SECONDS + 0.1 - (time.time() - stamp[2] / 1e9)))
        if lc.file_stamp(path) != stamp:
            return done
        before = len(sealer.problems)
        try:
            loaded = sealer.parse(read_data_file(path), table, path.name)
        except CtoError:
            return done
        sealer.install(table, loaded)
        clean = len(sealer.problems) == before and not sealer.to_reseal
        if big and header is not None and clean and write(folder, table, loaded, sealer, head):
            done.append(table)
    return done


def stale(folder: Path) -> bool:
    """Cheap: whether any big table's cache is missing or older than its file."""
    lc = _lc()
    here = Path(lc.cache_folder(folder))
    for table in TABLES:
        stamp = lc.file_stamp(folder / table_file(table))
        if stamp is None or stamp[1] < MIN_BYTES:
            continue
        cached = lc.file_stamp(here / f"{table}{SUFFIX}")
        if cached is None or cached[2] < stamp[2]:
            return True
    return False
