"""Where things live: XDG folders, the bundled themes and sample data. Nothing is created here."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable, "")
    # The XDG spec says relative paths are invalid and must be ignored.
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / fallback


def config_dir() -> Path:
    return _xdg("XDG_CONFIG_HOME", ".config") / "ctotui"


def config_file() -> Path:
    """`$CTOTUI_CONFIG`, else `$XDG_CONFIG_HOME/ctotui/config.toml`."""
    override = os.environ.get("CTOTUI_CONFIG")
    return Path(override).expanduser() if override else config_dir() / "config.toml"


def default_data_dir() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share") / "ctotui" / "data"


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/ctotui`: what can be made again from the data (never inside it)."""
    return _xdg("XDG_CACHE_HOME", ".cache") / "ctotui"


def machine_key_file() -> Path:
    """The secret that proves a cache file was written by this user's ctotui on this machine;
    kept with the user's data, never in a data folder or a repository."""
    return _xdg("XDG_DATA_HOME", ".local/share") / "ctotui" / "machine.key"


def keys_dir() -> Path:
    """`$XDG_DATA_HOME/ctotui/keys`: the vault keys of this machine (0700, one 0600 file per
    key), never inside a data folder or a repository."""
    return _xdg("XDG_DATA_HOME", ".local/share") / "ctotui" / "keys"


def user_themes_dir() -> Path:
    return config_file().parent / "themes"


def _bundled(name: str) -> Path:
    # An installed wheel carries them under ctotui/_bundled/; a source checkout (editable
    # install) has them at the top of the repository.
    inside = PACKAGE_DIR / "_bundled" / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


def bundled_themes_dir() -> Path:
    return _bundled("themes")


def sample_data_dir() -> Path:
    return _bundled("sample_data")
