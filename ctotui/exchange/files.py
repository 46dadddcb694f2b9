"""Where exported text goes and imported text comes from: a file, or `-` for stdin / stdout."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ctotui.data.jsonfile import atomic_write_bytes
from ctotui.exchange.tables import ExchangeError

STDIO = "-"


def write_output(target: str, text: str, stdout: TextIO) -> None:
    """Write *text* to *target* atomically and privately (NDA data), or to *stdout* for `-`."""
    if target == STDIO:
        stdout.write(text)
        stdout.flush()
        return
    path = Path(target).expanduser()
    if path.is_dir():
        raise ExchangeError(f"{target}: is a folder; give a file name")
    if not path.parent.is_dir():
        raise ExchangeError(f"{target}: folder {str(path.parent)!r} does not exist")
    try:
        atomic_write_bytes(path, text.encode("utf-8"))
    except OSError as exc:
        raise ExchangeError(
            f"{target}: cannot write ({(exc.strerror or str(exc)).lower()})"
        ) from None


def read_input(source: str, stdin: TextIO) -> str:
    """The text of *source* (UTF-8, a leading byte-order mark dropped), or of *stdin* for `-`."""
    if source == STDIO:
        return stdin.read().removeprefix("\ufeff")
    try:
        return Path(source).expanduser().read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ExchangeError(f"{source}: file not found") from None
    except IsADirectoryError:
        raise ExchangeError(f"{source}: is a folder, expected a file") from None
    except PermissionError:
        raise ExchangeError(f"{source}: permission denied") from None
    except UnicodeDecodeError as exc:
        raise ExchangeError(
            f"{source}: not UTF-8 text at byte {exc.start} (save the CSV as UTF-8)"
        ) from None
