"""Sealing one stored value: AES-SIV (RFC 5297) from `cryptography`, 512-bit keys.

Deterministic on purpose: the same value of the same field of the same record seals to the same
token on every machine, so git and the merge driver see an unchanged field as unchanged and two
clones that make the same edit agree byte for byte. The associated data binds the token to its
place — table, record id and field path — so a token copied into another record or field does
not open. A token is `v1:<key id>:<base64(SIV tag || ciphertext)>`; the sealed bytes are the
value's JSON (a string or a number keeps its type).
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import secrets
from typing import Any

KEY_BYTES = 64  # AES-SIV-512: two AES-256 keys (one for S2V, one for CTR)
DOMAIN = b"ctotui-vault-v1"


class OpenError(ValueError):
    """A token that does not open: damaged, tampered with, moved, or sealed under another key."""


@functools.cache
def _crypto() -> tuple[Any, type[Exception]]:
    """AES-SIV and its failure, imported when first used: a folder that is not a vault never
    loads `cryptography` (20-30 ms of every start)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESSIV

    return AESSIV, InvalidTag


def new_key() -> bytes:
    return _crypto()[0].generate_key(KEY_BYTES * 8)  # type: ignore[no-any-return]


def new_key_id() -> str:
    """A random key id (16 hex digits): names a key without saying anything about it."""
    return secrets.token_hex(8)


class FieldCipher:
    """One client key: seals and opens that client's values."""

    __slots__ = ("_siv", "key_id")

    def __init__(self, key_id: str, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError(f"a vault key is {KEY_BYTES} bytes, got {len(key)}")
        self.key_id = key_id
        self._siv = _crypto()[0](key)

    def seal(self, value: Any, table: str, rec_id: str, path: str) -> str:
        if type(value) is str:
            data = b"s" + value.encode("utf-8")  # almost every sealed value: text as it is
        else:
            data = b"j" + json.dumps(value, separators=(",", ":")).encode("utf-8")
        out = self._siv.encrypt(data, _ad(table, rec_id, path))
        return f"v1:{self.key_id}:{base64.b64encode(out).decode('ascii')}"

    def open(self, token: str, table: str, rec_id: str, path: str) -> Any:
        return self.open_at(token, _ad(table, rec_id, path))

    def open_at(self, token: str, ad: list[bytes]) -> Any:
        """*token* opened with associated data *ad* (`place(...) + [name(path)]`): a record's
        first three parts are built once for all its values (a 20,000-record load opens 200,000
        of them, and the per-value Python around AES-SIV cost as much as AES-SIV itself)."""
        if token[3:19] != self.key_id:
            raise OpenError("not a token of this key")
        try:
            data = self._siv.decrypt(binascii.a2b_base64(token[20:], strict_mode=True), ad)
            kind = data[:1]
            if kind == b"s":
                return data[1:].decode("utf-8")
            if kind == b"j":
                return json.loads(data[1:].decode("utf-8"))
            raise ValueError("unknown value type")
        except (_crypto()[1], binascii.Error, ValueError) as exc:
            raise OpenError("does not authenticate (tampered with, damaged or moved)") from exc


@functools.cache
def name(text: str) -> bytes:
    """A table name or field path as associated data (few of them: kept)."""
    return text.encode("utf-8")


def place(table: str, rec_id: str) -> list[bytes]:
    """The associated data every value of one record shares; a value's field path follows."""
    return [DOMAIN, name(table), rec_id.encode("ascii", "replace")]


def _ad(table: str, rec_id: str, path: str) -> list[bytes]:
    # Separate components (S2V takes a vector), so no separator can be forged into a field name.
    return [*place(table, rec_id), name(path)]
