"""Key export files: client keys wrapped under a passphrase (scrypt, then AES-256-GCM).

The file is JSON: the format, the scrypt parameters and salt, the GCM nonce and the sealed list
of keys. Its header is the GCM associated data, so a changed parameter fails like a wrong
passphrase. Parameters read from a file are bounded: a crafted file cannot make `import` spend
gigabytes of memory in scrypt.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ctotui.errors import CtoError
from ctotui.vault.keys import ClientKey

FORMAT = "ctotui-keys"
VERSION = 1
SCRYPT_N = 2**15  # 32 MiB and ~0.1 s here: slow for a guesser, quick for a person
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE = 8


class WrapError(CtoError):
    """A key file that cannot be read with this passphrase, or is not a key file."""


def _kdf(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _header(salt: bytes, n: int, r: int, p: int) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "kdf": {"name": "scrypt", "n": n, "r": r, "p": p, "salt": _b64(salt)},
        "cipher": "AES-256-GCM",
    }


def _ad(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def wrap_keys(keys: list[ClientKey], passphrase: str) -> bytes:
    """The export file's bytes."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise WrapError(f"the passphrase is too short (at least {MIN_PASSPHRASE} characters)")
    salt, nonce = os.urandom(16), os.urandom(12)
    header = _header(salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    plain = json.dumps([k.to_json() for k in keys]).encode()
    sealed = AESGCM(_kdf(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)).encrypt(
        nonce, plain, _ad(header)
    )
    body = {**header, "nonce": _b64(nonce), "keys": _b64(sealed)}
    return (json.dumps(body, indent=1, sort_keys=True) + "\n").encode()


def unwrap_keys(raw: bytes, passphrase: str, label: str) -> list[ClientKey]:
    """The keys inside an export file; WrapError (one line) for a wrong passphrase or a file
    that is not one."""
    try:
        data = json.loads(raw[: 1 << 20])
        kdf = data["kdf"]
        n, r, p = kdf["n"], kdf["r"], kdf["p"]
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(data["nonce"], validate=True)
        sealed = base64.b64decode(data["keys"], validate=True)
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ValueError
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise WrapError(f"{label}: not a ctotui key export file") from None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (n, r, p)) or not (
        2**14 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 16 and 1 <= p <= 4
    ):
        raise WrapError(f"{label}: unusual scrypt parameters; refused")
    header = _header(salt, n, r, p)
    try:
        plain = AESGCM(_kdf(passphrase, salt, n, r, p)).decrypt(nonce, sealed, _ad(header))
    except (InvalidTag, ValueError):
        raise WrapError(f"{label}: wrong passphrase (or the file was changed)") from None
    try:
        items = json.loads(plain)
        return [ClientKey.from_json(item, label) for item in items]
    except (ValueError, TypeError):
        raise WrapError(f"{label}: not a ctotui key export file") from None
