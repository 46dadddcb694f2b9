"""Work done in a forked second process while this one goes on, its result handed back in
memory: a vault's first-frame read on both cores (`Store.load_first_frame(split=True)`).

Opening the first frame of a 20,000-record vault is AES-SIV and per-record Python under one
GIL. The glance child (`ctotui.views.glance_ahead`) has the machine's second core to itself
once the dashboard has imported Textual: a process forked there reads the milestones while the
child reads the recommendations.

Only a process with one thread forks (a fork copies the calling thread alone). The result comes
back pickled, in an anonymous file in memory (never on a disk: it holds opened vault values),
or through the pipe where there is no such file, and is unpickled with the load cache's
allow-list (records, plain values) though it is this process's own. When anything goes wrong
there (the process died, the work raised, what came back is not what was asked for) `collect`
gives None and the caller does the work itself, which also reports what a bad file holds.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ctotui.data import loadcache

_CHUNK = 1 << 20


@dataclass(slots=True)
class SideWork:
    """The pipe from a forked process, the memory it leaves its result in, and that process."""

    pid: int
    reading: int
    memory: int = -1  # an anonymous in-memory file (Linux), or -1: the result comes by the pipe

    def collect(self) -> Any | None:
        """What the work returned (waits for it), or None when it gave nothing."""
        if self.reading < 0:
            return None
        payload = b""
        try:
            said = _read_all(self.reading)
            if said[:1] == _IN_MEMORY and len(said) == 9 and self.memory >= 0:
                payload = _read_memory(self.memory, int.from_bytes(said[1:], "big"))
            elif said[:1] == _IN_PIPE:
                payload = said[1:]
        except OSError:
            payload = b""
        finally:
            self._close()
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(self.pid, 0)
        if not payload:
            return None
        try:
            return loadcache.unpickle(payload)
        except Exception:  # a torn or refused payload is no result: the caller does the work
            return None

    def abandon(self) -> None:
        """The result is not wanted (the caller failed meanwhile): the process is stopped and
        reaped, so none is left blocked on a pipe nobody reads."""
        if self.reading < 0:
            return  # collected already
        self._close()
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(self.pid, 0)

    def _close(self) -> None:
        # Once: the numbers may be other files' by the time anyone closes them again.
        fds, self.reading, self.memory = (self.reading, self.memory), -1, -1
        for fd in fds:
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)


# What the pipe says: the result is in the memory file (8 bytes of length follow), or follows.
_IN_MEMORY = b"M"
_IN_PIPE = b"P"


def start(work: Callable[[], Any]) -> SideWork | None:
    """*work* run in a forked process; None when this process must not fork (it has threads,
    or the system refuses), and the caller does the work itself."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return None
    memory = _memory_file()
    reading, writing = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (reading, writing, memory):
            if fd >= 0:
                os.close(fd)
        return None
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(reading)
        _run(work, writing, memory)
    os.close(writing)
    return SideWork(pid, reading, memory)


def _memory_file() -> int:
    """An anonymous file in memory (never on a disk: the result holds opened vault values), or
    -1 where there is none. Megabytes through it are one copy; through a pipe they were a
    wake-up of the other process for every 64 KB."""
    create = getattr(os, "memfd_create", None)
    if create is None:
        return -1
    try:
        fd: int = create("ctotui-side-load", os.MFD_CLOEXEC)
    except OSError:
        return -1
    return fd


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, _CHUNK):
        chunks.append(chunk)
    return b"".join(chunks)


def _read_memory(fd: int, size: int) -> bytes:
    chunks, at = [], 0
    while at < size:
        chunk = os.pread(fd, size - at, at)
        if not chunk:
            return b""  # shorter than said: no result
        chunks.append(chunk)
        at += len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _run(work: Callable[[], Any], writing: int, memory: int) -> None:  # pragma: no cover
    """In the forked process: never returns (a process that returned would go on as a copy
    of its parent). What the pipe says comes last: a result cut short says nothing."""
    status = 1
    try:
        payload = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
        if memory >= 0:
            _write_all(memory, payload)
            said = _IN_MEMORY + len(payload).to_bytes(8, "big")
        else:
            said = _IN_PIPE + payload
        _write_all(writing, said)
        status = 0
    except BaseException:  # nothing said, or a torn payload: the parent does the work
        status = 1
    finally:
        os._exit(status)
