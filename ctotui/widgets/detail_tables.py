"""The Rich tables the detail screens draw their presenters' rows into: a label grid for a
summary, and a titled table per section."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table

RIGHT_ALIGNED = ("Planned", "Committed", "Actual")


def label_grid(rows: Iterable[tuple[str, str]]) -> Table:
    """Bold labels on the left, values beside them."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(label, value)
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
