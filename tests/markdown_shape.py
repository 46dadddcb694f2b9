"""A rendered Markdown report read back: its headings and tables, as markdown-it sees them."""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt

PARSER = MarkdownIt("commonmark").enable("table")


@dataclass
class ParsedTable:
    headers: list[str]
    rows: list[list[str]]

    def column(self, name: str) -> list[str]:
        index = self.headers.index(name)
        return [row[index] for row in self.rows]

    def row(self, first_cell: str) -> dict[str, str]:
        for row in self.rows:
            if row[0] == first_cell:
                return dict(zip(self.headers, row, strict=True))
        raise KeyError(first_cell)


def headings(text: str, level: int) -> list[str]:
    tokens = PARSER.parse(text)
    tag = f"h{level}"
    return [
        _plain(tokens[i + 1])
        for i, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == tag
    ]


def tables_by_section(text: str) -> dict[str, ParsedTable]:
    """The first table after each level-2 heading (inline markup reduced to its text)."""
    tokens = PARSER.parse(text)
    found: dict[str, ParsedTable] = {}
    section = ""
    current: ParsedTable | None = None
    row: list[str] | None = None
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            section = _plain(tokens[i + 1])
        elif token.type == "table_open":
            current = ParsedTable([], [])
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(_plain(token))
        elif token.type == "tr_close" and current is not None and row is not None:
            if current.headers:
                current.rows.append(row)
            else:
                current.headers = row
            row = None
        elif token.type == "table_close" and current is not None:
            found.setdefault(section, current)
            current = None
    return found


def _plain(token: object) -> str:
    children = getattr(token, "children", None) or []
    return "".join(child.content for child in children if child.type in ("text", "code_inline"))
