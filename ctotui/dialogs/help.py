"""The help screen: every key, generated from the real bindings (and the user's keymap).

| Key | Action |
|---|---|
| `escape` / `q` / `?` | close |
"""

from __future__ import annotations

from typing import ClassVar, cast

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ctotui.key_groups import MOVE
from ctotui.keys import key_rows


class HelpScreen(ModalScreen[None]):
    BINDING_GROUP_TITLE = "Keys"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help.down", group=MOVE),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help.up", group=MOVE),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: 90%; border: round $primary; background: $surface;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        keymap = cast(dict[str, str], getattr(getattr(self.app, "settings", None), "keymap", {}))
        table = Table(
            expand=True,
            box=None,
            show_edge=False,
            header_style="bold",
            title_style="bold",
            pad_edge=False,
        )
        table.add_column("Key", no_wrap=True, style="bold", min_width=14)
        table.add_column("Does")
        section = ""
        for row in key_rows(keymap):
            if row.section != section:
                if section:
                    table.add_row("", "")
                section = row.section
                table.add_row(f"[u]{section}[/u]", "")
            table.add_row(row.keys, row.description)
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "escape closes"
            yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, step: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=step * 3, animate=False)
