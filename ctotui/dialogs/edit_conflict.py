"""A field the form changed was changed elsewhere meanwhile: keep yours or take theirs, per field.

| Key | Action |
|---|---|
| `space` / `enter` | switch the highlighted field between yours and theirs |
| `m` | keep yours for every field |
| `t` | take theirs for every field |
| `ctrl+s` | save with these choices |
| `escape` | back to the form, nothing saved |

Dismisses with {field: "mine" | "theirs"} or None.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ctotui.services.edits import FieldClash
from ctotui.visible import visible

Choices = dict[str, str]


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


class EditConflictScreen(ModalScreen[Choices | None]):
    """Each clashing field with both values; the person decides which one stays."""

    BINDING_GROUP_TITLE = "Changed elsewhere"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "switch", "Yours/theirs", id="edit_conflict.switch"),
        Binding("m", "all('mine')", "Keep all yours", id="edit_conflict.mine"),
        Binding("t", "all('theirs')", "Take all theirs", id="edit_conflict.theirs"),
        Binding("ctrl+s", "apply", "Save", priority=True, id="edit_conflict.save"),
        Binding("escape", "back", "Back to the form", id="edit_conflict.back"),
    ]

    DEFAULT_CSS = """
    EditConflictScreen { align: center middle; }
    EditConflictScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 90%; border: thick $warning;
        background: $surface; padding: 1 2;
    }
    EditConflictScreen OptionList { height: auto; max-height: 16; margin: 1 0; }
    """

    def __init__(self, clashes: list[FieldClash], labels: dict[str, str]) -> None:
        super().__init__()
        self.clashes = clashes
        self.labels = labels
        self.choices: Choices = {c.field: "mine" for c in clashes}

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Changed elsewhere while you edited"
            yield Static(
                "Someone (another window, an import, a sync) changed these fields after you "
                "opened the form. Choose which value each keeps; nothing is saved until "
                "ctrl+s.",
            )
            yield OptionList(*self._options(), id="clashes")
            yield Label(
                "space switches · m all yours · t all theirs · ctrl+s saves · escape back",
                classes="muted",
            )

    def _options(self) -> list[Option]:
        options = []
        for clash in self.clashes:
            keep = self.choices[clash.field]
            label = escape(visible(self.labels.get(clash.field, clash.field)))
            mine = escape(visible(_shown(clash.mine)))
            theirs = escape(visible(_shown(clash.now)))
            mark = ("[b]yours[/b]", "theirs") if keep == "mine" else ("yours", "[b]theirs[/b]")
            options.append(
                Option(
                    f"{label}: {mark[0]} {mine}  ·  {mark[1]} {theirs}  →  keeps "
                    f"{'yours' if keep == 'mine' else 'theirs'}",
                    id=clash.field,
                )
            )
        return options

    def _redraw(self) -> None:
        clashes = self.query_one("#clashes", OptionList)
        highlighted = clashes.highlighted
        clashes.clear_options()
        clashes.add_options(self._options())
        clashes.highlighted = highlighted

    def action_switch(self) -> None:
        clashes = self.query_one("#clashes", OptionList)
        if clashes.highlighted is None:
            return
        field = self.clashes[clashes.highlighted].field
        self.choices[field] = "theirs" if self.choices[field] == "mine" else "mine"
        self._redraw()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # enter on a field switches it, as space does
        self.action_switch()

    def action_all(self, which: str) -> None:
        self.choices = {c.field: which for c in self.clashes}
        self._redraw()

    def action_apply(self) -> None:
        self.dismiss(dict(self.choices))

    def action_back(self) -> None:
        self.dismiss(None)
