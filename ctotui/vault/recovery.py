"""The recovery key: every client key, escrowed in `vault.json` to a key printed once at init.

`vault init` makes an X25519 key pair. The public half goes into `vault.json`; the private half
is shown once (or written to `--recovery-out`) as the recovery key, and never kept. Each client
key — made at init, for a new client, or by a rotation, on whichever machine — is wrapped to the
public half (ephemeral X25519, HKDF-SHA256, AES-256-GCM with the client and key id as associated
data) and the result stored beside its key id in `vault.json`. Whoever holds the recovery key can
unwrap every client key from the repository alone (`ctotui keys recover`); nobody else can.
"""

from __future__ import annotations

import base64
import binascii
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ctotui.errors import CtoError

PREFIX = "CTOTUI-RK-"
_INFO = b"ctotui-vault-recovery-v1"
_RAW = serialization.Encoding.Raw


class RecoveryError(CtoError):
    """A recovery key that does not fit, or an escrow it does not open."""


def new_recovery() -> tuple[bytes, str]:
    """(private key bytes, public key as base64) of a new recovery key pair."""
    private = X25519PrivateKey.generate()
    secret = private.private_bytes(
        _RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    return secret, base64.b64encode(public).decode("ascii")


def recovery_text(secret: bytes) -> str:
    """The recovery key as a person copies it: `CTOTUI-RK-` and base32 in groups of four."""
    text = base64.b32encode(secret).decode("ascii").rstrip("=")
    return PREFIX + "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery(text: str) -> bytes:
    cleaned = re.sub(r"[\s-]", "", text.strip().upper())
    cleaned = cleaned.removeprefix(PREFIX.replace("-", ""))
    try:
        secret = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError):
        secret = b""
    if len(secret) != 32:
        raise RecoveryError(f"not a recovery key (expected {PREFIX}XXXX-XXXX-…)")
    return secret


def _kdf(shared: bytes, ephemeral: bytes, public: bytes, client: str, key_id: str) -> bytes:
    info = b"\0".join((_INFO, client.encode(), key_id.encode()))
    return HKDF(hashes.SHA256(), 32, salt=ephemeral + public, info=info).derive(shared)


def escrow(public_b64: str, client: str, key_id: str, key: bytes) -> str:
    """*key* wrapped to the recovery public key (base64)."""
    public = base64.b64decode(public_b64)
    ephemeral = X25519PrivateKey.generate()
    eph_public = ephemeral.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public))
    nonce = os.urandom(12)
    sealed = AESGCM(_kdf(shared, eph_public, public, client, key_id)).encrypt(
        nonce, key, f"{client}:{key_id}".encode()
    )
    return base64.b64encode(eph_public + nonce + sealed).decode("ascii")


def unescrow(secret: bytes, client: str, key_id: str, wrapped: str) -> bytes:
    """The client key inside *wrapped*; RecoveryError when the recovery key does not open it."""
    private = X25519PrivateKey.from_private_bytes(secret)
    public = private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    try:
        raw = base64.b64decode(wrapped, validate=True)
        eph_public, nonce, sealed = raw[:32], raw[32:44], raw[44:]
        shared = private.exchange(X25519PublicKey.from_public_bytes(eph_public))
        return AESGCM(_kdf(shared, eph_public, public, client, key_id)).decrypt(
            nonce, sealed, f"{client}:{key_id}".encode()
        )
    except (InvalidTag, binascii.Error, ValueError):
        raise RecoveryError(
            f"the recovery key does not open the escrowed key {key_id} of client {client}"
        ) from None


def public_of(secret: bytes) -> str:
    public = X25519PrivateKey.from_private_bytes(secret).public_key()
    return base64.b64encode(public.public_bytes(_RAW, serialization.PublicFormat.Raw)).decode()
