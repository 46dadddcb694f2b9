"""The settings screen: refuses bad values in the form, previews live, saves config.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, OptionList, Select, Static

from ctotui.app import CtoApp
from ctotui.config import load_settings
from ctotui.data.store import Store
from ctotui.dialogs.keymap_editor import KeymapEditor, canonical, keymap_errors, parse_keys
from ctotui.dialogs.settings import SettingsScreen
from ctotui.domain.entities import Client
from ctotui.locations import config_file
from tui.conftest import make_app
from tui.screen import screen_text
from tui.waits import settled

COMMENTED = """\
# Set up on the ACME jump box.
theme = "ctotui-dark"
alert_window_days = 14   # two weeks before anything is due
future_option = "kept"
"""


async def open_settings(app: Any, pilot: Any) -> SettingsScreen:
    await pilot.pause()
    await pilot.press("comma")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def type_into(pilot: Any, screen: SettingsScreen, wid: str, text: str) -> None:
    box = screen.query_one(f"#{wid}", Input)
    box.value = text
    await pilot.pause()


def hint(screen: SettingsScreen, wid: str) -> str:
    return str(screen.query_one(f"#{wid}-hint", Static).render())


@pytest.mark.parametrize(
    ("wid", "typed", "reason"),
    [
        ("s-stale-after-days", "0", "expected 1-3650 days, got 0"),
        ("s-alert-window-days", "", "expected a whole number, got ''"),
        ("s-currency", "euro", "expected a 3-letter code like EUR, got 'EURO'"),
        ("s-date-format", "hh:mm", "'hh:mm' asks for a time"),
        ("s-date-format", "[today]", "'[today]' shows no date"),
        ("s-amount-decimal", ";", "expected '.' or ',', got ';'"),
        ("s-me", "Ana\x1b[2J", "expected a name on one line (at most 80 characters)"),
    ],
)
async def test_an_invalid_value_is_refused_in_the_form(
    practice: Store, wid: str, typed: str, reason: str
) -> None:
    app = make_app(practice)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_settings(app, pilot)
        await type_into(pilot, screen, wid, typed)
        assert f"Not valid: {reason}" in hint(screen, wid)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # still open, with the reason
        assert "Not saved:" in str(screen.query_one("#settings-error", Static).render())
        assert screen.focused is screen.query_one(f"#{wid}")
        await app.wait_for_saves()
        assert not config_file().exists()


async def test_a_data_folder_that_is_a_file_is_refused(practice: Store, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    app = make_app(practice)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_settings(app, pilot)
        await type_into(pilot, screen, "s-data-folder", str(tmp_path / "notes.txt"))
        assert "is a file, not a folder" in hint(screen, "s-data-folder")


async def test_date_format_is_previewed_with_today_and_applied_live(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_settings(app, pilot)
        await type_into(pilot, screen, "s-date-format", "D MMM YYYY")
        assert "today is 27 Nov 2026" in hint(screen, "s-date-format")
        await settled(pilot)
        assert app.settings.date_format == "D MMM YYYY"
        await pilot.press("escape")  # cancel: the previous format comes back
        await settled(pilot)
        assert app.settings.date_format == "YYYY-MM-DD"
        assert "2026-12-01" in screen_text(app)


async def test_theme_is_previewed_and_escape_puts_it_back(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_settings(app, pilot)
        screen.query_one("#s-theme", Select).value = "ctotui-light"
        await pilot.pause()
        assert app.theme == "ctotui-light"
        await pilot.press("escape")
        await pilot.pause()
        assert app.theme == "ctotui-dark"
        assert not config_file().exists()


def _app_with_config(practice: Store, tmp_path: Path) -> tuple[Path, CtoApp]:
    """The app with settings read from a commented config.toml (which saving must keep)."""
    path = tmp_path / "config.toml"
    path.write_text(COMMENTED)
    return path, CtoApp(practice, load_settings(path), clock=practice.clock, watch_disk=False)


async def _save(app: CtoApp, pilot: Any) -> None:
    """ctrl+s, the write to config.toml done, the screen closed."""
    await pilot.press("ctrl+s")
    await app.wait_for_saves()
    await pilot.pause()
    assert not isinstance(app.screen, SettingsScreen)


async def test_saving_edits_only_the_changed_lines_and_applies_at_once(
    practice: Store, tmp_path: Path
) -> None:
    path, app = _app_with_config(practice, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_settings(app, pilot)
        await type_into(pilot, screen, "s-alert-window-days", "7")
        screen.query_one("#s-theme", Select).value = "ctotui-high-contrast"
        await pilot.pause()
        await _save(app, pilot)
        assert "due in 7d" in screen_text(app).splitlines()[0]  # the header, at once
    assert path.read_text() == COMMENTED.replace("= 14 ", "= 7 ").replace(
        'theme = "ctotui-dark"', 'theme = "ctotui-high-contrast"'
    )


async def test_your_name_is_saved_and_records_the_next_change(
    practice: Store, tmp_path: Path
) -> None:
    path, app = _app_with_config(practice, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_settings(app, pilot)
        await type_into(pilot, screen, "s-me", "  Ana Lima ")
        await type_into(pilot, screen, "s-amount-decimal", ",")
        await _save(app, pilot)
    saved = tomllib.loads(path.read_text())
    assert (saved["me"], saved["amount_decimal"]) == ("Ana Lima", ",")
    assert practice.author == "Ana Lima"
    client = practice.all(Client)[0]
    practice.update(Client, client.id, notes="Met the board.")
    assert practice.stored(Client, client.id)["updated_by"] == "Ana Lima"  # type: ignore[index]


async def test_a_key_remap_is_checked_saved_and_live(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_settings(app, pilot)
        keys = screen.query_one("#key-list", OptionList)
        keys.highlighted = screen.query_one(KeymapEditor).ids.index("app.presentation")
        await pilot.pause()
        box = screen.query_one("#key-edit", Input)
        for typed, reason in [
            ("q", "q is already app.quit"),
            ("j", "j is already list.down"),
            ("ctrl+", "has no key after the '+'"),
            ("hyperdrive", "is not a key name"),
        ]:
            box.value = typed
            await pilot.pause()
            shown = str(screen.query_one("#key-hint", Static).render())
            assert shown.startswith("Not valid: ") and reason in shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen and "key for app.presentation" in str(
            screen.query_one("#settings-error", Static).render()
        )
        box.value = "f6"
        await pilot.pause()
        await _save(app, pilot)
        assert not app.presentation
        await pilot.press("f6")  # the new key works at once
        await pilot.pause()
        assert app.presentation
    saved = tomllib.loads(config_file().read_text())
    assert saved["keymap"] == {"app.presentation": "f6"}


async def test_settings_from_the_palette(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Settings", "enter")
        await settled(pilot)
        assert isinstance(app.screen, SettingsScreen)


async def test_the_palette_key_itself_can_be_remapped(practice: Store) -> None:
    app = make_app(practice, keymap={"app.command_palette": "ctrl+o"})
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


def test_key_names_and_clashes() -> None:
    assert parse_keys("ctrl+y, f5,question_mark") == ["ctrl+y", "f5", "question_mark"]
    assert canonical("?") == canonical("question_mark")
    assert canonical("ctrl+shift+a") == canonical("shift+ctrl+a")
    # "Everywhere" keys are live on every screen; a list key may not take one.
    assert "app.quit" in keymap_errors({"list.sort": "q"})["list.sort"]
    # The same key in two unrelated sections is fine (a dialog and the dashboard).
    assert keymap_errors({"confirm.yes": "z"}) == {}
    assert keymap_errors({"nonexistent.id": "z"}) == {
        "nonexistent.id": "unknown binding id 'nonexistent.id'"
    }
