"""config.toml: read with tomllib, written with tomli-w; a bad one names the file and the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import mode

from ctotui.config import Settings, load_settings, save_settings
from ctotui.errors import ConfigError


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('theme = "x"\ndata folder = "/tmp"\n', "invalid TOML: "),
        (
            'stale_after_days = "often"\n',
            "key 'stale_after_days': expected a whole number, got 'often'",
        ),
        ("stale_after_days = 0\n", "key 'stale_after_days': expected 1-3650 days, got 0"),
        (
            'week_start = "friday"\n',
            "key 'week_start': expected 'monday' or 'sunday', got 'friday'",
        ),
        ("fiscal_year_start = 13\n", "key 'fiscal_year_start': expected a month 1-12, got 13"),
        ('currency = "euro"\n', "key 'currency': expected a 3-letter code like EUR, got 'euro'"),
        ("presentation_mode = 1\n", "key 'presentation_mode': expected bool, got 1"),
        ("[keymap]\nquit = 5\n", "key 'keymap': 'quit': expected a key name like 'ctrl+s', got 5"),
    ],
)
def test_a_bad_config_names_the_file_and_the_key(
    tmp_path: Path, cli: Any, text: str, message: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text)
    with pytest.raises(ConfigError) as refused:
        load_settings(config)
    assert str(refused.value).startswith(f"{config}: {message}")
    assert "\n" not in str(refused.value)

    done = cli("list", "clients")  # the cli fixture points CTOTUI_CONFIG at tmp_path/config.toml
    assert done.code == 2 and done.out == ""
    assert done.err.startswith(f"ctotui: {config}: {message}") and done.err.count("\n") == 1
    assert config.read_text() == text


def test_invalid_toml_says_where(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('theme = "x"\ndata folder = "/tmp"\n')
    with pytest.raises(ConfigError, match=r"\(at line 2, column 6\)$"):
        load_settings(config)


def test_missing_config_gives_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "absent.toml") == Settings()


def test_save_and_load_round_trip_keeps_unknown_keys(tmp_path: Path) -> None:
    config = tmp_path / "conf" / "config.toml"
    config.parent.mkdir(mode=0o700)
    config.write_text('future_option = "kept"\ntheme = "ctotui-light"\n[future_table]\na = 1\n')
    settings = load_settings(config)
    assert settings.theme == "ctotui-light"
    assert settings.extra == {"future_option": "kept", "future_table": {"a": 1}}
    settings.stale_after_days = 30
    settings.keymap = {"quit": "ctrl+q"}
    save_settings(settings, config)
    assert mode(config) == 0o600
    again = load_settings(config)
    assert again == settings
    text = config.read_text()
    assert 'future_option = "kept"' in text and "[future_table]" in text
    assert text.index("[keymap]") > text.index("stale_after_days")  # tables after plain keys


def test_data_folder_setting_and_environment_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('data_folder = "~/clients"\n')
    settings = load_settings(config)
    assert settings.data_path() == Path.home() / "clients"
    monkeypatch.setenv("CTOTUI_DATA", str(tmp_path / "elsewhere"))
    assert settings.data_path() == tmp_path / "elsewhere"
    monkeypatch.setenv("CTOTUI_CONFIG", str(config))
    assert load_settings().data_folder == "~/clients"
