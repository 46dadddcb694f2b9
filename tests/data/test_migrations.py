"""The migration hook: an older folder is migrated once, purely, and meta.json moves on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from support import snapshot

from ctotui.data import check, migrations, store, upgrade
from ctotui.data import folder as data_folder
from ctotui.data.folder import create_folder
from ctotui.data.jsonfile import canonical_bytes
from ctotui.data.layout import TABLES
from ctotui.data.lock import SESSION_LOCK, FolderLock, lock_path
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client
from ctotui.domain.enums import Health
from ctotui.errors import DataError, ReadOnlyError

C1 = "01JC00000000000000000000C1"
C2 = "01JC00000000000000000000C2"
S = "2026-11-01T10:00:00.000000Z"


def rename_colour_to_health(tables: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 called it "colour"; schema 2 says "health". Pure: no ids, no clock."""
    clients = {
        rec_id: {("health" if key == "colour" else key): value for key, value in body.items()}
        for rec_id, body in tables.get("clients", {}).items()
    }
    return {**tables, "clients": clients}


@pytest.fixture
def schema_2(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Pretend this ctotui reads schema 2 and knows how to migrate from 1; count the runs."""
    runs: list[int] = []

    def step(tables: dict[str, Any]) -> dict[str, Any]:
        runs.append(1)
        return rename_colour_to_health(tables)

    for module in (store, data_folder, upgrade):
        monkeypatch.setattr(module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(check, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: step})
    return runs


def old_folder(path: Path) -> Path:
    """A schema-1 folder whose clients still say "colour" (invalid under schema 2)."""
    create_folder(path)
    (path / "meta.json").write_bytes(canonical_bytes({"schema_version": 1}))
    clients = {
        C1: {"colour": "red", "created_at": S, "name": "Acme", "updated_at": S},
        C2: {"colour": "amber", "created_at": S, "name": "Beta", "updated_at": S},
    }
    (path / "clients.json").write_bytes(canonical_bytes({"clients": clients}))
    return path


def test_an_old_folder_is_migrated_once_and_meta_json_updated(
    tmp_path: Path, clock: FixedClock, schema_2: list[int]
) -> None:
    folder = old_folder(tmp_path / "data")
    opened = Store(folder, clock=clock)
    assert schema_2 == [1]
    assert not opened.read_only
    assert {c.name: c.health for c in opened.all(Client)} == {
        "Acme": Health.RED,
        "Beta": Health.AMBER,
    }
    meta = json.loads((folder / "meta.json").read_text())
    assert meta == {"schema_version": 2, "tables": sorted(TABLES)}
    stored = json.loads((folder / "clients.json").read_text())["clients"]
    assert stored[C1] == {"created_at": S, "health": "red", "name": "Acme", "updated_at": S}
    assert check.check_folder(folder).ok

    migrated = snapshot(folder)
    Store(folder, clock=clock)
    assert schema_2 == [1]  # not again
    assert snapshot(folder) == migrated


def test_two_machines_migrating_the_same_folder_write_the_same_bytes(
    tmp_path: Path, schema_2: list[int]
) -> None:
    laptop = old_folder(tmp_path / "laptop")
    jump_box = tmp_path / "jump-box"
    shutil.copytree(laptop, jump_box)
    Store(laptop, clock=FixedClock("2026-11-27T09:00:00+00:00"))
    Store(jump_box, clock=FixedClock("2031-01-01T00:00:00+00:00"))
    assert snapshot(laptop) == snapshot(jump_box)


def test_a_read_only_old_folder_is_migrated_in_memory_only(
    tmp_path: Path, clock: FixedClock, schema_2: list[int]
) -> None:
    folder = old_folder(tmp_path / "data")
    before = snapshot(folder)
    other = FolderLock(lock_path(folder, SESSION_LOCK))  # another dashboard has the folder open
    assert other.acquire()
    try:
        second = Store(folder, clock=clock, session=True)
        assert second.read_only
        assert "must be migrated" in second.read_only_reason
        assert {c.health for c in second.all(Client)} == {Health.RED, Health.AMBER}
        with pytest.raises(ReadOnlyError):
            second.insert(Client(name="Gamma"))
        assert snapshot(folder) == before
    finally:
        other.release()


def test_a_missing_migration_is_a_one_line_error(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = old_folder(tmp_path / "data")
    before = snapshot(folder)
    for module in (store, data_folder, upgrade):
        monkeypatch.setattr(module, "SCHEMA_VERSION", 2)
    with pytest.raises(DataError) as failed:
        Store(folder, clock=clock)
    assert str(failed.value) == (
        "meta.json: this ctotui cannot migrate schema 1 to 2 (no migration from schema 1 to 2)"
    )
    assert snapshot(folder) == before


def test_a_newer_folder_opens_read_only_and_says_so(
    data_dir: Path, clock: FixedClock, cli: Any
) -> None:
    Store(data_dir, clock=clock).insert(Client(name="Acme"))
    (data_dir / "meta.json").write_bytes(canonical_bytes({"schema_version": 99}))
    before = snapshot(data_dir)
    opened = Store(data_dir, clock=clock)
    reason = (
        "the data was written by a newer ctotui (schema 99, this one reads 1); "
        "upgrade ctotui to edit it"
    )
    assert opened.read_only and opened.read_only_reason == reason
    assert [c.name for c in opened.all(Client)] == ["Acme"]
    with pytest.raises(ReadOnlyError, match="upgrade ctotui to edit it; nothing was saved"):
        opened.insert(Client(name="Beta"))

    listed = cli("--data", str(data_dir), "list", "clients")
    assert listed.code == 0 and "Acme" in listed.out
    added = cli("--data", str(data_dir), "add", "client", "Beta")
    assert (added.code, added.err) == (2, f"ctotui: read-only: {reason}; nothing was saved\n")
    checked = cli("check", str(data_dir))
    assert checked.code == 2
    assert "meta.json: schema 99 is newer than this ctotui (1); upgrade" in checked.err
    assert snapshot(data_dir) == before


def test_a_newer_folder_this_version_cannot_read_says_upgrade(
    data_dir: Path, clock: FixedClock
) -> None:
    (data_dir / "meta.json").write_bytes(canonical_bytes({"schema_version": 2}))
    clients = {C1: {"created_at": S, "name": "Acme", "region": "EMEA", "updated_at": S}}
    (data_dir / "clients.json").write_bytes(canonical_bytes({"clients": clients}))
    before = snapshot(data_dir)
    with pytest.raises(DataError) as refused:
        Store(data_dir, clock=clock)
    assert str(refused.value) == (
        "meta.json: the data was written by a newer ctotui (schema 2, this one reads 1) and "
        f"cannot be read by this one (clients.json:3: record {C1}: field 'region': unknown "
        "field); upgrade ctotui"
    )
    assert snapshot(data_dir) == before
