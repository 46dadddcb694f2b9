"""Where a clone keeps what is its own and never data: its locks, the journal of a change in
flight, its undo log.

Inside `.git/ctotui/` when the data folder is a git repository — nothing under `.git` is ever
versioned, so no commit from another machine can plant a lock, a journal or a symlink in their
place — and in `.ctotui/` for a folder that is not (nothing syncs it). Private (0700), and
refused when it is not a real folder of this user.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from ctotui.errors import DataError

GIT_STATE = ("ctotui",)  # under .git
PLAIN_STATE = ".ctotui"


def state_dir(folder: Path, *, create: bool = True) -> Path:
    """This clone's private state folder for data folder *folder* (made on first use)."""
    git = folder / ".git"
    path = (
        git.joinpath(*GIT_STATE) if git.is_dir() and not git.is_symlink() else folder / PLAIN_STATE
    )
    if create:
        # A file or a dangling link in its place is refused below.
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700, exist_ok=True)
    require_private_dir(path)
    return path


def require_private_dir(path: Path) -> None:
    """Refuse *path* unless it is a real folder (not a link) of this user, closed to others."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return  # not made yet (create=False): nothing to refuse
    except OSError as exc:
        raise DataError(str(path), f"cannot use: {(exc.strerror or str(exc)).lower()}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise DataError(str(path), "is not a folder (a link or a file?); remove it")
    if st.st_uid != os.getuid():
        raise DataError(str(path), "belongs to another user; remove it")
    if stat.S_IMODE(st.st_mode) & 0o077:
        os.chmod(path, 0o700)


def open_private_file(path: Path, flags: int) -> int:
    """Open (or create, 0600) a state file without following a link; refuse anything but a
    regular file of this user. Returns the descriptor."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        if exc.errno == getattr(os, "ELOOP", 40):
            raise DataError(str(path), "is a symbolic link; remove it") from None
        raise
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid():
        os.close(fd)
        raise DataError(str(path), "is not a regular file of yours; remove it")
    return fd
