"""The command palette: the app's own commands, and a provider that finds records by name
(clients, recommendations, events).

Respects presentation mode (codenames) and client focus (only that client's records).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.app import SystemCommand
from textual.command import Hit, Hits, Provider

from ctotui.app import CtoApp
from ctotui.domain.entities import Client, Event, Recommendation
from ctotui.ui_actions import navigation

# Fuzzy matching every one of 20,000 titles per keystroke is too slow; above this many records
# a recommendation must contain the typed text (fuzzy matching still ranks and highlights).
FUZZY_LIMIT = 3000


class RecordsProvider(Provider):
    """Open a client, recommendation or calendar item by typing part of its name."""

    def _candidates(self) -> list[tuple[str, str, Callable[[], None]]]:
        app = self.app  # a provider is no DOM node: Textual's `getters.app` does not apply
        assert isinstance(app, CtoApp)
        store, view = app.store, app.view
        clients = {c.id: c for c in store.all(Client)}
        if view.focus_client:
            clients = {k: v for k, v in clients.items() if k == view.focus_client}
        out: list[tuple[str, str, Callable[[], None]]] = []
        for client in clients.values():
            out.append(
                (
                    view.client_name(client),
                    "client",
                    partial(navigation.open_client, app, client.id),
                )
            )
        for rec in store.all(Recommendation):
            if rec.client in clients:
                out.append(
                    (
                        rec.title,
                        f"recommendation · {view.client_name(clients[rec.client])}",
                        partial(navigation.open_rec, app, rec.id),
                    )
                )
        for event in store.all(Event):
            if event.client in clients:
                out.append(
                    (
                        event.title,
                        f"{event.kind.label} · {view.client_name(clients[event.client])}",
                        partial(navigation.open_source, app, Event.TABLE, event.id),
                    )
                )
        return out

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        candidates = self._candidates()
        needle = query.lower().strip()
        big = len(candidates) > FUZZY_LIMIT
        for label, kind, callback in candidates:
            if big and needle not in label.lower():
                continue
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), callback, help=kind)


def system_commands(app: CtoApp) -> Iterator[SystemCommand]:
    """The palette's own lines for ctotui, after Textual's (theme, keys, quit…)."""
    yield SystemCommand("Keys", "Every key, from the real bindings", app.action_help)
    yield SystemCommand(
        "Sync now", "Commit local changes, pull, merge and push (S)", app.action_sync
    )
    yield SystemCommand(
        "Review sync conflicts",
        "Keep or reverse each clash a sync settled (C)",
        app.action_conflicts,
    )
    yield SystemCommand(
        "Presentation mode",
        "Codenames instead of names; amounts, contacts and notes hidden",
        app.action_toggle_presentation,
    )
    yield SystemCommand(
        "Settings",
        "Theme, date format, currency, alert window, mouse, keys (,)",
        app.action_settings,
    )
    yield SystemCommand(
        "Calendar",
        "Month grid, agenda, a client's fiscal year of budget dates (c)",
        lambda: navigation.open_calendar(app),
    )
    yield SystemCommand(
        "Budget",
        "Budget lines by category for the selected client and fiscal year (B)",
        lambda: navigation.open_budget(app),
    )
