"""The settings screen: edits config.toml (comments and unknown keys kept), previewed live.

Theme, date format, alert window, stale-after days, currency, week start and the presentation
default show on the screens behind as soon as they are valid; escape puts everything back.
Data folder, mouse and ASCII apply at the next start. Every value is checked by the same
`validate_value` that checks config.toml, so what the form accepts the file accepts.

| Key | Action |
|---|---|
| `ctrl+s` | save to config.toml |
| `escape` | cancel: the previous settings and theme come back |
| `tab` / `shift+tab` | next / previous field |
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, ClassVar, cast

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ctotui.app import CtoApp
from ctotui.config import MOUSE_CHOICES, WEEK_STARTS, Settings, validate_value
from ctotui.dialogs.keymap_editor import KeymapEditor, remappable
from ctotui.domain.dates import format_date
from ctotui.errors import CtoError
from ctotui.locations import config_file
from ctotui.widgets.debounce import Debounce
from ctotui.widgets.text_input import TextInput

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# name → (label, kind, note). Notes say when a change takes effect if not at once.
FIELDS: dict[str, tuple[str, str, str]] = {
    "theme": ("Theme", "theme", ""),
    "date_format": ("Date format", "text", ""),
    "week_start": ("Week starts on", "week", ""),
    "currency": ("Currency", "text", "3-letter code for amounts without one"),
    "fiscal_year_start": ("Fiscal year starts", "month", "default for new clients"),
    "stale_after_days": ("Stale after (days)", "int", "no change in this many days: stale"),
    "alert_window_days": ("Alert window (days)", "int", "the header counts dates this close"),
    "presentation_mode": ("Presentation mode", "bool", "on at start (P toggles it now)"),
    "mouse": ("Mouse", "mouse", "applies at the next start; auto is off over SSH"),
    "ascii": ("ASCII only", "bool", "applies at the next start (like --ascii)"),
    "data_folder": ("Data folder", "text", "applies at the next start; empty: the default"),
    "me": ("Your name", "text", "recorded on each change; empty: git's user.name"),
    "amount_decimal": (
        "Decimal mark",
        "text",
        "'.' or ',' in typed amounts; empty: as the currency",
    ),
}
LIVE = ("date_format", "week_start", "currency", "stale_after_days", "alert_window_days")
PREVIEW_AFTER_SECONDS = 0.25  # typing rests this long before the screens behind are redrawn


def _fid(name: str) -> str:
    return "s-" + name.replace("_", "-")


class SettingsScreen(ModalScreen[Settings | None]):
    """Edit config.toml; dismissed with the saved settings, or None when cancelled."""

    BINDING_GROUP_TITLE = "Settings"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="settings.save"),
        Binding("escape", "cancel", "Cancel", id="settings.cancel"),
    ]

    DEFAULT_CSS = """
    SettingsScreen { align: center middle; }
    SettingsScreen > #settings {
        width: 100; max-width: 100%; height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    SettingsScreen #fields { height: 1fr; }
    SettingsScreen .section { text-style: bold; margin-top: 1; }
    SettingsScreen .row { height: auto; }
    SettingsScreen .row > Label { width: 22; padding-right: 1; text-align: right; }
    SettingsScreen .row > Label { color: $text-muted; }
    SettingsScreen .row:focus-within > Label { color: $text; text-style: bold; }
    SettingsScreen .row Input, SettingsScreen .row Select { width: 1fr; }
    SettingsScreen .row Input.-textual-compact { background: $panel; }
    SettingsScreen .hint { padding-left: 22; color: $text-muted; height: auto; }
    SettingsScreen .hint.-error { color: $error; text-style: bold; }
    SettingsScreen .hint.-empty { display: none; }
    SettingsScreen #settings-error { padding-left: 22; }
    SettingsScreen #settings-error { color: $error; text-style: bold; height: auto; }
    SettingsScreen #buttons { height: 1; align-horizontal: right; }
    SettingsScreen #buttons Button { margin-left: 1; min-width: 10; }
    """

    def __init__(self) -> None:
        super().__init__()
        # A keystroke in the date format must not rebuild the dashboard each time.
        self._preview = Debounce(self, PREVIEW_AFTER_SECONDS, self._show_preview)
        self._presentation_touched = False  # P may have changed it since the start
        self.bindings_list = remappable()

    cto = getters.app(CtoApp)

    # --- building the form ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.cto
        self.original = app.settings
        self.original_theme = app.theme
        self.original_presentation = app.presentation
        path = app.settings.source or config_file()
        with Vertical(id="settings") as box:
            box.border_title = "Settings"
            box.border_subtitle = "ctrl+s save · escape cancel"
            with VerticalScroll(id="fields"):
                yield Static(Content(str(path).replace(str(Path.home()), "~")), classes="hint")
                for name, (label, kind, _note) in FIELDS.items():
                    with Horizontal(classes="row"):
                        yield Label(label)
                        yield self._widget(name, kind)
                    yield Static("", classes="hint", id=_fid(name) + "-hint")
                yield Label("Keys", classes="section")
                yield Static(
                    "Keys by binding id: ctrl+y, f5, comma, question_mark; several separated "
                    "by commas. Bold: remapped.",
                    classes="hint",
                )
                yield KeymapEditor(app.settings.keymap, self.bindings_list, id="keymap")
                unknown = sorted(set(app.settings.keymap) - set(self.bindings_list))
                if unknown:
                    listed = ", ".join(unknown)
                    yield Static(
                        Content(f"config.toml also remaps {listed}: kept, not known here."),
                        classes="hint",
                    )
            yield Static("", id="settings-error")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", variant="primary", id="save", compact=True)

    def _widget(self, name: str, kind: str) -> Any:
        value = getattr(self.original, name)
        wid = _fid(name)
        if kind == "theme":
            names = sorted(self.cto.available_themes, key=lambda n: (not n.startswith("ctotui"), n))
            themes = [(n, n) for n in names]
            return Select(themes, value=self.cto.theme, allow_blank=False, id=wid, compact=True)
        if kind in ("week", "mouse"):
            words = [(c, c) for c in (WEEK_STARTS if kind == "week" else MOUSE_CHOICES)]
            return Select(words, value=value, allow_blank=False, id=wid, compact=True)
        if kind == "month":
            months = [(m, n) for n, m in enumerate(MONTHS, 1)]
            return Select(months, value=value, allow_blank=False, id=wid, compact=True)
        if kind == "bool":
            # Words, not a checkbox: Textual shows a checkbox's state by colour alone.
            switch = [("on", True), ("off", False)]
            return Select(switch, value=bool(value), allow_blank=False, id=wid, compact=True)
        return TextInput(
            str(value), id=wid, compact=True, type="integer" if kind == "int" else "text"
        )

    def on_mount(self) -> None:
        self.query_one(f"#{_fid('theme')}").focus()
        for name in FIELDS:
            self._check(name)

    # --- reading and checking --------------------------------------------------------------------

    def _raw(self, name: str) -> Any:
        widget = self.query_one(f"#{_fid(name)}")
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        text = cast(Input, widget).value.strip()
        if FIELDS[name][1] == "int":
            try:
                return int(text)
            except ValueError:
                return text  # validate_value says "expected a whole number"
        return text.upper() if name == "currency" else text

    def value(self, name: str) -> Any:
        """The checked value of one field; ValueError with the reason."""
        raw = self._raw(name)
        if raw is None:
            raise ValueError("choose one")
        if name == "theme":
            if raw not in self.cto.available_themes:
                raise ValueError(f"no theme named {raw!r}")
            # Unchanged: keep what config.toml says (the ANSI theme may be only automatic).
            return self.original.theme if raw == self.original_theme else raw
        if name == "data_folder" and raw:
            folder = Path(raw).expanduser()
            if folder.exists() and not folder.is_dir():
                raise ValueError(f"{raw} is a file, not a folder")
        return validate_value(name, raw)

    def _check(self, name: str) -> bool:
        hint = self.query_one(f"#{_fid(name)}-hint", Static)
        try:
            value = self.value(name)
        except ValueError as exc:
            _hint(hint, f"Not valid: {exc}", error=True)
            return False
        note = FIELDS[name][2]
        if name == "date_format":
            note = f"today is {format_date(self.cto.clock.today(), value)} (pendulum tokens)"
        elif name == "theme" and value != self._raw(name):
            note = f"config.toml keeps {value}; {self._raw(name)} is automatic on 16 colours"
        _hint(hint, note)
        return True

    def collect(self) -> Settings:
        """The settings the form shows; ValueError naming the first field that is wrong."""
        bad = [name for name in FIELDS if not self._check(name)]
        if bad:
            self.query_one(f"#{_fid(bad[0])}").focus()
            raise ValueError(f"{FIELDS[bad[0]][0]} is not valid")
        editor = self.query_one(KeymapEditor)
        key_errors = editor.errors()
        if key_errors:
            first = next(iter(key_errors))
            editor.show_error(first)
            raise ValueError(f"key for {first}: {key_errors[first]}")
        values = {name: self.value(name) for name in FIELDS}
        keymap = validate_value("keymap", editor.keymap)
        return dataclasses.replace(self.original, **values, keymap=keymap)

    # --- live preview ----------------------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self, event: Input.Changed | Select.Changed) -> None:
        wid = event.control.id or ""
        name = next((n for n in FIELDS if _fid(n) == wid), None)
        if name is None:
            return
        ok = self._check(name)
        if name == "theme" and ok:
            self.cto.theme = cast(str, self._raw(name))
        elif name == "presentation_mode":
            self._presentation_touched = True
            self.cto.presentation = bool(self._raw(name))
            self._preview.request()
        elif name in LIVE and ok:
            self._preview.request()

    def _show_preview(self) -> None:
        live = {}
        for name in LIVE:
            try:
                live[name] = self.value(name)
            except ValueError:
                live[name] = getattr(self.original, name)
        self.cto.apply_settings(dataclasses.replace(self.original, **live), keymap=False)

    # --- save and cancel -------------------------------------------------------------------------

    def action_save(self) -> None:
        error = self.query_one("#settings-error", Static)
        try:
            settings = self.collect()
        except ValueError as exc:
            error.update(Content(f"Not saved: {exc}"))
            return
        error.update("Saving...")
        presentation = settings.presentation_mode if self._presentation_touched else None
        self.cto.apply_settings(settings, presentation=presentation)
        self.cto.persist_settings(
            settings,
            success="Settings saved",
            done=lambda _path: self._saved(settings),
            failed=self._failed,
        )

    def _saved(self, settings: Settings) -> None:
        self.dismiss(settings)

    def _failed(self, exc: CtoError) -> None:
        self.query_one("#settings-error", Static).update(Content(f"Not saved: {exc}"))

    def action_cancel(self) -> None:
        self._preview.cancel()
        self.cto.theme = self.original_theme
        self.cto.apply_settings(self.original, presentation=self.original_presentation)
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


def _hint(hint: Static, text: str, error: bool = False) -> None:
    hint.update(Content(text))  # typed text, not markup: "[today]" is shown as it is
    hint.set_class(not text, "-empty")
    hint.set_class(error and bool(text), "-error")
