"""Key remaps for the settings screen: Textual's keymap, binding id → keys.

Every binding id comes from `ctotui.keys.key_rows()` (the same list as the help screen). A key
is checked before it is accepted: it must be a key Textual knows ("ctrl+y", "f5", "comma", "?",
several separated by commas), and it must not already belong to another binding where both
would be live: in the same help section, or in "Everywhere".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.keys import Keys, key_to_character
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ctotui.keys import KEY_NAMES, KeyRow, key_rows
from ctotui.widgets.text_input import TextInput

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
TEXTUAL_KEYS = frozenset(k.value for k in Keys if not k.value.startswith("<"))
EVERYWHERE = "Everywhere"
SHOWN_AS = {shown: name for name, shown in KEY_NAMES.items()}


@dataclass(frozen=True, slots=True)
class Remappable:
    """One binding id as the settings screen lists it."""

    binding_id: str
    sections: tuple[str, ...]
    default_keys: str  # as in BINDINGS, e.g. "down,j"
    description: str


def remappable(rows: Iterable[KeyRow] | None = None) -> dict[str, Remappable]:
    """Every binding id once, with every help section it appears in (detail.back: two)."""
    found: dict[str, Remappable] = {}
    for row in key_rows() if rows is None else rows:
        # key_rows() shows "esc", "pgdn", "?"; the keymap wants Textual's names back.
        keys = ",".join(SHOWN_AS.get(k.strip(), k.strip()) for k in row.keys.split(" / "))
        seen = found.get(row.binding_id)
        sections = (*seen.sections, row.section) if seen else (row.section,)
        found[row.binding_id] = Remappable(
            row.binding_id,
            sections,
            seen.default_keys if seen else keys,
            seen.description if seen else row.description,
        )
    return found


def parse_key(text: str) -> str:
    """One key as Textual names it; ValueError saying what is wrong."""
    key = text.strip()
    if not key:
        raise ValueError("an empty key")
    if len(key) == 1:
        if not key.isprintable() or key == " ":
            raise ValueError(f"{key!r} is not a key; write space, tab, enter …")
        return key
    *mods, base = key.split("+")
    if not base:
        raise ValueError(f"{key!r} has no key after the '+'")
    unknown = [m for m in mods if m not in MODIFIERS]
    if unknown or len(set(mods)) != len(mods):
        raise ValueError(f"{key!r}: modifiers are {', '.join(MODIFIERS)}")
    if len(base) == 1 or base in TEXTUAL_KEYS or key_to_character(base) is not None:
        return key
    if key in TEXTUAL_KEYS:
        return key
    raise ValueError(f"{key!r} is not a key name (try ctrl+y, f5, comma, question_mark)")


def parse_keys(text: str) -> list[str]:
    """Comma-separated keys, each checked (a comma key itself is written "comma")."""
    return [parse_key(part) for part in text.split(",")]


def canonical(key: str) -> str:
    """One spelling per key, to compare them: "?" and "question_mark" are the same key."""
    *mods, base = key.split("+") if len(key) > 1 else [key]
    if len(base) > 1 and (char := key_to_character(base)) is not None:
        base = char
    if len(base) == 1 and not base.isalnum():
        base = unicodedata.name(base, base).lower()
    return "+".join([*sorted(mods), base])


def keymap_errors(
    keymap: Mapping[str, str], bindings: Mapping[str, Remappable] | None = None
) -> dict[str, str]:
    """binding id → why its remap is refused, for every remap in *keymap* that is wrong."""
    bindings = remappable() if bindings is None else bindings
    errors: dict[str, str] = {}
    effective: dict[str, list[str]] = {}
    for binding_id, info in bindings.items():
        text = keymap.get(binding_id, "")
        try:
            keys = parse_keys(text) if text.strip() else info.default_keys.split(",")
        except ValueError as exc:
            errors[binding_id] = str(exc)
            keys = []
        effective[binding_id] = [canonical(k) for k in keys]
    for binding_id in keymap:
        if binding_id not in bindings:
            errors[binding_id] = f"unknown binding id {binding_id!r}"
    for binding_id, text in keymap.items():
        remapped = bindings.get(binding_id)
        if remapped is None or binding_id in errors or not text.strip():
            continue
        clash = _clash(binding_id, remapped, effective, bindings)
        if clash is not None:
            key, other = clash
            errors[binding_id] = f"{key} is already {other.binding_id} ({other.description})"
    return errors


def _clash(
    binding_id: str,
    info: Remappable,
    effective: Mapping[str, list[str]],
    bindings: Mapping[str, Remappable],
) -> tuple[str, Remappable] | None:
    mine = effective[binding_id]
    for other_id, other in bindings.items():
        if other_id == binding_id:
            continue
        shared = set(info.sections) & set(other.sections)
        # A key of the "Everywhere" section is live on every screen, and the other way round.
        if not shared and EVERYWHERE not in info.sections + other.sections:
            continue
        for key in mine:
            if key in effective[other_id]:
                return key, other
    return None


class KeymapEditor(Vertical):
    """Every binding id and its key(s); the line below edits the highlighted one.

    One list and one input instead of an input per binding: the screen opens at once.
    """

    DEFAULT_CSS = """
    KeymapEditor { height: auto; }
    KeymapEditor > OptionList {
        height: 12; border: none; padding: 0; background: $panel;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    KeymapEditor > Horizontal { height: 1; margin-top: 1; }
    KeymapEditor > Horizontal > Label { width: 22; padding-right: 1; text-align: right; }
    KeymapEditor > Horizontal > Label { color: $text-muted; }
    KeymapEditor > Horizontal:focus-within > Label { color: $text; text-style: bold; }
    KeymapEditor > Horizontal > Input { width: 1fr; }
    KeymapEditor > Horizontal > Input.-textual-compact { background: $panel; }
    KeymapEditor > .hint { padding-left: 22; color: $text-muted; height: auto; }
    KeymapEditor > .hint.-error { color: $error; text-style: bold; }
    """

    def __init__(
        self, keymap: Mapping[str, str], bindings: Mapping[str, Remappable], *, id: str
    ) -> None:
        super().__init__(id=id)
        self.bindings = bindings
        self.ids = list(bindings)
        self.keymap = dict(keymap)  # what was typed, right or wrong; checked by errors()
        self._loading = False

    def compose(self) -> ComposeResult:
        yield OptionList(*(Option(self._prompt(i), id=i) for i in self.ids), id="key-list")
        with Horizontal():
            yield Label("Key")
            yield TextInput(id="key-edit", compact=True)
        yield Static("", classes="hint", id="key-hint")

    def _prompt(self, binding_id: str) -> Text:
        info = self.bindings[binding_id]
        typed = self.keymap.get(binding_id, "")
        keys = typed or info.default_keys
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f"{binding_id:<24} ")
        line.append(f"{keys:<16} ", style="bold" if typed else "")
        line.append(info.description, style="dim")
        return line

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    @property
    def current(self) -> str | None:
        index = self.query_one(OptionList).highlighted
        return None if index is None else self.ids[index]

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        binding_id = self.current
        if binding_id is None:
            return
        info = self.bindings[binding_id]
        self.query_one(Label).update(binding_id)
        box = self.query_one("#key-edit", Input)
        self._loading = True
        box.value = self.keymap.get(binding_id, "")
        self._loading = False
        box.placeholder = f"{info.default_keys} (default)"
        self._show_hint()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#key-edit", Input).focus()

    @on(Input.Changed, "#key-edit")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        binding_id = self.current
        if self._loading or binding_id is None:
            return
        if event.value.strip():
            self.keymap[binding_id] = event.value.strip()
        else:
            self.keymap.pop(binding_id, None)
        self.query_one(OptionList).replace_option_prompt(binding_id, self._prompt(binding_id))
        self._show_hint()

    @on(Input.Submitted, "#key-edit")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(OptionList).focus()

    def errors(self) -> dict[str, str]:
        """binding id → why its key is refused (ids this version lacks are kept, not errors)."""
        known = {k: v for k, v in self.keymap.items() if k in self.bindings}
        return keymap_errors(known, self.bindings)

    def show_error(self, binding_id: str) -> None:
        """Highlight *binding_id* and put the cursor in its key (the save was refused)."""
        self.query_one(OptionList).highlighted = self.ids.index(binding_id)
        self.query_one("#key-edit", Input).focus()

    def _show_hint(self) -> None:
        hint = self.query_one("#key-hint", Static)
        binding_id = self.current
        error = self.errors().get(binding_id or "")
        if error:
            hint.update(Content(f"Not valid: {error}"))
        else:
            hint.update("enter in the list edits a key; empty input: the default")
        hint.set_class(bool(error), "-error")
