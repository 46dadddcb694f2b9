"""A vault opens from its glance too, and the glance is as private as the vault's load cache:
encrypted under this machine's cache key and every vault key it holds, never read with other
keys, and drawing exactly what a whole read of the vault draws (a partial machine included)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from tui.conftest import make_app

from ctotui.app import CtoApp
from ctotui.config import Settings
from ctotui.data import loadcache
from ctotui.data.folder import create_folder
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.vault.keys import load_keys, remove_key
from ctotui.views import glance as glances
from ctotui.views import glance_ahead
from ctotui.views import glance_refresh as refreshing
from tests.vault.conftest import (
    CLIENTS,
    T0,
    Machine,
    dashboard_text,
    sensitive_values,
    vault_folder,
)

MINE = "Zanzibar Umbrella Holdings"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(glances, "MIN_BYTES", 0)  # the practice is small
    monkeypatch.setenv("CTOTUI_NOW", T0)
    monkeypatch.delenv("CTOTUI_CACHE", raising=False)
    path = tmp_path / "data"
    create_folder(path)
    return path


def _glance_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in loadcache.cache_folder(folder).glob("glance-*"))


def _deferred(folder: Path) -> tuple[Store, Any]:
    store = Store(folder, clock=FixedClock(T0), defer=True, use_cache=True)
    view = glances.view_for(Settings(), FixedClock(T0).today()).redacting(store)
    return store, view


async def test_a_vault_glance_is_encrypted_and_draws_what_a_whole_read_draws(
    folder: Path, machines: list[Machine]
) -> None:
    vault_folder(folder, machines[0])
    with machines[0].active():
        cache = loadcache.cache_folder(folder)
        cache.mkdir(parents=True, exist_ok=True)
        (cache / "glance-0123456789abcdef.pickle").write_bytes(b"made while it was plain")
        assert refreshing.refresh(folder, Settings()) == refreshing.DAYS_AHEAD + 1
        assert not (cache / "glance-0123456789abcdef.pickle").exists()  # plaintext goes
        assert not refreshing.stale(folder, Settings())
        made = sorted(p.name for p in cache.glob("glance-*"))
        refreshing.refresh(folder, Settings())  # the next pass clears plain .pickle files only
        assert sorted(p.name for p in cache.glob("glance-*")) == made
        kept = _glance_bytes(folder)
        assert kept
        for name in CLIENTS:
            for value in sensitive_values(name):
                assert value.encode() not in kept, value
        whole = await dashboard_text(make_app(Store(folder, clock=FixedClock(T0))))
        assert all(name in whole for name in CLIENTS)  # the rows are there to compare
        store, view = _deferred(folder)
        assert store.loading
        app = CtoApp(store, Settings(), clock=store.clock, watch_disk=False)
        app.open_glance()
        assert app.glance is not None  # opened from the glance, not read whole
        assert await dashboard_text(app) == whole
        # The same files read as a plain folder's glance: no such glance.
        assert glances.read(folder, store.opened_stamps, view) is None


def test_a_vault_glance_made_with_other_keys_is_not_used(
    folder: Path, machines: list[Machine]
) -> None:
    ids = vault_folder(folder, machines[0])
    with machines[0].active():
        refreshing.refresh(folder, Settings())
        store, view = _deferred(folder)
        assert glances.read(folder, store.opened_stamps, view, store.sealer) is not None
        store.close(refresh=False)
        # A key revoked on this machine: what was made with it no longer opens.
        revoked = next(k for k in load_keys().values() if k.client != ids[MINE])
        remove_key(revoked.key_id)
        assert revoked.key_id not in load_keys()
        store, view = _deferred(folder)
        assert glances.read(folder, store.opened_stamps, view, store.sealer) is None
        store.close(refresh=False)


async def test_a_vault_without_a_glance_gets_its_first_one_handed_over(
    folder: Path, machines: list[Machine]
) -> None:
    """The glance maker reads a vault as the dashboard would without a glance (only what the
    first frame shows opened) and hands the glance over through its pipe: it draws what a whole
    read draws, and nothing of it is written down."""
    vault_folder(folder, machines[0])
    with machines[0].active():
        whole = await dashboard_text(make_app(Store(folder, clock=FixedClock(T0))))
        kept: list[object] = []  # the store read, freed only once the glance is handed over
        handed = glance_ahead._vault_first(folder, Settings(), FixedClock(T0), kept)
        assert handed is not None and len(kept) == 1
        assert not loadcache.cache_folder(folder).exists() or not _glance_bytes(folder)
        reading, writing = os.pipe()
        said = glance_ahead.HANDED + len(handed).to_bytes(8, "big") + handed
        writer = threading.Thread(target=lambda: (os.write(writing, said), os.close(writing)))
        writer.start()  # more than a pipe holds: written while the other end reads
        ahead = glance_ahead.GlanceAhead(reading)
        store, view = _deferred(folder)
        app = CtoApp(store, Settings(), clock=store.clock, watch_disk=False)
        app.open_glance(ahead)
        writer.join()
        assert app.glance is not None and app.glance is ahead.glance_for(store.opened_stamps, view)
        assert await dashboard_text(app) == whole
        # Made from other files (or for another view), it is not used.
        assert ahead.glance_for({**store.opened_stamps, "clients": None}, view) is None
        assert ahead.glance_for(store.opened_stamps, replace(view, presentation=True)) is None


def test_the_glance_maker_forks_for_a_vault_and_hands_the_glance_over(
    folder: Path, machines: list[Machine]
) -> None:
    vault_folder(folder, machines[0])
    script = """
import sys
from pathlib import Path
from ctotui.config import Settings
from ctotui.domain.clock import FixedClock
from ctotui.views import glance, glance_ahead
glance.MIN_BYTES = 0
ahead = glance_ahead.start(Path(sys.argv[1]), Settings(), FixedClock(sys.argv[2]))
print(ahead is not None and ahead.wait(), ahead is not None and ahead.handed is not None)
"""
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder), T0],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, **machines[0].env(), "CTOTUI_NOW": T0},
    )
    assert done.stdout.split() == ["True", "True"]
    with machines[0].active():
        for _ in range(300):  # then the child makes the sealed glances, as a refresh does
            if not refreshing.stale(folder, Settings()):
                break
            time.sleep(0.1)
        kept = _glance_bytes(folder)
    assert kept
    for name in CLIENTS:
        for value in sensitive_values(name):
            assert value.encode() not in kept, value
