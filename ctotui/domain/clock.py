"""The one injectable clock.

Everything that asks "what is today?" goes through a `Clock`, so tests, snapshots and the demo
can fix time. `CTOTUI_NOW` (an ISO date-time) fixes the clock of a whole process; the test-suite
uses it to drive the CLI in a subprocess.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Protocol

import pendulum


class Clock(Protocol):
    def now(self) -> pendulum.DateTime:
        """The current instant, in the local time zone."""
        ...

    def today(self) -> pendulum.Date:
        """The local calendar date."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> pendulum.DateTime:
        return pendulum.now()

    def today(self) -> pendulum.Date:
        return pendulum.today().date()


class ShiftedClock:
    """Real time moved to another day: the day is *today*, the hours still pass.

    The demo runs on the sample practice's own "today", so its overdue and due-soon dates stay
    meaningful whenever it is opened, while edits still get increasing time stamps.
    """

    def __init__(self, today: pendulum.Date) -> None:
        self._shift = today - pendulum.today().date()

    def now(self) -> pendulum.DateTime:
        return pendulum.now() + self._shift

    def today(self) -> pendulum.Date:
        return self.now().date()


class FixedClock:
    """A clock stopped at one instant; `advance` moves it explicitly."""

    def __init__(self, at: pendulum.DateTime | str) -> None:
        if isinstance(at, str):
            parsed = pendulum.parse(at)
            if not isinstance(parsed, pendulum.DateTime):
                raise ValueError(f"not a date-time: {at!r}")
            at = parsed
        self._now = at

    def now(self) -> pendulum.DateTime:
        return self._now

    def today(self) -> pendulum.Date:
        return self._now.date()

    def advance(self, **delta: int) -> None:
        self._now = self._now.add(**delta)


def default_clock() -> Clock:
    """The system clock, unless `CTOTUI_NOW` fixes it."""
    fixed = os.environ.get("CTOTUI_NOW")
    if fixed:
        return FixedClock(fixed)
    return SystemClock()


def utc_stamp(clock: Clock) -> str:
    """`created_at` / `updated_at` text: UTC with microseconds, so stamps sort as strings."""
    return format_stamp(clock.now())


def format_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def next_stamp(clock: Clock, previous: str | None) -> str:
    """A stamp later than both the clock and *previous*.

    A laptop whose clock runs behind the jump box must still give its own edit a newer stamp than
    the one it edits, or a later merge would think the edit is older than what it replaced.
    """
    stamp = utc_stamp(clock)
    if previous is None or stamp > previous:
        return stamp
    prev = datetime.fromisoformat(previous)
    return format_stamp(prev + pendulum.duration(microseconds=1))
