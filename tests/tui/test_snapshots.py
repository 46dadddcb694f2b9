"""How the screens look, at fixed sizes with a fixed clock and the default theme.

Regenerate deliberately with `make snapshots` after a visual change (and look at the report).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, TextArea

from ctotui.domain.entities import Event
from ctotui.domain.enums import EventKind
from ctotui.screens.dashboard import DashboardScreen
from tui.conftest import make_app
from tui.practice import ACME, UC, build_practice, d, rid
from tui.waits import settled


def _app(tmp_path: Path, **settings: Any) -> Any:
    return make_app(build_practice(tmp_path / "practice"), **settings)


def _steady(*keys: str, select: str | None = None) -> Any:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        if select is not None:
            screen = pilot.app.screen
            assert isinstance(screen, DashboardScreen)
            await pilot.press("2")
            assert screen.pane(2).list.select_key(select)
        await pilot.press(*keys)
        await settled(pilot)
        # A blinking cursor would make the picture depend on timing.
        for widget in pilot.app.screen.query("Input, TextArea"):
            if isinstance(widget, Input | TextArea):
                widget.cursor_blink = False
        await pilot.pause()

    return run_before


def test_dashboard_120x40(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=_steady())


def test_dashboard_80x24_tabs(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), run_before=_steady())


def test_dashboard_client_selected_200x60(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(200, 60), run_before=_steady("j"))


def test_help_screen(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(
        _app(tmp_path), terminal_size=(120, 40), run_before=_steady("question_mark")
    )


def test_new_recommendation_form(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=_steady("j", "2", "n"))


def test_recommendation_detail(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(
        _app(tmp_path), terminal_size=(120, 40), run_before=_steady("enter", select=UC)
    )


def test_client_detail_80x24(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), run_before=_steady("j", "enter"))


# The README's own long date format, at the three sizes a consultant works in: no date, late
# marker or count is cut, and each pane keeps room for what it lists.
LONG_DATES = "D MMM YYYY"


def test_dashboard_long_dates_80x24(snap_compare: Any, tmp_path: Path) -> None:
    app = _app(tmp_path, date_format=LONG_DATES)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_steady("2"))


def test_dashboard_long_dates_100x30(snap_compare: Any, tmp_path: Path) -> None:
    app = _app(tmp_path, date_format=LONG_DATES)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_steady())


def test_dashboard_long_dates_120x40(snap_compare: Any, tmp_path: Path) -> None:
    app = _app(tmp_path, date_format=LONG_DATES)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_steady())


def test_dashboard_missed_cancel_by_120x40(snap_compare: Any, tmp_path: Path) -> None:
    """A renewal past its cancel-by date (16 November, 45 days before 31 December): in the
    header and first in the calendar pane, in the error colour, eleven days late."""
    store = build_practice(tmp_path / "practice")
    store.insert(
        Event(
            id=rid(37),
            client=ACME,
            kind=EventKind.RENEWAL,
            title="Firewall support contract",
            date=d("2026-01-01"),
            end=d("2026-12-31"),
            notice_days=45,
        )
    )
    assert snap_compare(make_app(store), terminal_size=(120, 40), run_before=_steady())
