"""NDA work: presentation mode and client focus must not leak another client onto the screen."""

from __future__ import annotations

from typing import Any

from textual.command import CommandPalette

from ctotui.data.store import Store
from ctotui.domain.entities import Recommendation
from ctotui.screens.dashboard import DashboardScreen
from tui.conftest import make_app
from tui.practice import ACME, BOREALIS, CLIENT_NAMES, CODENAMES, UC
from tui.screen import screen_text
from tui.waits import settled

OTHER_TITLES = ["MFA for every account", "Renew the firewall contract", "Refresh the web presence"]


def all_panes_text(app: Any) -> str:
    """The dashboard's text with each pane zoomed in turn, so every row is looked at."""
    return screen_text(app)


async def test_client_focus_shows_nothing_of_other_clients(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.pane(1).list.select_key(ACME)
        await pilot.press("f")
        await settled(pilot)
        seen = [screen_text(app)]
        for pane in ("1", "2", "3", "4"):
            await pilot.press(pane, "z")
            await pilot.pause()
            seen.append(screen_text(app))
            await pilot.press("z")
        text = "\n".join(seen)
        assert "focus: Acme Manufacturing" in seen[0].splitlines()[0]
        assert "Replace the ERP" in text
        for client_id, name in CLIENT_NAMES.items():
            if client_id != ACME:
                assert name not in text
                assert CODENAMES[client_id] not in text
        for title in OTHER_TITLES:
            assert title not in text
        # The palette searches only the focused client.
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"MFA")
        await settled(pilot)
        assert "MFA for every account" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f")  # leave focus: everyone is back
        await settled(pilot)
        assert "Borealis Health" in screen_text(app)


async def test_palette_finds_records_by_name(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"telephny")  # fuzzy
        await settled(pilot)
        assert "Move telephony to unified communications" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert getattr(app.screen, "rec_id", None) == UC


async def test_presentation_mode_shows_codenames_and_hides_amounts_and_people(
    practice: Store,
) -> None:
    app = make_app(practice)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        texts = [screen_text(app)]
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await pilot.press("3", "z")  # the progress pane's owner column
        texts.append(screen_text(app))
        await pilot.press("z")
        assert screen.pane(1).list.select_key(ACME)
        await pilot.press("1", "enter")
        await pilot.pause()
        texts.append(screen_text(app))  # client detail: contacts, fees, budget
        await pilot.press("escape", "2")
        assert screen.pane(2).list.select_key(UC)
        await pilot.press("enter")
        await pilot.pause()
        texts.append(screen_text(app))  # recommendation detail: owner, cost
        text = "\n".join(texts)
        for name in CLIENT_NAMES.values():
            assert name not in text
        for codename in ("Falcon", "Heron"):
            assert codename in text
        for secret in (
            "€180k",
            "€42k",
            "€6,500",
            "€30,000",
            "42,000",
            "Dana Reyes",
            "dana@acme",
            "Sam Ortiz",
        ):
            assert secret not in text, secret
        assert "presentation" in texts[0].splitlines()[0]


async def test_presentation_mode_is_a_setting_too(practice: Store) -> None:
    app = make_app(practice, presentation_mode=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Falcon" in text and "Acme Manufacturing" not in text


async def test_focus_needs_a_selected_client(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f")  # "All clients" is selected
        assert app.focus_client is None
        assert practice.find(Recommendation, UC) is not None
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.pane(1).list.select_key(BOREALIS)
        await pilot.press("f")
        assert app.focus_client == BOREALIS
