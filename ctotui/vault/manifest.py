"""`vault.json`: that a folder is a vault, and which key id each client's records are sealed with.

Plain, synced and secret-free: the format version, the cipher, the recovery public key and, per
client, its current key id, the key escrowed to the recovery key (see `recovery`) and when that
key became current. It changes when a client is added or a key rotated, on any clone, so the
merge driver merges it per client (`merge_manifests`): an entry changed on one side is taken, a
client whose key both sides rotated keeps the later rotation. Two clones that each ran `vault
init` made two different vaults: that merge is refused, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctotui.data.jsonfile import canonical_bytes, parse_json_bytes, read_json
from ctotui.data.layout import VAULT_FILE
from ctotui.errors import DataError

FORMAT = "ctotui-vault"
VERSION = 1
CIPHER = "AES-SIV-512"
_KEY_ID = re.compile(r"[0-9a-f]{16}")
_ULID = re.compile(r"[0-7][0-9A-HJKMNP-TV-Z]{25}")
_B64 = re.compile(r"[A-Za-z0-9+/]{40,400}={0,2}")


@dataclass(frozen=True, slots=True)
class Entry:
    key_id: str
    escrow: str
    since: str  # UTC stamp of when this key became the client's current one

    def to_json(self) -> dict[str, str]:
        return {"key": self.key_id, "escrow": self.escrow, "since": self.since}


@dataclass(slots=True)
class Manifest:
    recovery: str  # the recovery public key, base64
    clients: dict[str, Entry] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "cipher": CIPHER,
            "recovery": self.recovery,
            "clients": {cid: e.to_json() for cid, e in sorted(self.clients.items())},
        }

    def to_bytes(self) -> bytes:
        return canonical_bytes(self.to_json())

    def key_of(self, client: str) -> str:
        """The client's current key id ("" when the vault has none for it yet)."""
        entry = self.clients.get(client)
        return entry.key_id if entry else ""


def _bad(label: str, message: str) -> DataError:
    return DataError(label, message)


def from_json(data: Any, label: str = VAULT_FILE) -> Manifest:
    """A manifest from parsed JSON, every field checked; DataError names what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _bad(label, f'not a ctotui vault file (expected "format": "{FORMAT}")')
    version = data.get("version")
    if version != VERSION:
        raise _bad(label, f"vault format {version!r} is not one this ctotui reads ({VERSION})")
    if data.get("cipher") != CIPHER:
        raise _bad(label, f"unknown cipher {data.get('cipher')!r} (expected {CIPHER})")
    unknown = sorted(set(data) - {"format", "version", "cipher", "recovery", "clients"})
    if unknown:
        raise _bad(label, f"unknown key {unknown[0]!r}")
    recovery = data.get("recovery")
    if not isinstance(recovery, str) or not _B64.fullmatch(recovery):
        raise _bad(label, "'recovery' must be the recovery public key (base64)")
    clients = data.get("clients")
    if not isinstance(clients, dict):
        raise _bad(label, "'clients' must map client ids to keys")
    manifest = Manifest(recovery)
    for client, entry in clients.items():
        where = f"client {client}"
        if not _ULID.fullmatch(client):
            raise _bad(label, f"{where}: not a client id")
        if not isinstance(entry, dict) or set(entry) != {"key", "escrow", "since"}:
            raise _bad(label, f"{where}: expected key, escrow and since")
        key_id, escrowed, since = entry["key"], entry["escrow"], entry["since"]
        if not isinstance(key_id, str) or not _KEY_ID.fullmatch(key_id):
            raise _bad(label, f"{where}: 'key' must be a key id (16 hex digits)")
        if not isinstance(escrowed, str) or not _B64.fullmatch(escrowed):
            raise _bad(label, f"{where}: 'escrow' must be base64")
        if not isinstance(since, str) or not since.endswith("Z") or len(since) < 20:
            raise _bad(label, f"{where}: 'since' must be a UTC time stamp")
        manifest.clients[client] = Entry(key_id, escrowed, since)
    return manifest


def parse(raw: bytes, label: str = VAULT_FILE) -> Manifest:
    return from_json(parse_json_bytes(raw, label), label)


def read_manifest(folder: Path) -> Manifest | None:
    """The folder's vault.json, or None when the folder is not a vault."""
    path = folder / VAULT_FILE
    if not path.exists() and not path.is_symlink():
        return None
    return from_json(read_json(path))


def merge_manifests(base: bytes, ours: bytes, theirs: bytes, label: str = VAULT_FILE) -> bytes:
    """The per-client merge of three vault.json versions (pure and symmetric)."""
    o, t = parse(ours, f"{label} (ours)"), parse(theirs, f"{label} (theirs)")
    b = parse(base, f"{label} (base)") if base.strip() else None
    if o.recovery != t.recovery:
        raise DataError(
            label,
            "the two sides are two different vaults (`ctotui vault init` ran on both); keep one: "
            "see docs/vault.md, 'Two vaults'",
        )
    merged = Manifest(o.recovery)
    for client in sorted(o.clients.keys() | t.clients.keys()):
        mine, other = o.clients.get(client), t.clients.get(client)
        was = b.clients.get(client) if b else None
        if mine is None or other is None:
            merged.clients[client] = mine or other  # type: ignore[assignment]
        elif mine == other or other == was:
            merged.clients[client] = mine
        elif mine == was:
            merged.clients[client] = other
        else:
            # Rotated on both sides: the later rotation stays current; records either side
            # sealed meanwhile open with the earlier key where it is held, and are sealed
            # again under the current one at their next edit.
            merged.clients[client] = max(mine, other, key=lambda e: (e.since, e.key_id))
    return merged.to_bytes()
