"""Waiting in UI tests on what the app does, never on a clock.

`settled(pilot)` returns once the app has nothing left to do for the keys pressed so far: every
debounced call waiting for input to rest has run (`ctotui.widgets.debounce.run_pending`, the
hook that fires them at once, on their own message queues), every worker has ended (the command
palette's search, sync), and the messages all that sent have been handled.
"""

from __future__ import annotations

import contextlib
from typing import Any

from textual.worker import Worker, WorkerError, WorkerState

from ctotui.widgets.debounce import run_pending

RUNNING = (WorkerState.PENDING, WorkerState.RUNNING)
ROUNDS = 50  # a debounce that re-arms itself for ever would be a bug: fail, do not hang


async def settled(pilot: Any) -> None:
    await pilot.pause()
    for _ in range(ROUNDS):
        busy = [w for w in pilot.app.workers if w.state in RUNNING]
        if not run_pending() and not busy:
            return
        await _ended(busy)
        await pilot.pause()
    raise AssertionError(f"the app was still busy after {ROUNDS} rounds")


async def _ended(workers: list[Worker[Any]]) -> None:
    for worker in workers:
        # Cancelled or failed is an end too (what a failure means is the test's to check); one
        # not started yet is waited for in the next round.
        with contextlib.suppress(WorkerError):  # WorkerFailed, WorkerCancelled
            await worker.wait()
