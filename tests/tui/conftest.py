from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ctotui.app import CtoApp
from ctotui.config import Settings
from ctotui.data.store import Store
from tui.practice import build_practice


@pytest.fixture(autouse=True)
def _colour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # Snapshots are taken with the default (truecolour) theme, whatever the CI terminal says.
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")


@pytest.fixture
def practice(tmp_path: Path) -> Iterator[Store]:
    store = build_practice(tmp_path / "practice")
    yield store
    store.close()


def make_app(store: Store, **settings: object) -> CtoApp:
    return CtoApp(store, Settings(**settings), clock=store.clock, watch_disk=False)  # type: ignore[arg-type]
