"""No code runs from data: a pickle planted where older versions kept the load cache, or in the
cache folder itself, is never decoded into anything but ctotui's records."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from ctotui.data import loadcache
from ctotui.data.layout import TABLES
from ctotui.data.store import Store
from ctotui.domain.entities import Client


class Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def old_format(table: str, stamp: tuple[int, ...], payload: bytes) -> bytes:
    """A cache file as ctotui 0.1 wrote it (and would have read it)."""
    header = pickle.dumps((2, loadcache.code_fingerprint(), table, stamp))
    parts = [header, payload, payload]
    return b"".join(len(p).to_bytes(8, "big") + p for p in parts)


def test_a_planted_cache_in_the_data_folder_runs_nothing(data_dir: Path, tmp_path: Path) -> None:
    Store(data_dir).insert(Client(name="Acme"))
    marker = tmp_path / "ran"
    payload = pickle.dumps(Payload(marker))
    planted = data_dir / ".ctotui-cache"
    planted.mkdir(mode=0o700)
    for table in TABLES:
        stamp = loadcache.file_stamp(data_dir / f"{table}.json")
        assert stamp is not None
        (planted / f"{table}.pickle").write_bytes(old_format(table, stamp, payload))
    # The dotted name the 0.1 unpickler resolved: ("ctotui.domain.clock", "os.system").
    dotted = (
        b"\x80\x05\x95\x00\x00\x00\x00\x00\x00\x00\x00\x8c\x13ctotui.domain.clock\x8c\tos.system"
        b"\x93\x8c\x05touch\x85R."
    )
    (planted / "clients.pickle").write_bytes(dotted)
    with Store(data_dir, use_cache=True) as store:
        assert [c.name for c in store.all(Client)] == ["Acme"]
    loadcache.refresh(data_dir)
    assert not marker.exists()
    assert not planted.exists()  # an old cache inside the folder is removed, never read


def test_a_planted_cache_in_the_cache_folder_runs_nothing(data_dir: Path, tmp_path: Path) -> None:
    Store(data_dir).insert(Client(name="Acme"))
    marker = tmp_path / "ran"
    cache = loadcache.cache_folder(data_dir)
    cache.mkdir(parents=True, mode=0o700)
    stamp = loadcache.file_stamp(data_dir / "clients.json")
    assert stamp is not None
    (cache / "clients.pickle").write_bytes(
        b"\0" * 32 + old_format("clients", stamp, pickle.dumps(Payload(marker)))
    )
    (cache / "clients.pickle").chmod(0o600)
    assert loadcache.read_cached(data_dir, "clients", stamp) is None
    with Store(data_dir, use_cache=True) as store:
        assert [c.name for c in store.all(Client)] == ["Acme"]
    assert not marker.exists()
