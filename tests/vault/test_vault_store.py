"""A vault through the store: sealed on disk, plain above the store, locked records pass through."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ctotui.data import loadcache
from ctotui.data.check import check_folder
from ctotui.data.folder import create_folder
from ctotui.data.layout import DATA_FILES, VAULT_FILE
from ctotui.data.sealing import LockedRecordError
from ctotui.data.store import Store
from ctotui.data.vault_ops import rotate_key
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Milestone, Note, Recommendation
from ctotui.errors import CtoError
from ctotui.services import deleting
from ctotui.services.undo import history, undo_last
from ctotui.vault.fields import is_token
from tests.vault.conftest import CLIENTS, T0, Machine, all_bytes, sensitive_values, vault_folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    create_folder(path)
    return path


def test_vault_init_seals_every_sensitive_value_and_nothing_structural(
    folder: Path, machines: list[Machine]
) -> None:
    ids = vault_folder(folder, machines[0])
    on_disk = b"".join((folder / name).read_bytes() for name in DATA_FILES)
    for name in CLIENTS:
        for value in sensitive_values(name):
            assert value.encode() not in on_disk, value
    recs = json.loads((folder / "recommendations.json").read_text())["recommendations"]
    body = next(iter(recs.values()))
    assert body["client"] in ids.values() and body["status"] == "draft"
    assert body["created_at"] == body["updated_at"] == "2026-11-27T09:00:00.000000Z"
    assert is_token(body["title"]) and is_token(body["estimated_cost"]["one_time"])
    manifest = json.loads((folder / VAULT_FILE).read_text())
    assert set(manifest["clients"]) == set(ids.values())
    with machines[0].active(), Store(folder) as store:
        assert {c.name for c in store.all(Client)} == set(CLIENTS)
        assert store.locked_clients() == 0
        rec = store.all(Recommendation)[0]
        assert rec.title.startswith("Replace the ") and rec.estimated_cost is not None


def test_a_machine_without_keys_sees_counts_only_and_writes_back_untouched(
    folder: Path, machines: list[Machine]
) -> None:
    vault_folder(folder, machines[0])
    before = {name: (folder / name).read_bytes() for name in DATA_FILES}
    with machines[1].active(), Store(folder, clock=FixedClock(T0)) as store:
        assert store.all(Client) == [] and store.all(Recommendation) == []
        assert store.locked_clients() == 3
        # A new client here gets a key here; the others' records pass through byte for byte.
        store.insert(Client(name="Local Only Ltd"))
    for name in DATA_FILES:
        if name != "clients.json":
            assert (folder / name).read_bytes() == before[name], name
    old = json.loads(before["clients.json"])["clients"]
    new = json.loads((folder / "clients.json").read_text())["clients"]
    assert {k: new[k] for k in old} == old
    with machines[0].active(), Store(folder) as store:
        assert store.locked_clients() == 1
        assert "Local Only Ltd" not in {c.name for c in store.all(Client)}


def test_a_locked_record_refuses_edit_and_delete_in_one_line(
    folder: Path, machines: list[Machine]
) -> None:
    ids = vault_folder(folder, machines[0])
    machines[0].give(machines[1], [ids["Quillfeather Maritime"]])
    with machines[0].active(), Store(folder) as store:
        other = next(
            r for r in store.all(Recommendation) if r.client != ids["Quillfeather Maritime"]
        )
    with machines[1].active(), Store(folder) as store:
        assert [c.name for c in store.all(Client)] == ["Quillfeather Maritime"]
        for attempt in (
            lambda: store.update(Recommendation, other.id, title="Nope"),
            lambda: deleting.delete(store, Recommendation, other.id, cascade=True),
            lambda: store.resolve(Recommendation, other.id),
        ):
            with pytest.raises(LockedRecordError) as caught:
                attempt()
            message = str(caught.value)
            assert "\n" not in message
            assert message.startswith(f"recommendations/{other.id}: ")
            assert "vault key is not on this machine (locked)" in message


def test_undo_in_a_vault_works_and_its_log_holds_no_plaintext(
    folder: Path, machines: list[Machine]
) -> None:
    vault_folder(folder, machines[0])
    with machines[0].active(), Store(folder, clock=FixedClock(T0)) as store:
        rec = store.all(Recommendation)[0]
        store.update(Recommendation, rec.id, title="Secret new title Xylophage")
        assert history(store)[0].label.endswith("→ Secret new title Xylophage")
        undo_last(store)
        assert store.get(Recommendation, rec.id).title == rec.title
        store.update(Recommendation, rec.id, owner="Owner Xylophage")
        state = store.state_folder
        assert state is not None
    log = (state / "undo.json").read_bytes()
    assert b"Xylophage" not in log and rec.title.encode() not in log


def test_rotation_seals_one_clients_records_again_in_one_transaction_keeping_stamps(
    folder: Path, machines: list[Machine]
) -> None:
    ids = vault_folder(folder, machines[0])
    target = ids["Marzipan Orbital Freight"]
    recs_before = json.loads((folder / "recommendations.json").read_text())["recommendations"]
    with machines[0].active(), Store(folder, clock=FixedClock(T0)) as store:
        titles = {r.id: r.title for r in store.all(Recommendation)}
        old_key = store.sealer.vault.manifest.key_of(target)  # type: ignore[union-attr]
        new_key, count = rotate_key(store, target)
        assert count == 6 and new_key != old_key
    recs_after = json.loads((folder / "recommendations.json").read_text())["recommendations"]
    for rec_id, body in recs_after.items():
        before = recs_before[rec_id]
        assert body["updated_at"] == before["updated_at"]
        moved = body["client"] == target
        assert (body["title"] != before["title"]) == moved
        assert body["title"][3:19] == (new_key if moved else before["title"][3:19])
    assert json.loads((folder / VAULT_FILE).read_text())["clients"][target]["key"] == new_key
    with machines[0].active(), Store(folder) as store:
        assert {r.id: r.title for r in store.all(Recommendation)} == titles
        state = store.state_folder
    assert not list(state.glob("journal.json")) if state else True  # type: ignore[union-attr]


def test_a_rotation_killed_after_its_commit_point_is_finished_at_next_open(
    folder: Path, machines: list[Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ctotui.data import jsonfile

    ids = vault_folder(folder, machines[0])
    target = ids["Quillfeather Maritime"]
    real_replace = jsonfile.replace
    calls = {"n": 0}

    def crash_after_first_rename(source: Path, dest: Path) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process dies between two renames
        real_replace(source, dest)

    with machines[0].active():
        store = Store(folder, clock=FixedClock(T0))
        monkeypatch.setattr(jsonfile, "replace", crash_after_first_rename)
        with pytest.raises(KeyboardInterrupt):
            rotate_key(store, target)
        monkeypatch.setattr(jsonfile, "replace", real_replace)
        store.close()
        with Store(folder) as reopened:
            new_key = json.loads((folder / VAULT_FILE).read_text())["clients"][target]["key"]
            assert reopened.sealer is not None and reopened.locked_clients() == 0
            assert {c.name for c in reopened.all(Client)} == set(CLIENTS)
    clients = json.loads((folder / "clients.json").read_text())["clients"]
    assert clients[target]["name"][3:19] == new_key


def test_edits_on_a_partial_machine_seal_under_that_clients_key(
    folder: Path, machines: list[Machine]
) -> None:
    ids = vault_folder(folder, machines[0])
    mine = ids["Zanzibar Umbrella Holdings"]
    machines[0].give(machines[1], [mine])
    with machines[1].active(), Store(folder, clock=FixedClock(T0)) as store:
        rec = store.all(Recommendation)[0]
        store.insert(Milestone(recommendation=rec.id, title="Added on the jump box"))
        store.insert(Note(client=mine, date="2026-11-28", text="Jump box note"))  # type: ignore[arg-type]
    assert b"jump box" not in all_bytes(folder).lower()
    with machines[0].active(), Store(folder) as store:
        assert "Added on the jump box" in {m.title for m in store.all(Milestone)}
        assert "Jump box note" in {n.text for n in store.all(Note)}
    report = check_folder(folder)
    assert report.ok, report.problems


def test_the_load_cache_of_a_vault_is_encrypted_and_used(
    folder: Path, machines: list[Machine]
) -> None:
    vault_folder(folder, machines[0])
    # Big enough to be cached: pad the recommendations.
    with machines[0].active(), Store(folder, clock=FixedClock(T0)) as store:
        client = store.all(Client)[0]
        with store.transaction():
            for i in range(400):
                store.insert(Recommendation(client=client.id, title=f"Padding {i} " + "x" * 120))
    time.sleep(loadcache.RACY_SECONDS + 0.2)
    with machines[0].active():
        assert "recommendations" in loadcache.refresh(folder)
        cache = loadcache.cache_folder(folder)
        blob = b"".join(p.read_bytes() for p in cache.iterdir())
        assert b"Padding" not in blob and b"Replace the" not in blob
        with Store(folder, use_cache=True) as store:
            assert len(store.all(Recommendation)) == 403
            rec = store.all(Recommendation)[0]
            store.update(Recommendation, rec.id, owner="After cache")
        with Store(folder) as store:
            assert store.get(Recommendation, rec.id).owner == "After cache"
    # Without the keys, the cache does not even open: the file is read (and stays locked).
    with machines[1].active():
        assert Store(folder, use_cache=True).all(Recommendation) == []


def test_vault_init_refuses_a_vault_and_a_read_only_store(
    folder: Path, machines: list[Machine]
) -> None:
    from ctotui.data.vault_ops import make_vault

    vault_folder(folder, machines[0])
    with machines[0].active(), Store(folder) as store, pytest.raises(CtoError, match="already"):
        make_vault(store)


def test_a_vault_json_changed_on_disk_is_read_again_once(
    folder: Path, machines: list[Machine]
) -> None:
    vault_folder(folder, machines[0])
    with machines[0].active(), Store(folder) as store:
        path = folder / VAULT_FILE
        data = path.read_bytes()
        path.unlink()
        path.write_bytes(data)  # what a `git pull` that touched it does: a new file
        assert VAULT_FILE in store.changed_on_disk()
        store.reload_if_changed()
        assert store.changed_on_disk() == set()
        assert store.locked_clients() == 0
