"""Keyboard flows several TUI tests share."""

from __future__ import annotations

from typing import Any, TypeVar

from ctotui.screens.dashboard import DashboardScreen
from tui.waits import settled

S = TypeVar("S")


async def open_on_rec(app: Any, pilot: Any, rec_id: str, key: str, opens: type[S]) -> S:
    """On the dashboard: pane 2, the recommendation *rec_id* highlighted, then *key*; the
    screen it opens (of type *opens*)."""
    await settled(pilot)
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    await pilot.press("2")
    assert screen.pane(2).list.select_key(rec_id)
    await pilot.press(key)
    await settled(pilot)
    opened = app.screen
    assert isinstance(opened, opens)
    return opened
