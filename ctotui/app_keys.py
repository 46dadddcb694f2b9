"""Keys as a person typed them, even when the terminal merged two of them.

Over `ssh -t`, in tmux, or from a quick hand, escape and the next key often arrive within the
terminal's escape delay and Textual reads them as one alt+KEY. ctotui binds no alt key, so an
alt+KEY that nothing on screen binds is taken apart again: escape, then KEY — and KEY (with any
key typed meanwhile) waits until the escape has done what it does, so it lands on the screen the
person meant.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from textual import events
from textual.screen import Screen

if TYPE_CHECKING:
    from textual.app import App

    _Base = App[None]
else:
    _Base = object

# How long a key typed right after escape waits for the escape to take effect: at most
# 25 x 8 ms, less as soon as a screen closes.
ESCAPE_SETTLE_STEPS = 25
ESCAPE_SETTLE_STEP = 0.008


class KeysMixin(_Base):
    def init_keys(self) -> None:
        self._held_keys: list[events.Key] | None = None

    async def on_event(self, event: events.Event) -> None:
        """A key that arrives as alt+KEY (escape and KEY within the terminal's escape delay: a
        laggy ssh link, tmux's escape-time, a quick hand) is escape, then KEY, when nothing here
        is bound to alt+KEY: ctotui binds no alt key, and escape must never be lost. KEY (and
        any key typed meanwhile) waits until the escape has done what it does, so it lands on
        the screen the person meant."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held_keys is not None:
                self._held_keys.append(event)
                return
            split = self._escape_then(event)
            if split is not None:
                self._held_keys = [split]
                screen = self.screen
                await super().on_event(events.Key("escape", "\x1b"))
                self.run_worker(self._release_keys(screen), group="held-keys")
                return
        await super().on_event(event)

    def _escape_then(self, event: events.Key) -> events.Key | None:
        if not event.key.startswith("alt+") or event.key in self.screen.active_bindings:
            return None
        return events.Key(event.key.removeprefix("alt+"), event.character or None)

    async def _release_keys(self, screen: Screen[Any]) -> None:
        for _ in range(ESCAPE_SETTLE_STEPS):
            await asyncio.sleep(ESCAPE_SETTLE_STEP)
            if self.screen is not screen:
                break  # the escape closed its screen: the keys go to the one below
        held, self._held_keys = self._held_keys or [], None
        for key in held:
            await self.on_event(key)
