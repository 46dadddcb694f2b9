"""Which dates one VEVENT of an event stands for, and how iCalendar can say them.

An event's series (its date, its RRULE, or its fiscal-year dates) is written as it is; but a
renewal is written on its renewal date (its last day) and its cancel-by on the cancel-by date,
both a fixed number of days after each date of the series. A rule moved by a fixed number of
days is not always the same rule (30 days after 1 February is 3 March, or 2 March in a leap
year), so the moved series keeps the RRULE only when that rule gives exactly the moved
dates up to the horizon, and is otherwise written as DTSTART plus RDATEs. The dates come from
the domain (the agenda's own expansion), so the export and the agenda cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from ctotui.domain.entities import Event
from ctotui.domain.occurrences import series_dates
from ctotui.domain.recurrence import Rule, parse_rule, rule_dates


@dataclass(frozen=True, slots=True)
class Recurrence:
    """DTSTART's date and, for a recurring event, an RRULE or the other dates (RDATEs)."""

    start: date
    rule: Rule | None = None
    rdates: tuple[date, ...] = ()


def recurrence(event: Event, shift: int, horizon: date, fiscal_start: int) -> Recurrence | None:
    """The series of *event* moved *shift* days; None when it has no date before *horizon*."""
    rule = parse_rule(event.rrule)
    if not event.recurring:
        day = moved_by(event.date, shift)
        return None if day is None else Recurrence(day)
    if rule is not None and shift == 0:
        return Recurrence(event.date, rule)
    base = series_dates(event, event.date, moved_by(horizon, -shift) or horizon, fiscal_start)
    dates = [d for d in (moved_by(b, shift) for b in base) if d is not None and d <= horizon]
    if not dates:
        return None
    first = dates[0]
    # A fiscal-year date is "yearly" when its month and day never change (a span crossing 29
    # February moves it by a day in leap years).
    candidate = rule or Rule(freq="YEARLY")
    until = moved_by(candidate.until, shift) if candidate.until else None
    moved = replace(candidate, until=until)
    if (until is not None or candidate.until is None) and rule_dates(
        first, moved, first, horizon
    ) == dates:
        return Recurrence(first, moved)
    return Recurrence(first, None, tuple(dates[1:]))


def moved_by(day: date, days: int) -> date | None:
    """*day* plus *days*, or None past the calendar's ends (year 1 and 9999)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None
