"""Dates: strict ISO 8601 in the files, friendlier forms in forms and on the command line."""

from __future__ import annotations

import re
from datetime import date

import pendulum

WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_RELATIVE = re.compile(r"^([+-])\s*(\d{1,4})\s*([dwmqy])$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_HELP = (
    "use YYYY-MM-DD, today, tomorrow, +3d, +2w, +1m, -1y, friday, next monday, "
    "end of month, end of quarter"
)


class DateError(ValueError):
    """Text that is not a date; the message says what was expected."""


def to_pendulum(value: date) -> pendulum.Date:
    return pendulum.Date(value.year, value.month, value.day)


def parse_iso_date(text: str) -> pendulum.Date:
    """The stored form, strictly YYYY-MM-DD (a real calendar date)."""
    if not isinstance(text, str) or not _ISO.match(text):
        raise DateError(f"not a date: {text!r} (expected YYYY-MM-DD)")
    try:
        return to_pendulum(date.fromisoformat(text))
    except ValueError:
        raise DateError(f"no such date: {text!r}") from None


def parse_date_input(text: str, today: pendulum.Date) -> pendulum.Date:
    """A date typed by a person, relative to *today*.

    Accepts ISO dates and: today, tomorrow, yesterday, +3d / +2w / +1m / +1q / -1y, a weekday
    ("friday" is the next one, today excluded; "next friday" the same), "end of month",
    "end of quarter", "end of year".
    """
    raw = text
    text = " ".join(text.strip().lower().split())
    if not text:
        raise DateError("a date is required")
    if _ISO.match(text):
        return parse_iso_date(text)
    simple = {
        "today": today,
        "tomorrow": today.add(days=1),
        "yesterday": today.subtract(days=1),
        "end of month": today.end_of("month"),
        "eom": today.end_of("month"),
        "end of quarter": _end_of_quarter(today),
        "eoq": _end_of_quarter(today),
        "end of year": today.end_of("year"),
        "eoy": today.end_of("year"),
    }
    if text in simple:
        return simple[text]
    match = _RELATIVE.match(text)
    if match:
        sign, count, unit = match.groups()
        n = int(count) * (1 if sign == "+" else -1)
        if unit == "d":
            return today.add(days=n)
        if unit == "w":
            return today.add(weeks=n)
        if unit == "m":
            return today.add(months=n)
        if unit == "q":
            return today.add(months=3 * n)
        return today.add(years=n)
    words = text.split(" ")
    if words[0] in ("next", "this") and len(words) == 2:
        words = words[1:]
    if len(words) == 1 and words[0] in WEEKDAYS:
        ahead = (WEEKDAYS[words[0]] - today.weekday() - 1) % 7 + 1
        return today.add(days=ahead)
    raise DateError(f"not a date: {raw!r} ({DATE_HELP})")


def _end_of_quarter(day: pendulum.Date) -> pendulum.Date:
    last_month = ((day.month - 1) // 3 + 1) * 3
    return pendulum.Date(day.year, last_month, 1).end_of("month")


def format_date(day: date | None, fmt: str = "YYYY-MM-DD") -> str:
    """*day* in the configured format (pendulum tokens), or "" for no date."""
    if day is None:
        return ""
    if fmt == "YYYY-MM-DD":
        return day.isoformat()
    return to_pendulum(day).format(fmt)


def relative_days(day: date, today: date) -> str:
    """ "today", "tomorrow", "in 5d", "3d ago" — for the narrow columns."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta}d" if delta > 0 else f"{-delta}d ago"
