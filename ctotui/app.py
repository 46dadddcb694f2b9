"""The Textual application: wiring only — store, settings, themes, keymap, saves, screens."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from ctotui.app_looks import LooksMixin
from ctotui.config import Settings
from ctotui.data import loadcache
from ctotui.data.store import Change, Store
from ctotui.domain.clock import Clock, default_clock
from ctotui.errors import CtoError
from ctotui.terminal import poor_terminal
from ctotui.themes import ANSI_THEME, DEFAULT_THEME, app_variable_defaults, load_themes
from ctotui.views.dashboard import Attention, Viewpoint
from ctotui.widgets.attention import AttentionBar, AttentionState

T = TypeVar("T")
DISK_POLL_SECONDS = 2.0
SYNC_POLL_SECONDS = 6.0


def _records_provider() -> type[Any]:
    # Imported late: the palette is not needed for the first frame.
    from ctotui.commands import RecordsProvider

    return RecordsProvider


class DataChanged(Message):
    """The store changed (this app saved, or another process / git wrote the files)."""

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change


class CtoApp(LooksMixin, App[None]):
    """ctotui's dashboard application."""

    TITLE = "ctotui"
    CSS_PATH = "ctotui.tcss"
    COMMANDS = App.COMMANDS | {_records_provider}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding(
            "S",
            "sync",
            "Sync",
            tooltip="Commit, pull, merge and push the data folder",
            id="app.sync",
        ),
        Binding(
            "C",
            "conflicts",
            "Conflicts",
            show=False,
            tooltip="Review the clashes a sync settled on its own",
            id="app.conflicts",
        ),
        Binding(
            "P",
            "toggle_presentation",
            "Presentation",
            show=False,
            tooltip="Codenames, masked amounts and contacts",
            id="app.presentation",
        ),
        Binding(
            "comma",
            "settings",
            "Settings",
            show=False,
            key_display=",",
            tooltip="Theme, dates, currency, alert window, keys (saved to config.toml)",
            id="app.settings",
        ),
        # Textual's own palette binding has no id; declared here it can be remapped too.
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            "palette",
            show=False,
            priority=True,
            tooltip="Command palette: actions, and records by name",
            id="app.command_palette",
        ),
    ]

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        *,
        clock: Clock | None = None,
        ascii_only: bool = False,
        folder_label: str = "",
        watch_disk: bool = True,
    ) -> None:
        self.settings = settings or Settings()
        self.store = store
        self.clock = clock or default_clock()
        self.ascii_only = ascii_only or self.settings.ascii
        self.folder_label = folder_label
        self.presentation = self.settings.presentation_mode
        self.focus_client: str | None = None
        self.attention = Attention()  # the dashboard's latest counts, for every screen's header
        self.sync_state: Any = None  # ctotui.sync.api.SyncStatus, refreshed in a worker
        self.sync_progress = ""
        self.theme_errors: list[str] = []
        self._watch_disk = watch_disk
        self._saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ctotui-save")
        self._pending: set[Future[Any]] = set()
        self._unsubscribe: Callable[[], None] | None = None
        self.init_looks()
        super().__init__()
        if self.ascii_only:
            self.add_class("-ascii")
        self._register_themes()

    # --- set-up -----------------------------------------------------------------------------

    def _register_themes(self) -> None:
        themes, self.theme_errors = load_themes()
        for theme in themes:
            self.register_theme(theme)
        wanted = self.settings.theme
        if os.environ.get("TEXTUAL_THEME"):
            wanted = os.environ["TEXTUAL_THEME"]
        elif poor_terminal() and wanted == DEFAULT_THEME:
            wanted = ANSI_THEME
        if wanted not in self.available_themes:
            self.theme_errors.append(f"theme {wanted!r} not found; using {DEFAULT_THEME}")
            wanted = DEFAULT_THEME
        self.theme = wanted

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return app_variable_defaults(self.current_theme)

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        if self.theme_errors:
            # One notification for every broken theme file, each named with its key and reason.
            self.notify("\n".join(self.theme_errors), title="Theme", severity="warning", timeout=12)
        self._unsubscribe = self.store.subscribe(self._store_changed)
        if self._watch_disk:
            self.set_interval(DISK_POLL_SECONDS, self._poll_disk)
            self.set_interval(SYNC_POLL_SECONDS, self.refresh_sync_state)
        # Pushed once the app's own mount is over: pushed inside it, the dashboard's first
        # frame was drawn in Textual's start-up batch, thrown away, and drawn again (~0.1 s on
        # a 20,000-recommendation folder).
        self.call_later(self._open_dashboard)

    def _open_dashboard(self) -> None:
        from ctotui.screens.dashboard import DashboardScreen

        self.push_screen(DashboardScreen())
        # Then, after its first frame:
        if not gc.isenabled():
            self.call_after_refresh(_resume_gc)  # run_app held it for the first frame
        # what the load cache deferred is built off the event loop, in the writer's thread (a
        # first save waits for it instead of racing it); and git is asked for the header's
        # sync state (its thread would compete with the start-up for the GIL).
        self.call_after_refresh(self._saver.submit, self.store.load_deferred)
        if self._watch_disk:
            self.call_after_refresh(self.refresh_sync_state)

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._saver.shutdown(wait=True)

    # --- what the screens read ----------------------------------------------------------------

    @property
    def view(self) -> Viewpoint:
        s = self.settings
        return Viewpoint(
            today=self.clock.today(),
            presentation=self.presentation,
            focus_client=self.focus_client,
            currency=s.currency,
            date_format=s.date_format,
            stale_after_days=s.stale_after_days,
            alert_window_days=s.alert_window_days,
        )

    def attention_state(self, label: str = "") -> AttentionState:
        """What the header line of any screen shows."""
        scope = ""
        if self.focus_client:
            from ctotui.domain.entities import Client

            client = self.store.find(Client, self.focus_client)
            scope = f"focus: {self.view.client_name(client)}"
        elif self.presentation:
            scope = "presentation"
        sync = self.sync_state
        return AttentionState(
            overdue=self.attention.overdue,
            due_soon=self.attention.due_soon,
            window_days=self.settings.alert_window_days,
            unsynced=sync.unsynced_changes if sync is not None and sync.is_repo else None,
            conflicts=sync.conflicts if sync is not None else 0,
            syncing=self.sync_progress,
            saving=self.saving,
            read_only=self.store.read_only_reason,
            scope=scope,
            folder_label=label or self.folder_label,
        )

    def can_edit(self) -> bool:
        """True when edits are possible; otherwise say why (read-only mode)."""
        if self.store.read_only:
            self.notify(
                f"Read-only: {self.store.read_only_reason}.",
                title="Cannot edit",
                severity="warning",
            )
            return False
        return True

    # --- saving -------------------------------------------------------------------------------

    def save(
        self,
        job: Callable[[], T],
        *,
        done: Callable[[T], None] | None = None,
        failed: Callable[[CtoError], None] | None = None,
        success: str = "",
    ) -> None:
        """Run a store write off the event loop, one at a time and in order.

        A single-thread executor keeps writes in the order they were asked for (two quick
        presses of space must toggle twice, not race). The result comes back on the event loop;
        a failure is shown and handed to *failed* so a form can keep what was typed.
        """
        future = self._saver.submit(job)
        self._pending.add(future)
        self._refresh_saving()

        def finished(fut: Future[T]) -> None:
            self.call_from_thread(self._save_finished, fut, done, failed, success)

        future.add_done_callback(finished)

    def _save_finished(
        self,
        future: Future[T],
        done: Callable[[T], None] | None,
        failed: Callable[[CtoError], None] | None,
        success: str,
    ) -> None:
        self._pending.discard(future)
        self._refresh_saving()
        error = future.exception()
        if error is None:
            if success:
                self.notify(success, timeout=2.5)
            if done is not None:
                done(future.result())
            return
        if isinstance(error, CtoError):
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            if failed is not None:
                failed(error)
            return
        if isinstance(error, OSError):
            where = f" {error.filename}" if error.filename else ""
            self.notify(
                f"cannot write{where}: {error.strerror or error}",
                title="Not saved",
                severity="error",
                timeout=10,
            )
            return
        self.notify(f"{type(error).__name__}: {error}", title="Not saved", severity="error")
        raise error

    async def wait_for_saves(self) -> None:
        """Wait until every queued write has finished (for tests and for quitting)."""
        while self._pending:
            await asyncio.wrap_future(next(iter(self._pending)))
            await asyncio.sleep(0)

    @property
    def saving(self) -> bool:
        return bool(self._pending)

    def _refresh_saving(self) -> None:
        self._refresh_attention()

    # --- changes ------------------------------------------------------------------------------

    def _store_changed(self, change: Change) -> None:
        if threading.get_ident() == self._thread_id:
            self.post_message(DataChanged(change))
        else:
            self.call_from_thread(self.post_message, DataChanged(change))

    def on_data_changed(self, message: DataChanged) -> None:
        # Every screen on the stack may show the changed records.
        for screen in self.screen_stack:
            handler = getattr(screen, "data_changed", None)
            if handler is not None:
                handler(message.change)

    def _poll_disk(self) -> None:
        """Pick up writes by another process (`ctotui add` in a tmux pane, `git pull`)."""
        try:
            self.store.reload_if_changed(wait=False)
        except CtoError as error:
            self.notify(str(error), title="Data folder changed", severity="error", timeout=15)

    # --- actions ------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Keys", "Every key, from the real bindings", self.action_help)
        yield SystemCommand(
            "Sync now", "Commit local changes, pull, merge and push (S)", self.action_sync
        )
        yield SystemCommand(
            "Review sync conflicts",
            "Keep or reverse each clash a sync settled (C)",
            self.action_conflicts,
        )
        yield SystemCommand(
            "Presentation mode",
            "Codenames instead of names; amounts, contacts and notes hidden",
            self.action_toggle_presentation,
        )
        yield SystemCommand(
            "Settings",
            "Theme, date format, currency, alert window, mouse, keys (,)",
            self.action_settings,
        )
        from ctotui.screens import actions

        yield SystemCommand(
            "Calendar",
            "Month grid, agenda, a client's fiscal year of budget dates (c)",
            lambda: actions.open_calendar(self),
        )
        yield SystemCommand(
            "Budget",
            "Budget lines by category for the selected client and fiscal year (B)",
            lambda: actions.open_budget(self),
        )

    # --- sync ---------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="sync-status", exit_on_error=False)
    def refresh_sync_state(self) -> None:
        """Ask git (locally, no network) how many changes are unsynced and conflicts pending."""
        from ctotui.sync.api import sync_status

        state = sync_status(self.store.folder)
        self.call_from_thread(self._set_sync_state, state)

    def _set_sync_state(self, state: Any) -> None:
        self.sync_state = state
        self._refresh_attention()

    def _refresh_attention(self) -> None:
        for screen in self.screen_stack:
            bar = screen.query(AttentionBar)
            if bar:
                label = getattr(screen, "attention_label", "")
                bar.first().show(self.attention_state(label))

    async def action_sync(self) -> None:
        if self.store.read_only:
            self.notify(f"Read-only: {self.store.read_only_reason}.", severity="warning")
            return
        if self.sync_progress:
            self.notify("A sync is already running.")
            return
        await self.wait_for_saves()
        self.sync_progress = "syncing…"
        self._refresh_attention()
        self._run_sync()

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def _run_sync(self) -> None:
        from ctotui.sync.api import run_sync

        def progress(line: str) -> None:
            self.call_from_thread(self._sync_progress, line)

        try:
            result = run_sync(self.store.folder, progress)
        except CtoError as error:
            self.call_from_thread(self._sync_done, None, error)
        else:
            self.call_from_thread(self._sync_done, result, None)

    def _sync_progress(self, line: str) -> None:
        self.sync_progress = f"sync: {line}"
        self._refresh_attention()

    def _sync_done(self, result: Any, error: CtoError | None) -> None:
        self.sync_progress = ""
        try:
            self.store.reload_if_changed()
        except CtoError as load_error:
            self.notify(str(load_error), title="After sync", severity="error", timeout=15)
        if error is not None:
            self.notify(
                str(error), title="Sync failed; nothing was lost", severity="error", timeout=15
            )
        else:
            self.notify(result.message, title="Synced", timeout=6)
            if result.new_conflicts:
                self.notify(
                    f"{result.new_conflicts} conflict(s) to review: press C.",
                    severity="warning",
                    timeout=10,
                )
        self.refresh_sync_state()

    def action_conflicts(self) -> None:
        from ctotui.screens.conflicts import ConflictsScreen

        if not isinstance(self.screen, ConflictsScreen):
            self.push_screen(ConflictsScreen())

    def action_help(self) -> None:
        from ctotui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_presentation(self) -> None:
        self.presentation = not self.presentation
        self.notify("Presentation mode on" if self.presentation else "Presentation mode off")
        self._view_changed()

    def set_focus_client(self, client_id: str | None) -> None:
        """Show only one client's records everywhere (None: all clients again)."""
        self.focus_client = client_id
        # Names in notifications already on screen could belong to another client.
        self.clear_notifications()
        self._view_changed()

    def _view_changed(self) -> None:
        for screen in self.screen_stack:
            handler = getattr(screen, "view_changed", None)
            if handler is not None:
                handler()

    async def action_quit(self) -> None:
        await self.wait_for_saves()
        self.exit()


def run_app(
    folder: Path,
    settings: Settings,
    *,
    clock: Clock | None = None,
    ascii: bool = False,
    title_suffix: str = "",
) -> int:
    """Open *folder* in the dashboard until the user quits; returns the exit code."""
    from ctotui.sync.heal import heal_folder

    # Whatever git did since the last start (a plain `git pull` that left a dangling reference
    # or parked conflicts, a killed sync) is repaired first; a locked or read-only folder skips
    # this (the dashboard then opens read-only and says why).
    with contextlib.suppress(CtoError):
        heal_folder(folder)
    # Start-up builds millions of long-lived objects (records, then the dashboard's rows) that
    # hold no cycles; the cyclic GC walking them again and again took a third of the time to the
    # first frame on a 20,000-recommendation folder. Held until that frame (`_resume_gc`).
    gc.disable()
    try:
        store = Store(
            folder, clock=clock or default_clock(), session=True, use_cache=loadcache.enabled()
        )
    except BaseException:
        gc.enable()
        raise
    label = title_suffix or str(folder).replace(str(Path.home()), "~")
    try:
        app = CtoApp(store, settings, clock=clock, ascii_only=ascii, folder_label=label)
        app.run(mouse=settings.mouse_enabled())
    finally:
        store.close()
        gc.enable()
        # If a big table's load cache is stale (edits, a git pull), a background process makes
        # it anew for the next start; this one quits at once.
        loadcache.refresh_in_background(store.folder)
    return app.return_code or 0


def _resume_gc() -> None:
    """After the first frame: what start-up built lives on, so `gc.freeze` puts it out of the
    collector's sight for good (reference counting still frees it); then collect as usual."""
    gc.freeze()
    gc.enable()
