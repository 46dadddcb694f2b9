"""Theme files: the bundled ones load, a broken one is reported once and skipped, a user's own
overrides a bundled one of the same name; the palette previews themes and saves the choice."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.command import CommandInput, CommandPalette

from ctotui.data.store import Store
from ctotui.locations import bundled_themes_dir, config_file, user_themes_dir
from ctotui.themes import ANSI_THEME, APP_VARIABLES, DEFAULT_THEME, load_themes
from tui.conftest import make_app
from tui.screen import screen_text
from tui.waits import settled

GOOD = """\
name = "client-blue"
dark = true
primary = "#1F6FEB"
[variables]
ctotui-overdue = "#FF0000"
"""

BROKEN = {
    "bad-colour.toml": (
        'name = "bad-colour"\nprimary = "#12345G"\n',
        "key 'primary': not a colour: '#12345G'",
    ),
    "unknown-key.toml": (
        'name = "unknown-key"\nprimary = "#123456"\nbackgrund = "#000000"\n',
        "key 'backgrund': unknown theme key",
    ),
    "no-name.toml": ('primary = "#123456"\n', "key 'name': is required"),
    "bad-toml.toml": ('name = "bad-toml\nprimary = "#123456"\n', "invalid TOML: "),
    "ansi-half.toml": (
        'name = "ansi-half"\nansi = true\nprimary = "ansi_blue"\n',
        "an ANSI theme needs ansi-background and ansi-foreground",
    ),
    "bad-app-colour.toml": (
        'name = "bad-app"\nprimary = "#123456"\n[variables]\nctotui-overdue = "reddish"\n',
        "key 'variables.ctotui-overdue': not a colour: 'reddish'",
    ),
}


def test_the_bundled_themes_load_without_errors() -> None:
    themes, errors = load_themes([bundled_themes_dir()])
    assert errors == []
    by_name = {theme.name: theme for theme in themes}
    assert {DEFAULT_THEME, "ctotui-light", "ctotui-high-contrast", ANSI_THEME} <= set(by_name)
    for theme in by_name.values():
        assert set(APP_VARIABLES) <= set(theme.variables), theme.name
    assert by_name[ANSI_THEME].ansi
    assert not by_name["ctotui-light"].dark


@pytest.mark.parametrize("file_name", sorted(BROKEN))
def test_a_broken_theme_is_reported_once_with_file_key_and_reason(
    tmp_path: Path, file_name: str
) -> None:
    text, reason = BROKEN[file_name]
    (tmp_path / file_name).write_text(text)
    (tmp_path / "good.toml").write_text(GOOD)
    themes, errors = load_themes([tmp_path])
    assert [t.name for t in themes] == ["client-blue"]  # the good one still loads
    assert len(errors) == 1
    assert errors[0].startswith(f"{tmp_path / file_name}: ")
    assert reason in errors[0]


def test_a_user_theme_overrides_the_bundled_one_of_the_same_name() -> None:
    user_themes_dir().mkdir(parents=True)
    (user_themes_dir() / "mine.toml").write_text(
        GOOD.replace("client-blue", DEFAULT_THEME).replace("#1F6FEB", "#AA00AA")
    )
    themes, errors = load_themes()
    assert errors == []
    assert [t.primary for t in themes if t.name == DEFAULT_THEME] == ["#AA00AA"]


async def test_the_app_falls_back_to_the_default_and_says_why_once(practice: Store) -> None:
    user_themes_dir().mkdir(parents=True)
    (user_themes_dir() / "bad-colour.toml").write_text(BROKEN["bad-colour.toml"][0])
    app = make_app(practice, theme="bad-colour")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        assert len(app.theme_errors) == 2  # the file, and the configured name it would have had
        assert "bad-colour.toml: key 'primary'" in app.theme_errors[0]
        assert "theme 'bad-colour' not found" in app.theme_errors[1]
        # One notification for all of it, on screen.
        notes = [n for n in app._notifications if n.title == "Theme"]
        assert len(notes) == 1 and notes[0].message == "\n".join(app.theme_errors)
        await settled(pilot)
        assert "not a colour" in screen_text(app)


@pytest.mark.parametrize(
    ("term", "colorterm", "configured", "expected"),
    [
        ("xterm", "", DEFAULT_THEME, ANSI_THEME),
        ("linux", "", DEFAULT_THEME, ANSI_THEME),
        ("screen", "", DEFAULT_THEME, ANSI_THEME),
        ("xterm", "truecolor", DEFAULT_THEME, DEFAULT_THEME),
        ("xterm-256color", "", DEFAULT_THEME, DEFAULT_THEME),
        ("tmux-256color", "", DEFAULT_THEME, DEFAULT_THEME),
        ("xterm", "", "ctotui-light", "ctotui-light"),  # configured: kept, even on 16 colours
    ],
)
def test_sixteen_colour_terminals_get_the_ansi_theme_unless_configured(
    practice: Store,
    monkeypatch: pytest.MonkeyPatch,
    term: str,
    colorterm: str,
    configured: str,
    expected: str,
) -> None:
    monkeypatch.setenv("TERM", term)
    if colorterm:
        monkeypatch.setenv("COLORTERM", colorterm)
    else:
        monkeypatch.delenv("COLORTERM", raising=False)
    assert make_app(practice, theme=configured).theme == expected


async def test_the_theme_palette_previews_and_saves_the_choice(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # Textual's "Theme" command lists every theme; ours are among them.
        await pilot.press("ctrl+p", *"Theme", "enter")
        await settled(pilot)
        assert isinstance(app.screen, CommandPalette)
        listed = screen_text(app)
        assert "ctotui-light" in listed and "ctotui-high-contrast" in listed
        app.screen.query_one(CommandInput).value = "ctotui-light"  # typed at once
        await settled(pilot)
        assert app.theme == "ctotui-light"  # previewed while highlighted
        await pilot.press("escape")
        await settled(pilot)
        assert app.theme == DEFAULT_THEME  # escape: back to the theme before
        await app.wait_for_saves()
        assert not config_file().exists()

        await pilot.press("ctrl+p", *"Theme", "enter")
        await settled(pilot)
        app.screen.query_one(CommandInput).value = "ctotui-high-contrast"
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        await app.wait_for_saves()
        assert app.theme == "ctotui-high-contrast"
    assert tomllib.loads(config_file().read_text())["theme"] == "ctotui-high-contrast"
