"""Start-up: a first frame that costs the same on a decade of data as on a week of it, the rest
of the data in the background, and the garbage collector held meanwhile.

* **The first frame from the glance.** A big folder opens deferred (`Store(defer=True)`: the
  clients only) and the dashboard draws what was kept of its last first frame
  (`ctotui.views.glance`, made for exactly these files, this code and this view). After that
  frame a worker reads the rest (`Store.load_rest`) and builds the dashboard's rows; the panes
  get them in one step and the header says "loading…" until then. Without a glance the folder
  is made meanwhile by a second process (`ctotui.views.glance_ahead`, forked by the command
  before Textual is imported) and waited for; only when that fails is the folder read whole
  before the first frame, and a glance made after it.
* **Keys typed meanwhile** are held, in order, and handed on once the data is whole, each after
  the one before it has taken effect: none is lost, and each lands on the screen the ones before
  it lead to (a key never acts on the glance's rows).
* **Rows built off the event loop.** When the store changes in another thread (the writer's
  save, a reload after an outside change, the background load) the dashboard's rows are built
  there too, before the screens hear of it; a screen then only swaps them in.
* **The collector.** Start-up builds millions of long-lived objects that hold no cycles; the
  cyclic GC walking them again and again took a third of the time to the first frame. `run_app`
  opens the folder and runs the app inside `gc_held()`; the app calls `resume_gc()` after its
  first frame, and again once the background load is in.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from textual import events
from textual.message import Message

from ctotui.data.layout import TABLES
from ctotui.data.store import Change, Store
from ctotui.views import glance as glances
from ctotui.views.dashboard import Snapshot, Viewpoint

if TYPE_CHECKING:
    from textual.app import App
    from textual.signal import Signal

    from ctotui.app_saves import SaveQueue
    from ctotui.views.glance_ahead import GlanceAhead

    _Base = App[None]
else:
    _Base = object

# A held key waits until the one before it has taken effect: at most 1,000 x 2 ms, for a busy
# jump box (a key that opens a screen takes 5-20 ms on a quiet one; 100 ms was not enough on a
# loaded one, and the next key then reached the screen below the new one).
SETTLE_STEPS = 1000
SETTLE_STEP = 0.002


@contextmanager
def gc_held() -> Iterator[None]:
    """No cyclic collection inside (unless `resume_gc` ends it early); on again after, whatever
    happened inside."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def held() -> bool:
    return not gc.isenabled()


def resume_gc() -> None:
    """After the first frame: what start-up built lives on, so `gc.freeze` puts it out of the
    collector's sight for good (reference counting still frees it); then collect as usual."""
    gc.freeze()
    gc.enable()


class LoadingDone(Message):
    """The background load is in (or failed with *error*)."""

    def __init__(self, error: Exception | None) -> None:
        super().__init__()
        self.error = error


class LoadingMixin(_Base):
    """The glance, the background load, held input and the dashboard's prebuilt rows."""

    if TYPE_CHECKING:
        store: Store
        saves: SaveQueue

        @property
        def view(self) -> Viewpoint: ...

        data_changed_signal: Signal[Change]

        def refresh_attention(self) -> None: ...
        def _disk_broken(self, error: Exception) -> None: ...

    def init_loading(self) -> None:
        self.glance: glances.Glance | None = None  # shown until the background load is in
        self._held_input: list[events.Event] = []
        self._replaying = False
        self._dashboard_open = False
        self._prebuilt: tuple[int, Viewpoint, Snapshot] | None = None
        self._glance_wanted = False

    @property
    def loading(self) -> bool:
        return self.glance is not None

    def open_glance(self, ahead: GlanceAhead | None = None) -> None:
        """Before the app runs: the glance for a deferred store (the one *ahead* is making, if
        none was there), or (none fits) the whole folder read now, as without one."""
        store = self.store
        if not store.loading:
            return
        view = self.view
        self.glance = glances.read(store.folder, store.opened_stamps, view, store.sealer)
        if self.glance is None and ahead is not None and ahead.wait():
            self.glance = ahead.glance_for(store.opened_stamps, view) or glances.read(
                store.folder, store.opened_stamps, view, store.sealer
            )
        if self.glance is None and store.load_first_frame():
            # A vault without a glance: the first frame's values opened now, the rest after it.
            self.glance = glances.Glance.of(Snapshot.build(store, view))
        if self.glance is None:
            store.load_rest()
            self._glance_wanted = True  # made after the first frame, for the next start

    # --- the dashboard's rows -------------------------------------------------------------

    def dashboard_snapshot(self, view: Viewpoint) -> Snapshot:
        """The dashboard's rows for *view*: built off the event loop when the store changed in
        another thread, the glance's while the rest loads, else built now."""
        store = self.store
        prebuilt = self._prebuilt
        if prebuilt is not None and prebuilt[0] == store.version and prebuilt[1] == view:
            return prebuilt[2]
        if self.glance is not None:
            return self.glance.snapshot(view)
        snapshot = Snapshot.build(store, view)
        self._prebuilt = (store.version, view, snapshot)
        return snapshot

    def _prebuild(self) -> None:
        """In the thread that changed the store: the dashboard's rows for the new data."""
        if not self._dashboard_open:
            return
        version = self.store.version
        view = self.view
        snapshot = Snapshot.build(self.store, view)
        if self.store.version == version:  # not changed again meanwhile
            self._prebuilt = (version, view, snapshot)

    def _store_changed(self, change: Change) -> None:
        if threading.get_ident() != self._thread_id:
            with contextlib.suppress(Exception):  # the screens build their own then
                self._prebuild()
        super()._store_changed(change)  # type: ignore[misc]

    # --- after the first frame ------------------------------------------------------------

    def after_first_frame(self) -> None:
        self._dashboard_open = True
        if self.glance is not None:
            # Held again, as for the first frame: the load builds millions of objects that
            # hold no cycles, and the collector walking them would double its time.
            gc.disable()
            self.run_worker(self._load_rest, thread=True, group="load", exclusive=True)
        elif self._glance_wanted:
            self._glance_wanted = False
            self.saves.run_behind(self._keep_glance)

    def _load_rest(self) -> None:
        error: Exception | None = None
        try:
            self.store.load_rest()
        except Exception as exc:  # shown as a disk problem: read-only until the file reads
            error = exc
        prebuilt = self._prebuilt
        if error is None and (prebuilt is None or prebuilt[0] != self.store.version):
            with contextlib.suppress(Exception):
                self._prebuild()  # when the load found nothing new to tell of
        self.call_from_thread(self.post_message, LoadingDone(error))

    def on_loading_done(self, message: LoadingDone) -> None:
        self._replaying = True
        self.glance = None
        resume_gc()  # what the load built joins what start-up built, out of the GC's sight
        if message.error is not None:
            self._disk_broken(message.error)
        self.data_changed_signal.publish(Change(frozenset(TABLES), "disk"))
        self.refresh_attention()
        self.run_worker(self._replay_input(), group="held-input")

    def _keep_glance(self) -> None:
        """The dashboard's first rows, kept for the next start (in the writer's thread)."""
        prebuilt = self._prebuilt
        store = self.store
        if prebuilt is None or prebuilt[0] != store.version or prebuilt[1].focus_client:
            return
        with contextlib.suppress(Exception):
            glance = glances.Glance.of(prebuilt[2])
            glances.write(store.folder, store.loaded_stamps(), prebuilt[1], glance, store.sealer)

    # --- input while loading --------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if (self.glance is not None or self._replaying) and _is_input(event):
            self._held_input.append(event)
            return
        await super().on_event(event)

    async def _replay_input(self) -> None:
        try:
            while self._held_input:
                event = self._held_input.pop(0)
                await super().on_event(event)
                await self._settle()
        finally:
            self._replaying = False

    async def _settle(self) -> None:
        """Until what the last key did has taken effect (a screen opened, focus moved): every
        queue on the way idle twice in a row (a key travels app -> screen -> widget -> the
        widgets its messages go to, and a queue can be empty between two hops)."""
        idle = 0
        for _ in range(SETTLE_STEPS):
            await asyncio.sleep(SETTLE_STEP)
            idle = idle + 1 if self._idle() else 0
            if idle == 2:
                return

    def _idle(self) -> bool:
        pumps: list[Any] = [self, *self.screen.walk_children(with_self=True)]
        return all(p._message_queue.empty() for p in pumps)


def _is_input(event: events.Event) -> bool:
    if getattr(event, "is_forwarded", False):
        return False
    if isinstance(event, events.Paste):
        return True
    return isinstance(event, events.InputEvent) and not isinstance(event, events.MouseMove)
