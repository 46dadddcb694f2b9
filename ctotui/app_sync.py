"""Sync from the app: `S` runs `ctotui.sync` in a worker thread, which reports through messages.

Two thread workers, each alone in its group: `sync-status` asks git (locally, no network) for
the header's unsynced and conflict counts every `SYNC_POLL_SECONDS`; `sync` commits, pulls,
merges and pushes. They post `SyncStateRead`, `SyncProgressed` and `SyncFinished`; a worker
that raises ends in `WorkerState.ERROR`, and the one `Worker.StateChanged` handler below says
what failed. `ctotui.sync` is imported inside the workers: it is not needed for the first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.worker import Worker, WorkerState

from ctotui.errors import CtoError

if TYPE_CHECKING:
    from textual.app import App

    from ctotui.data.store import Store
    from ctotui.sync.api import SyncResult, SyncStatus

    _Base = App[None]
else:
    _Base = object

SYNC_POLL_SECONDS = 6.0
SYNC_GROUP = "sync"
STATUS_GROUP = "sync-status"


class SyncStateRead(Message):
    """git said how many changes are unsynced and how many conflicts wait for review."""

    def __init__(self, state: SyncStatus) -> None:
        super().__init__()
        self.state = state


class SyncProgressed(Message):
    """The running sync reached a new step ("fetching from origin…")."""

    def __init__(self, line: str) -> None:
        super().__init__()
        self.line = line


class SyncFinished(Message):
    """The sync ran to its end (a failure ends the worker in error instead)."""

    def __init__(self, result: SyncResult) -> None:
        super().__init__()
        self.result = result


class SyncMixin(_Base):
    """Sync state for the header, the sync key, and what the workers report."""

    if TYPE_CHECKING:
        store: Store

        def refresh_attention(self) -> None: ...
        async def wait_for_saves(self) -> None: ...

    def init_sync(self) -> None:
        """Called by `CtoApp.__init__` before Textual's own set-up."""
        self.sync_state: SyncStatus | None = None  # None until git has been asked
        self.sync_progress = ""  # the running sync's last step, for the header

    def poll_sync_state(self) -> None:
        self.set_interval(SYNC_POLL_SECONDS, self.refresh_sync_state)

    def sync_state_stale(self, _change: object = None) -> None:
        """The data changed (a save, another process, a pull): the header's unsynced count is
        asked again at once, not at the next poll (it showed the count before the last save)."""
        if self.sync_state is not None:
            self.refresh_sync_state()

    @work(thread=True, exclusive=True, group=STATUS_GROUP, exit_on_error=False)
    def refresh_sync_state(self) -> None:
        """Ask git (locally, no network) how many changes are unsynced and conflicts pending."""
        from ctotui.sync.api import sync_status

        self.post_message(SyncStateRead(sync_status(self.store.folder)))

    async def action_sync(self) -> None:
        if self.store.read_only:
            self.notify(f"Read-only: {self.store.read_only_reason}.", severity="warning")
            return
        if self.sync_progress:
            self.notify("A sync is already running.")
            return
        await self.wait_for_saves()
        self.sync_progress = "syncing…"
        self.refresh_attention()
        self._run_sync()

    @work(thread=True, exclusive=True, group=SYNC_GROUP, exit_on_error=False)
    def _run_sync(self) -> None:
        from ctotui.sync.api import run_sync

        def progress(line: str) -> None:
            self.post_message(SyncProgressed(line))

        self.post_message(SyncFinished(run_sync(self.store.folder, progress)))

    def on_sync_state_read(self, message: SyncStateRead) -> None:
        self.sync_state = message.state
        self.refresh_attention()

    def on_sync_progressed(self, message: SyncProgressed) -> None:
        self.sync_progress = f"sync: {message.line}"
        self.refresh_attention()

    def on_sync_finished(self, message: SyncFinished) -> None:
        self._sync_over()
        self.notify(message.result.message, title="Synced", timeout=6)
        if message.result.new_conflicts:
            self.notify(
                f"{message.result.new_conflicts} conflict(s) to review: press C.",
                severity="warning",
                timeout=10,
            )
        self.refresh_sync_state()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker is reported."""
        if event.state is not WorkerState.ERROR or event.worker.group != SYNC_GROUP:
            # A failed status read leaves the header as it was; the next poll asks again.
            return
        error = event.worker.error
        self._sync_over()
        text = str(error) if isinstance(error, CtoError) else f"{type(error).__name__}: {error}"
        self.notify(text, title="Sync failed; nothing was lost", severity="error", timeout=15)
        self.refresh_sync_state()

    def _sync_over(self) -> None:
        """After a sync, whatever its end: the header forgets it, the store reads what changed."""
        self.sync_progress = ""
        try:
            self.store.reload_if_changed()
        except CtoError as load_error:
            self.notify(str(load_error), title="After sync", severity="error", timeout=15)
