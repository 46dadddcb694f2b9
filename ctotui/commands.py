"""The command palette: the app's own commands, and a provider that finds records by name
(clients, recommendations, events).

Respects presentation mode (codenames, and every title redacted: it is searched as shown) and
client focus (only that client's records).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from functools import partial

from textual.app import SystemCommand
from textual.command import Hit, Hits, Provider

from ctotui.app import CtoApp
from ctotui.domain.entities import Client, Event, Recommendation
from ctotui.ui_actions import navigation
from ctotui.visible import visible

# Fuzzy matching every one of 20,000 titles per keystroke is too slow; above this many records
# a recommendation must contain the typed text (fuzzy matching still ranks and highlights).
FUZZY_LIMIT = 3000

# (label as shown, help, what to open: ("client" | table, id)), per app, kept until the data
# or the view changes: redacting 20,000 titles on every keystroke would be felt.
Candidate = tuple[str, str, tuple[str, str]]
_CACHE: weakref.WeakKeyDictionary[CtoApp, tuple[object, list[Candidate]]] = (
    weakref.WeakKeyDictionary()
)


def candidates(app: CtoApp) -> list[Candidate]:
    """Every record the palette can open, as it is shown (redacted in presentation mode)."""
    store, view = app.store, app.view
    key = (store.version, view.presentation, view.focus_client)
    cached = _CACHE.get(app)
    if cached is not None and cached[0] == key:
        return cached[1]
    clients = {c.id: c for c in store.all(Client)}
    if view.focus_client:
        clients = {k: v for k, v in clients.items() if k == view.focus_client}
    # Shown as written: a control character that slipped past validation is never sent raw.
    names = {cid: visible(view.client_name(client)) for cid, client in clients.items()}
    out: list[Candidate] = [(names[cid], "client", (Client.TABLE, cid)) for cid in clients]
    for rec in store.all(Recommendation):
        if rec.client in clients:
            title = visible(view.text(rec.client, rec.title))
            out.append(
                (title, f"recommendation · {names[rec.client]}", (Recommendation.TABLE, rec.id))
            )
    for event in store.all(Event):
        if event.client in clients:
            title = visible(view.text(event.client, event.title))
            out.append(
                (title, f"{event.kind.label} · {names[event.client]}", (Event.TABLE, event.id))
            )
    _CACHE[app] = (key, out)
    return out


def _opener(app: CtoApp, target: tuple[str, str]) -> Callable[[], None]:
    table, record_id = target
    if table == Client.TABLE:
        return partial(navigation.open_client, app, record_id)
    if table == Recommendation.TABLE:
        return partial(navigation.open_rec, app, record_id)
    return partial(navigation.open_source, app, table, record_id)


class RecordsProvider(Provider):
    """Open a client, recommendation or calendar item by typing part of its name."""

    async def search(self, query: str) -> Hits:
        app = self.app  # a provider is no DOM node: Textual's `getters.app` does not apply
        assert isinstance(app, CtoApp)
        matcher = self.matcher(query)
        found = candidates(app)
        needle = query.lower().strip()
        big = len(found) > FUZZY_LIMIT
        for label, kind, target in found:
            if big and needle not in label.lower():
                continue
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), _opener(app, target), help=kind)


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
        "The selected client's budget lines, or every client's budget with totals (B)",
        lambda: navigation.open_budget(app),
    )
