"""config.toml: typed settings, read with tomllib and written with tomli-w.

Unknown keys are kept (and written back) so a newer ctotui's settings survive an older one; a
bad value names the file and the key. `CTOTUI_CONFIG` points at another file, `CTOTUI_DATA`
overrides the data folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import tomli_w

from ctotui.data.jsonfile import atomic_write_bytes
from ctotui.errors import ConfigError
from ctotui.locations import config_file, default_data_dir

WEEK_STARTS = ("monday", "sunday")
MOUSE_CHOICES = ("auto", "on", "off")


@dataclass(slots=True)
class Settings:
    """Every setting, with its default. Field names are the TOML keys."""

    data_folder: str = ""
    theme: str = "ctotui-dark"
    date_format: str = "YYYY-MM-DD"
    week_start: str = "monday"
    currency: str = "EUR"
    fiscal_year_start: int = 1
    stale_after_days: int = 21
    alert_window_days: int = 14
    presentation_mode: bool = False
    mouse: str = "auto"
    ascii: bool = False
    keymap: dict[str, str] = field(default_factory=dict)
    # Keys this version does not know, kept verbatim for the next save.
    extra: dict[str, Any] = field(default_factory=dict)

    def data_path(self) -> Path:
        """`$CTOTUI_DATA`, else the configured folder, else the XDG default."""
        env = os.environ.get("CTOTUI_DATA")
        if env:
            return Path(env).expanduser()
        if self.data_folder:
            return Path(self.data_folder).expanduser()
        return default_data_dir()

    def mouse_enabled(self) -> bool:
        if self.mouse == "auto":
            # Over a laggy SSH link a split mouse report gets typed into inputs as text.
            return "SSH_CONNECTION" not in os.environ
        return self.mouse == "on"


_TYPES: dict[str, type] = {
    "data_folder": str,
    "theme": str,
    "date_format": str,
    "week_start": str,
    "currency": str,
    "fiscal_year_start": int,
    "stale_after_days": int,
    "alert_window_days": int,
    "presentation_mode": bool,
    "mouse": str,
    "ascii": bool,
    "keymap": dict,
}


def validate_value(key: str, value: Any) -> Any:
    """*value* checked for setting *key*; raises ValueError with the reason."""
    expected = _TYPES[key]
    if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"expected a whole number, got {value!r}")
    if expected is not int and not isinstance(value, expected):
        raise ValueError(f"expected {expected.__name__}, got {value!r}")
    if key == "week_start" and value not in WEEK_STARTS:
        raise ValueError(f"expected 'monday' or 'sunday', got {value!r}")
    if key == "mouse" and value not in MOUSE_CHOICES:
        raise ValueError(f"expected 'auto', 'on' or 'off', got {value!r}")
    if key == "fiscal_year_start" and not 1 <= value <= 12:
        raise ValueError(f"expected a month 1-12, got {value}")
    if key in ("stale_after_days", "alert_window_days") and not 1 <= value <= 3650:
        raise ValueError(f"expected 1-3650 days, got {value}")
    if key == "currency" and not (len(value) == 3 and value.isalpha() and value.isupper()):
        raise ValueError(f"expected a 3-letter code like EUR, got {value!r}")
    if key == "date_format" and not value.strip():
        raise ValueError("must not be empty")
    if key == "keymap":
        for binding_id, keys in value.items():
            if not isinstance(keys, str) or not keys.strip():
                raise ValueError(f"{binding_id!r}: expected a key name like 'ctrl+s', got {keys!r}")
    return value


def load_settings(path: Path | None = None) -> Settings:
    """Settings from *path* (default: the config file); a missing file gives the defaults."""
    path = path or config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    settings = Settings()
    for key, value in data.items():
        if key not in _TYPES:
            settings.extra[key] = value
            continue
        try:
            setattr(settings, key, validate_value(key, value))
        except ValueError as exc:
            raise ConfigError(f"{path}: key '{key}': {exc}") from None
    return settings


def settings_to_toml(settings: Settings) -> dict[str, Any]:
    out: dict[str, Any] = {}
    defaults = Settings()
    for f in fields(Settings):
        if f.name == "extra":
            continue
        value = getattr(settings, f.name)
        if f.name == "data_folder" and not value:
            continue
        if f.name == "keymap" and not value and value == defaults.keymap:
            continue
        out[f.name] = value
    for key, value in settings.extra.items():
        out.setdefault(key, value)
    # Tables after plain keys, as TOML requires and people expect.
    return dict(sorted(out.items(), key=lambda kv: isinstance(kv[1], dict)))


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write *settings* (and the unknown keys they carry) atomically; returns the path."""
    path = path or config_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write_bytes(path, tomli_w.dumps(settings_to_toml(settings)).encode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write: {exc.strerror}") from None
    return path
