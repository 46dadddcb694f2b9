"""The load cache gives exactly what loading the files gives, or nothing at all.

It is used only for files that have not changed since it was made (by the code that made it),
only in private folders, never for racily new files, and never unpickles anything but records.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ctotui.data import loadcache
from ctotui.data.layout import TABLES
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Recommendation
from ctotui.errors import DataError

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
GENERATE = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"
NOW = "2026-11-27T09:00:00+00:00"
AN_HOUR_AGO = time.time() - 3600


@pytest.fixture(autouse=True)
def _small_files_count(monkeypatch: pytest.MonkeyPatch) -> None:
    # The sample tables are small; the real threshold keeps the cache for big ones only.
    monkeypatch.setattr(loadcache, "MIN_BYTES", 0)
    monkeypatch.delenv("CTOTUI_CACHE", raising=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    for path in SAMPLE.glob("*.json"):
        shutil.copyfile(path, folder / path.name)
        (folder / path.name).chmod(0o600)  # as ctotui keeps them (opening would tighten them)
        os.utime(folder / path.name, (AN_HOUR_AGO, AN_HOUR_AGO))  # not racily new
    return folder


def _same(a: Store, b: Store) -> None:
    for table in TABLES:
        assert a.raw(table) == b.raw(table), table
        assert a._typed[table] == b._typed[table], table


def test_a_cached_load_is_the_load(folder: Path) -> None:
    assert loadcache.refresh(folder)
    assert loadcache.stale_tables(folder) == []
    cached = Store(folder, use_cache=True)
    _same(cached, Store(folder))
    # The cache really was used: its records came from the pickle, not the JSON.
    rec = cached.all(Recommendation)[0]
    assert (
        loadcache.read_cached(
            folder, "recommendations", loadcache.file_stamp(folder / "recommendations.json")
        ).typed[rec.id]
        == rec
    )  # type: ignore[union-attr]


def test_the_stored_dicts_wait_until_needed_and_a_write_still_writes_the_same_file(
    tmp_path: Path, folder: Path
) -> None:
    loadcache.refresh(folder)
    plain = tmp_path / "plain"
    shutil.copytree(folder, plain)
    cached = Store(folder, use_cache=True, clock=FixedClock(NOW))
    # The first frame needs only the records: the stored dicts are not unpickled yet.
    assert cached._storage.tables["recommendations"] == {}
    rec = cached.all(Recommendation)[0]
    cached.update(Recommendation, rec.id, owner="Priya (deferred dicts)")
    Store(plain, clock=FixedClock(NOW)).update(
        Recommendation, rec.id, owner="Priya (deferred dicts)"
    )
    assert (folder / "recommendations.json").read_bytes() == (
        plain / "recommendations.json"
    ).read_bytes()
    cached.load_deferred()
    _same(cached, Store(plain))


def test_a_cache_file_changed_by_anyone_else_is_never_decoded(folder: Path) -> None:
    loadcache.refresh(folder)
    path = loadcache.cache_folder(folder) / "milestones.pickle"
    data = bytearray(path.read_bytes())
    data[-40] ^= 1  # one bit of the stored dicts: the MAC no longer holds
    path.write_bytes(bytes(data))
    stamp = loadcache.file_stamp(folder / "milestones.json")
    assert loadcache.read_cached(folder, "milestones", stamp) is None
    cached = Store(folder, use_cache=True)
    # Read from the JSON instead: its stored dicts are the file's.
    stored = json.loads((folder / "milestones.json").read_bytes())["milestones"]
    assert cached._storage.table("milestones") == stored != {}
    _same(cached, Store(folder))


def test_any_change_to_a_file_makes_its_cache_stale(folder: Path) -> None:
    loadcache.refresh(folder)
    path = folder / "recommendations.json"
    data = path.read_bytes()
    # Same size, same mtime, new content (an in-place edit of a title): the ctime still moves.
    at = data.index(b'"title": "') + len(b'"title": "')
    edited = data[:at] + data[at : at + 1].swapcase() + data[at + 1 :]
    assert len(edited) == len(data) and edited != data
    stat = path.stat()
    path.write_bytes(edited)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert loadcache.stale_tables(folder) == ["recommendations"]
    _same(Store(folder, use_cache=True), Store(folder))
    # Replaced (a new inode), as git and the store do.
    loadcache.refresh(folder)
    shutil.copyfile(path, folder / "copy")
    os.replace(folder / "copy", path)
    assert loadcache.stale_tables(folder) == ["recommendations"]


def test_a_changed_file_is_read_even_when_bad(folder: Path) -> None:
    loadcache.refresh(folder)
    (folder / "clients.json").write_text("{")
    with pytest.raises(DataError, match=r"clients\.json:1:2: invalid JSON"):
        Store(folder, use_cache=True)


def test_new_code_does_not_trust_an_old_cache(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loadcache.refresh(folder)
    monkeypatch.setattr(loadcache, "_fingerprint", "another version of ctotui")
    assert "clients" in loadcache.stale_tables(folder)
    stamp = loadcache.file_stamp(folder / "clients.json")
    assert loadcache.read_cached(folder, "clients", stamp) is None


def test_a_racily_new_file_is_not_cached(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store(folder, clock=FixedClock(NOW)).update(
        Recommendation, Store(folder).all(Recommendation)[0].id, owner="Just now"
    )
    stamp = loadcache.file_stamp(folder / "recommendations.json")
    assert stamp is not None
    loaded = Store(folder)
    from ctotui.data.tablefile import LoadedTable

    table = LoadedTable(loaded._storage.tables["recommendations"], loaded._typed["recommendations"])
    assert not loadcache.write_cache(folder, "recommendations", table, stamp, time.time())
    # The background refresh waits out the racy window instead.
    slept: list[float] = []
    monkeypatch.setattr(loadcache.time, "sleep", slept.append)
    monkeypatch.setattr(loadcache, "RACY_SECONDS", 0.0)
    assert "recommendations" in loadcache.refresh(folder)
    assert slept


def test_only_private_folders_and_files(folder: Path) -> None:
    loadcache.refresh(folder)
    cache = loadcache.cache_folder(folder)
    assert (cache.stat().st_mode & 0o777) == 0o700
    assert {p.stat().st_mode & 0o777 for p in cache.iterdir()} == {0o600}
    stamp = loadcache.file_stamp(folder / "clients.json")
    (cache / "clients.pickle").chmod(0o644)
    assert loadcache.read_cached(folder, "clients", stamp) is None
    (cache / "clients.pickle").chmod(0o600)
    assert loadcache.read_cached(folder, "clients", stamp) is not None
    cache.chmod(0o755)
    assert loadcache.read_cached(folder, "clients", stamp) is None
    cache.chmod(0o700)
    loadcache.machine_key_file().chmod(0o644)  # a key others can read proves nothing
    assert loadcache.read_cached(folder, "clients", stamp) is None


def test_nothing_is_cached_inside_the_data_folder(folder: Path) -> None:
    before = sorted(p.name for p in folder.iterdir())
    old = folder / loadcache.OLD_CACHE_DIR
    old.mkdir()
    (old / "clients.pickle").write_bytes(b"left by an older version")
    loadcache.refresh(folder)
    assert sorted(p.name for p in folder.iterdir()) == before  # the old cache is gone too
    cache = loadcache.cache_folder(folder)
    assert folder.resolve() not in cache.resolve().parents
    assert loadcache.machine_key_file().stat().st_mode & 0o777 == 0o600


class _Hostile:
    """Unpickled by plain `pickle.loads`, this would run a command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _blob(header: bytes, typed: bytes, raw: bytes, key: bytes | None) -> bytes:
    body = b"".join(len(p).to_bytes(8, "big") + p for p in (header, typed, raw))
    mac = hashlib.blake2b(body, key=key, digest_size=32).digest() if key else b"\0" * 32
    return mac + body


def test_a_broken_or_hostile_cache_is_ignored_and_runs_nothing(
    folder: Path, tmp_path: Path
) -> None:
    loadcache.refresh(folder)
    path = loadcache.cache_folder(folder) / "clients.pickle"
    stamp = loadcache.file_stamp(folder / "clients.json")
    assert stamp is not None
    header = json.dumps([loadcache.FORMAT, loadcache.code_fingerprint(), "clients", list(stamp)])
    marker = tmp_path / "ran"
    hostile = pickle.dumps(_Hostile(marker))
    key = loadcache.machine_key_file().read_bytes()
    for blob in (
        path.read_bytes()[:-100],  # cut short
        _blob(header.encode(), hostile, hostile, None),  # planted: no key, no valid MAC
        _blob(header.encode(), hostile, hostile, key),  # even with the key: not allow-listed
    ):
        path.write_bytes(blob)
        path.chmod(0o600)
        assert loadcache.read_cached(folder, "clients", stamp) is None
    assert not marker.exists()
    _same(Store(folder, use_cache=True), Store(folder))


def test_the_unpickler_resolves_no_dotted_or_unlisted_name() -> None:
    unpickler = loadcache._Unpickler(io.BytesIO(b""))
    for module, name in (
        ("ctotui.domain.clock", "os.system"),
        ("ctotui.domain.entities", "Client.__init__"),
        ("os", "system"),
        ("builtins", "eval"),
        ("ctotui.domain.entities", "pickle_as_tuple"),
    ):
        with pytest.raises(pickle.UnpicklingError):
            unpickler.find_class(module, name)
    assert unpickler.find_class("ctotui.domain.entities", "Client") is Client


def test_turned_off_by_the_environment(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loadcache.refresh(folder)
    monkeypatch.setenv("CTOTUI_CACHE", "0")
    stamp = loadcache.file_stamp(folder / "clients.json")
    assert loadcache.read_cached(folder, "clients", stamp) is None
    assert loadcache.refresh(folder) == []


def test_small_files_are_not_cached(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loadcache, "MIN_BYTES", 256 * 1024)
    assert loadcache.stale_tables(folder) == []
    assert loadcache.refresh(folder) == []


def test_the_background_refresh_makes_the_cache(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as real:
        real.setattr(loadcache, "MIN_BYTES", 256 * 1024)
        loadcache.refresh_in_background(folder)  # small files: nothing to do, no process
        assert not loadcache.cache_folder(folder).exists()
    assert loadcache.main([str(folder)]) == 0  # what the background process runs
    assert json.loads((folder / "meta.json").read_text())  # untouched
    assert loadcache.stale_tables(folder) == []


def test_a_command_line_write_makes_the_cache_anew_in_the_background(
    tmp_path: Path, cli: Callable[..., Any]
) -> None:
    # A real-sized table (the threshold is the real one in the background process).
    folder = tmp_path / "big"
    generate = ["--clients", "3", "--recs", "400", "--events", "10", "--seed", "1"]
    subprocess.run(
        [sys.executable, str(GENERATE), *generate, str(folder)],
        check=True,
        capture_output=True,
    )
    recs = folder / "recommendations.json"
    assert recs.stat().st_size > 256 * 1024
    client = Store(folder).all(Client)[0].name
    done = cli("--data", str(folder), "add", "rec", "Cached after the CLI", "-c", client)
    assert done.code == 0, done.err
    # The background process waits out the racy window of the file just written, then caches.
    deadline = time.monotonic() + 60
    while loadcache.read_cached(folder, "recommendations", loadcache.file_stamp(recs)) is None:
        assert time.monotonic() < deadline, "no cache was made after the write"
        time.sleep(0.2)
    cached = Store(folder, use_cache=True)
    assert "Cached after the CLI" in {r.title for r in cached.all(Recommendation)}
    _same(cached, Store(folder))
