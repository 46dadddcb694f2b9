"""The app's looks and settings: themes (files, fallback, palette with live preview), --ascii,
NO_COLOR, the settings screen.

A mixin of `CtoApp`, kept apart so app.py stays wiring. Textual 8.2.8's "Change theme" palette
sets the theme only when one is chosen; here each highlighted theme is shown at once, escape
puts the previous one back, and a chosen theme is saved to config.toml.
"""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING, TypeVar

from textual.binding import Binding
from textual.command import CommandPalette, SearchIcon
from textual.filter import LineFilter, Monochrome, NoColor
from textual.theme import ThemeProvider

from ctotui.config import Settings, save_settings
from ctotui.terminal import AsciiFilter, poor_terminal
from ctotui.themes import ANSI_THEME, DEFAULT_THEME, app_variable_defaults, load_themes

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from textual.app import App

    from ctotui.data.store import Store
    from ctotui.errors import CtoError

    T = TypeVar("T")

    _Base = App[None]
else:
    _Base = object


class LooksMixin(_Base):
    """Themes, line filters and settings for `CtoApp`."""

    if TYPE_CHECKING:
        settings: Settings
        store: Store
        ascii_only: bool
        presentation: bool
        theme_errors: list[str]

        def save(
            self,
            job: Callable[[], T],
            *,
            done: Callable[[T], None] | None = None,
            failed: Callable[[CtoError], None] | None = None,
            success: str = "",
        ) -> None: ...

        def publish_view_changed(self) -> None: ...
        def refresh_attention(self) -> None: ...

    def init_looks(self) -> None:
        """Called by `CtoApp.__init__` before Textual's own set-up."""
        self._ascii_filter = AsciiFilter() if self.ascii_only else None
        self._no_color = NoColor()
        self._theme_before_palette: str | None = None  # set while the theme palette is open

    def register_themes(self) -> None:
        """The bundled and the user's theme files; the configured one, else the default (an
        ANSI theme on a 16-colour terminal), with every failure kept for one notification."""
        themes, self.theme_errors = load_themes()
        for theme in themes:
            self.register_theme(theme)
        wanted = self.settings.theme
        if os.environ.get("TEXTUAL_THEME"):
            wanted = os.environ["TEXTUAL_THEME"]
        elif poor_terminal() and wanted == DEFAULT_THEME:
            wanted = ANSI_THEME
        if wanted not in self.available_themes:
            self.theme_errors.append(f"theme {wanted!r} not found; using {DEFAULT_THEME}")
            wanted = DEFAULT_THEME
        self.theme = wanted

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return app_variable_defaults(self.current_theme)

    def get_line_filters(self) -> list[LineFilter]:
        filters = list(super().get_line_filters())
        if self.no_color and self.current_theme.ansi:
            # NO_COLOR: Textual picks Monochrome (greys) for the theme it starts with, but
            # ANSI colours have no grey value and come out black on black; drop them instead.
            filters = [self._no_color if isinstance(f, Monochrome) else f for f in filters]
        # Last, after NO_COLOR's: --ascii rewrites every drawn character (ctotui.terminal).
        return [*filters, self._ascii_filter] if self._ascii_filter is not None else filters

    def get_key_display(self, binding: Binding) -> str:
        display = super().get_key_display(binding)
        if self.ascii_only:
            # Textual shows enter as ⏎ and backspace as ⌫; the filter would make them "?".
            display = display.replace("⏎", "enter").replace("⌫", "bksp")
        return display

    # --- settings -----------------------------------------------------------------------------

    def action_settings(self) -> None:
        from ctotui.dialogs.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def apply_settings(
        self, settings: Settings, *, presentation: bool | None = None, keymap: bool = True
    ) -> None:
        """Use *settings* now: date format, alert window, currency; keys; presentation mode; who
        the changes made from now on are recorded as."""
        if settings.me != self.settings.me:
            self.store.author = settings.author()
        self.settings = settings
        if presentation is not None:
            self.presentation = presentation
        if keymap:
            self.set_keymap(settings.keymap)
        self.publish_view_changed()
        self.refresh_attention()

    def persist_settings(
        self,
        settings: Settings,
        success: str = "",
        *,
        done: Callable[[Path], None] | None = None,
        failed: Callable[[CtoError], None] | None = None,
    ) -> None:
        """Write *settings* to config.toml off the event loop (comments and unknown keys kept)."""
        self.save(lambda: save_settings(settings), success=success, done=done, failed=failed)

    # --- the theme palette --------------------------------------------------------------------

    def search_themes(self) -> None:
        """The palette's "Change theme": every theme, previewed as it is highlighted."""
        self._theme_before_palette = self.theme
        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder="Theme..."))

    def on_command_palette_opened(self) -> None:
        # Textual's magnifier is an emoji: a box or two question marks in many terminal fonts.
        for icon in self.screen.query(SearchIcon):
            icon.icon = ">"

    def on_command_palette_option_highlighted(
        self, event: CommandPalette.OptionHighlighted
    ) -> None:
        if self._theme_before_palette is None:
            return
        prompt = event.highlighted_event.option.prompt
        name = str(getattr(prompt, "plain", prompt)).strip()
        if name in self.available_themes:
            self.theme = name

    def on_command_palette_closed(self, event: CommandPalette.Closed) -> None:
        before, self._theme_before_palette = self._theme_before_palette, None
        if before is None:
            return
        if not event.option_selected:
            self.theme = before  # escape: the preview is undone
        else:
            # After the chosen command has run (Textual queues it behind this message).
            self.call_later(self._keep_theme)

    def _keep_theme(self) -> None:
        if self.theme != self.settings.theme:
            self.settings = dataclasses.replace(self.settings, theme=self.theme)
            self.persist_settings(self.settings, success=f"Theme {self.theme} saved")
