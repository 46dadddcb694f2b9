"""Typing in fields: one enter where one is meant, and keys kept in the order they were typed."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input, OptionList, TextArea

from ctotui.data.store import Store
from ctotui.dialogs.form import FormScreen
from ctotui.dialogs.status import StatusScreen
from ctotui.domain.entities import Recommendation
from ctotui.domain.enums import RecStatus
from ctotui.screens.dashboard import DashboardScreen
from tui.conftest import make_app
from tui.flows import open_on_rec
from tui.practice import ERP, UC
from tui.waits import settled


def one_read(app: Any, *keys: tuple[str, str]) -> None:
    """Keys as a terminal delivers them in one read: queued at once, with no pause between."""
    for key, character in keys:
        app.post_message(events.Key(key, character))


def typed(text: str) -> list[tuple[str, str]]:
    return [(" " if c == " " else c, c) for c in text]


async def test_enter_in_the_status_note_confirms_the_highlighted_status(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_on_rec(app, pilot, ERP, "s", StatusScreen)
        options = dialog.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("accepted")
        dialog.query_one("#note", Input).focus()
        await pilot.press(*"board agreed", "enter")  # one enter, not two
        await app.wait_for_saves()
        await settled(pilot)
        assert isinstance(app.screen, DashboardScreen)
    rec = practice.get(Recommendation, ERP)
    assert rec.status is RecStatus.ACCEPTED
    assert (rec.history[-1].to, rec.history[-1].note) == ("accepted", "board agreed")


async def test_ctrl_u_then_typing_in_one_read_keeps_what_was_typed(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_on_rec(app, pilot, UC, "e", FormScreen)
        title = form.query_one("#f-title", Input)
        title.focus()
        title.cursor_position = len(title.value)
        await pilot.pause()
        one_read(app, ("ctrl+u", "\x15"), *typed("UC rollout"))
        await settled(pilot)
        assert title.value == "UC rollout"
        # Backspace is a binding too: in one read it takes the character typed just before it.
        one_read(app, *typed("x"), ("backspace", "\x7f"), *typed("!"))
        await settled(pilot)
        assert title.value == "UC rollout!"
        notes = form.query_one("#f-rationale", TextArea)
        notes.focus()
        await pilot.pause()
        one_read(app, *typed("ab"), ("backspace", "\x7f"), *typed("c"))
        await settled(pilot)
        assert notes.text.endswith("ac")
        await pilot.press("ctrl+s")
        await app.wait_for_saves()
        await settled(pilot)
    assert practice.get(Recommendation, UC).title == "UC rollout!"


async def test_the_filter_line_keeps_keys_in_order(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await pilot.press("2", "slash", *"zzz")
        await settled(pilot)
        one_read(app, ("ctrl+u", "\x15"), *typed("secur"))
        await settled(pilot)
        titles = sorted(row.rec.title for row in screen.pane(2).list.visible_rows)
        assert titles == [
            "Hire a security lead",
            "MFA for every account",
            "Renew the firewall contract",  # area: security
        ]
        assert screen.pane(2).list.filter_text == "secur"
