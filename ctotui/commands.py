"""Command-palette provider that finds records by name: clients, recommendations, events.

Respects presentation mode (codenames) and client focus (only that client's records).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import Hit, Hits, Provider

from ctotui.domain.entities import Client, Event, Recommendation

if TYPE_CHECKING:
    from ctotui.app import CtoApp

# Fuzzy matching every one of 20,000 titles per keystroke is too slow; above this many records
# a recommendation must contain the typed text (fuzzy matching still ranks and highlights).
FUZZY_LIMIT = 3000


class RecordsProvider(Provider):
    """Open a client, recommendation or calendar item by typing part of its name."""

    def _candidates(self) -> list[tuple[str, str, Callable[[], None]]]:
        from ctotui.screens import actions

        app = cast("CtoApp", self.app)
        store, view = app.store, app.view
        clients = {c.id: c for c in store.all(Client)}
        if view.focus_client:
            clients = {k: v for k, v in clients.items() if k == view.focus_client}
        out: list[tuple[str, str, Callable[[], None]]] = []
        for client in clients.values():
            out.append(
                (view.client_name(client), "client", partial(actions.open_client, app, client.id))
            )
        for rec in store.all(Recommendation):
            if rec.client in clients:
                out.append(
                    (
                        rec.title,
                        f"recommendation · {view.client_name(clients[rec.client])}",
                        partial(actions.open_rec, app, rec.id),
                    )
                )
        for event in store.all(Event):
            if event.client in clients:
                out.append(
                    (
                        event.title,
                        f"{event.kind.label} · {view.client_name(clients[event.client])}",
                        partial(actions.open_source, app, Event.TABLE, event.id),
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
