"""Text fields whose own keys act in the order they were typed.

Textual inserts a printable key in the field's own message queue, but runs the field's bindings
(`ctrl+u`, `backspace`, `ctrl+w`, the arrows, `enter`…) only once the key has bubbled up to the
app. Keys that arrive in one read — a fast typist over `ssh -t`, a paste of `ctrl+u` and a word
from a terminal macro — were therefore taken out of order: `ctrl+u` then `new` left an empty
field, because the `new` typed after it was inserted first and then wiped. Here a field runs its
own bindings as it meets them in its queue, between the characters around them.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run *widget*'s own (non-priority) binding of *event*'s key now; True when one ran."""
    if event.is_printable:
        return False
    # The screen's chain has the app's keymap applied: a remapped key is found as remapped.
    for node, bindings in widget.screen._modal_binding_chain:
        if node is not widget:
            continue
        for binding in bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await widget.app.run_action(binding.action, widget):
                event.stop()
                event.prevent_default()
                return True
        break
    return False


class TextInput(Input):
    """An `Input` whose editing keys keep their place among the characters typed."""

    async def _on_key(self, event: events.Key) -> None:
        if await run_own_binding(self, event):
            return
        await super()._on_key(event)


class TextBox(TextArea):
    """A `TextArea` whose editing keys keep their place among the characters typed."""

    async def _on_key(self, event: events.Key) -> None:
        if await run_own_binding(self, event):
            return
        await super()._on_key(event)
