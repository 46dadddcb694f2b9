"""A jump box holding one client's key: every pane, the palette and the calendar show that
client alone; the others are a count on the "All clients" row."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from tui.conftest import make_app
from tui.screen import screen_text
from tui.waits import settled

from ctotui.data.folder import create_folder
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.screens.dashboard import DashboardScreen
from tests.vault.conftest import CLIENTS, T0, Machine, sensitive_values, vault_folder

MINE = "Zanzibar Umbrella Holdings"


async def test_the_dashboard_palette_and_calendar_show_only_the_client_whose_key_is_here(
    tmp_path: Path, machines: list[Machine]
) -> None:
    folder = tmp_path / "data"
    create_folder(folder)
    ids = vault_folder(folder, machines[0])
    machines[0].give(machines[1], [ids[MINE]])
    with machines[1].active():
        store = Store(folder, clock=FixedClock(T0))
        app = make_app(store)
        seen = []
        async with app.run_test(size=(160, 50)) as pilot:
            await settled(pilot)
            assert isinstance(app.screen, DashboardScreen)
            seen.append(screen_text(app))
            for pane in ("1", "2", "3", "4"):
                await pilot.press(pane, "z")
                await settled(pilot)
                seen.append(screen_text(app))
                await pilot.press("z")
            for query in ("Replace", "Quill", "Marz", "Renewal"):
                await pilot.press("ctrl+p")
                await pilot.pause()
                assert isinstance(app.screen, CommandPalette)
                await pilot.press(*query)
                await settled(pilot)
                seen.append(screen_text(app))
                await pilot.press("escape")
                await pilot.pause()
            await pilot.press("c")  # the calendar
            await settled(pilot)
            seen.append(screen_text(app))
        store.close()
    text = "\n".join(seen)
    assert "All clients (2 locked)" in seen[0]
    assert "OSPREY" in text or MINE in text
    assert "Replace the Vortigern ERP" in text
    for name, (codename, _secret, _email) in CLIENTS.items():
        if name == MINE:
            continue
        assert codename not in text
        for value in sensitive_values(name):
            assert value not in text, value
