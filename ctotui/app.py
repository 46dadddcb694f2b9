"""The Textual application: wiring only (store, settings, screens)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from ctotui.config import Settings
from ctotui.data.store import Store
from ctotui.domain.clock import Clock, default_clock
from ctotui.domain.entities import Client, Recommendation


class CtoApp(App[None]):
    TITLE = "ctotui"

    def __init__(self, store: Store, settings: Settings, clock: Clock | None = None) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.clock = clock or default_clock()

    def compose(self) -> ComposeResult:
        yield Header()
        clients = self.store.count(Client)
        recs = self.store.count(Recommendation)
        yield Static(f"{clients} clients, {recs} recommendations")
        yield Footer()


def run_app(
    folder: Path,
    settings: Settings,
    *,
    clock: Clock | None = None,
    ascii: bool = False,
    title_suffix: str = "",
) -> int:
    store = Store(folder, clock=clock or default_clock(), session=True)
    try:
        CtoApp(store, settings, clock).run()
    finally:
        store.close()
    return 0
