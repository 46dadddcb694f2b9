"""A client's status report, previewed as rendered Markdown and written to a file on request.

The preview is the exact document `ctotui report` writes. Presentation mode (or `x`) redacts
it: codename, masked amounts, no contacts, owners or notes.

| Key | Action |
|---|---|
| `w` | write the report (Markdown) to ~/ctotui-reports/ |
| `W` | write it as a self-contained HTML page (print it to PDF from a browser) |
| `x` | redact / unredact |
| `escape` | back |
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.widgets import Footer, MarkdownViewer

from ctotui.data.jsonfile import atomic_write_bytes
from ctotui.domain.entities import Client
from ctotui.reports import render_report
from ctotui.screens.base import CtoScreen
from ctotui.views.table_columns import grid_columns, natural_widths
from ctotui.widgets.attention import AttentionBar


def reports_dir() -> Path:
    return Path.home() / "ctotui-reports"


class ReportScreen(CtoScreen):
    BINDING_GROUP_TITLE = "Report"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="report.back"),
        Binding(
            "w",
            "write('md')",
            "Write .md",
            tooltip="Write the report as Markdown",
            id="report.write_md",
        ),
        Binding(
            "W",
            "write('html')",
            "Write .html",
            tooltip="Write a self-contained HTML page",
            id="report.write_html",
        ),
        Binding(
            "x",
            "toggle_redact",
            "Redact",
            tooltip="Codename, masked amounts, no people",
            id="report.redact",
        ),
    ]

    def __init__(self, client_id: str) -> None:
        super().__init__()
        self.client_id = client_id
        self.redact = False
        self.attention_label = "· report"
        self.rendered: AwaitComplete | None = None
        """Done when the preview shows the latest text (Markdown is parsed in a thread)."""

    def compose(self) -> ComposeResult:
        yield AttentionBar()
        yield MarkdownViewer(show_table_of_contents=False, id="preview")
        yield Footer()

    def on_mount(self) -> None:
        self.redact = self.cto.presentation
        self.refresh_preview()
        self.query_one(MarkdownViewer).document.focus()

    def _text(self, fmt: str) -> str:
        app = self.cto
        return render_report(
            app.store,
            self.client_id,
            None,
            fmt,
            self.redact,
            app.clock,
            default_currency=app.settings.currency,
        )

    def refresh_preview(self) -> None:
        label = "· report (redacted)" if self.redact else "· report"
        self.attention_label = label
        self.show_attention()
        self.rendered = AwaitComplete(self._show(self._text("md"))).call_next(self)

    async def _show(self, text: str) -> None:
        document = self.query_one(MarkdownViewer).document
        await document.update(text)
        # Textual's table grid (not a public class: found by name, its cells read as it keeps
        # them; a Textual without them keeps its own column widths).
        for table in document.query("MarkdownTableContent"):
            headers, rows = getattr(table, "headers", None), getattr(table, "rows", None)
            if isinstance(headers, list) and isinstance(rows, list):
                cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
                table.styles.grid_columns = grid_columns(natural_widths(cells))

    def action_toggle_redact(self) -> None:
        if self.cto.presentation and self.redact:
            self.notify("Presentation mode is on: the report stays redacted.")
            return
        self.redact = not self.redact
        self.refresh_preview()

    def action_write(self, fmt: str) -> None:
        if self.cto.store.is_vault:
            # A vault keeps nothing opened on disk by default; --out is the person's own choice.
            self.notify(
                "This folder is a vault: reports are not written to ~/ctotui-reports; use "
                "`ctotui report CLIENT --out FILE` to choose where.",
                title="Not written",
                severity="warning",
            )
            return
        client = self.cto.store.get(Client, self.client_id)
        name = client.display_name(self.redact).lower().replace(" ", "-")
        stem = f"{name}-{self.cto.clock.today().isoformat()}"
        target = reports_dir() / f"{stem}.{fmt}"
        text = self._text(fmt)

        def write() -> Path:
            # The report holds NDA material: private folder, private file.
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(target.parent, 0o700)
            atomic_write_bytes(target, text.encode("utf-8"))
            return target

        self.cto.save(write, done=lambda path: self.notify(f"Written to {path}", timeout=8))
