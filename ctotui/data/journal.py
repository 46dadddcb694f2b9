"""All-or-nothing replacement of several files: a change is on disk whole, or not at all.

A transaction that touches three table files (a cascade delete, a CSV import) must never leave
the folder with one of them new and two old. The protocol, as a database would do it:

1. each new file is written to a temporary file beside its target and fsynced;
2. the journal — which temporary file becomes which target, with the size and CRC of each — is
   written atomically into the clone's state folder: **this is the commit point**;
3. the temporary files are renamed over their targets, the folders fsynced;
4. the journal is removed.

A crash before (2) leaves only temporary files: the change never happened, and they are swept.
A crash after (2) is finished by `recover` at the next open (every temporary file is complete
and fsynced before the journal exists), so the folder is always exactly before or exactly after.
The journal is read with suspicion — it names only files ctotui writes, temporary files by bare
name, and each is checked against its digest — so a planted one cannot write anywhere else.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ctotui.data import jsonfile
from ctotui.data.jsonfile import FILE_MODE, TEMP_PREFIX, fsync_folder
from ctotui.data.state import open_private_file
from ctotui.errors import DataError

JOURNAL = "journal.json"
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"[A-Za-z0-9_]{1,64}\.json")
Data = bytes | Sequence[bytes]


@dataclass(frozen=True, slots=True)
class Target:
    """One file a transaction replaces: *name* in *folder*, one of *allowed* names there."""

    folder: Path
    name: str


def _parts(data: Data) -> Sequence[bytes]:
    return [data] if isinstance(data, bytes) else data


def _digest(pieces: Iterable[bytes]) -> str:
    """Size and CRC-32 of a file's bytes: enough to tell a complete staged file from a torn one
    (the journal lives where no commit can reach, so it guards against crashes, not forgers)."""
    size, crc = 0, 0
    for piece in pieces:
        size += len(piece)
        crc = zlib.crc32(piece, crc)
    return f"{size}:{crc:08x}"


def _stage(target: Target, parts: Sequence[bytes]) -> tuple[Path, str]:
    """Write *parts* to a fresh temporary file beside *target*, fsynced, 0600; return it and
    its digest."""
    pieces = list(jsonfile.chunks(parts))  # joined once, for the digest and the write
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".json", dir=target.folder)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            jsonfile.write_parts(handle, pieces)
        os.chmod(tmp, FILE_MODE)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp, _digest(pieces)


def commit(state: Path, changes: dict[Target, Data]) -> None:
    """Replace every target of *changes* with its data, all or nothing (see the module doc).

    Raises OSError when the change could not be committed (nothing changed on disk then), or
    DataError when it was committed but could not be finished (the next open finishes it).
    """
    if not changes:
        return
    staged: list[tuple[Target, Path, str]] = []
    journal = state / JOURNAL
    try:
        for target, data in changes.items():
            tmp, digest = _stage(target, _parts(data))
            staged.append((target, tmp, digest))
        entries = [
            {"dir": str(t.folder), "target": t.name, "temp": tmp.name, "digest": digest}
            for t, tmp, digest in staged
        ]
        record = json.dumps({"version": 1, "files": entries}, indent=1).encode()
        jsonfile.atomic_write_bytes(journal, record)  # the commit point
    except BaseException:
        for _target, tmp, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    try:
        _apply(staged)
    except OSError as first:
        # Committed: finish it now if the disk lets us (a second try of the renames still to
        # do), else leave it for the next open.
        allowed: dict[Path, frozenset[str]] = {}
        for target, _tmp, _ in staged:
            allowed[target.folder] = allowed.get(target.folder, frozenset()) | {target.name}
        try:
            recover(state, allowed)
        except (OSError, DataError):
            raise DataError(
                str(staged[0][0].folder),
                "a change was committed but not finished "
                f"({(first.strerror or str(first)).lower()}); it is finished the next time the "
                "folder is opened",
            ) from None
        return
    # Not fsynced: a journal that comes back after a crash names files already in place, and
    # recovery then only removes it.
    journal.unlink()


def _apply(staged: Sequence[tuple[Target, Path, str]]) -> None:
    folders = set()
    for target, tmp, _ in staged:
        jsonfile.replace(tmp, target.folder / target.name)
        folders.add(target.folder)
    for folder in folders:
        fsync_folder(folder)


def pending(state: Path) -> bool:
    return (state / JOURNAL).exists() or (state / JOURNAL).is_symlink()


def recover(state: Path, allowed: dict[Path, frozenset[str]]) -> bool:
    """Finish the change a crash interrupted after its commit point; True if there was one.

    *allowed* maps each folder a journal may name to the file names it may replace there.
    Raises DataError (changing nothing) when the journal or a file it names is not what
    `commit` wrote.
    """
    path = state / JOURNAL
    if not pending(state):
        return False
    label = str(path)
    try:
        fd = open_private_file(path, os.O_RDONLY)
        with os.fdopen(fd, "rb") as handle:
            record = json.loads(handle.read(1 << 20))
    except (OSError, ValueError) as exc:
        raise DataError(label, f"unreadable journal of an interrupted change ({exc})") from None
    staged = list(_entries(record, allowed, label))
    to_apply = []
    for target, tmp, digest in staged:
        if tmp.exists() and _file_digest(tmp) == digest:
            to_apply.append((target, tmp, digest))
        elif _file_digest(target.folder / target.name) != digest:
            raise DataError(
                label,
                f"cannot finish the interrupted change: neither {tmp.name} nor {target.name} "
                "holds the committed bytes; restore the folder from git",
            )
    _apply(to_apply)
    path.unlink()
    fsync_folder(state)
    return True


def _entries(
    record: object, allowed: dict[Path, frozenset[str]], label: str
) -> Iterator[tuple[Target, Path, str]]:
    files = record.get("files") if isinstance(record, dict) else None
    if not isinstance(files, list) or not files:
        raise DataError(label, "not a ctotui journal")
    for entry in files:
        folder = Path(entry.get("dir", "")) if isinstance(entry, dict) else None
        names = allowed.get(folder) if folder is not None else None
        target = entry.get("target") if isinstance(entry, dict) else None
        temp = entry.get("temp") if isinstance(entry, dict) else None
        digest = entry.get("digest") if isinstance(entry, dict) else None
        if (
            folder is None
            or names is None
            or target not in names
            or not isinstance(temp, str)
            or not _TEMP_NAME.fullmatch(temp)
            or not isinstance(digest, str)
        ):
            raise DataError(label, f"journal names a file ctotui does not write: {entry!r:.120}")
        yield Target(folder, str(target)), folder / temp, digest


def _file_digest(path: Path) -> str | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        return _digest(iter(lambda: handle.read(1 << 20), b""))
