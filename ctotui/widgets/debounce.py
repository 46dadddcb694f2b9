"""A call made once input comes to rest: each new request restarts the wait, the last one wins.

The dashboard filters its panes when the cursor stops in the clients pane; the settings screen
previews a date format when typing pauses. `run_pending()` runs every waiting call at once:
tests use it instead of waiting for a clock to pass the delay.
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
        """Make the waiting call now; False when none was waiting (or its owner is gone)."""
        if self._timer is None:
            return False
        self.cancel()
        if not self._owner.is_running:
            return False
        self._callback()
        return True

    def _fire(self) -> None:
        self._timer = None
        _waiting.discard(self)
        self._callback()


def run_pending() -> int:
    """Make every waiting call now; how many there were."""
    return sum(debounce.run_now() for debounce in list(_waiting))
