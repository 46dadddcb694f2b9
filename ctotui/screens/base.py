"""What every full screen shares: the typed app, its header line, and the app's change signals.

A screen says what to do when the data changed (`data_changed`, default: `reload`) or the view
did (`view_changed`, default: `reload`); the header line (`AttentionBar`) shows the app's state
with the screen's own `attention_label` ("· Budget · Acme") whenever either changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual import events, getters, on
from textual.screen import Screen

from ctotui.app import CtoApp
from ctotui.data.store import Change
from ctotui.widgets.attention import AttentionBar

T = TypeVar("T")


class CtoScreen(Screen[None]):
    """A full screen of ctotui (the dialogs are modal screens, in `ctotui.dialogs`)."""

    cto = getters.app(CtoApp)
    """The running app, typed."""

    attention_label = ""
    """What this screen adds to the header line after the folder's name."""

    def reload(self) -> None:
        """Show the store's records again."""

    def data_changed(self, change: Change) -> None:
        self.reload()

    def view_changed(self) -> None:
        self.reload()

    def show_attention(self) -> None:
        self.query_one(AttentionBar).show(self.cto.attention_state(self.attention_label))

    def leave_if_gone(self, record: object | None) -> bool:
        """True when *record* (this screen's subject) was deleted; the screen then closes if it
        is on top (below another screen it stays until a later change finds it on top)."""
        if record is not None:
            return False
        if self.app.screen is self:
            self.app.pop_screen()
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(events.Mount)
    def _subscribe(self) -> None:
        app = self.cto
        # Immediate: every screen hears of a change at once, in the order they were opened.
        app.data_changed_signal.subscribe(
            self, self._guarded(lambda change: self.data_changed(change)), immediate=True
        )
        app.view_changed_signal.subscribe(
            self, self._guarded(lambda _: self.view_changed()), immediate=True
        )
        app.attention_signal.subscribe(
            self, self._guarded(lambda _: self.show_attention()), immediate=True
        )

    def _guarded(self, handler: Callable[[T], None]) -> Callable[[T], None]:
        def call(data: T) -> None:
            try:
                handler(data)
            except Exception as error:
                # `Signal.publish` would log the error and carry on with a stale screen; on the
                # app's queue it stops the app with its traceback, like an error in any handler.
                self.app.call_next(_raise, error)

        return call


def _raise(error: BaseException) -> None:
    raise error
