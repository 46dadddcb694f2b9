"""A document as CommonMark with GFM tables: readable as plain text, clean when rendered."""

from __future__ import annotations

import re

from ctotui.reports.document import Block, Document, Facts, Heading, Para, Table, cell_text

# Inline characters that would otherwise start emphasis, code, links, raw HTML, entities or a
# table cell; CommonMark lets any ASCII punctuation be backslash-escaped.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")


def escape(text: str) -> str:
    """*text* as literal Markdown inline content, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(doc: Document) -> str:
    parts = [f"# {escape(doc.title)}"]
    if doc.subtitle:
        parts.append(f"*{escape(doc.subtitle)}*")
    parts.extend(_block(block) for block in doc.blocks)
    return "\n\n".join(parts) + "\n"


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {escape(block.text)}"
    if isinstance(block, Para):
        return f"*{escape(block.text)}*" if block.muted else escape(block.text)
    if isinstance(block, Facts):
        return "\n".join(f"- **{escape(label)}:** {escape(value)}" for label, value in block.items)
    return _table(block)


def _table(table: Table) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    rule = ["---:" if index in table.numeric else "---" for index in range(len(table.headers))]
    lines = [line([escape(h) for h in table.headers]), line(rule)]
    for number, row in enumerate(table.rows, start=1):
        cells = [escape(cell_text(cell)) for cell in row]
        if table.total_row and number == len(table.rows):
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append(line(cells))
    return "\n".join(lines)
