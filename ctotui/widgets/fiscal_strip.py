"""The month grid's fiscal-year view: twelve months in four quarters, with each month's count
of budget dates and, below, the dates themselves ("10 Budget submission")."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from rich.style import Style
from rich.text import Text

from ctotui.domain.agenda_items import AgendaItem
from ctotui.views.calendar_rows import MONTH_NAMES, fiscal_months, marks
from ctotui.visible import visible


@dataclass(frozen=True, slots=True)
class FiscalView:
    start: date  # the fiscal year's first day
    selected: date
    today: date
    by_day: dict[date, list[AgendaItem]]
    none_mark: str  # shown for a month without dates ("·", or "." with --ascii)


def fiscal_lines(
    view: FiscalView,
    width: int,
    height: int,
    style: Callable[[str], Style],
    notes: list[Text],
) -> list[Text]:
    """The strip's lines: quarters, month names, counts, then the dates; *notes* at the end."""
    cell = max(4, width // 12)
    quarters, names, counts = Text(no_wrap=True), Text(no_wrap=True), Text(no_wrap=True)
    per_month: list[list[AgendaItem]] = []
    for index, month in enumerate(fiscal_months(view.start)):
        found = [
            item
            for day, items in sorted(view.by_day.items())
            if (day.year, day.month) == (month.year, month.month)
            for item in items
        ]
        per_month.append(found)
        if index % 3 == 0:
            quarters.append(f"Q{index // 3 + 1}".ljust(cell * 3), style("weekday"))
        chosen = (month.year, month.month) == (view.selected.year, view.selected.month)
        look = style("selected") if chosen else Style()
        if (month.year, month.month) == (view.today.year, view.today.month):
            look += style("today")
        # The title names the years; a wide strip repeats each month's year.
        label = MONTH_NAMES[month.month] + (f" {month.year}" if cell >= 10 else "")
        names.append(label[: cell - 1].ljust(cell - 1), look)
        names.append(" ")
        letters, overdue = marks(found)
        text = f"{len(found)} {letters}{'!' if overdue else ''}" if found else view.none_mark
        counts.append(text[: cell - 1].ljust(cell), style("marks") if found else Style())
    lines = [quarters, names, counts]
    for row in range(max(height - len(lines) - len(notes), 0)):
        line = Text(no_wrap=True)
        for found in per_month:
            line.append(_day_line(found, row, cell - 1).ljust(cell), style("item"))
        lines.append(line)
    return lines + notes


def _day_line(items: Sequence[AgendaItem], row: int, width: int) -> str:
    if row >= len(items):
        return ""
    day = f"{items[row].date.day:>2}"
    # A title cut to two or three letters says nothing: narrow strips show the day alone.
    return f"{day} {visible(items[row].title)}"[:width] if width >= 9 else day
