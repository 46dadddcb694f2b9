"""The Rich tables the detail screens draw their presenters' rows into: a label grid for a
summary, and a titled table per section.

Every cell is plain text: data is never read as Rich markup (a title holding "[/b]" would stop
the screen, "[link=…]" would make a link), and a control character that slipped past
validation (a file edited by hand) is shown as an escape (`ctotui.visible`), never sent raw.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.table import Table
from rich.text import Text

from ctotui.visible import visible

RIGHT_ALIGNED = ("Planned", "Committed", "Actual")


def cell(value: str) -> Text:
    """*value* as a table cell: literal text, line breaks kept, control characters shown."""
    return Text(visible(value, lines=True))


def add_row(table: Table, values: Iterable[str], style: Style | str | None = None) -> None:
    table.add_row(*(cell(value) for value in values), style=style)


def label_grid(rows: Iterable[tuple[str, str]]) -> Table:
    """Bold labels on the left, values beside them."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for row in rows:
        add_row(grid, row)
    return grid


def section_table(title: str, *headers: str) -> Table:
    """A full-width table under an underlined title; amounts right-aligned."""
    table = Table(
        title=title,
        title_justify="left",
        expand=True,
        box=None,
        show_edge=False,
        header_style="bold",
        title_style="bold underline",
    )
    for header in headers:
        table.add_column(header, justify="right" if header in RIGHT_ALIGNED else "left")
    return table
