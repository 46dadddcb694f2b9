"""A DataList's columns: what each one draws and sorts by, how a row's width is shared out,
and how a cell's text is cut to its width. No Textual here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
Cell = str | tuple[str, str]
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Column(Generic[T]):
    """One column: how to draw a row's cell, and how to sort by it."""

    key: str
    header: str
    cell: Callable[[T], Cell]
    width: int = 0  # 0 = share the free space with the other flexible columns
    min_width: int = 6
    align_right: bool = False
    sort_key: Callable[[T], Any] | None = None
    drop: int = 0  # when the pane is narrow, the highest `drop` goes first (0 = never)
    grow: int = 1  # a flexible column's share of the free width, relative to the others


def fit(text: str, width: int, align_right: bool = False, ascii_only: bool = False) -> str:
    """*text* padded or cut to exactly *width* cells, cut text ending in an ellipsis."""
    if width <= 0:
        return ""
    if len(text) > width:
        mark = "~" if ascii_only else ELLIPSIS
        return text[: width - 1] + mark if width > 1 else mark
    return text.rjust(width) if align_right else text.ljust(width)


def column_layout(all_columns: Sequence[Column[T]], width: int) -> list[tuple[Column[T], int]]:
    """Each shown column and its width: the highest `drop` goes first while the row does not
    fit; fixed widths are kept; flexible columns share the rest by `grow`."""
    columns = list(all_columns)

    def need(cols: list[Column[T]]) -> int:
        return sum(c.width or c.min_width for c in cols) + len(cols) - 1

    while need(columns) > width and any(c.drop for c in columns):
        columns.remove(max(columns, key=lambda c: c.drop))
    fixed = sum(c.width for c in columns if c.width)
    flexible = [c for c in columns if not c.width]
    free = max(width - fixed - (len(columns) - 1), 0)
    # A flexible column whose share would fall below its minimum gets its minimum, and the
    # others share what is left (a client's name cut to six cells beside a long title said
    # nothing).
    pinned: dict[str, int] = {}
    sharing = free
    while True:
        weights = sum(c.grow for c in flexible if c.key not in pinned)
        short = [
            c
            for c in flexible
            if c.key not in pinned and weights and sharing * c.grow // weights < c.min_width
        ]
        if not short or sharing - sum(c.min_width for c in short) < 0:
            break
        for column in short:
            pinned[column.key] = column.min_width
            sharing -= column.min_width
    layout = []
    spare = free
    for column in columns:
        if column.width:
            size = column.width
        elif column.key in pinned:
            size = pinned[column.key]
            spare -= size
        else:
            size = sharing * column.grow // weights if weights else 0
            spare -= size
        layout.append((column, size))
    # Rounding leftovers go to the first flexible column, so the row fills the width.
    for index, (column, size) in enumerate(layout):
        if not column.width and column.key not in pinned:
            layout[index] = (column, size + spare)
            break
    return layout
