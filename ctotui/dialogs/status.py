"""Pick a recommendation's next status, as the status machine allows, with a note.

| Key | Action |
|---|---|
| `enter` | move it to the highlighted status (in the note field too) |
| `escape` | cancel |
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ctotui.domain.entities import Recommendation
from ctotui.domain.enums import RecStatus
from ctotui.domain.status import allowed_next
from ctotui.visible import visible
from ctotui.widgets.text_input import TextInput


class StatusScreen(ModalScreen[tuple[RecStatus, str] | None]):
    """Pick the next status allowed by the status machine, with an optional note."""

    BINDING_GROUP_TITLE = "Status"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="status.cancel"),
    ]

    DEFAULT_CSS = """
    StatusScreen { align: center middle; }
    StatusScreen > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    StatusScreen OptionList { height: auto; max-height: 10; margin: 1 0; }
    StatusScreen Input { margin-bottom: 1; }
    """

    def __init__(self, rec: Recommendation, title: str | None = None) -> None:
        super().__init__()
        self.rec = rec
        self.title_shown = rec.title if title is None else title  # redacted in presentation mode

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Change status"
            box.border_subtitle = "enter picks · escape cancels"
            yield Static(
                Content.assemble(
                    (visible(self.title_shown), "bold"),
                    " is ",
                    (self.rec.status.label, "italic"),
                    "; move it to:",
                )
            )
            yield OptionList(
                *[
                    Option(status.label, id=status.value)
                    for status in allowed_next(self.rec.status)
                ],
                id="choices",
            )
            yield TextInput(placeholder="note for the status history (optional)", id="note")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        note = self.query_one("#note", Input).value.strip()
        assert event.option.id is not None
        self.dismiss((RecStatus(event.option.id), note))

    @on(Input.Submitted, "#note")
    def _note_done(self) -> None:
        """Enter after the note confirms the highlighted status: the note is the last thing
        typed, and a second enter to confirm it was one too many."""
        options = self.query_one(OptionList)
        if options.option_count == 0:
            return
        chosen = options.get_option_at_index(options.highlighted or 0)
        assert chosen.id is not None
        self.dismiss((RecStatus(chosen.id), self.query_one("#note", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
