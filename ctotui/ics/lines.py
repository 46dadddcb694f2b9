"""RFC 5545 content lines: value formats, text escaping, and folding at 75 octets.

Written by hand rather than with a library so that the runtime needs nothing beyond pendulum;
the tests parse the result back with a real iCalendar parser.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

CRLF = "\r\n"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_date(day: date) -> str:
    return day.strftime("%Y%m%d")


def ics_local_time(day: date, hhmm: str) -> str:
    """A floating local date-time: 09:00 stays 09:00 wherever and whenever it is read."""
    return f"{day.strftime('%Y%m%d')}T{hhmm.replace(':', '')}00"


def ics_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_stamp(stamp: str) -> str:
    """A record's `updated_at` (2026-11-27T09:00:00.000000Z) as an iCalendar UTC time."""
    return ics_utc(datetime.fromisoformat(stamp.replace("Z", "+00:00")))


def ics_duration_days(days: int) -> str:
    """A signed whole-day duration: -P30D, P5D, PT0S."""
    if days == 0:
        return "PT0S"
    return f"{'-' if days < 0 else ''}P{abs(days)}D"


def fold(line: str) -> str:
    """*line* folded so no physical line exceeds 75 octets, never inside a UTF-8 sequence.

    Each continuation line starts with one space, which counts towards its 75 octets.
    """
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def content_line(name: str, text: str, /, **params: str) -> str:
    """`NAME;PARAM=VALUE:text`, folded and ended with CRLF. *text* is already formatted."""
    head = name + "".join(f";{key.replace('_', '-').upper()}={val}" for key, val in params.items())
    return fold(f"{head}:{text}") + CRLF
