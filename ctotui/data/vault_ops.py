"""Turning a data folder into a vault, and rotating one client's key: each one journaled commit.

`make_vault` seals every record of a plain folder — and writes vault.json, and empties the undo
log (it held the records in the clear) — in a single all-or-nothing commit: a kill leaves the
folder plain or a whole vault, never half. `rotate_key` seals one client's records again under a
new key in one store transaction (time stamps untouched: a rotation is not an edit, and must not
win a merge against one).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from typing import Any

from ctotui.data import loadcache, undolog
from ctotui.data.canonical import table_bytes
from ctotui.data.layout import VAULT_FILE
from ctotui.data.sealing import LOAD_ORDER, Sealer
from ctotui.data.store import Store
from ctotui.domain.clock import utc_stamp
from ctotui.errors import CtoError
from ctotui.vault import fields
from ctotui.vault.cipher import new_key, new_key_id
from ctotui.vault.keys import ClientKey, save_key
from ctotui.vault.manifest import Entry, Manifest
from ctotui.vault.records import Vault
from ctotui.vault.recovery import escrow, new_recovery

Progress = Callable[[int, int], None]  # (records done, records in all)


def _quiet(_done: int, _total: int) -> None:
    pass


def make_vault(store: Store, progress: Progress = _quiet) -> bytes:
    """Seal *store*'s folder; returns the recovery key's secret (shown once, never kept).
    The store must be closed and opened again afterwards to read the vault."""
    if store.is_vault:
        raise CtoError(f"{store.folder}: already a vault")
    if store.read_only:
        raise CtoError(f"{store.folder}: read-only ({store.read_only_reason}); nothing was sealed")
    disk = store._disk  # the journaled commit below is the store's own, by design
    with disk.write_lock():
        store.reload_if_changed()
        secret, public = new_recovery()
        manifest = Manifest(public)
        stamp = utc_stamp(store.clock)
        keys: dict[str, ClientKey] = {}
        for client in sorted(store.raw("clients")):
            key = ClientKey(client, new_key_id(), new_key())
            save_key(key)
            keys[key.key_id] = key
            manifest.clients[client] = Entry(
                key.key_id, escrow(public, client, key.key_id, key.key), stamp
            )
        sealer = Sealer(Vault(manifest, keys))
        tables = {table: store.raw(table) for table in LOAD_ORDER}
        total, done = sum(map(len, tables.values())), 0
        files: dict[str, Any] = {}
        for table, records in tables.items():
            sealed = sealer.stored[table]
            for rec_id in sorted(records):
                body = records[rec_id]
                owner = fields.owner(table, rec_id, body, sealer.lookup)
                sealed[rec_id] = sealer.vault.seal_record(table, rec_id, body, owner)
                done += 1
                if done % 1000 == 0:
                    progress(done, total)
            files[table] = table_bytes(table, sealed)
        progress(total, total)
        files[VAULT_FILE] = manifest.to_bytes()
        # The undo log holds earlier values in the clear: it starts again, empty.
        disk.commit(files, undolog.encode([]))
    forget_plain_cache(store)
    return secret


def forget_plain_cache(store: Store) -> None:
    """Remove the folder's load cache: it holds the records as they were, in the clear."""
    with contextlib.suppress(OSError):
        shutil.rmtree(loadcache.cache_folder(store.folder))


def records_of(store: Store, sealer: Sealer, client: str) -> list[tuple[str, str]]:
    """(table, id) of every record of *client* this store holds open."""
    found = []
    for table in LOAD_ORDER:
        for rec_id, body in store.raw(table).items():
            if fields.owner(table, rec_id, body, sealer.lookup) == client:
                found.append((table, rec_id))
    return found


def rotate_key(store: Store, client: str) -> tuple[str, int]:
    """Seal every record of *client* again under a new key, in one transaction; returns the
    new key id and how many records were sealed again. The old key stays on this machine (a
    concurrent edit made under it elsewhere must still open here)."""
    sealer = store.sealer
    if sealer is None:
        raise CtoError(f"{store.folder}: not a vault (make it one with `ctotui vault init`)")
    if not sealer.vault.readable(client):
        raise CtoError(f"client {client}: its key is not on this machine; rotate it where it is")
    with store.transaction():
        key = ClientKey(client, new_key_id(), new_key())
        save_key(key)
        sealer.vault.add_key(key)
        manifest = sealer.vault.manifest
        manifest.clients[client] = Entry(
            key.key_id,
            escrow(manifest.recovery, client, key.key_id, key.key),
            utc_stamp(store.clock),
        )
        sealer.manifest_changed = True
        touched = records_of(store, sealer, client)
        for table, rec_id in touched:
            store.reseal(table, rec_id)
    return key.key_id, len(touched)
