"""How the columns of a previewed table share the width: no Textual here.

A Markdown table in the preview sizes each column to its content and, when the row is too
wide, shrinks them all alike: the report's Recommendation column wrapped at 14 characters over
seven lines while dates and owners kept their room. Here the short columns (dates, amounts,
statuses) keep their natural width and the long ones share what is left, each in proportion to
what it holds.
"""

from __future__ import annotations

from collections.abc import Sequence

# A column no wider than this is drawn whole; wider ones share the rest of the row.
SHORT = 16


def natural_widths(rows: Sequence[Sequence[str]]) -> list[int]:
    """The widest line of each column over *rows* (the header row included)."""
    widths: list[int] = []
    for row in rows:
        for index, cell in enumerate(row):
            longest = max((len(line) for line in cell.splitlines()), default=0)
            if index < len(widths):
                widths[index] = max(widths[index], longest)
            else:
                widths.append(longest)
    return widths


def grid_columns(widths: Sequence[int], short: int = SHORT) -> str:
    """A `grid-columns` rule: `auto` for each short column, `Nfr` (N = its natural width) for
    each long one; all `auto` when no column is long."""
    return " ".join(f"{width}fr" if width > short else "auto" for width in widths)
