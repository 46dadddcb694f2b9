"""This machine's vault keys: one file per key under `keys_dir()`, never in a data folder or git.

A key file is `<key id>.key`, 0600 in a 0700 folder of this user, holding JSON: the client it
belongs to, its id and the 64 key bytes (base64). Files that are links, belong to someone else or
are readable by others are refused (a key others could plant would let them read what this
machine then seals). Where the `keyring` package is installed and `CTOTUI_KEYRING=1`, keys are
also kept in (and read from) the OS keyring; it is never required.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctotui.data.jsonfile import atomic_write_bytes
from ctotui.errors import CtoError
from ctotui.locations import keys_dir
from ctotui.vault.cipher import KEY_BYTES, FieldCipher

_KEY_ID = re.compile(r"[0-9a-f]{16}")
_ULID = re.compile(r"[0-7][0-9A-HJKMNP-TV-Z]{25}")
KEYRING_SERVICE = "ctotui-vault"


class KeyFileError(CtoError):
    """A key file or key folder ctotui refuses to use."""


@dataclass(frozen=True, slots=True)
class ClientKey:
    client: str
    key_id: str
    key: bytes

    def to_json(self) -> dict[str, str]:
        return {
            "client": self.client,
            "key_id": self.key_id,
            "key": base64.b64encode(self.key).decode("ascii"),
        }

    @classmethod
    def from_json(cls, data: Any, where: str) -> ClientKey:
        try:
            client, key_id = data["client"], data["key_id"]
            key = base64.b64decode(data["key"], validate=True)
        except (KeyError, TypeError, binascii.Error):
            raise KeyFileError(f"{where}: not a ctotui vault key") from None
        if (
            not isinstance(client, str)
            or not _ULID.fullmatch(client)
            or not isinstance(key_id, str)
            or not _KEY_ID.fullmatch(key_id)
            or len(key) != KEY_BYTES
        ):
            raise KeyFileError(f"{where}: not a ctotui vault key")
        return cls(client, key_id, key)

    def cipher(self) -> FieldCipher:
        return FieldCipher(self.key_id, self.key)


def _inside_repository(path: Path) -> Path | None:
    """The data folder or git work tree *path* would sit in (the home folder's own `.git`, a
    dotfiles repository, does not count: keys_dir is under it on many machines)."""
    home = Path.home().resolve()
    for folder in (path, *path.parents):
        if (folder / "meta.json").exists() and (folder / "clients.json").exists():
            return folder
        if (folder / ".git").exists() and folder != home:
            return folder
    return None


def key_folder(*, create: bool) -> Path:
    """The key folder, checked (0700, this user's, a real folder outside any repository)."""
    folder = keys_dir()
    inside = _inside_repository(folder.parent.resolve() if folder.parent.exists() else folder)
    if inside is not None:
        raise KeyFileError(
            f"{folder}: keys must not live inside {inside} (a data folder or a git repository); "
            "set XDG_DATA_HOME to a private folder"
        )
    if create:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        st = folder.lstat()
    except FileNotFoundError:
        return folder
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        raise KeyFileError(f"{folder}: not a folder of yours (a link?); remove it")
    if stat.S_IMODE(st.st_mode) & 0o077:
        os.chmod(folder, 0o700)
    return folder


def _read_key_file(path: Path) -> ClientKey:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot read: {(exc.strerror or str(exc)).lower()}") from None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid():
            raise KeyFileError(f"{path}: not a file of yours; remove it")
        if stat.S_IMODE(st.st_mode) & 0o077:
            raise KeyFileError(f"{path}: readable by other users; `chmod 600 {path}` (and rotate?)")
        raw = handle.read(4096)
    try:
        data = json.loads(raw)
    except ValueError:
        raise KeyFileError(f"{path}: not a ctotui vault key") from None
    key = ClientKey.from_json(data, str(path))
    if path.name != f"{key.key_id}.key":
        raise KeyFileError(f"{path}: holds key {key.key_id}, not the one its name says")
    return key


def load_keys(warnings: list[str] | None = None) -> dict[str, ClientKey]:
    """Every key this machine holds, by key id. A bad key file is skipped (said in *warnings*)."""
    found: dict[str, ClientKey] = {}
    try:
        folder = key_folder(create=False)
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        names, folder = [], keys_dir()
    except (OSError, KeyFileError) as exc:
        if warnings is not None:
            warnings.append(str(exc))
        return _from_keyring(found)
    for name in names:
        if not name.endswith(".key"):
            continue
        try:
            key = _read_key_file(folder / name)
        except KeyFileError as exc:
            if warnings is not None:
                warnings.append(str(exc))
            continue
        found[key.key_id] = key
    return _from_keyring(found)


def save_key(key: ClientKey) -> Path:
    """Keep *key* (0600 in the 0700 key folder); an existing file for its id must hold it."""
    folder = key_folder(create=True)
    path = folder / f"{key.key_id}.key"
    if os.path.lexists(path):
        if _read_key_file(path) != key:
            raise KeyFileError(f"{path}: a different key with the same id is here already")
        return path
    atomic_write_bytes(path, (json.dumps(key.to_json(), indent=1) + "\n").encode())
    _to_keyring(key)
    return path


def remove_key(key_id: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        (keys_dir() / f"{key_id}.key").unlink()


# --- the optional OS keyring ------------------------------------------------------------------


def _keyring() -> Any:
    if os.environ.get("CTOTUI_KEYRING") != "1":
        return None
    try:
        import keyring  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    return keyring


def _to_keyring(key: ClientKey) -> None:
    ring = _keyring()
    if ring is not None:
        with contextlib.suppress(Exception):  # a locked or absent keyring backend
            ring.set_password(KEYRING_SERVICE, key.key_id, json.dumps(key.to_json()))
            listed = set((ring.get_password(KEYRING_SERVICE, "index") or "").split())
            ring.set_password(KEYRING_SERVICE, "index", " ".join(sorted(listed | {key.key_id})))


def _from_keyring(found: dict[str, ClientKey]) -> dict[str, ClientKey]:
    ring = _keyring()
    if ring is None:
        return found
    with contextlib.suppress(Exception):
        listed = ring.get_password(KEYRING_SERVICE, "index") or ""
        for key_id in listed.split():
            if key_id in found or not _KEY_ID.fullmatch(key_id):
                continue
            text = ring.get_password(KEYRING_SERVICE, key_id)
            if text:
                key = ClientKey.from_json(json.loads(text), f"keyring:{key_id}")
                found[key.key_id] = key
    return found
