"""The dashboard's tab line in a small terminal: which pane is shown, the keys for the others."""

from __future__ import annotations

from textual.widgets import Static

LABELS = ("Clients", "Recs", "Progress", "Calendar")


class PaneTabs(Static):
    """In compact mode: which pane is shown, and the keys for the others."""

    DEFAULT_CSS = """
    PaneTabs { height: 1; padding: 0 1; background: $panel; display: none; }
    """

    def show(self, active: int) -> None:
        parts = []
        for number, label in enumerate(LABELS, start=1):
            text = f" {number} {label} "
            parts.append(f"[reverse]{text}[/]" if number == active else text)
        self.update(" ".join(parts) + "   [dim]h/l or tab to switch[/]")
