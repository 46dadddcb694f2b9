"""A big folder's first glance, made in a second process while the dashboard starts.

Without a glance (the first open on this machine, or a file changed since the last one: a `git
pull`) the dashboard used to read the whole folder before its first frame, after importing
Textual, on one core. `start` forks before Textual is imported: the child reads the folder and
writes today's glance (the same one the background refresh makes, `glance_refresh`), and says
so through a pipe; meanwhile the parent imports Textual and builds the app, then opens from that
glance like any warm start (`ctotui.app_startup`) and reads the rest in the background. The two
cores share the start-up, and the first frame needs the memory of a warm one.

A vault's child reads as the dashboard would without a glance (`Store.load_first_frame`: only
what the first frame shows is opened) and hands that glance over through the pipe instead of
writing it: made from a partial read, it is never kept; the sealed glances come from the
refresh after it.

The child then refreshes the load cache and the next days' glances, as the refresh after a
session does. Every guarantee is the glance's own: it is made for exactly the files the dashboard
opens (their stamps are in its header), this code and this view; when anything differs (the
folder changed meanwhile, no private cache place, the child died) the dashboard reads the folder
itself, as before.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctotui.data import journal, loadcache
from ctotui.data.layout import VAULT_FILE
from ctotui.data.state import state_dir
from ctotui.errors import CtoError
from ctotui.views.glance import (
    Glance,
    deferrable,
    file_name,
    fresh,
    unpickle,
    view_for,
    view_key,
)

if TYPE_CHECKING:
    from ctotui.config import Settings
    from ctotui.domain.clock import Clock
    from ctotui.views.dashboard import Viewpoint

READY = b"1"  # the glance is in the cache
HANDED = b"2"  # a vault's glance follows through the pipe: 8 bytes of length, then its pickle
# A child that takes longer than this is left to finish for the next start; the dashboard
# reads the folder itself meanwhile.
WAIT_SECONDS = 20.0


@dataclass(slots=True)
class GlanceAhead:
    """The pipe from the child that makes the glance."""

    reading: int
    # The child reads a plain folder whole under its write lock: a store opened meanwhile would
    # only queue behind it. A vault's child holds the lock only to read the files' bytes.
    holds_lock: bool = True
    answer: bool | None = None
    # A vault's first glance, made from a read that opened only what it shows: handed over
    # here (never written down), with the files it was made from.
    handed: tuple[dict[str, Any], list[Any], Glance] | None = None

    def wait(self, timeout: float = WAIT_SECONDS) -> bool:
        """True once the child has made the glance; False when it could not (or took too
        long). Asked again, gives the same answer."""
        if self.answer is None:
            self.answer = False
            with contextlib.suppress(Exception), os.fdopen(self.reading, "rb") as pipe:
                ready, _, _ = select.select([pipe], [], [], timeout)
                said = pipe.read(1) if ready else b""
                if said == HANDED:
                    self.handed = _handed(pipe.read(int.from_bytes(pipe.read(8), "big")))
                self.answer = said == READY or self.handed is not None
        return self.answer

    def glance_for(self, stamps: dict[str, Any], view: Viewpoint) -> Glance | None:
        """The glance handed over, if it was made from files with exactly *stamps* for
        *view*."""
        if self.handed is None or self.handed[:2] != (stamps, view_key(view)):
            return None
        return self.handed[2]


def _handed(payload: bytes) -> tuple[dict[str, Any], list[Any], Glance] | None:
    found = unpickle(payload)  # records and rows only, as from the cache
    if isinstance(found, tuple) and len(found) == 3 and isinstance(found[2], Glance):
        stamps, key, glance = found
        if isinstance(stamps, dict) and isinstance(key, list):
            return stamps, key, glance
    return None


def missing(folder: Path, settings: Settings, clock: Clock) -> bool:
    """True when no glance of today's first view was made from *folder*'s files as they are."""
    vault = (folder / VAULT_FILE).exists()
    name = file_name(view_for(settings, clock.today()), vault=vault)
    return name not in fresh(folder, name)


def start(folder: Path, settings: Settings, clock: Clock) -> GlanceAhead | None:
    """Fork the child that makes today's glance of *folder*, when one is missing and worth
    making; None when the dashboard should read the folder itself."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return None  # a fork copies only the calling thread: never fork a threaded process
    if not deferrable(folder) or not missing(folder, settings, clock):
        return None
    if _interrupted(folder):
        return None  # the dashboard's own open finishes that change, and says so
    try:
        if loadcache.private_place(folder) is None:
            return None
    except OSError:  # no cache folder can be made (a file in its way, a full disk)
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
        _child(folder, settings, clock, writing)
    os.close(writing)
    # The first child leaves at once (its own child does the work): reap it, no zombie stays.
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, 0)
    return GlanceAhead(reading, holds_lock=not (folder / VAULT_FILE).exists())


def _interrupted(folder: Path) -> bool:
    """True when a change a crash interrupted waits to be finished (or the state folder is not
    what it should be): then only the dashboard opens the folder."""
    try:
        return journal.pending(state_dir(folder, create=False))
    except (CtoError, OSError):
        return True


def _child(folder: Path, settings: Settings, clock: Clock, writing: int) -> None:
    """In the forked child: never returns (a child that returned would run the CLI twice)."""
    status = 0
    try:
        os.setsid()  # out of the terminal's process group: ^C and a hang-up are the parent's
        if os.fork():
            os._exit(0)
        _detach()
        os.umask(0o077)  # NDA data: nothing this process creates is readable by other users
        # The records hold no cycles; the collector walking them again and again would double
        # the time to the glance (as in the dashboard's own start, `app_startup.gc_held`).
        gc.disable()
        # The store read is freed only after the answer is sent: freeing a million objects
        # took 60 ms the dashboard was waiting for.
        kept: list[object] = []
        if (folder / VAULT_FILE).exists():
            handed = _vault_first(folder, settings, clock, kept)
            made = handed is not None
            said = HANDED + len(handed).to_bytes(8, "big") + handed if handed else b"0"
        else:
            made = _make_first(folder, settings, clock, kept)
            said = READY if made else b"0"
        with contextlib.suppress(OSError), os.fdopen(writing, "wb") as pipe:
            pipe.write(said)
        # What is left is for the next start: the dashboard drawing its first frame and
        # reading the rest comes first.
        with contextlib.suppress(OSError):
            os.nice(10)
        kept.clear()
        gc.enable()
        if made:
            from ctotui.views.glance_refresh import refresh

            refresh(folder, settings)  # the load cache and the next days' glances
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _detach() -> None:
    """Standard streams to /dev/null: the terminal is the dashboard's alone."""
    null = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(null, stream)
    os.close(null)


def _make_first(folder: Path, settings: Settings, clock: Clock, kept: list[object]) -> bool:
    """Read *folder* and write the glance of today's first view; True when it was written.
    The store is left in *kept*."""
    from ctotui.data.store import Store
    from ctotui.views.dashboard import Snapshot
    from ctotui.views.glance import write

    began = time.monotonic()
    store = Store(folder, clock=clock, use_cache=True)
    kept.append(store)
    try:
        view = view_for(settings, clock.today()).redacting(store)
        glance = Glance.of(Snapshot.build(store, view))
        made = write(folder, store.loaded_stamps(), view, glance, store.sealer)
    finally:
        store.close(refresh=False)
    return made and time.monotonic() - began < WAIT_SECONDS


def _vault_first(
    folder: Path, settings: Settings, clock: Clock, kept: list[object]
) -> bytes | None:
    """A vault's first glance, pickled with the files it was made from, or None.

    Made as the dashboard itself makes it without a glance (`Store.load_first_frame`: only
    what the first frame shows is opened, with a second process reading the milestones), so
    it is never written to disk: it is handed over through the pipe, and the sealed glances
    are made by the refresh after it. The store is left in *kept*."""
    from ctotui.data.store import Store
    from ctotui.views.dashboard import Snapshot

    store = Store(folder, clock=clock, use_cache=True, defer=True)
    kept.append(store)
    try:
        if not store.loading or not store.load_first_frame(split=True):
            return None
        view = view_for(settings, clock.today()).redacting(store)
        glance = Glance.of(Snapshot.build(store, view))
        handed = (store.opened_stamps, view_key(view), glance)
        return pickle.dumps(handed, pickle.HIGHEST_PROTOCOL)
    finally:
        store.close(refresh=False)
