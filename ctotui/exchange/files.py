"""Where exported text goes and imported text comes from: a file, or `-` for stdin / stdout."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ctotui.data.jsonfile import atomic_write_bytes
from ctotui.exchange.tables import ExchangeError
from ctotui.visible import visible

STDIO = "-"


def write_output(
    target: str,
    data: str | bytes,
    stdout: TextIO,
    *,
    data_folder: Path | None,
    force: bool = False,
) -> Path | None:
    """Write *data* to *target* atomically and privately (NDA data), or to *stdout* for `-`;
    returns the file written. Never into the data folder (or its .git), never through a link,
    never over an existing file unless *force*."""
    if target == STDIO:
        write_stdout(data, stdout)
        return None
    path = output_path(target, data_folder, force=force)
    try:
        atomic_write_bytes(path, data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise ExchangeError(
            f"{target}: cannot write ({(exc.strerror or str(exc)).lower()})"
        ) from None
    return path


def output_path(target: str, data_folder: Path | None, *, force: bool = False) -> Path:
    """Where *target* may be written, or ExchangeError saying why not."""
    given = Path(target).expanduser()
    if not given.parent.is_dir():
        raise ExchangeError(f"{target}: folder {str(given.parent)!r} does not exist")
    # The real place: an export must not reach the data files by a link or by "..".
    path = given.parent.resolve() / given.name
    if path.is_symlink():
        raise ExchangeError(f"{target}: is a symbolic link; ctotui does not write through links")
    if path.is_dir():
        raise ExchangeError(f"{target}: is a folder; give a file name")
    if data_folder is not None and data_folder.exists():
        data = data_folder.expanduser().resolve()
        if path == data or data in path.parents:
            raise ExchangeError(
                f"{target}: is inside the data folder {data}; write exports and reports "
                "somewhere else (a file there would be taken for data, or synced)"
            )
    if path.exists() and not force:
        raise ExchangeError(f"{target}: already exists; add --force to replace it")
    return path


def write_stdout(data: str | bytes, out: TextIO) -> None:
    """*data* to standard output, shown rather than obeyed by a terminal reading it. Bytes keep
    their CRLF line ends (an .ics file asks for them) on the way to a pipe."""
    text = data if isinstance(data, str) else data.decode("utf-8")
    text = visible(text, lines=True)
    buffer = getattr(out, "buffer", None)
    if isinstance(data, bytes) and buffer is not None:
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        out.write(text)
        out.flush()


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
