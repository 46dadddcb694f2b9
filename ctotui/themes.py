"""Themes as TOML files → `textual.theme.Theme`.

Bundled themes ship from the top-level `themes/` folder (inside the wheel too); the user's own
live in `themes/` beside config.toml and override bundled ones of the same name. A broken file
is reported once (file, key, reason) and skipped, so the app falls back to the default.

    name = "my-theme"
    dark = true
    primary = "#4A90D9"          # any colour Textual parses: "#rrggbb", "rgb(…)", "ansi_red"
    [variables]
    ctotui-overdue = "#E5534B"   # the app's own colours (see APP_VARIABLES)
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from ctotui.locations import bundled_themes_dir, user_themes_dir

DEFAULT_THEME = "ctotui-dark"
ANSI_THEME = "ctotui-ansi"
COLOUR_KEYS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
# The app's own colour roles, and the standard colour each falls back to.
APP_VARIABLES = {
    "ctotui-overdue": "error",
    "ctotui-due-soon": "warning",
    "ctotui-done": "success",
    "ctotui-accent": "accent",
}


class ThemeFileError(ValueError):
    """One broken theme file: the message names the file, the key and the reason."""


def parse_theme(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeFileError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ThemeFileError(f"{path}: invalid TOML: {exc}") from None
    return theme_from_dict(data, str(path))


def theme_from_dict(data: dict[str, Any], where: str) -> Theme:
    known = {f.name for f in dataclasses.fields(Theme)}
    for key in data:
        if key not in known:
            raise ThemeFileError(f"{where}: key '{key}': unknown theme key")
    for required in ("name", "primary"):
        if required not in data:
            raise ThemeFileError(f"{where}: key '{required}': is required")
    if not isinstance(data["name"], str) or not data["name"].strip():
        raise ThemeFileError(f"{where}: key 'name': expected a name")
    for key in COLOUR_KEYS:
        if key in data:
            _check_colour(data[key], where, key)
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ThemeFileError(f"{where}: key 'variables': expected a table")
    for key, value in variables.items():
        if key.startswith("ctotui-"):
            if key not in APP_VARIABLES:
                raise ThemeFileError(f"{where}: key 'variables.{key}': unknown app colour")
            _check_colour(value, where, f"variables.{key}")
        elif not isinstance(value, str):
            raise ThemeFileError(f"{where}: key 'variables.{key}': expected text")
    for key in ("dark", "ansi"):
        if key in data and not isinstance(data[key], bool):
            raise ThemeFileError(f"{where}: key '{key}': expected true or false")
    for key in ("luminosity_spread", "text_alpha"):
        if key in data and not isinstance(data[key], int | float):
            raise ThemeFileError(f"{where}: key '{key}': expected a number")
    if data.get("ansi") and not {"ansi-background", "ansi-foreground"} <= set(variables):
        raise ThemeFileError(
            f"{where}: key 'variables': an ANSI theme needs ansi-background and ansi-foreground"
        )
    return Theme(**data)


def _check_colour(value: Any, where: str, key: str) -> None:
    if not isinstance(value, str):
        raise ThemeFileError(f"{where}: key '{key}': expected a colour, got {value!r}")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(f"{where}: key '{key}': not a colour: {value!r}") from None


def theme_dirs() -> list[Path]:
    return [bundled_themes_dir(), user_themes_dir()]


def load_themes(folders: Iterable[Path] | None = None) -> tuple[list[Theme], list[str]]:
    """Every good theme in *folders* (later folders override earlier), and the errors."""
    themes: dict[str, Theme] = {}
    errors: list[str] = []
    for folder in folders if folders is not None else theme_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = parse_theme(path)
            except ThemeFileError as exc:
                errors.append(str(exc))
                continue
            themes[theme.name] = theme
    return list(themes.values()), errors


def app_variable_defaults(theme: Theme) -> dict[str, str]:
    """Values for the app's colour roles that *theme* does not set itself."""
    out = {}
    for variable, role in APP_VARIABLES.items():
        colour = getattr(theme, role, None) or theme.primary
        out[variable] = colour
    return out
