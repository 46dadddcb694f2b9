"""A document as one self-contained HTML page: inline CSS, no scripts, nothing fetched.

Made to be opened in a browser and printed to PDF: A4-friendly margins, tables that do not break
inside a row, progress bars whose colours survive printing.
"""

from __future__ import annotations

from html import escape

from ctotui.reports.document import Block, Cell, Document, Facts, Heading, Para, Percent, Table

STYLE = """
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
  color: #1d2430; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.7em; margin: 0 0 .2em; }
h2 { font-size: 1.2em; margin: 1.6em 0 .5em; padding-bottom: .2em;
  border-bottom: 2px solid #d5dae3; page-break-after: avoid; }
h3 { font-size: 1.05em; margin: 1.2em 0 .4em; page-break-after: avoid; }
p.subtitle { color: #5b6576; margin: 0 0 1.2em; }
p.muted { color: #5b6576; font-size: .9em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1.2em; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; font-size: .95em; }
th, td { text-align: left; padding: .35em .6em; border-bottom: 1px solid #e3e7ee;
  vertical-align: top; }
th { background: #f1f3f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { page-break-inside: avoid; }
tr.total td { font-weight: 700; border-top: 2px solid #9aa3b2; }
.bar { display: inline-block; width: 6em; height: .7em; background: #e3e7ee;
  border-radius: .35em; vertical-align: middle; margin-right: .4em; overflow: hidden; }
.bar span { display: block; height: 100%; background: #3f7fd8; }
@media print {
  body { margin: 0; padding: 0; max-width: none; }
  .bar, .bar span, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""".strip()


def render_html(doc: Document) -> str:
    body = [f"<h1>{escape(doc.title)}</h1>"]
    if doc.subtitle:
        body.append(f'<p class="subtitle">{escape(doc.subtitle)}</p>')
    body.extend(_block(block) for block in doc.blocks)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(doc.title)}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{escape(block.text)}</h{block.level}>"
    if isinstance(block, Para):
        css = ' class="muted"' if block.muted else ""
        return f"<p{css}>{escape(block.text)}</p>"
    if isinstance(block, Facts):
        items = "".join(
            f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in block.items
        )
        return f'<dl class="facts">{items}</dl>'
    return _table(block)


def _table(table: Table) -> str:
    def css(index: int) -> str:
        return ' class="num"' if index in table.numeric else ""

    head = "".join(f"<th{css(i)}>{escape(h)}</th>" for i, h in enumerate(table.headers))
    rows = []
    for number, row in enumerate(table.rows, start=1):
        total = table.total_row and number == len(table.rows)
        cells = "".join(f"<td{css(i)}>{_cell(c)}</td>" for i, c in enumerate(row))
        rows.append(f'<tr class="total">{cells}</tr>' if total else f"<tr>{cells}</tr>")
    return (
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>"
    )


def _cell(cell: Cell) -> str:
    if isinstance(cell, Percent):
        width = max(0, min(100, cell.value))
        return f'<span class="bar"><span style="width:{width}%"></span></span>{cell.value}%'
    return escape(cell)
