"""Poor terminals: NO_COLOR, the 16-colour ANSI theme, --ascii, and no mouse.

The snapshots here are taken with the environment a user would have (NO_COLOR set before the
app starts, TERM=xterm for 16 colours). Textual reads NO_COLOR once, when the app is created;
the screenshot console would read it again and blank every colour in the picture, so it is
removed again before the picture is taken: the picture shows what the terminal gets.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.filter import Monochrome, NoColor

from ctotui import app as app_module
from ctotui.config import Settings
from ctotui.data.store import Store
from ctotui.terminal import AsciiFilter, is_safe_char, to_ascii
from tui.conftest import make_app
from tui.practice import build_practice
from tui.screen import screen_text
from tui.waits import settled

# Textual's own glyphs in its footer (enter); not ours, and --ascii replaces them.
TEXTUAL_GLYPHS = {"⏎"}
# Every screen a user reaches from the dashboard, as keys pressed from a fresh dashboard.
SCREENS = {
    "dashboard": (),
    "recommendation": ("2", "enter"),
    "client": ("j", "enter"),
    "help": ("question_mark",),
    "form": ("j", "2", "n"),
    "settings": ("comma",),
    "palette": ("ctrl+p",),
    "calendar": ("c",),
    "budget": ("B",),
}


def _sixteen_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM", raising=False)


def _steady(monkeypatch: pytest.MonkeyPatch, *keys: str) -> Any:
    async def run_before(pilot: Any) -> None:
        monkeypatch.delenv("NO_COLOR", raising=False)  # see the module docstring
        await pilot.pause()
        await pilot.press(*keys)
        await settled(pilot)

    return run_before


def test_no_color_dashboard_snapshot(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Truecolour + NO_COLOR: Textual's greys; the cursor row is reversed, not only shaded."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(build_practice(tmp_path / "practice"))
    assert app.no_color
    assert snap_compare(app, terminal_size=(120, 40), run_before=_steady(monkeypatch, "j"))


def test_no_color_sixteen_colour_dashboard_snapshot(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """16 colours + NO_COLOR: no colour at all; heavy border, reversed and underlined rows."""
    _sixteen_colours(monkeypatch)
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(build_practice(tmp_path / "practice"))
    assert app.theme == "ctotui-ansi"
    assert snap_compare(app, terminal_size=(120, 40), run_before=_steady(monkeypatch, "j"))


def test_ansi_theme_dashboard_snapshot(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TERM=xterm over SSH: the ANSI theme, in the terminal's own 16 colours."""
    _sixteen_colours(monkeypatch)
    app = make_app(build_practice(tmp_path / "practice"))
    assert app.theme == "ctotui-ansi"
    assert snap_compare(app, terminal_size=(80, 24), run_before=_steady(monkeypatch, "j"))


def test_ascii_dashboard_snapshot(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(build_practice(tmp_path / "practice"), ascii=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_steady(monkeypatch, "j"))


async def test_no_color_filters_match_the_theme(
    practice: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(practice)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert any(isinstance(f, Monochrome) for f in app.get_line_filters())
        app.theme = "ctotui-ansi"  # ANSI colours have no grey: they are dropped instead
        await pilot.pause()
        filters = app.get_line_filters()
        assert any(isinstance(f, NoColor) for f in filters)
        assert not any(isinstance(f, Monochrome) for f in filters)


async def test_without_colour_status_is_still_in_words(
    practice: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sixteen_colours(monkeypatch)
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(practice)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        header = text.splitlines()[0]
        assert "1 overdue" in header and "4 due in 14d" in header
        for words in ("amber", "green", "critical", "overdue", "stale", "2026-11-20 !"):
            assert words in text, words
        await pilot.press("j", "enter")  # Acme's detail: a category over its budget
        await settled(pilot)
        assert "hardware (over)" in screen_text(app)


async def _visit(app: Any, pilot: Any, keys: tuple[str, ...]) -> str:
    await pilot.pause()
    await pilot.press(*keys)
    await settled(pilot)
    return screen_text(app)


@pytest.mark.parametrize("name", sorted(SCREENS))
async def test_ascii_mode_draws_only_ascii(tmp_path: Path, name: str) -> None:
    app = make_app(build_practice(tmp_path / "practice"), ascii=True)
    async with app.run_test(size=(200, 50)) as pilot:
        text = await _visit(app, pilot, SCREENS[name])
    odd = sorted({c for c in text if not c.isascii()})
    assert odd == [], f"{name}: {odd}"
    # Amounts carry the code ("EUR 6,500"), not a sign the filter would have to guess at.
    assert not re.search(r"(?<![A-Z])E[\d,.]", text), name
    if name == "dashboard":
        assert "EUR" in text  # amounts carry the code, not a sign
        assert "+- 1 Clients" in text  # borders in ASCII


@pytest.mark.parametrize("name", sorted(SCREENS))
async def test_our_own_text_uses_only_characters_common_fonts_have(
    tmp_path: Path, name: str
) -> None:
    app = make_app(build_practice(tmp_path / "practice"))
    async with app.run_test(size=(200, 50)) as pilot:
        text = await _visit(app, pilot, SCREENS[name])
    odd = sorted({c for c in text if not is_safe_char(c)} - TEXTUAL_GLYPHS)
    assert odd == [], f"{name}: {odd}"


def test_to_ascii_keeps_every_width() -> None:
    from rich.cells import cell_len

    for text in ["╭─ 1 Clients ─╮", "saving…", "€12.5k", "Société", "🔎 Search", "漢字", "▐X▌"]:
        assert to_ascii(text).isascii()
        assert cell_len(to_ascii(text)) == cell_len(text), text
    assert to_ascii("Société Générale") == "Societe Generale"


@pytest.mark.parametrize(
    ("env", "mouse", "expected"),
    [
        ({}, "auto", True),
        ({"SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22"}, "auto", False),
        ({"SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22"}, "on", True),
        ({}, "off", False),
    ],
)
def test_run_app_turns_the_mouse_off_over_ssh(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    mouse: str,
    expected: bool,
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    seen: dict[str, Any] = {}

    def fake_run(self: Any, **kwargs: Any) -> None:
        seen.update(kwargs, ascii=self.ascii_only, filters=self.get_line_filters())

    monkeypatch.setattr(app_module.CtoApp, "run", fake_run)
    folder = tmp_path / "practice"
    build_practice(folder).close()
    assert app_module.run_app(folder, Settings(mouse=mouse), ascii=True) == 0
    assert seen["mouse"] is expected
    assert seen["ascii"] is True and any(isinstance(f, AsciiFilter) for f in seen["filters"])
