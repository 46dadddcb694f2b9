"""What the app draws never drives the terminal: data holding control characters that slipped
past validation (a file edited by hand, a synced record) reaches the screen shown as escapes.

The payload is put into the store's records in memory, bypassing validation, and every frame
the app would write to the terminal while each screen shows it is captured (the headless driver
builds no output: the frames are rendered here exactly as `App._display` renders them for a
real terminal).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from textual.command import CommandPalette
from textual.widgets import Input
from tui.conftest import make_app
from tui.practice import ACME, BUDGET_EVENT, LAPTOPS, STEERING, UC, UC_M2, build_practice
from tui.screen import screen_text
from tui.waits import settled

from ctotui.data.store import Store
from ctotui.domain.entities import (
    BudgetLine,
    Client,
    Conflict,
    Event,
    Milestone,
    Note,
    Recommendation,
)
from ctotui.screens.dashboard import DashboardScreen
from ctotui.screens.report import ReportScreen
from ctotui.ui_actions import navigation

# Retitle the terminal, fill its clipboard, an 8-bit CSI, a right-to-left override.
PAYLOAD = "Evil \x1b]2;PWNED\x07\x1b]52;c;cHduZWQ=\x07 \x9b31m \u202egnp.exe"
SHOWN = "Evil \\x1b]2;PWNED\\x07"


def plant(store: Store) -> None:
    """The payload in every kind of text the screens draw, as if a synced file held it."""
    note = store.insert(Note(client=ACME, date=store.clock.today(), text="Kick-off"))
    conflict = store.insert(
        Conflict(table=Client.TABLE, record=ACME, field="sector", kept="a", other="b")
    )
    client = store.get(Client, ACME)
    client.name = client.sector = client.notes = PAYLOAD
    client.contacts[0].name = PAYLOAD
    rec = store.get(Recommendation, UC)
    rec.title = rec.rationale = rec.owner = rec.expected_outcome = PAYLOAD
    rec.history[0].note = PAYLOAD
    store.get(Milestone, UC_M2).title = PAYLOAD
    for event_id in (BUDGET_EVENT, STEERING):
        store.get(Event, event_id).title = PAYLOAD
    store.get(BudgetLine, LAPTOPS).description = PAYLOAD
    store.get(Note, note.id).text = PAYLOAD
    found = store.get(Conflict, conflict.id)
    found.kept = found.other = found.note = PAYLOAD


def capture(app: Any) -> list[str]:
    """Every frame *app* paints, as the terminal output a real driver would write."""
    frames: list[str] = []
    display = app._display

    def _display(screen: Any, renderable: Any) -> None:
        if renderable is not None and hasattr(renderable, "render_segments"):
            frames.append(renderable.render_segments(app.console))
        display(screen, renderable)

    app._display = _display
    return frames


async def test_no_screen_writes_a_control_character_of_the_data(tmp_path: Path) -> None:
    store = build_practice(tmp_path / "practice")
    plant(store)
    app = make_app(store)
    frames = capture(app)
    texts = []
    async with app.run_test(size=(160, 60)) as pilot:
        await settled(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        assert dashboard.pane(1).list.select_key(ACME)
        await settled(pilot)
        for pane in "1234":
            await pilot.press(pane, "z")
            await settled(pilot)
            texts.append(screen_text(app))
            await pilot.press("z")
        await pilot.press("1", "enter")  # the client
        await settled(pilot)
        texts.append(screen_text(app))
        await pilot.press("r")  # its report
        await settled(pilot)
        report = app.screen
        assert isinstance(report, ReportScreen) and report.rendered is not None
        await report.rendered
        await settled(pilot)
        texts.append(screen_text(app))
        await pilot.press("escape", "b")  # its budget
        await settled(pilot)
        texts.append(screen_text(app))
        await pilot.press("escape", "escape")
        navigation.open_rec(app, UC)
        await settled(pilot)
        texts.append(screen_text(app))
        await pilot.press("escape", "c")  # the calendar: this month, then December's 10th
        await settled(pilot)
        texts.append(screen_text(app))
        await pilot.press("right_square_bracket", "a")
        await settled(pilot)
        texts.append(screen_text(app))
        await pilot.press("escape")
        app.action_conflicts()
        await settled(pilot)
        texts.append(screen_text(app))
        await pilot.press("escape", "ctrl+p")
        await settled(pilot)
        assert isinstance(app.screen, CommandPalette)
        app.screen.query_one(Input).value = "Evil"
        await settled(pilot)
        texts.append(screen_text(app))
    output = "".join(frames)
    assert len(frames) > 20
    assert "\x07" not in output
    assert "\x9b" not in output
    assert "\u202e" not in output
    # Every escape the app writes starts a CSI sequence of its own (colour, cursor): no OSC.
    assert re.findall(r"\x1b(?!\[)", output) == []
    # The payload was on every screen, shown for what it is.
    for text in texts:
        assert SHOWN in text, text
