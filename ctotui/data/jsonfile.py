"""Reading and writing one JSON data file safely.

The bytes are canonical (indent 2, sorted keys, UTF-8, trailing newline) so each field is one
line in a git diff and two machines writing the same data produce the same file. Writes are
atomic: a temporary file in the same folder, flushed and fsynced, then `os.replace`d over the
target, then the folder fsynced — a crash leaves either the old file or the new one, never half.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from ctotui.errors import DataError

TEMP_PREFIX = ".ctotui-tmp-"
FILE_MODE = 0o600
CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)


def canonical_bytes(data: Any) -> bytes:
    """The one byte representation of *data* that ctotui writes."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def parse_json_bytes(raw: bytes, path: str) -> Any:
    """Parse *raw* (the content of *path*), turning every failure into a one-line DataError."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(
            path, "not UTF-8 text (save the file as UTF-8)", line, exc.start - line_start + 1
        ) from None
    if not text or text.isspace():
        # Stock TinyDB treats an empty file as a new database and overwrites it; an empty data
        # file is almost always a failed write, so refuse to guess.
        raise DataError(path, "file is empty (a failed write?); restore it from git")
    try:
        return _STRICT.decode(text)
    except _Refused as exc:
        raise DataError(path, exc.reason, _line_of(text, exc.needle)) from None
    except RecursionError:
        raise DataError(path, "invalid JSON: nested too deeply") from None
    except json.JSONDecodeError as exc:
        # A conflict marker is never valid JSON (a line cannot start with one outside a string,
        # and a string cannot hold a newline), so it is searched for only when parsing failed:
        # the regex over a 25 MB file costs more than the parse.
        _refuse_conflict_markers(text, path)
        # json's messages end in "… starting at" / "… at" (the position is in our prefix).
        reason = exc.msg.removesuffix(" at").removesuffix(" starting")
        hint = ""
        if _ends_early(text):
            hint = " (the file ends too early: a truncated write?)"
        elif exc.msg == "Extra data":
            hint = " (bytes left over after the data: an interrupted write?)"
        raise DataError(path, f"invalid JSON: {reason}{hint}", exc.lineno, exc.colno) from None


class _Refused(ValueError):
    """JSON that parses but that ctotui refuses: *needle* helps find its line."""

    def __init__(self, reason: str, needle: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.needle = needle


MAX_INT_DIGITS = 18  # no count, weight or year needs more; 5,000 digits is an attack


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of two equal keys and drops the first without a word; a bad merge or
    # a hand edit that duplicates "owner" must not silently lose one of them.
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _Refused(f"duplicate key {key!r} in one object", f'"{key}"')
            seen.add(key)
    return found


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"number too long ({len(text)} digits)", text[:20])
    return int(text)


def _no_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number ctotui stores", name)


_STRICT = json.JSONDecoder(
    object_pairs_hook=_unique_keys, parse_int=_bounded_int, parse_constant=_no_constant
)


def _line_of(text: str, needle: str) -> int | None:
    """The line of *needle*'s first occurrence whose object repeats it (a duplicate key), or of
    its first occurrence; None when it cannot be found."""
    if not needle:
        return None
    if needle.startswith('"'):
        # The second occurrence of the key inside one object: the line after which the same key
        # appears again before the object closes. Close enough: the first line where the key
        # appears twice in a row of keys of the same indentation.
        last: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), 1):
            stripped = line.lstrip()
            indent = len(line) - len(stripped)
            if stripped.startswith(("}", "]")):
                for level in [lvl for lvl in last if int(lvl.split(":")[0]) > indent - 2]:
                    del last[level]
            if stripped.startswith(needle + ":"):
                key = f"{indent}:{needle}"
                if key in last:
                    return number
                last[key] = number
        return None
    position = text.find(needle)
    return None if position < 0 else text.count("\n", 0, position) + 1


def _refuse_conflict_markers(text: str, path: str) -> None:
    marker = CONFLICT_MARKER.search(text)
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        raise DataError(
            path,
            f"unresolved git merge conflict marker '{marker.group(1)}' "
            "(run `ctotui sync --setup`, then `ctotui resolve`)",
            line,
        )


def _ends_early(text: str) -> bool:
    """True when *text* stops inside a string or with brackets still open (a cut-off file)."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
    return in_string or depth > 0


IS_A_LINK = "is a symbolic link; ctotui does not follow links (put the file itself there)"
NOT_A_FILE = "is not a regular file (a folder?), expected a JSON file"


def read_data_file(path: Path, label: str | None = None) -> bytes:
    """The bytes of one data file, never through a link: a data file replaced by a symbolic
    link (a synced commit can carry one) is refused, not followed to wherever it points."""
    name = label or path.name
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        raise DataError(name, "file not found") from None
    except PermissionError:
        raise DataError(name, "permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DataError(name, IS_A_LINK) from None
        raise DataError(name, f"cannot read: {(exc.strerror or str(exc)).lower()}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise DataError(name, NOT_A_FILE)
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise DataError(name, f"cannot read: {(exc.strerror or str(exc)).lower()}") from None


def read_json(path: Path, label: str | None = None) -> Any:
    """Read and parse one JSON file; errors name it by *label* (default: its file name)."""
    name = label or path.name
    return parse_json_bytes(read_data_file(path, name), name)


def atomic_write_bytes(path: Path, data: bytes | Sequence[bytes]) -> None:
    """Replace *path* with *data* (bytes, or a list of parts written one after the other)
    atomically, private to the user (0600)."""
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".json", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write_parts(handle, [data] if isinstance(data, bytes) else data)
        os.chmod(tmp, FILE_MODE)
        replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_folder(folder)


def write_parts(handle: BinaryIO, parts: Sequence[bytes]) -> None:
    """Write *parts* to *handle* and make them durable (flush, fsync). One seam for every data
    write, so the fault-injection tests can fail the n-th one."""
    for chunk in chunks(parts):
        handle.write(chunk)
    handle.flush()
    os.fsync(handle.fileno())


def replace(source: Path, target: Path) -> None:
    # A seam of its own so tests can simulate a crash between the write and the rename.
    os.replace(source, target)


def fsync_folder(folder: Path) -> None:
    """Persist a rename: fsync the folder entry (a no-op where the OS does not allow it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_json(path: Path, data: Any) -> bool:
    """Write *data* canonically; skip the write (return False) when the bytes are unchanged."""
    return write_if_changed(path, canonical_bytes(data))


def write_if_changed(path: Path, new: bytes | Sequence[bytes]) -> bool:
    """Atomically write *new* (bytes or parts) to *path* unless the file holds exactly these
    bytes already."""
    parts = [new] if isinstance(new, bytes) else new
    try:
        # Compare sizes first: an edit usually changes the size, and reading back a 25 MB file
        # to find that out cost more than the write.
        if path.stat().st_size == sum(map(len, parts)) and holds(path, parts):
            return False
    except OSError:
        pass
    atomic_write_bytes(path, parts)
    return True


def holds(path: Path, parts: Sequence[bytes]) -> bool:
    """True when *path* holds exactly *parts*, compared a megabyte at a time."""
    with open(path, "rb") as handle:
        return all(handle.read(len(chunk)) == chunk for chunk in chunks(parts))


def chunks(parts: Sequence[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """*parts* joined into pieces of about *size* bytes: a 25 MB table file is written or
    compared without a second 25 MB copy of it in memory, and without 40,000 tiny writes."""
    group: list[bytes] = []
    length = 0
    for part in parts:
        group.append(part)
        length += len(part)
        if length >= size:
            yield b"".join(group)
            group, length = [], 0
    if group:
        yield b"".join(group)


def sweep_temp_files(folder: Path) -> list[Path]:
    """Remove temporary files orphaned by a crash mid-write; return what was removed."""
    removed = []
    for leftover in folder.glob(TEMP_PREFIX + "*"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed.append(leftover)
    return removed
