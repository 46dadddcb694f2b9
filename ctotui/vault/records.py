"""Sealing and opening whole stored records, with the keys this machine holds.

A record opens when this machine holds the current key of the client it belongs to and every
token in it opens (a token sealed under an earlier key of that client opens with that key where
it is still held). Otherwise it is *locked*: kept sealed, passed through untouched, never shown.
A token that does not authenticate under a key that is held is *damaged* (tampered with, or
moved from another record or field): the record stays sealed and the problem names the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ctotui.vault.cipher import FieldCipher, place
from ctotui.vault.fields import (
    CONFLICTS,
    conflict_ad,
    conflict_named,
    is_token,
    map_sides,
    token_key,
    transform_record,
)
from ctotui.vault.keys import ClientKey
from ctotui.vault.manifest import Manifest
from ctotui.vault.opener import EVERY as EVERY
from ctotui.vault.opener import Locked as Locked
from ctotui.vault.opener import conflict_opener, opener

Body = dict[str, Any]


@dataclass(slots=True)
class Opened:
    body: Body | None  # the plain record, or None when it stays sealed
    damaged: list[tuple[str, str]] = field(default_factory=list)  # (field path, why)
    in_clear: bool = False  # a sealed position held a plain value (it gets sealed at next write)


class Vault:
    """A vault folder's manifest and the keys this machine holds for it."""

    def __init__(self, manifest: Manifest, keys: dict[str, ClientKey]) -> None:
        self.manifest = manifest
        self.keys = keys
        self._ciphers: dict[str, FieldCipher] = {}
        # Texts a first frame's read opened, by token and place (table, record, field): the
        # whole read after it takes them from here instead of opening them again. By place, so
        # a token moved elsewhere is still opened there (and does not authenticate); None when
        # no such read is pending.
        self.kept: dict[tuple[str, str, str, str], str] | None = None

    def cipher(self, key_id: str) -> FieldCipher | None:
        found = self._ciphers.get(key_id)
        if found is None:
            key = self.keys.get(key_id)
            if key is None:
                return None
            found = self._ciphers[key_id] = key.cipher()
        return found

    def current(self, client: str) -> FieldCipher | None:
        """The cipher new values of *client* are sealed with (None: not held here)."""
        key_id = self.manifest.key_of(client)
        return self.cipher(key_id) if key_id else None

    def readable(self, client: str) -> bool:
        return self.current(client) is not None

    def client_of_key(self, key_id: str) -> str:
        key = self.keys.get(key_id)
        return key.client if key else ""

    def add_key(self, key: ClientKey) -> None:
        self.keys[key.key_id] = key

    # --- records ----------------------------------------------------------------------------

    def open_record(
        self, table: str, rec_id: str, body: Body, owner: str, later: frozenset[str] = frozenset()
    ) -> Opened:
        """*body* opened (see the module doc). *owner* is the client it belongs to ("" when
        that cannot be told: then it opens if every token does). The fields named in *later*
        (dotted paths; `EVERY` for all) are not opened: a text keeps its token, any other value
        gets a neutral one of its kind (`fields.masked`), and the caller opens the record whole
        before anyone else reads it. Only the values opened (or neutralised) are looked at: a
        key that is not held locks the record when one of them is sealed with it."""
        if owner and not self.readable(owner):
            return Opened(None)
        ad = conflict_ad(body) if table == CONFLICTS else (table, rec_id)
        result = Opened(None)
        kept = self.kept
        context = (
            self._ciphers,
            self.cipher,
            place(*ad),
            kept if kept is not None and not later else None,  # texts to take instead
            kept if kept is not None and later else None,  # texts to keep for the whole read
            ad,
            result,
        )
        try:
            if table != CONFLICTS:
                plain = opener(table, later)(body, *context)
            elif (named := conflict_named(body)) is None:
                plain = body
            else:
                run = conflict_opener(*named, later)
                plain = map_sides(body, lambda side: run(side, *context))
        except Locked:
            return Opened(None)
        if not result.damaged:
            result.body = plain
        return result

    def seal_record(self, table: str, rec_id: str, body: Body, owner: str) -> Body:
        """*body* sealed under its owner's current key (a record nobody owns is sealed under the
        key its client could be told by, else left as it is). Raises Locked without that key."""
        cipher = self.current(owner) if owner else None
        if owner and cipher is None:
            raise Locked
        if cipher is None:
            return body
        ad_table, ad_id = conflict_ad(body) if table == CONFLICTS else (table, rec_id)

        def seal_one(value: Any, path: str, _kind: str) -> Any:
            if value in (None, ""):
                return value
            return cipher.seal(value, ad_table, ad_id, path)

        return transform_record(table, body, seal_one)

    def owner_from_tokens(self, table: str, body: Body) -> str:
        """The client a record's tokens say it belongs to (through a key held here), or ""."""
        found = ""

        def look(value: Any, _path: str, _kind: str) -> Any:
            nonlocal found
            if not found and is_token(value):
                found = self.client_of_key(token_key(value))
            return value

        transform_record(table, body, look)
        return found
