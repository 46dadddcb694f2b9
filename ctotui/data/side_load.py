"""Work done in a forked second process while this one goes on, its result handed back through
a private pipe: a vault's first-frame read on both cores (`Sealer.load_first_frame`).

Opening the first frame of a 20,000-record vault is AES-SIV and per-record Python under one
GIL. The glance child (`ctotui.views.glance_ahead`) has the machine's second core to itself
once the dashboard has imported Textual: a process forked there reads the milestones and events
while the child reads the recommendations.

Only a process with one thread forks (a fork copies the calling thread alone). The result is
unpickled with the load cache's allow-list (records, plain values), though the pipe is this
process's own. When anything goes wrong there (the process died, the work raised, what came
back is not what was asked for) `collect` gives None and the caller does the work itself, which
also reports what a bad file holds.
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
    """The pipe from a forked process, and that process."""

    pid: int
    reading: int

    def collect(self) -> Any | None:
        """What the work returned (waits for it), or None when it gave nothing."""
        chunks: list[bytes] = []
        if self.reading < 0:
            return None
        try:
            while chunk := os.read(self.reading, _CHUNK):
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            self._close()
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(self.pid, 0)
        if not chunks:
            return None
        try:
            return loadcache.unpickle(b"".join(chunks))
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
        # Once: the number may be another file's by the time anyone closes it again.
        reading, self.reading = self.reading, -1
        with contextlib.suppress(OSError):
            os.close(reading)


def start(work: Callable[[], Any]) -> SideWork | None:
    """*work* run in a forked process; None when this process must not fork (it has threads,
    or the system refuses), and the caller does the work itself."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return None
    reading, writing = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(reading)
        _run(work, writing)
    os.close(writing)
    return SideWork(pid, reading)


def _run(work: Callable[[], Any], writing: int) -> None:  # pragma: no cover - in the child
    """In the forked process: never returns (a process that returned would go on as a copy
    of its parent)."""
    status = 1
    try:
        payload = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
        view = memoryview(payload)
        while view:
            view = view[os.write(writing, view) :]
        status = 0
    except BaseException:  # nothing written, or a torn payload: the parent does the work
        status = 1
    finally:
        os._exit(status)
