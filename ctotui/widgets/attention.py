"""The header line: what needs attention now, in words (colour only repeats what they say)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.style import Style
from textual.color import Color, ColorParseError
from textual.content import Content
from textual.widgets import Static

from ctotui.visible import visible


@dataclass(frozen=True, slots=True)
class AttentionState:
    overdue: int = 0
    due_soon: int = 0
    window_days: int = 14
    missed: int = 0  # missed cancel-by dates among the overdue
    missed_days: int = 0  # how late the oldest is
    unsynced: int | None = None  # None: not a git repository (nothing to sync)
    conflicts: int = 0
    saving: bool = False
    loading: bool = False  # the rest of the data is still being read (the first frame's rows)
    syncing: str = ""  # the running sync's progress line
    read_only: str = ""
    scope: str = ""  # "focus: Codename" / "presentation"
    folder_label: str = ""


class AttentionBar(Static):
    """One line at the top of every screen."""

    DEFAULT_CSS = """
    AttentionBar {
        dock: top;
        height: 1;
        width: 100%;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    """

    def show(self, state: AttentionState) -> None:
        pieces: list[tuple[str, str] | str] = [("ctotui", "bold")]
        if state.folder_label:
            pieces.append((f"  {visible(state.folder_label)}", "dim"))
        parts: list[tuple[str, str]] = []
        if state.overdue:
            parts.append((f"{state.overdue} overdue", self._var("ctotui-overdue", "bold")))
        else:
            parts.append(("nothing overdue", "dim"))
        if state.missed:
            # The one date a consultant must not let slip, said apart from the rest.
            many = state.missed > 1
            text = (
                f"{state.missed} missed cancel-bys, up to {state.missed_days}d late"
                if many
                else f"missed cancel-by, {state.missed_days}d late"
            )
            parts.append((text, self._var("ctotui-overdue", "bold reverse")))
        parts.append(
            (f"{state.due_soon} due in {state.window_days}d", self._var("ctotui-due-soon", ""))
            if state.due_soon
            else (f"nothing due in {state.window_days}d", "dim")
        )
        if state.unsynced is not None:
            parts.append(
                (f"{state.unsynced} unsynced", "bold") if state.unsynced else ("synced", "dim")
            )
        if state.conflicts:
            parts.append(
                (
                    f"{state.conflicts} conflict{'s' if state.conflicts != 1 else ''} to review",
                    self._var("ctotui-overdue", "bold"),
                )
            )
        if state.syncing:
            parts.append((state.syncing, "italic"))
        if state.loading:
            parts.append(("loading…", "italic"))
        if state.saving:
            parts.append(("saving…", "italic"))
        if state.scope:
            parts.append((state.scope, "reverse"))
        if state.read_only:
            parts.append((f"READ-ONLY: {state.read_only}", self._var("ctotui-overdue", "reverse")))
        for label, style in parts:
            pieces.append((" │ ", "dim"))
            pieces.append((visible(label), style))
        self.update(Content.assemble(*pieces))

    @staticmethod
    def _var(name: str, extra: str) -> str:
        # A theme variable, resolved by Textual for the current theme (ANSI colours included).
        return f"{extra} ${name}".strip()


def theme_style(app: Any, variable: str, extra: str = "") -> Style:
    """A Rich style in one of the theme's colours, for Rich renderables (tables) that cannot
    name a Textual variable; ANSI themes' colours are translated too."""
    value = app.theme_variables.get(variable, "")
    try:
        colour = Color.parse(value).rich_color
    except ColorParseError:
        return Style.parse(extra) if extra else Style()
    return Style.parse(extra) + Style(color=colour) if extra else Style(color=colour)
