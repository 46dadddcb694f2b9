"""A call made once input comes to rest: each new request restarts the wait, the last one wins.

The dashboard filters its panes when the cursor stops in the clients pane; the settings screen
previews a date format when typing pauses. `run_pending()` runs every waiting call now (on its
owner's message queue, as the timer would): tests wait on that instead of on a clock.
"""

from __future__ import annotations

from collections.abc import Callable
from weakref import WeakSet

from textual.message_pump import MessagePump
from textual.timer import Timer

_waiting: WeakSet[Debounce] = WeakSet()


class Debounce:
    """Call *callback* on *owner* once `request()` has not been called for *delay* seconds."""

    def __init__(self, owner: MessagePump, delay: float, callback: Callable[[], object]) -> None:
        self._owner = owner
        self._delay = delay
        self._callback = callback
        self._timer: Timer | None = None

    @property
    def pending(self) -> bool:
        return self._timer is not None

    def request(self) -> None:
        """Call later; a call already waiting is replaced by this one."""
        self.cancel()
        self._timer = self._owner.set_timer(self._delay, self._fire)
        _waiting.add(self)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        _waiting.discard(self)

    def run_now(self) -> bool:
        """Queue the waiting call on its owner at once; False when none was waiting."""
        if self._timer is None:
            return False
        self.cancel()
        return self._owner.is_running and self._owner.call_later(self._callback)

    def _fire(self) -> None:
        self._timer = None
        _waiting.discard(self)
        self._callback()


def run_pending() -> int:
    """Every waiting call, queued on its owner now; how many there were."""
    return sum(debounce.run_now() for debounce in list(_waiting))
