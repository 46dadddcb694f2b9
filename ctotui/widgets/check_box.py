"""A checkbox that says its state in characters, not in colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class CheckBox(Checkbox):
    """`[x]` when checked, `[ ]` when not: Textual's box differs only in colour, which a 16-colour
    theme, `NO_COLOR` or `--ascii` (its half blocks become spaces) leaves unreadable."""

    @property
    def _button(self) -> Content:
        return Content.assemble("[", ("x", "bold") if self.value else " ", "]")

    def render(self) -> Content:
        # Textual pads even an empty label, and the box (three cells wide) lost its "]" to "…".
        return super().render() if self._label else self._button
