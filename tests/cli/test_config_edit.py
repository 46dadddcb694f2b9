"""Saving config.toml edits only the changed lines: comments, unknown keys and layout survive."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import mode

from ctotui.config import HEADER, Settings, load_settings, save_settings
from ctotui.config_text import update_toml_text

COMMENTED = """\
# My ctotui. The jump box at ACME has 16 colours: keep the light theme.
theme = "ctotui-light"   # projector in the meeting room
date_format = "D MMM YYYY"

# Ask Sam before changing this.
stale_after_days = 30
future_option = "kept"   # a newer ctotui wrote this

[keymap]
# muscle memory from the old tool
"app.sync" = "ctrl+y"   # S is too close to s

[future_table]
level = 2
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_changed_value_changes_only_its_own_line(tmp_path: Path) -> None:
    path = _write(tmp_path, COMMENTED)
    settings = load_settings(path)
    assert settings.source == path
    settings.alert_window_days = 7  # not in the file: a new line after the last plain key
    settings.stale_after_days = 45
    settings.keymap = {"app.sync": "ctrl+y", "app.presentation": "f6"}
    save_settings(settings)

    text = path.read_text()
    assert text == COMMENTED.replace("stale_after_days = 30", "stale_after_days = 45").replace(
        'future_option = "kept"   # a newer ctotui wrote this\n',
        'future_option = "kept"   # a newer ctotui wrote this\nalert_window_days = 7\n',
    ).replace(
        '"app.sync" = "ctrl+y"   # S is too close to s\n',
        '"app.sync" = "ctrl+y"   # S is too close to s\n"app.presentation" = "f6"\n',
    )
    assert load_settings(path) == settings
    assert mode(path) == 0o600
    assert not (tmp_path / "config.toml.bak").exists()


def test_a_value_back_to_empty_loses_its_line_and_a_keymap_its_table(tmp_path: Path) -> None:
    path = _write(tmp_path, 'data_folder = "~/clients"  # the laptop\n' + COMMENTED)
    settings = load_settings(path)
    settings.data_folder = ""
    settings.keymap = {}
    save_settings(settings)
    text = path.read_text()
    assert "data_folder" not in text and "[keymap]" not in text and '"app.sync"' not in text
    assert "# Ask Sam before changing this." in text and "[future_table]" in text
    assert load_settings(path) == settings


def test_unknown_keys_and_tables_are_written_back(tmp_path: Path) -> None:
    path = _write(tmp_path, COMMENTED)
    settings = load_settings(path)
    assert settings.extra == {"future_option": "kept", "future_table": {"level": 2}}
    settings.theme = "ctotui-dark"
    save_settings(settings)
    data = tomllib.loads(path.read_text())
    assert data["future_option"] == "kept" and data["future_table"] == {"level": 2}
    assert 'theme = "ctotui-dark"   # projector in the meeting room' in path.read_text()


def test_a_new_file_gets_a_header_and_every_setting(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    save_settings(Settings(currency="USD"), path)
    text = path.read_text()
    assert text.startswith(HEADER)
    for key in ("theme", "date_format", "week_start", "alert_window_days", "mouse", "ascii"):
        assert f"\n{key} = " in text
    assert load_settings(path).currency == "USD"


def test_a_layout_too_odd_to_edit_is_rewritten_and_the_old_text_kept(tmp_path: Path) -> None:
    odd = '# hand-made\ntheme = "ctotui-light"\nkeymap = { "app.sync" = "ctrl+y" }  # inline\n'
    path = _write(tmp_path, odd)
    settings = load_settings(path)
    assert settings.keymap == {"app.sync": "ctrl+y"}
    settings.theme = "ctotui-dark"
    settings.keymap = {"app.sync": "f6"}  # an inline table cannot be edited line by line
    save_settings(settings)
    assert path.read_text().startswith(HEADER)
    assert (tmp_path / "config.toml.bak").read_text() == odd
    assert load_settings(path).theme == "ctotui-dark"


def test_a_symlinked_config_stays_a_symlink(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles" / "ctotui.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text(COMMENTED)
    link = tmp_path / "config.toml"
    link.symlink_to(dotfiles)
    settings = load_settings(link)
    settings.currency = "GBP"
    save_settings(settings)
    assert link.is_symlink()
    assert 'currency = "GBP"' in dotfiles.read_text()
    assert "# Ask Sam before changing this." in dotfiles.read_text()


@pytest.mark.parametrize(
    "text",
    [
        "a = [1,\n  2]\nb = 1\n",  # a value over two lines
        'a = """x\ny"""\nb = 1\n',  # a multi-line string
        "[[items]]\nx = 1\n",  # an array of tables
        "[t.u]\nx = 1\n",  # a nested table
    ],
)
def test_layouts_beyond_line_editing_are_declined(text: str) -> None:
    wanted = {**tomllib.loads(text), "b": 2}
    assert update_toml_text(text, wanted) is None


def test_an_empty_file_gains_keys_after_its_comments() -> None:
    assert update_toml_text("# nothing yet\n", {"theme": "x"}) == '# nothing yet\ntheme = "x"\n'


CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "theme": st.sampled_from(["ctotui-dark", "ctotui-light", "ctotui-high-contrast"]),
        "date_format": st.sampled_from(["YYYY-MM-DD", "D MMM YYYY", "DD/MM/YYYY"]),
        "currency": st.sampled_from(["EUR", "USD", "GBP", "CHF"]),
        "stale_after_days": st.integers(1, 3650),
        "alert_window_days": st.integers(1, 3650),
        "presentation_mode": st.booleans(),
        "mouse": st.sampled_from(["auto", "on", "off"]),
        "data_folder": st.sampled_from(["", "~/clients", "/srv/ctotui data/é"]),
        "keymap": st.dictionaries(
            st.sampled_from(["app.sync", "app.quit", "list.down", "dashboard.zoom"]),
            st.sampled_from(["ctrl+y", "f6", "comma", "Q", "j,down"]),
            max_size=3,
        ),
    },
)


@settings(max_examples=60, deadline=None)
@given(changes=CHANGES)
def test_any_save_loads_back_equal_and_keeps_every_comment(
    tmp_path_factory: pytest.TempPathFactory, changes: dict[str, object]
) -> None:
    path = _write(tmp_path_factory.mktemp("cfg"), COMMENTED)
    settings = dataclasses.replace(load_settings(path), **changes)  # type: ignore[arg-type]
    save_settings(settings)
    text = path.read_text()
    assert load_settings(path) == settings
    for line in COMMENTED.splitlines():
        if "#" not in line:
            continue
        comment = line.split("#", 1)[1]
        # Only a removed line takes its comment along: the app.sync remap, or the whole keymap.
        gone = ("S is too close" in comment and "app.sync" not in settings.keymap) or (
            "muscle memory" in comment and not settings.keymap
        )
        assert (comment in text) != gone, comment


def test_a_missing_config_is_created_where_it_was_looked_for(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere" / "ctotui.toml"  # --config names a file not made yet
    settings = load_settings(path)
    settings.theme = "ctotui-light"
    assert save_settings(settings) == path
    assert load_settings(path).theme == "ctotui-light"
