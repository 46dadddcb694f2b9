"""The save queue: every store write runs off the event loop, one at a time and in order.

A single writer thread keeps writes in the order they were asked for (two quick presses of
space must toggle twice, not race). Each result comes back on the event loop; a failure is
shown in one notification naming what could not be written, and handed to the caller so a form
can keep what was typed. Quitting waits for the queue to drain.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from textual.app import App

from ctotui.errors import CtoError
from ctotui.visible import visible

T = TypeVar("T")


class SaveQueue:
    """Writes for *app*, in order; *busy_changed* runs when the queue starts or stops working."""

    def __init__(self, app: App[Any], busy_changed: Callable[[], None]) -> None:
        self._app = app
        self._busy_changed = busy_changed
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ctotui-save")
        self._pending: set[Future[Any]] = set()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def save(
        self,
        job: Callable[[], T],
        *,
        done: Callable[[T], None] | None = None,
        failed: Callable[[CtoError], None] | None = None,
        success: str = "",
        failed_title: str = "Not saved",
    ) -> None:
        """Queue *job*; *done* gets its result, *failed* a `CtoError` (after it is shown under
        *failed_title*)."""
        future = self._writer.submit(job)
        self._pending.add(future)
        self._busy_changed()

        def finished(fut: Future[T]) -> None:
            self._app.call_from_thread(self._finished, fut, done, failed, success, failed_title)

        future.add_done_callback(finished)

    def run_behind(self, job: Callable[[], Any]) -> None:
        """Run *job* in the writer's thread, unannounced: a first save waits for it instead of
        racing it (what the load cache deferred is built this way after the first frame)."""
        self._writer.submit(job)

    async def wait(self) -> None:
        """Until every queued write has finished (for tests and for quitting)."""
        while self._pending:
            await asyncio.wrap_future(next(iter(self._pending)))
            await asyncio.sleep(0)

    def shutdown(self) -> None:
        self._writer.shutdown(wait=True)

    def _finished(
        self,
        future: Future[T],
        done: Callable[[T], None] | None,
        failed: Callable[[CtoError], None] | None,
        success: str,
        title: str,
    ) -> None:
        self._pending.discard(future)
        self._busy_changed()
        app = self._app
        error = future.exception()
        if error is None:
            if success:
                app.notify(success, timeout=2.5)
            if done is not None:
                done(future.result())
            return
        if isinstance(error, CtoError):
            app.notify(visible(str(error)), title=title, severity="error", timeout=10)
            if failed is not None:
                failed(error)
            return
        if isinstance(error, OSError):
            where = f" {error.filename}" if error.filename else ""
            app.notify(
                f"cannot write{where}: {error.strerror or error}",
                title=title,
                severity="error",
                timeout=10,
            )
            return
        # A bug, not bad input: said in one line; the store already put memory back as the
        # disk has it, so the dashboard goes on (the log has the traceback).
        app.log.error(error)
        app.notify(
            f"unexpected error: {type(error).__name__}: {visible(str(error))}",
            title=title,
            severity="error",
            timeout=15,
        )
