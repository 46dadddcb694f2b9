"""Locks on the data folder (`fcntl.flock` on sidecar files, never on the data files).

Two locks, both advisory and both released by the kernel if the process dies:

* the **write lock** is held for the few milliseconds of one transaction (reload if changed →
  apply → write), so the dashboard, a `ctotui add` in another tmux pane and a cron job can all
  write without clobbering each other;
* the **session lock** is held by an open dashboard for its whole life, so a second dashboard on
  the same folder opens read-only and says who holds it.

A sidecar is locked rather than a data file because `os.replace` gives a data file a new inode:
a second process could lock the new one while the first still holds the old. The sidecars live
in the clone's state folder (`ctotui.data.state`: under `.git/`, where no commit can put a file)
and are opened without following links: a lock file replaced by a link to another file must
never make ctotui write to that file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from ctotui.data.state import open_private_file, state_dir
from ctotui.errors import DataError, LockedError

WRITE_LOCK = "write.lock"
SESSION_LOCK = "session.lock"


def lock_path(folder: Path, name: str) -> Path:
    """Where the lock *name* (WRITE_LOCK or SESSION_LOCK) of data folder *folder* lives."""
    return state_dir(folder) / name


class FolderLock:
    """One flock on *path*; `acquire` waits up to *timeout* seconds (0 = try once)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, timeout: float = 0.0) -> bool:
        if self._fd is not None:
            return True
        fd = open_private_file(self.path, os.O_RDWR | os.O_CREAT)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                time.sleep(0.02)
            except OSError:
                os.close(fd)  # no locks on this file system (some network mounts)
                raise
        # Say who holds it, for the message the next process will show.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {socket.gethostname()}\n".encode(), 0)
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def holder(self) -> str:
        """ "pid 1234 on host" of the last process that took the lock, or "another process"."""
        try:
            fd = open_private_file(self.path, os.O_RDONLY)
            with os.fdopen(fd, "rb") as handle:
                text = handle.read(200).decode("ascii", "replace")
        except (OSError, DataError):
            return "another process"
        # Only digits and a host name's characters reach a message (the file could hold anything).
        pid, _, host = text.strip().partition(" ")
        host = "".join(c for c in host if c.isalnum() or c in ".-_")[:64]
        if not pid.isdigit():
            return "another process"
        return f"pid {pid} on {host}" if host else f"pid {pid}"


@contextlib.contextmanager
def write_lock(folder: Path, timeout: float) -> Iterator[None]:
    """Hold the folder's write lock for a block, or raise LockedError after *timeout* seconds."""
    try:
        lock = FolderLock(lock_path(folder, WRITE_LOCK))
        got = lock.acquire(timeout)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise DataError(
            str(folder), f"cannot create the lock file: {reason}; nothing was saved"
        ) from None
    if not got:
        raise LockedError(
            f"{folder}: data folder is busy ({lock.holder()} is writing); try again in a moment"
        )
    try:
        yield
    finally:
        lock.release()
