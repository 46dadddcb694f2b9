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

from ctotui.vault.cipher import FieldCipher, OpenError, name, place
from ctotui.vault.fields import (
    CONFLICTS,
    conflict_ad,
    is_token,
    neutral,
    token_key,
    transform_record,
)
from ctotui.vault.keys import ClientKey
from ctotui.vault.manifest import Manifest
from ctotui.vault.opener import EVERY as EVERY
from ctotui.vault.opener import Locked as Locked
from ctotui.vault.opener import opener

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
        if table != CONFLICTS:
            return self._open_fast(table, rec_id, body, later)
        ad_table, ad_id = conflict_ad(body)
        head = place(ad_table, ad_id)
        result = Opened(None)
        ciphers = self._ciphers
        every = EVERY in later
        kept = self.kept

        def open_one(value: Any, path: str, kind: str) -> Any:
            if type(value) is not str or value[:3] != "v1:" or value[19:20] != ":":
                if value not in (None, ""):
                    result.in_clear = True
                return value
            key_id = value[3:19]
            cipher = ciphers.get(key_id) or self.cipher(key_id)
            if cipher is None:
                raise Locked
            if every or path in later:
                return neutral(value, path, kind)
            if kept is not None and not later:
                found = kept.pop((value, ad_table, ad_id, path), None)
                if found is not None:
                    return found
            try:
                opened = cipher.open_at(value, [*head, name(path)])
                if kept is not None and later and type(opened) is str:
                    kept[(value, ad_table, ad_id, path)] = opened
                return opened
            except OpenError as exc:
                result.damaged.append((path, str(exc)))
                return value

        try:
            plain = transform_record(table, body, open_one, later if not every else frozenset())
        except Locked:
            return Opened(None)
        if not result.damaged:
            result.body = plain
        return result

    def _open_fast(self, table: str, rec_id: str, body: Body, later: frozenset[str]) -> Opened:
        """`open_record` of a record that is not a conflict, by the code `opener` makes."""
        result = Opened(None)
        kept = self.kept
        take = kept if kept is not None and not later else None
        put = kept if kept is not None and later else None
        run = opener(table, later)
        try:
            plain = run(
                body,
                self._ciphers,
                self.cipher,
                place(table, rec_id),
                take,
                put,
                (table, rec_id),
                result,
            )
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
