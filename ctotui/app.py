"""The Textual application: wiring only — store, settings, themes, keymap, screens.

The work lives in modules named for it: `app_saves` (the save queue), `app_changes` (change
signals and the disk poll), `app_sync` (sync workers), `app_looks` (themes, filters, settings),
`app_startup` (the garbage collector during start-up), `app_keys` (escape and the key after it),
`app_lifetime` (hang-up and SIGTERM). `run_app` opens a folder and runs it. A little over 300
lines: a fifth of it is the table of app-wide keys, each with its id and tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ctotui import app_startup
from ctotui.app_changes import ChangesMixin
from ctotui.app_keys import KeysMixin
from ctotui.app_lifetime import LifetimeMixin
from ctotui.app_looks import LooksMixin
from ctotui.app_saves import SaveQueue
from ctotui.app_startup import LoadingMixin
from ctotui.app_sync import SyncMixin
from ctotui.config import Settings
from ctotui.data.store import Store
from ctotui.domain.clock import Clock, default_clock
from ctotui.errors import CtoError
from ctotui.views.dashboard import Attention, Viewpoint
from ctotui.views.glance import deferrable, view_for
from ctotui.views.glance_ahead import GlanceAhead
from ctotui.views.glance_refresh import refresh_in_background
from ctotui.widgets.attention import AttentionState

T = TypeVar("T")


def _records_provider() -> type[Any]:
    # Imported late: the palette is not needed for the first frame.
    from ctotui.commands import RecordsProvider

    return RecordsProvider


class CtoApp(
    LoadingMixin, KeysMixin, LifetimeMixin, SyncMixin, ChangesMixin, LooksMixin, App[None]
):
    """ctotui's dashboard application."""

    TITLE = "ctotui"
    CSS_PATH = "ctotui.tcss"
    COMMANDS = App.COMMANDS | {_records_provider}

    BINDING_GROUP_TITLE = "Everywhere"
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
        Binding(
            "ctrl+z",
            "undo",
            "Undo",
            show=False,
            tooltip="Undo the last change made here (u on the dashboard)",
            id="app.undo",
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
        handle_signals: bool = False,
    ) -> None:
        self.settings = settings or Settings()
        self.store = store
        self.clock = clock or default_clock()
        self.ascii_only = ascii_only or self.settings.ascii
        self.folder_label = folder_label
        self.presentation = self.settings.presentation_mode
        self.focus_client: str | None = None
        self.attention = Attention()  # the dashboard's latest counts, for every screen's header
        self.theme_errors: list[str] = []
        self._watch_disk = watch_disk
        self._handle_signals = handle_signals
        self.init_keys()
        self.init_loading()
        self.saves = SaveQueue(self, busy_changed=self.refresh_attention)
        self.init_sync()
        self.init_looks()
        super().__init__()
        self.init_changes()
        if self.ascii_only:
            self.add_class("-ascii")
        self.register_themes()

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        if self.theme_errors:
            # One notification for every broken theme file, each named with its key and reason.
            self.notify("\n".join(self.theme_errors), title="Theme", severity="warning", timeout=12)
        self.follow_store(poll_disk=self._watch_disk)
        self.data_changed_signal.subscribe(self, self.sync_state_stale)
        if self._handle_signals:
            self.follow_signals()
        if self._watch_disk:
            self.poll_sync_state()
        # Pushed once the app's own mount is over: pushed inside it, the dashboard's first
        # frame was drawn in Textual's start-up batch, thrown away, and drawn again (~0.1 s on
        # a 20,000-recommendation folder).
        self.call_later(self._open_dashboard)

    def _open_dashboard(self) -> None:
        from ctotui.screens.dashboard import DashboardScreen

        self.push_screen(DashboardScreen())
        # Then, after its first frame:
        if app_startup.held():
            self.call_after_refresh(app_startup.resume_gc)  # run_app held it for the first frame
        # the rest of a folder opened from its glance is read in the background (or a glance
        # is made for the next start);
        self.call_after_refresh(self.after_first_frame)
        # and git is asked for the header's sync state (its thread would compete with the
        # start-up for the GIL). What the load cache deferred (the stored dicts a write needs)
        # is built by the first write that needs it, in the writer's thread: a session that
        # only reads never holds them (tens of MB on a big folder). A vault's sealed values are
        # looked up to open records, so they are still built at once, off the event loop.
        if self.store.is_vault:
            self.call_after_refresh(self.saves.run_behind, self.store.load_deferred)
        if self._watch_disk:
            self.call_after_refresh(self.refresh_sync_state)

    def on_unmount(self) -> None:
        self.stop_following_store()
        self.saves.shutdown()

    # --- what the screens read ----------------------------------------------------------------

    @property
    def view(self) -> Viewpoint:
        return view_for(
            self.settings,
            self.clock.today(),
            presentation=self.presentation,
            focus=self.focus_client,
        ).redacting(self.store)

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
            missed=self.attention.missed,
            missed_days=self.attention.missed_days,
            window_days=self.settings.alert_window_days,
            unsynced=sync.unsynced_changes if sync is not None and sync.is_repo else None,
            conflicts=sync.conflicts if sync is not None else 0,
            syncing=self.sync_progress,
            saving=self.saves.busy,
            loading=self.loading,
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

    # --- saving (`app_saves.SaveQueue`) --------------------------------------------------------

    def save(
        self,
        job: Callable[[], T],
        *,
        done: Callable[[T], None] | None = None,
        failed: Callable[[CtoError], None] | None = None,
        success: str = "",
        failed_title: str = "Not saved",
    ) -> None:
        """Run a store write off the event loop, one at a time and in order."""
        self.saves.save(job, done=done, failed=failed, success=success, failed_title=failed_title)

    async def wait_for_saves(self) -> None:
        """Wait until every queued write has finished (for tests and for quitting)."""
        await self.saves.wait()

    # --- actions ------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from ctotui.commands import system_commands

        ours = list(system_commands(self))
        # Textual's "Keys" (its panel of the focused widget's keys) gives way to ours (every key).
        titles = {command.title for command in ours}
        yield from (c for c in super().get_system_commands(screen) if c.title not in titles)
        yield from ours

    def action_undo(self) -> None:
        from ctotui.ui_actions.records import undo_last_change

        undo_last_change(self)

    def action_conflicts(self) -> None:
        from ctotui.screens.conflicts import ConflictsScreen

        if not isinstance(self.screen, ConflictsScreen):
            self.push_screen(ConflictsScreen())

    def action_help(self) -> None:
        from ctotui.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_presentation(self) -> None:
        self.presentation = not self.presentation
        self.notify("Presentation mode on" if self.presentation else "Presentation mode off")
        self.publish_view_changed()

    def set_focus_client(self, client_id: str | None) -> None:
        """Show only one client's records everywhere (None: all clients again)."""
        self.focus_client = client_id
        # Names in notifications already on screen could belong to another client.
        self.clear_notifications()
        self.publish_view_changed()

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
    ahead: GlanceAhead | None = None,
    healed: bool = False,
) -> int:
    """Open *folder* in the dashboard until the user quits; returns the exit code. *ahead*:
    the process making the glance of a big folder that had none; *healed*: the caller has
    repaired the folder already (`ctotui.subcommands.folder.launch` does, before it forks)."""
    if not healed:
        from ctotui.sync.heal import heal_on_open

        heal_on_open(folder)
    if ahead is not None and ahead.holds_lock:
        # The child reads the folder under its write lock: opening it now would only queue
        # behind that read (and a slow one would time the lock out). A vault's child does
        # not, and the store opens while it works (`open_glance` waits for it).
        ahead.wait()
    # The collector is held until the first frame (`app_startup`), and on again after.
    with app_startup.gc_held():
        store = Store(
            folder,
            clock=clock or default_clock(),
            session=True,
            use_cache=True,
            origin="app",
            author=settings.author(),
            defer=deferrable(folder),
        )
        label = title_suffix or str(folder).replace(str(Path.home()), "~")
        try:
            app = CtoApp(
                store,
                settings,
                clock=clock,
                ascii_only=ascii,
                folder_label=label,
                handle_signals=True,
            )
            app.open_glance(ahead)
            app.run(mouse=settings.mouse_enabled())
        finally:
            store.close(refresh=False)
            # The load cache and the glances made anew for the next start, if the session (or
            # anyone meanwhile) changed the files: a process of its own, this one returns now.
            refresh_in_background(folder, settings)
    return app.return_code or 0
