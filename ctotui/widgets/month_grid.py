"""MonthGrid: a month of days (or a fiscal year of months), each marked by the kinds of its items.

Marks are letters (B budget, R renewal, C cancel-by, …, "!" overdue), so they mean the same
with NO_COLOR or 16 colours; the selected day is in reverse video and today is underlined.
With room, each day also lists its items' titles. The grid draws what it is given
(`show(by_day, today)`); the screen loads the items for `window()` when the month changes.

| Key | Action |
|---|---|
| `h` / `left`, `l` / `right` | a day back / on (a month in the fiscal-year view) |
| `k` / `up`, `j` / `down` | a week back / on (a quarter in the fiscal-year view) |
| `enter` | list the selected day's items |
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ctotui.domain.agenda_items import AgendaItem
from ctotui.domain.fiscal import fiscal_year_bounds, fiscal_year_label, fiscal_year_of
from ctotui.key_groups import MOVE
from ctotui.views.calendar_rows import (
    KIND_LETTERS,
    MONTH_NAMES,
    WEEKDAY_NAMES,
    add_months,
    first_weekday,
    legend,
    marks,
    month_weeks,
)
from ctotui.visible import visible
from ctotui.widgets.fiscal_strip import FiscalView, fiscal_lines


class MonthGrid(Widget, can_focus=True):
    """The calendar screen's grid: one month, or the twelve months of a fiscal year."""

    BINDING_GROUP_TITLE = "Month grid"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left,h", "move(-1)", "Day back", show=False,
            tooltip="A day back (a month in the fiscal year)", id="month.left", group=MOVE,
        ),
        Binding(
            "right,l", "move(1)", "Day on", show=False,
            tooltip="A day on (a month in the fiscal year)", id="month.right", group=MOVE,
        ),
        Binding(
            "up,k", "move(-7)", "Week back", show=False,
            tooltip="A week back (a quarter in the fiscal year)", id="month.up", group=MOVE,
        ),
        Binding(
            "down,j", "move(7)", "Week on", show=False,
            tooltip="A week on (a quarter in the fiscal year)", id="month.down", group=MOVE,
        ),
        Binding("enter", "choose", "Day", tooltip="List the selected day's items", id="month.day"),
    ]  # fmt: skip

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "month-grid--weekday",
        "month-grid--today",
        "month-grid--selected",
        "month-grid--selected-cell",
        "month-grid--marks",
        "month-grid--overdue",
        "month-grid--item",
        "month-grid--legend",
    }

    DEFAULT_CSS = """
    MonthGrid {
        height: 10;
        background: $surface;
        border: round $panel-lighten-2;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        &:focus { border: round $primary; border-title-style: bold; }
        & > .month-grid--weekday { color: $text-muted; text-style: bold; }
        & > .month-grid--today { color: $accent; text-style: bold underline; }
        & > .month-grid--selected { text-style: reverse bold; }
        & > .month-grid--selected-cell { background: $panel; }
        & > .month-grid--marks { color: $ctotui-accent; }
        & > .month-grid--overdue { color: $ctotui-overdue; text-style: bold; }
        & > .month-grid--item { color: $text-muted; }
        & > .month-grid--legend { color: $text-muted; }
    }
    """

    selected: reactive[date] = reactive(date(2000, 1, 1), init=False)
    """The selected day; its month (or fiscal year) is the one shown."""

    fiscal: reactive[bool] = reactive(False, init=False)
    """Show the fiscal year that holds the selected day instead of its month."""

    class Moved(Message):
        """The selected day changed."""

        def __init__(self, grid: MonthGrid, old: date, new: date) -> None:
            super().__init__()
            self.grid = grid
            self.old = old
            self.new = new

        @property
        def control(self) -> MonthGrid:
            return self.grid

    class DayChosen(Message):
        """Enter was pressed on a day."""

        def __init__(self, grid: MonthGrid, day: date) -> None:
            super().__init__()
            self.grid = grid
            self.day = day

        @property
        def control(self) -> MonthGrid:
            return self.grid

    def __init__(
        self,
        selected: date,
        *,
        week_start: str = "monday",
        fiscal_start: int = 1,
        ascii_only: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.ascii_only = ascii_only
        self.week_start = week_start
        self.fiscal_start = fiscal_start  # month the shown fiscal year starts in
        self.today = selected
        self.by_day: dict[date, list[AgendaItem]] = {}
        self.set_reactive(MonthGrid.selected, selected)

    @property
    def _none(self) -> str:
        return "." if self.ascii_only else "·"

    # --- what is shown ----------------------------------------------------------------------

    def window(self) -> tuple[date, date]:
        """The first and last day drawn: the month's whole weeks, or the fiscal year."""
        day = self.selected
        if self.fiscal:
            start, end = fiscal_year_bounds(
                fiscal_year_of(day, self.fiscal_start), self.fiscal_start
            )
            return date(start.year, start.month, start.day), date(end.year, end.month, end.day)
        weeks = month_weeks(day.year, day.month, self.week_start)
        return weeks[0][0], weeks[-1][-1]

    def show(self, by_day: dict[date, list[AgendaItem]], today: date) -> None:
        self.by_day = by_day
        self.today = today
        self.border_title = self._title()
        self.refresh()

    def go(self, day: date) -> None:
        self.selected = day

    def _title(self) -> str:
        day = self.selected
        if self.fiscal:
            label = fiscal_year_label(fiscal_year_of(day, self.fiscal_start), self.fiscal_start)
            return f"{label} · starts {MONTH_NAMES[self.fiscal_start]} · budget dates"
        return f"{calendar.month_name[day.month]} {day.year}"

    def watch_selected(self, old: date, new: date) -> None:
        self.border_title = self._title()
        self.refresh()
        self.post_message(self.Moved(self, old, new))

    def watch_fiscal(self) -> None:
        self.border_title = self._title()
        self.refresh()

    # --- keys ---------------------------------------------------------------------------------

    def action_move(self, days: int) -> None:
        if self.fiscal:
            # A fiscal year shows months: sideways is a month, up and down a quarter.
            months = days if abs(days) == 1 else 3 * (days // abs(days))
            self.selected = add_months(self.selected, months)
        else:
            self.selected = self.selected + timedelta(days=days)

    def action_choose(self) -> None:
        self.post_message(self.DayChosen(self, self.selected))

    # --- drawing ------------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"month-grid--{name}", partial=True)

    def render(self) -> Text:
        width, height = self.content_size
        if width <= 0 or height <= 0:
            return Text()
        if self.fiscal:
            start, _end = self.window()
            lines = fiscal_lines(
                FiscalView(start, self.selected, self.today, self.by_day, self._none),
                width,
                height,
                self._style,
                self._legend(width, 2 if height >= 20 else 1) if height >= 6 else [],
            )
        else:
            lines = self._month_lines(width, height)
        return Text("\n").join(lines[:height])

    def _legend(self, width: int, lines: int = 1) -> list[Text]:
        style = self._style("legend")
        return [Text(line, style=style, no_wrap=True) for line in legend(width, lines)]

    def _month_lines(self, width: int, height: int) -> list[Text]:
        weeks = month_weeks(self.selected.year, self.selected.month, self.week_start)
        cell = max(4, width // 7)
        # Room to spare (the tall grid beside the list) gets the full legend on two lines.
        notes = self._legend(width, 2 if height >= 20 else 1) if height >= 8 else []
        cell_height = max(1, (height - 1 - len(notes)) // len(weeks))
        first = first_weekday(self.week_start)
        header = Text(no_wrap=True)
        for offset in range(7):
            name = WEEKDAY_NAMES[(first + offset) % 7]
            header.append(f" {name}"[: cell - 1].ljust(cell), self._style("weekday"))
        lines = [header]
        for week in weeks:
            for row in range(cell_height):
                line = Text(no_wrap=True)
                for day in week:
                    self._cell(line, day, row, cell, cell_height)
                lines.append(line)
        while notes and len(lines) < height - len(notes):
            lines.append(Text())
        return lines + notes

    def _cell(self, line: Text, day: date, row: int, width: int, height: int) -> None:
        """One line of one day's cell, *width* wide including the one-space gutter."""
        inner = width - 1
        if day.month != self.selected.month:
            line.append(" " * width)
            return
        # Reverse video on the day's first line says "selected" without colour; the rest of
        # a tall cell is only tinted, so a big block does not outshout the marks.
        selected = day == self.selected
        base = self._style("selected" if row == 0 else "selected-cell") if selected else Style()
        items = self.by_day.get(day, [])
        if row == 0:
            letters, overdue = marks(items)
            number = f"{day.day:>2}"
            mark = letters + ("!" if overdue else "")
            room = inner - len(number) - 1
            if len(mark) > room:
                # Too many kinds for the cell: "+" says there are more; "!" is kept.
                keep = max(room - 1 - overdue, 0)
                mark = (letters[:keep] + "+" + ("!" if overdue else ""))[: max(room, 0)]
            today = self._style("today") if day == self.today else Style()
            line.append(number, base + today)
            if mark:
                line.append(" ", base)
                line.append(mark, base + self._style("overdue" if overdue else "marks"))
            used = len(number) + (1 + len(mark) if mark else 0)
            line.append(" " * max(inner - used, 0), base)
        else:
            line.append(_item_line(items, row, height, inner), base + self._style("item"))
        line.append(" ")


def _item_line(items: Sequence[AgendaItem], row: int, height: int, width: int) -> str:
    """Line *row* (1..height-1) of a day's cell: an item's letter and title, or "+n more"."""
    index = row - 1
    room = height - 1
    if index >= len(items):
        return " " * width
    if index == room - 1 and len(items) > room:
        return f"+{len(items) - index} more"[:width].ljust(width)
    item = items[index]
    return f"{KIND_LETTERS[item.kind]} {visible(item.title)}"[:width].ljust(width)
