"""The app's life when its terminal goes: a hang-up or SIGTERM ends it cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    _Base = App[None]
else:
    _Base = object

SIGNAL_SAVE_WAIT = 5.0  # seconds a pending save may take once the terminal is gone
SIGNAL_EXIT = 129


class LifetimeMixin(_Base):
    if TYPE_CHECKING:

        async def wait_for_saves(self) -> None: ...

    def follow_signals(self) -> None:
        """Quit cleanly when the terminal goes away (SIGHUP: ssh dropped) or on SIGTERM: the
        save in progress finishes (it is one journaled transaction either way), the locks are
        released, a demo's copy is removed by its caller — no orphan holding the folder."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._signalled)

    def _signalled(self) -> None:
        self.run_worker(self._quit_after_saves(), group="quit", exclusive=True)

    async def _quit_after_saves(self) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.wait_for_saves(), SIGNAL_SAVE_WAIT)
        self.exit(return_code=SIGNAL_EXIT)
