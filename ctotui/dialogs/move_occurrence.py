"""Ask for the day one occurrence of a recurring item moves to.

Relative dates count from the occurrence, not from today: "+1w" moves it a week later.

| Key | Action |
|---|---|
| `enter` / `ctrl+s` | move it there |
| `escape` | cancel |
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

import pendulum
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ctotui.domain.dates import DateError, parse_date_input, to_pendulum
from ctotui.visible import visible
from ctotui.widgets.text_input import TextInput


class MoveOccurrenceScreen(ModalScreen[date | None]):
    """A one-field form: the new date of one occurrence."""

    BINDING_GROUP_TITLE = "Move occurrence"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Move",
            priority=True,
            tooltip="Move the occurrence to the date typed",
            id="move.save",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Leave the occurrence where it is",
            id="move.cancel",
        ),
    ]

    DEFAULT_CSS = """
    MoveOccurrenceScreen { align: center middle; }
    MoveOccurrenceScreen > Vertical {
        width: 64; max-width: 100%; height: auto;
        border: round $primary; background: $surface; padding: 0 1;
    }
    MoveOccurrenceScreen Input { margin: 1 0 0 0; }
    MoveOccurrenceScreen #move-hint { color: $text-muted; height: 1; }
    MoveOccurrenceScreen #move-hint.-error { color: $error; text-style: bold; }
    """

    def __init__(self, title: str, day: date) -> None:
        super().__init__()
        self.item_title = title
        self.day = day

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Move this occurrence"
            box.border_subtitle = "enter moves · escape cancels"
            title = escape(visible(self.item_title))  # data: never markup, never a control code
            yield Static(f"[b]{title}[/b] on {self.day:%a %d %b %Y} moves to:")
            yield TextInput(
                value=self.day.isoformat(),
                placeholder="YYYY-MM-DD, +1w (from this occurrence), friday",
                id="move-to",
                compact=True,
            )
            yield Static("", id="move-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _parse(self) -> pendulum.Date:
        text = self.query_one(Input).value
        return parse_date_input(text, to_pendulum(self.day))

    @on(Input.Changed)
    def _changed(self) -> None:
        hint = self.query_one("#move-hint", Static)
        try:
            day = self._parse()
        except DateError as exc:
            hint.update(str(exc))
            hint.add_class("-error")
            return
        hint.remove_class("-error")
        hint.update(f"→ {day.format('ddd D MMM YYYY')}")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        try:
            day = self._parse()
        except DateError:
            return  # the hint already says what is wrong
        self.dismiss(date(day.year, day.month, day.day))

    def action_cancel(self) -> None:
        self.dismiss(None)
