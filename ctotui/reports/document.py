"""A report as a few plain blocks, so Markdown and HTML are two renderings of one document.

Every string in a block is plain text: the renderers escape it for their format, so a client
called `<script>` or `*Acme*` comes out as written, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Percent:
    """A 0-100 progress value: text in Markdown, a bar in HTML."""

    value: int


Cell = str | Percent


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 2 or 3: the document title is the only level 1
    text: str


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    muted: bool = False  # small print: a remark about the document, not its content


@dataclass(frozen=True, slots=True)
class Facts:
    """Label / value pairs, such as the summary at the top of a report."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: frozenset[int] = frozenset()  # right-aligned columns (amounts, counts)
    total_row: bool = False  # the last row sums the others


Block = Heading | Para | Facts | Table


@dataclass(slots=True)
class Document:
    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def section(self, title: str, *blocks: Block) -> None:
        self.blocks.append(Heading(2, title))
        self.blocks.extend(blocks)


def cell_text(cell: Cell) -> str:
    return f"{cell.value}%" if isinstance(cell, Percent) else cell
