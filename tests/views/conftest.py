"""The views' tests: a small practice in a folder of its own, with a private cache and key
folder, today fixed, and glances made for it although it is small."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui.practice import NOW, build_practice

from ctotui.views import glance as glances


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("CTOTUI_NOW", NOW)
    monkeypatch.delenv("CTOTUI_CACHE", raising=False)
    monkeypatch.setattr(glances, "MIN_BYTES", 0)  # the practice is small
    store = build_practice(tmp_path / "practice")
    store.close()
    return store.folder
