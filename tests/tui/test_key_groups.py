"""Key groups: Textual's key panel titles each widget's keys (`BINDING_GROUP_TITLE`), and no
binding group may join two keys the footer shows side by side (in Textual 8.2.8 the Footer
draws such neighbours as one cluster under the group's title, which would change the footer)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from textual.binding import Binding

from ctotui.data.store import Store
from tui.conftest import make_app
from tui.screen import screen_text
from tui.waits import settled

# Every screen with a footer, as keys pressed from a fresh dashboard.
SCREENS = {
    "dashboard": (),
    "recommendation": ("2", "enter"),
    "client": ("j", "enter"),
    "calendar": ("c",),
    "budget": ("B",),
    "report": ("j", "enter", "r"),
    "conflicts": ("C",),
    "filter line": ("slash",),
}


def footer_keys(app: Any) -> list[Binding]:
    """The bindings the Footer shows, in its order (one per action, as it draws them)."""
    shown: dict[str, Binding] = {}
    for _node, binding, _enabled, _tooltip in app.screen.active_bindings.values():
        if binding.show:
            shown.setdefault(binding.action, binding)
    return list(shown.values())


@pytest.mark.parametrize("name", sorted(SCREENS))
async def test_no_group_joins_two_keys_side_by_side_in_the_footer(
    practice: Store, name: str
) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press(*SCREENS[name])
        await settled(pilot)
        keys = footer_keys(app)
        assert len(keys) >= 3, name
        joined = [
            (a.key, b.key) for a, b in pairwise(keys) if a.group is not None and a.group == b.group
        ]
        assert joined == []


async def test_the_key_panel_titles_the_keys_by_widget(practice: Store) -> None:
    app = make_app(practice)
    # Tall enough for the whole panel: its last group, Everywhere, is below the others.
    async with app.run_test(size=(160, 60)) as pilot:
        await settled(pilot)
        app.action_show_help_panel()
        await settled(pilot)
        text = screen_text(app)
        for title in ("List", "Pane", "Dashboard", "Everywhere"):
            assert title in text, title
