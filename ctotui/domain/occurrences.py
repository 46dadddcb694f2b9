"""The occurrences of one calendar event in a date window, with its exceptions applied.

An event's *series* is its date alone, the dates of its `rrule`, or — for a fiscal-year-relative
event — each year's fiscal-year start plus `fiscal_offset_days`, from the event's date on (the
client's `fiscal_year_start` is read when the dates are computed, so changing it moves every
future date). An exception skips, moves or retitles the occurrence on one series date.

A multi-day event (`end` set) keeps its length on every occurrence. A renewal's cancel-by date
is its last day (`end`, or the date itself for a renewal without an end) minus `notice_days`.
A renewal is *shown* on that last day, its renewal date: `date` to `end` is the term it covers,
not a span to draw across the calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ctotui.domain.entities import Event, EventException
from ctotui.domain.enums import EventKind
from ctotui.domain.recurrence import fiscal_dates, parse_rule, rule_dates

Exceptions = Mapping[date, EventException]
_NO_EXCEPTIONS: Exceptions = {}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of an event: where it happens and what it is called there."""

    event: Event
    series_date: dt.date  # its date in the series: what an exception of it is keyed by
    date: dt.date  # where it happens (an exception may have moved it)
    end: dt.date | None  # the last day of a multi-day item
    title: str
    notes: str
    exception: EventException | None = None

    @property
    def moved(self) -> bool:
        return self.date != self.series_date

    @property
    def last_day(self) -> dt.date:
        return self.end or self.date

    @property
    def cancel_by(self) -> dt.date | None:
        return cancel_by_of(self.event, self.last_day)


def is_renewal(event: Event) -> bool:
    return event.kind == EventKind.RENEWAL


def shown_day(event: Event) -> date:
    """Where a one-off event is listed: a renewal on its last day, others on their date."""
    return event.end if event.end is not None and is_renewal(event) else event.date


def missed_cancel_by(event: Event, cancel_by: date, last_day: date, today: date) -> bool:
    """The cancel-by has passed, the renewal date (*last_day*) has not, and the user has not
    acknowledged it for this term: the one date a consultant must not let slip."""
    acknowledged = event.cancel_by_acknowledged
    return cancel_by < today <= last_day and (acknowledged is None or acknowledged < last_day)


def has_cancel_by(event: Event) -> bool:
    """A notice period on a contract-like item (an end date, or a renewal) sets a cancel-by."""
    return event.notice_days is not None and (
        event.end is not None or event.kind == EventKind.RENEWAL
    )


def cancel_by_of(event: Event, last_day: date) -> date | None:
    if not has_cancel_by(event):
        return None
    assert event.notice_days is not None
    return _shift(last_day, -event.notice_days)


def is_timed(event: Event) -> bool:
    """At a time of day: not all-day, and a time given (else it is all-day, whatever the flag)."""
    return not event.all_day and bool(event.time)


def span_days(event: Event) -> int:
    # Ordinals, not `end - date`: pendulum builds a whole Interval for that.
    return 0 if event.end is None else event.end.toordinal() - event.date.toordinal()


def series_dates(event: Event, low: date, high: date, fiscal_year_start: int = 1) -> list[date]:
    """The dates of *event*'s series in [low, high], before any exception."""
    if event.fiscal_offset_days is not None:
        return fiscal_dates(fiscal_year_start, event.fiscal_offset_days, max(low, event.date), high)
    return rule_dates(event.date, parse_rule(event.rrule), low, high)


def repeats_text(event: Event) -> str:
    """How the event repeats, as `list events` says it: the fiscal rule ("FY start - 90 d,
    yearly", with a minus sign), or the rule as it was given ("" for a one-off event)."""
    if event.fiscal_offset_days is None:
        return event.rrule
    return fiscal_rule_text(event.fiscal_offset_days)


def fiscal_rule_text(offset_days: int) -> str:
    if offset_days == 0:
        return "FY start, yearly"
    sign = "+" if offset_days > 0 else "\N{MINUS SIGN}"
    return f"FY start {sign} {abs(offset_days)} d, yearly"


def next_fiscal_date(fiscal_year_start: int, offset_days: int, on_or_after: date) -> date:
    """The first date of a fiscal-year-relative series on or after *on_or_after*: where a new
    one starts (an offset is at most a year, so one comes within two)."""
    return fiscal_dates(
        fiscal_year_start, offset_days, on_or_after, on_or_after + dt.timedelta(days=800)
    )[0]


def is_series_date(event: Event, day: date, fiscal_year_start: int = 1) -> bool:
    return bool(series_dates(event, day, day, fiscal_year_start))


def occurrences(
    event: Event,
    low: date,
    high: date,
    *,
    fiscal_year_start: int = 1,
    exceptions: Exceptions | None = None,
) -> list[Occurrence]:
    """The occurrences of *event* that happen in [low, high], by date.

    Skipped ones are left out; a moved one appears on its new date, whether or not its series
    date is in the window. An exception for a date that is no longer in the series (the rule
    was changed since) is ignored.
    """
    exceptions = exceptions or _NO_EXCEPTIONS
    span = span_days(event)
    found: list[Occurrence] = []
    for day in series_dates(event, low, high, fiscal_year_start):
        exception = exceptions.get(day)
        if exception is not None and (exception.skip or _moved_elsewhere(exception)):
            continue
        found.append(_occurrence(event, day, day, span, exception))
    for exception in exceptions.values():
        moved_to = exception.moved_to
        if (
            moved_to is None
            or exception.skip
            or not _moved_elsewhere(exception)
            or not low <= moved_to <= high
            or not is_series_date(event, exception.date, fiscal_year_start)
        ):
            continue
        found.append(_occurrence(event, exception.date, moved_to, span, exception))
    if len(found) > 1 and exceptions:
        found.sort(key=lambda occ: occ.date)
    return found


def shown_occurrences(
    event: Event,
    low: date,
    high: date,
    *,
    fiscal_year_start: int = 1,
    exceptions: Exceptions | None = None,
) -> list[Occurrence]:
    """The occurrences shown in [low, high]: a renewal on its last day, others from their date."""
    if not is_renewal(event) or event.end is None:
        return occurrences(
            event, low, high, fiscal_year_start=fiscal_year_start, exceptions=exceptions
        )
    span = span_days(event)
    found = occurrences(
        event,
        _shift(low, -span),
        _shift(high, -span),
        fiscal_year_start=fiscal_year_start,
        exceptions=exceptions,
    )
    return [occ for occ in found if low <= occ.last_day <= high]


def cancel_by_occurrences(
    event: Event,
    low: date,
    high: date,
    *,
    fiscal_year_start: int = 1,
    exceptions: Exceptions | None = None,
) -> list[Occurrence]:
    """The occurrences whose cancel-by date falls in [low, high] (they happen later)."""
    if not has_cancel_by(event):
        return []
    assert event.notice_days is not None
    # cancel-by = date + span - notice, so look for dates that much later than the window.
    lead = event.notice_days - span_days(event)
    found = occurrences(
        event,
        _shift(low, lead),
        _shift(high, lead),
        fiscal_year_start=fiscal_year_start,
        exceptions=exceptions,
    )
    return [occ for occ in found if (c := occ.cancel_by) is not None and low <= c <= high]


def _moved_elsewhere(exception: EventException) -> bool:
    return exception.moved_to is not None and exception.moved_to != exception.date


def _occurrence(
    event: Event, series_day: date, day: date, span: int, exception: EventException | None
) -> Occurrence:
    return Occurrence(
        event=event,
        series_date=series_day,
        date=day,
        end=_shift(day, span) if event.end is not None else None,
        title=(exception.title if exception is not None and exception.title else event.title),
        notes=(exception.notes if exception is not None and exception.notes else event.notes),
        exception=exception,
    )


def _shift(day: date, days: int) -> date:
    if not days:
        return day
    ordinal = day.toordinal() + days
    return date.fromordinal(min(max(ordinal, 1), _MAX_ORDINAL))


_MAX_ORDINAL = date.max.toordinal()
