"""Recurrence rules: the RFC 5545 RRULE subset events use, and their dates in any window.

Supported parts: FREQ=YEARLY|MONTHLY, INTERVAL, BYMONTH, BYMONTHDAY (1..31, or -1..-31 counted
from the month's end), COUNT, UNTIL. Shorthands: "yearly" (or "annually"), "monthly" and
"quarterly" (= FREQ=MONTHLY;INTERVAL=3). A leading "RRULE:" is accepted.

The dates are those RFC 5545 (and every calendar app reading our .ics) computes:
- the event's date (DTSTART) is always the first occurrence, and counts towards COUNT;
- without BYMONTHDAY the day is DTSTART's day; a YEARLY rule with neither BYMONTH nor
  BYMONTHDAY also keeps DTSTART's month (a YEARLY rule with BYMONTHDAY only means every month);
- a day a month does not have is *skipped*, never clamped: monthly on the 31st has no February,
  April, June, September or November occurrence, and yearly on February 29 occurs in leap
  years only. For "the last day of every month" use BYMONTHDAY=-1;
- UNTIL is inclusive and, for the all-day dates here, only its date counts.

Dates are computed for a window by jumping straight to its first period, so a rule that
started decades ago costs no more than one that starts today.

Why our own expansion and not `dateutil.rrule`: the agenda, the month grid and the header
expand every series for each window they draw, and dateutil is several times slower at it
even when its DTSTART is moved to the window's first period (dateutil 4.0, Python 3.11, this
project's 2-core box, medians): 1,000 series over a 90-day window took 5.6 ms here and 60 ms
with dateutil; `benchmarks/bench_agenda.py` (5,000 events, 1,000 series) went from 23 to 75 ms
for a warm 90-day agenda and from 11 to 53 ms for the header's counts, and on the generated
20,000-recommendation folder from 133 to 210 ms and 31 to 74 ms. The parser and the subset
stay ours either way (its error messages say what to write instead).
`tests/calendar/test_recurrence_vs_dateutil.py` checks these dates against dateutil's
(hypothesis, any start, window, interval, BYMONTH and BYMONTHDAY, and counted series).
A few lines over 300: the parser and the expansion share the subset's every rule.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

YEARLY = "YEARLY"
MONTHLY = "MONTHLY"
SHORTHANDS = {
    "yearly": "FREQ=YEARLY",
    "annually": "FREQ=YEARLY",
    "monthly": "FREQ=MONTHLY",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
}
PARTS = ("FREQ", "INTERVAL", "BYMONTH", "BYMONTHDAY", "COUNT", "UNTIL")
MAX_INTERVAL = 1200
MAX_COUNT = 10_000
_LAST_YEAR = 9999  # datetime.date's own limit


class RuleError(ValueError):
    """A recurrence rule outside the supported subset; the message says what to write instead."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A parsed rule; `by_month_day` may hold negative days (-1 is the month's last day)."""

    freq: str
    interval: int = 1
    by_month: tuple[int, ...] = ()
    by_month_day: tuple[int, ...] = ()
    count: int | None = None
    until: date | None = None

    def __str__(self) -> str:
        return rule_text(self)


def parse_rule(text: str) -> Rule | None:
    """The rule in *text* ("" is no rule); raises RuleError naming the bad part."""
    return _parse_rule(" ".join(text.split()))


@lru_cache(maxsize=4096)
def _parse_rule(text: str) -> Rule | None:
    if not text:
        return None
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    # A shorthand may stand for FREQ (and INTERVAL) beside other parts: "quarterly;COUNT=8".
    pieces = ";".join(SHORTHANDS.get(p.lower(), p) for p in text.replace(" ", "").split(";"))
    parts: dict[str, str] = {}
    for piece in pieces.split(";"):
        if not piece:
            continue
        name, sep, value = piece.partition("=")
        name = name.upper()
        if not sep or not value:
            raise RuleError(
                f"{piece!r} is not understood (say yearly, monthly, quarterly, "
                "or give parts like FREQ=MONTHLY;INTERVAL=3)"
            )
        if name not in PARTS:
            raise RuleError(f"{name} is not supported (use {', '.join(PARTS)})")
        if name in parts:
            raise RuleError(f"{name} is given twice")
        parts[name] = value.upper()
    freq = parts.get("FREQ")
    if freq is None:
        raise RuleError("FREQ is required (FREQ=YEARLY, FREQ=MONTHLY, or say 'quarterly')")
    if freq not in (YEARLY, MONTHLY):
        raise RuleError(f"FREQ={freq} is not supported (use YEARLY, MONTHLY or 'quarterly')")
    if "COUNT" in parts and "UNTIL" in parts:
        raise RuleError("give COUNT or UNTIL, not both")
    rule = Rule(
        freq=freq,
        interval=_number(parts, "INTERVAL", 1, MAX_INTERVAL) or 1,
        by_month=_numbers(parts, "BYMONTH", range(1, 13)),
        by_month_day=_numbers(parts, "BYMONTHDAY", [*range(-31, 0), *range(1, 32)]),
        count=_number(parts, "COUNT", 1, MAX_COUNT),
        until=_until(parts.get("UNTIL")),
    )
    if rule.by_month_day and not any(_days_in(rule, m) for m in _months_of(rule, None)):
        raise RuleError(
            f"BYMONTHDAY={','.join(map(str, rule.by_month_day))} never falls in "
            f"BYMONTH={','.join(map(str, rule.by_month))}"
        )
    return rule


def _number(parts: dict[str, str], name: str, low: int, high: int) -> int | None:
    text = parts.get(name)
    if text is None:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise RuleError(f"{name} must be a whole number from {low} to {high}, got {text}")
    return int(text)


def _numbers(parts: dict[str, str], name: str, allowed: range | list[int]) -> tuple[int, ...]:
    text = parts.get(name)
    if text is None:
        return ()
    values = []
    for item in text.split(","):
        try:
            value = int(item)
        except ValueError:
            value = 0
        if value not in allowed or not item.lstrip("+-").isdigit():
            span = "1 to 12" if name == "BYMONTH" else "1 to 31, or -1 to -31 from the month's end"
            raise RuleError(f"{name} values must be {span}, got {item!r}")
        values.append(value)
    return tuple(sorted(set(values)))


def _until(text: str | None) -> date | None:
    if text is None:
        return None
    digits = text.replace("-", "")
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise RuleError(f"UNTIL must be a date like 20271231, got {text}") from None


def rule_text(rule: Rule) -> str:
    """The canonical RFC 5545 text of *rule* (what the .ics export writes)."""
    parts = [f"FREQ={rule.freq}"]
    if rule.interval != 1:
        parts.append(f"INTERVAL={rule.interval}")
    if rule.by_month:
        parts.append("BYMONTH=" + ",".join(map(str, rule.by_month)))
    if rule.by_month_day:
        parts.append("BYMONTHDAY=" + ",".join(map(str, rule.by_month_day)))
    if rule.count is not None:
        parts.append(f"COUNT={rule.count}")
    if rule.until is not None:
        parts.append("UNTIL=" + rule.until.strftime("%Y%m%d"))
    return ";".join(parts)


# --- dates -------------------------------------------------------------------------------------


def rule_dates(start: date, rule: Rule | None, low: date, high: date) -> list[date]:
    """The occurrences of a series starting on *start* that fall in [low, high], in order."""
    if rule is None:
        return [start] if low <= start <= high else []
    last = _last_date(start, rule)
    if last is not None:
        high = min(high, last)
    if high < low or high < start:
        return []
    dates = [d for d in _matching(start, rule, max(low, start), high) if d != start]
    if low <= start <= high:
        dates.insert(0, start)  # DTSTART is an occurrence even when the rule would not make it
    return dates


def _last_date(start: date, rule: Rule) -> date | None:
    """The last occurrence of a bounded series (UNTIL, or COUNT counted from *start*)."""
    if rule.until is not None:
        return rule.until
    if rule.count is not None:
        return _counted_end(start, rule)
    return None


@lru_cache(maxsize=8192)
def _counted_end(start: date, rule: Rule) -> date:
    # The one place that walks from the start; COUNT is capped, and the result is cached.
    seen = 1
    last = start
    for day in _matching(start, rule, start, date(_LAST_YEAR, 12, 31)):
        if day == start:
            continue
        if seen == rule.count:
            break
        seen += 1
        last = day
    return last


def _matching(start: date, rule: Rule, low: date, high: date) -> Iterator[date]:
    """Dates the rule's periods produce in [low, high] (DTSTART aside), ascending."""
    span = 12 if rule.freq == YEARLY else 1  # months in one period
    step = rule.interval * span
    first = start.year * 12 + (0 if rule.freq == YEARLY else start.month - 1)
    wanted = low.year * 12 + low.month - 1
    # The first period that ends at or after low's month: jump there, never walk from the start.
    periods_to_skip = max(0, -(-(wanted - (span - 1) - first) // step))
    index = first + periods_to_skip * step
    stop = high.year * 12 + high.month - 1
    while index <= stop:
        year, month0 = divmod(index, 12)
        for month in _months_of(rule, start) if rule.freq == YEARLY else (month0 + 1,):
            if rule.freq == MONTHLY and rule.by_month and month not in rule.by_month:
                continue
            for day in _days_in(rule, month, year, start):
                value = date(year, month, day)
                if low <= value <= high:
                    yield value
        index += step
        if index // 12 > _LAST_YEAR:
            return


def _months_of(rule: Rule, start: date | None) -> tuple[int, ...]:
    if rule.freq == MONTHLY or rule.by_month:
        return rule.by_month or tuple(range(1, 13))
    if rule.by_month_day or start is None:
        return tuple(range(1, 13))
    return (start.month,)


def _days_in(rule: Rule, month: int, year: int = 2000, start: date | None = None) -> list[int]:
    """The days of *month* the rule picks (2000 is a leap year: any day that can exist)."""
    length = _month_length(year, month)
    if not rule.by_month_day:
        day = start.day if start is not None else 1
        return [day] if day <= length else []
    days = {d if d > 0 else length + d + 1 for d in rule.by_month_day}
    return sorted(d for d in days if 1 <= d <= length)


_MONTH_LENGTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_length(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_LENGTHS[month - 1]


# --- fiscal-year-relative dates ----------------------------------------------------------------


def fiscal_dates(fy_start_month: int, offset_days: int, low: date, high: date) -> list[date]:
    """Each year's fiscal-year start (the 1st of *fy_start_month*) plus *offset_days*, in
    [low, high]: FY start July and -90 gives April 2 every year."""
    shift = timedelta(days=offset_days)
    out = []
    # An offset of up to a year moves a date at most into the neighbouring year.
    for year in range(max(1, low.year - 1), min(_LAST_YEAR, high.year + 1) + 1):
        try:
            day = date(year, fy_start_month, 1) + shift
        except OverflowError:
            continue
        if low <= day <= high:
            out.append(day)
    return out


def describe_rule(rule: Rule | None) -> str:
    """A short human reading: "every 3 months on the last day", "yearly until 2030-12-31"."""
    if rule is None:
        return "once"
    unit = "year" if rule.freq == YEARLY else "month"
    if rule.freq == MONTHLY and rule.interval == 3:
        text = "quarterly"
    elif rule.interval == 1:
        text = "yearly" if rule.freq == YEARLY else "monthly"
    else:
        text = f"every {rule.interval} {unit}s"
    if rule.by_month:
        text += " in " + ", ".join(calendar.month_abbr[m] for m in rule.by_month)
    if rule.by_month_day:
        days = [("last day" if d == -1 else f"day {d}") for d in rule.by_month_day]
        text += " on " + ", ".join(days)
    if rule.count is not None:
        text += f", {rule.count} times"
    if rule.until is not None:
        text += f" until {rule.until.isoformat()}"
    return text
