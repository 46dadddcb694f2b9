"""How screens learn that something changed: the data, the view, or the header's counts.

Three signals on the app, each a Textual `Signal` a screen subscribes to once it is mounted
(`ctotui.screens.base.CtoScreen` does it for every full screen):

* `data_changed_signal` — the store changed: this app saved, or another process or a `git pull`
  wrote the files (found by polling the folder every `DISK_POLL_SECONDS`);
* `view_changed_signal` — presentation mode, client focus or a setting changed how records look;
* `attention_signal` — the header line's counts or state changed (saving, syncing, conflicts).

Delivery is immediate and in the order the screens were opened, as a direct call would be.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.signal import Signal

from ctotui.data.store import Change
from ctotui.errors import CtoError
from ctotui.visible import visible

if TYPE_CHECKING:
    from textual.app import App

    from ctotui.data.store import Store

    _Base = App[None]
else:
    _Base = object

DISK_POLL_SECONDS = 2.0


class DataChanged(Message):
    """The store changed (this app saved, or another process / git wrote the files)."""

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change


class ChangesMixin(_Base):
    """The app's change signals, fed by the store's callbacks and the disk poll."""

    if TYPE_CHECKING:
        store: Store

    def init_changes(self) -> None:
        """Called by `CtoApp.__init__` after Textual's own set-up (a signal needs its owner)."""
        self.data_changed_signal: Signal[Change] = Signal(self, "data-changed")
        self.view_changed_signal: Signal[None] = Signal(self, "view-changed")
        self.attention_signal: Signal[None] = Signal(self, "attention")
        self._unsubscribe: Callable[[], None] | None = None
        # A file another process left unreadable: what is wrong, the files as they were then,
        # and why the store was read-only before (if it was).
        self.disk_problem = ""
        self._problem_stamps: dict[str, Any] = {}
        self._reason_before_problem = ""
        self._reloading = False  # a worker is reading what changed on disk

    def follow_store(self, *, poll_disk: bool) -> None:
        """From now on, every change of the store is published (called once mounted)."""
        self._unsubscribe = self.store.subscribe(self._store_changed)
        if poll_disk:
            self.set_interval(DISK_POLL_SECONDS, self._poll_disk)

    def stop_following_store(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()

    def publish_view_changed(self) -> None:
        self.view_changed_signal.publish(None)

    def refresh_attention(self) -> None:
        """Every screen's header line shows the app's state again."""
        self.attention_signal.publish(None)

    def _store_changed(self, change: Change) -> None:
        # The store calls back from the thread that wrote: the writer's, or the poll's.
        if threading.get_ident() == self._thread_id:
            self.post_message(DataChanged(change))
        else:
            self.call_from_thread(self.post_message, DataChanged(change))

    def on_data_changed(self, message: DataChanged) -> None:
        self.data_changed_signal.publish(message.change)

    def _poll_disk(self) -> None:
        """Pick up writes by another process (`ctotui add` in a tmux pane, `git pull`).

        The poll only looks at the files' stamps; reading them is done by a worker thread,
        never on the event loop (a 25 MB file takes a second), and swapped in whole: keys typed
        meanwhile act at once, on the screen they were typed on and the data it shows.

        A file left unreadable (a bad hand edit, a conflicted `git pull`) never stops the
        dashboard: the header says what is wrong and editing is off until the file reads again;
        the broken file is read again only once it changes.
        """
        store = self.store
        if self._reloading or store.loading:
            return
        if self.disk_problem:
            if store.disk_stamps() == self._problem_stamps:
                return
        elif not store.changed_on_disk():
            return
        self._reloading = True
        self.run_worker(self._reload, thread=True, group="disk-reload", exclusive=True)

    def _reload(self) -> None:
        """In a worker thread: read what changed, then say how it went on the event loop."""
        try:
            self.store.reload_if_changed(wait=False)
        except Exception as error:
            self.call_from_thread(self._reloaded, error)
        else:
            self.call_from_thread(self._reloaded, None)

    def _reloaded(self, error: Exception | None) -> None:
        self._reloading = False
        if error is not None:
            self._disk_broken(error)
            return
        if self.disk_problem:
            self.disk_problem = ""
            self.store.read_only_reason = self._reason_before_problem
            self.notify("The data folder reads correctly again; editing is back on.", timeout=8)
            self.refresh_attention()

    def _disk_broken(self, error: Exception) -> None:
        if isinstance(error, CtoError):
            problem = visible(str(error))
        else:
            self.log.error(error)
            problem = f"unexpected error reading it ({type(error).__name__}: {visible(str(error))})"
        if not self.disk_problem:
            self._reason_before_problem = self.store.read_only_reason
        self._problem_stamps = self.store.disk_stamps()
        if problem == self.disk_problem:
            return
        self.disk_problem = problem
        self.store.read_only_reason = (
            f"the data folder has a problem ({problem}); fix it and it is read again"
        )
        self.notify(
            f"{problem}\nEditing is off until the file reads again "
            "(`ctotui check` lists what is wrong).",
            title="Data folder changed",
            severity="error",
            timeout=20,
        )
        self.refresh_attention()
