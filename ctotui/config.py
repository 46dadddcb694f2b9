"""config.toml: typed settings, read with tomllib and written with tomli-w.

Unknown keys are kept (and written back) so a newer ctotui's settings survive an older one; a
bad value names the file and the key. `CTOTUI_CONFIG` points at another file, `CTOTUI_DATA`
overrides the data folder. Saving edits only the lines whose value changed, so the user's
comments stay (see `ctotui.config_text`); a file too unusual for that is rewritten whole by
tomli-w, and its previous text is kept beside it as `config.toml.bak`.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import subprocess
import tomllib
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w

from ctotui.config_text import update_toml_text
from ctotui.data.jsonfile import atomic_write_bytes
from ctotui.domain.money import decimal_mark_for
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
    amount_decimal: str = ""  # "." or ","; empty: the usual mark of the currency
    me: str = ""  # who makes the changes here; empty: git's user.name, else the login name
    fiscal_year_start: int = 1
    stale_after_days: int = 21
    alert_window_days: int = 14
    presentation_mode: bool = False
    mouse: str = "auto"
    ascii: bool = False
    keymap: dict[str, str] = field(default_factory=dict)
    # Keys this version does not know, kept verbatim for the next save.
    extra: dict[str, Any] = field(default_factory=dict)
    # The file these were read from (where the settings screen saves); not a setting itself.
    source: Path | None = field(default=None, compare=False, repr=False)

    def data_path(self) -> Path:
        """`$CTOTUI_DATA`, else the configured folder, else the XDG default."""
        env = os.environ.get("CTOTUI_DATA")
        if env:
            return Path(env).expanduser()
        if self.data_folder:
            return Path(self.data_folder).expanduser()
        return default_data_dir()

    def author(self) -> str:
        """Who the changes made here are recorded as (each record's updated_by)."""
        if self.me:
            return self.me
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            done = subprocess.run(
                ["git", "config", "--global", "--get", "user.name"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            )
            name = done.stdout.strip()
            if name and name.isprintable():
                return name
        with contextlib.suppress(Exception):
            return getpass.getuser()
        return ""

    def decimal_mark(self) -> str:
        """The decimal mark amounts are typed and shown with: the setting, else the
        currency's usual one."""
        return self.amount_decimal or decimal_mark_for(self.currency)

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
    "amount_decimal": str,
    "me": str,
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
    if key == "me" and (not value.isprintable() or len(value) > 80):
        raise ValueError("expected a name on one line (at most 80 characters)")
    if key == "amount_decimal" and value not in ("", ".", ","):
        raise ValueError(f"expected '.' or ',', got {value!r}")
    if key == "mouse" and value not in MOUSE_CHOICES:
        raise ValueError(f"expected 'auto', 'on' or 'off', got {value!r}")
    if key == "fiscal_year_start" and not 1 <= value <= 12:
        raise ValueError(f"expected a month 1-12, got {value}")
    if key in ("stale_after_days", "alert_window_days") and not 1 <= value <= 3650:
        raise ValueError(f"expected 1-3650 days, got {value}")
    if key == "currency" and not (len(value) == 3 and value.isalpha() and value.isupper()):
        raise ValueError(f"expected a 3-letter code like EUR, got {value!r}")
    if key == "date_format":
        _check_date_format(value)
    if key == "keymap":
        for binding_id, keys in value.items():
            if not isinstance(keys, str) or not keys.strip():
                raise ValueError(f"{binding_id!r}: expected a key name like 'ctrl+s', got {keys!r}")
    return value


def _check_date_format(fmt: str) -> None:
    # pendulum prints unknown letters as they are, so a format with no date token in it
    # ("hello") would show the same text for every date; two different dates tell.
    from ctotui.domain.dates import format_date

    if not fmt.strip():
        raise ValueError("must not be empty")
    try:
        first, second = (format_date(date(2026, 1, 2), fmt), format_date(date(2027, 3, 4), fmt))
    except (AttributeError, ValueError, KeyError):
        # A time token (h, m, s, A) asks a date for its hour, which it has not.
        raise ValueError(f"{fmt!r} asks for a time; dates only (YYYY, MM, DD, MMM, ddd)") from None
    if first == second:
        raise ValueError(f"{fmt!r} shows no date: use tokens like YYYY-MM-DD or D MMM YYYY")


def load_settings(path: Path | None = None) -> Settings:
    """Settings from *path* (default: the config file); a missing file gives the defaults."""
    path = path or config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(source=path)  # the settings screen creates it there
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    settings = Settings(source=path)
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
        if f.name in ("extra", "source"):
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


HEADER = """\
# ctotui settings. Edit this file, or press , in the app for the settings screen.
# Keys ctotui does not know are kept when it saves; so are comments, when it can.
"""


def settings_text(settings: Settings, old_text: str | None) -> tuple[str, bool]:
    """The new text of the config file, and whether it had to be rewritten whole.

    Normally *old_text* with only the changed lines edited.
    """
    data = settings_to_toml(settings)
    if old_text is not None:
        try:
            old = tomllib.loads(old_text)
        except tomllib.TOMLDecodeError:
            old = None
        if old is not None:
            # A key the file leaves out stays out while it keeps its default value.
            defaults = settings_to_toml(Settings())
            data = {k: v for k, v in data.items() if k in old or defaults.get(k) != v}
            edited = update_toml_text(old_text, data)
            if edited is not None:
                return edited, False
    return HEADER + "\n" + tomli_w.dumps(data), True


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write *settings* (and the unknown keys they carry) atomically; returns the path."""
    path = path or settings.source or config_file()
    # A config.toml symlinked from a dotfiles repository: write through the link, keep the link.
    target = path.resolve() if path.is_symlink() else path
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            old_text: str | None = target.read_text(encoding="utf-8")
        except FileNotFoundError:
            old_text = None
        text, rewritten = settings_text(settings, old_text)
        if old_text is not None and rewritten and old_text.strip():
            # Rewritten whole: the user's comments would be lost, so keep the old text.
            atomic_write_bytes(target.with_name(target.name + ".bak"), old_text.encode("utf-8"))
        atomic_write_bytes(target, text.encode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ConfigError(f"{path}: cannot write: {reason}") from None
    settings.source = path
    return path
