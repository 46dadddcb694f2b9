"""What the calendar screen shows, computed from agenda items — no Textual here.

The month grid marks each day with one letter per kind of item (colour only repeats what the
letters say, so NO_COLOR and 16-colour terminals lose nothing); the agenda beside it is a flat
list of rows where a week header row starts each week.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ctotui.domain.agenda_items import AgendaItem, AgendaKind

# One letter per kind, in AgendaKind order; "!" after the letters means something is overdue.
KIND_LETTERS: dict[AgendaKind, str] = {
    AgendaKind.BUDGET: "B",
    AgendaKind.PROVISIONING: "P",
    AgendaKind.RENEWAL: "R",
    AgendaKind.STAFFING: "S",
    AgendaKind.MEETING: "M",
    AgendaKind.AUDIT: "A",
    AgendaKind.OTHER: "O",
    AgendaKind.RECOMMENDATION: "D",
    AgendaKind.MILESTONE: "T",
    AgendaKind.CANCEL_BY: "C",
}
# The legend under the grid: (mark, name, short name), in the order of KIND_LETTERS.
LEGEND_PARTS = (
    ("B", "budget", "bud"),
    ("P", "provisioning", "prov"),
    ("R", "renewal", "renew"),
    ("C", "cancel-by", "cancel"),
    ("S", "staffing", "staff"),
    ("M", "meeting", "meet"),
    ("A", "audit", "audit"),
    ("D", "rec due", "due"),
    ("T", "milestone", "task"),
    ("O", "other", "other"),
    ("!", "overdue", "late"),
)


def legend(width: int, lines: int = 1) -> list[str]:
    """The clearest legend that fits in *lines* lines of *width* cells."""
    parts = [f"{mark} {name}" for mark, name, _brief in LEGEND_PARTS]
    if lines > 1 and len("  ".join(parts)) > width:
        wrapped = _wrap(parts, width)
        if len(wrapped) <= lines:
            return wrapped
    text = ""
    for short, sep, chosen in (
        (False, "  ", LEGEND_PARTS),
        (False, " ", LEGEND_PARTS),
        (True, "  ", LEGEND_PARTS),
        (True, " ", LEGEND_PARTS),
        # "other" is the rarest kind: the first to go when 80 columns are all there is.
        (True, " ", tuple(p for p in LEGEND_PARTS if p[0] != "O")),
    ):
        text = sep.join(f"{mark} {brief if short else name}" for mark, name, brief in chosen)
        if len(text) <= width:
            return [text]
    return [text[:width]]


def _wrap(parts: list[str], width: int) -> list[str]:
    lines = [""]
    for part in parts:
        joined = f"{lines[-1]}  {part}" if lines[-1] else part
        if len(joined) <= width or not lines[-1]:
            lines[-1] = joined
        else:
            lines.append(part)
    return lines


WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = tuple(calendar.month_abbr)  # "", "Jan", … "Dec"


def first_weekday(week_start: str) -> int:
    """The `week_start` setting as a weekday number (Monday 0, Sunday 6)."""
    return 6 if week_start == "sunday" else 0


def month_weeks(year: int, month: int, week_start: str) -> list[list[date]]:
    """The weeks (4 to 6) that show *month*, each seven dates, starting on the week start."""
    return calendar.Calendar(first_weekday(week_start)).monthdatescalendar(year, month)


def week_of(day: date, week_start: str) -> date:
    """The first day of *day*'s week."""
    return day - timedelta(days=(day.weekday() - first_weekday(week_start)) % 7)


def add_months(day: date, months: int) -> date:
    """*day* moved by whole months, clamped to the end of a shorter month (Jan 31 + 1 → Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def marks(items: Iterable[AgendaItem]) -> tuple[str, bool]:
    """The letters of a day's kinds (each once, in kind order) and whether any item is overdue."""
    kinds: set[AgendaKind] = set()
    overdue = False
    for item in items:
        kinds.add(item.kind)
        overdue = overdue or item.overdue
    return "".join(KIND_LETTERS[k] for k in AgendaKind if k in kinds), overdue


@dataclass(frozen=True, slots=True)
class CalendarRow:
    """A row of the calendar's list: a header (a week, a month or a day), an agenda item, or an
    occurrence that was skipped (shown on its day so that it can be restored)."""

    day: date
    header: str = ""  # a header row's short label ("wk 48", "Dec 2026", "Fri 27 Nov")
    title: str = ""  # a header's detail, or a skipped occurrence's title
    item: AgendaItem | None = None
    client_name: str = ""
    skipped_event: str = ""  # the series id, on a row that shows a skipped occurrence

    @property
    def key(self) -> str:
        if self.item is not None:
            return self.item.key
        if self.skipped_event:
            return f"skipped/{self.skipped_event}/{self.day.isoformat()}"
        return f"header/{self.header}/{self.day.isoformat()}"

    @property
    def is_header(self) -> bool:
        return bool(self.header)


def short_date(day: date) -> str:
    return f"{day:%a} {day.day:>2} {MONTH_NAMES[day.month]}"


def _week_header(start: date, week_start: str) -> CalendarRow:
    end = start + timedelta(days=6)
    span = f"{start.day} {MONTH_NAMES[start.month]} - {end.day} {MONTH_NAMES[end.month]}"
    # ISO week numbers count from Monday; beside a Sunday start they would mislead.
    label = f"wk {start.isocalendar().week}" if week_start == "monday" else "week"
    return CalendarRow(start, header=label, title=span)


def _month_header(start: date) -> CalendarRow:
    return CalendarRow(start, header=f"{MONTH_NAMES[start.month]} {start.year}")


def agenda_rows(
    items: Sequence[AgendaItem], names: dict[str, str], week_start: str, *, by_month: bool = False
) -> list[CalendarRow]:
    """*items* (sorted by date) with a header row before each new week (or month)."""
    rows: list[CalendarRow] = []
    current: date | None = None
    for item in items:
        start = item.date.replace(day=1) if by_month else week_of(item.date, week_start)
        if start != current:
            current = start
            rows.append(_month_header(start) if by_month else _week_header(start, week_start))
        rows.append(CalendarRow(item.date, item=item, client_name=names.get(item.client, "?")))
    return rows


def day_rows(
    day: date,
    items: Sequence[AgendaItem],
    skipped: Sequence[tuple[str, str, str]],
    names: dict[str, str],
) -> list[CalendarRow]:
    """One day's list: a header, its items, then its skipped occurrences (id, title, client)."""
    count = len(items)
    detail = (
        f"{count} item{'s' if count != 1 else ''}" if count else "nothing on this day: n adds one"
    )
    rows = [CalendarRow(day, header=short_date(day), title=detail)]
    rows += [CalendarRow(day, item=i, client_name=names.get(i.client, "?")) for i in items]
    rows += [
        CalendarRow(day, title=title, client_name=names.get(client, "?"), skipped_event=event_id)
        for event_id, title, client in skipped
    ]
    return rows


def fiscal_months(start: date) -> list[date]:
    """The first days of the twelve months of a fiscal year starting on *start*."""
    return [add_months(start, n) for n in range(12)]
