"""Rescuing a plain `git pull`, the status the header shows, and settling reviewed conflicts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ctotui.data.check import check_folder
from ctotui.domain.entities import Client, Conflict, Nda
from ctotui.errors import NotFoundError
from ctotui.sync.api import collect_parked_conflicts, conflict_views
from ctotui.sync.review import resolve_conflict
from ctotui.sync.status import sync_status
from tests.conftest import Result
from tests.sync.conftest import Clone, git


def diverge_without_driver(a: Clone, b: Clone) -> str:
    """b was never set up: a plain `git pull` merges the JSON as text and stops with markers."""
    client_id = a.insert(Client(name="Acme"))
    a.sync()
    b.sync()
    git(b.path, "config", "--remove-section", "merge.ctotui")
    a.clock.advance(minutes=1)
    a.update(Client, client_id, name="Acme Corp", health="red")
    new_on_a = a.insert(Client(name="Beta"))
    a.sync()
    b.clock.advance(minutes=2)
    b.update(Client, client_id, name="Acme Ltd", sector="retail")
    new_on_b = b.insert(Client(name="Gamma"))
    git(b.path, "commit", "-q", "-am", "edits on b")
    assert b.pull(check=False).returncode != 0
    assert "<<<<<<<" in (b.path / "clients.json").read_text()
    return ",".join((client_id, new_on_a, new_on_b))


def test_resolve_remerges_a_text_merge_by_record(
    cli: Callable[..., Result], make_clones: Callable[[int], list[Clone]]
) -> None:
    a, b = make_clones(2)
    client_id, new_on_a, new_on_b = diverge_without_driver(a, b).split(",")
    status = sync_status(b.path)
    assert status.merge_in_progress
    assert not status.driver_ok
    assert "ctotui resolve" in status.problem
    result = cli("--data", str(b.path), "resolve")
    assert result.code == 0, result.err
    assert "resolved 1 file(s), 1 conflict to review" in result.out
    assert "merge driver now set up" in result.out
    merged = b.record("clients", client_id)
    assert (merged["name"], merged["health"], merged["sector"]) == ("Acme Ltd", "red", "retail")
    assert {new_on_a, new_on_b} <= set(b.table("clients"))
    [conflict] = b.conflicts()
    assert (conflict["field"], conflict["kept"], conflict["other"]) == (
        "name",
        "Acme Ltd",
        "Acme Corp",
    )
    assert check_folder(b.path).ok
    assert not (b.path / ".git" / "MERGE_HEAD").exists()
    assert git(b.path, "status", "--porcelain").stdout == ""
    b.sync()
    a.sync()
    assert a.table("clients") == b.table("clients")


def test_status_counts_unsynced_changes_and_conflicts(
    make_clones: Callable[[int], list[Clone]],
) -> None:
    a, b = make_clones(2)
    status = sync_status(a.path)
    assert (status.has_remote, status.driver_ok, status.remote) == (True, True, "origin/main")
    assert (status.unsynced_changes, status.conflicts, status.problem) == (0, 0, "")
    client_id = a.insert(Client(name="Acme"))
    a.insert(Client(name="Beta"))
    assert sync_status(a.path).unsynced_changes == 2
    git(a.path, "add", "-A")
    git(a.path, "commit", "-q", "-m", "committed but not pushed")
    assert sync_status(a.path).unsynced_changes == 2  # still not on the remote
    a.sync()
    assert sync_status(a.path).unsynced_changes == 0
    b.sync()
    a.update(Client, client_id, health="red")
    b.clock.advance(seconds=1)
    b.update(Client, client_id, health="amber")
    a.sync()
    b.sync()
    status = sync_status(b.path)
    assert (status.unsynced_changes, status.conflicts) == (0, 1)
    assert sync_status(a.path.parent / "nowhere").problem.endswith(
        "not a git repository; run `ctotui sync --setup` to make it one"
    )


def _clash(a: Clone, b: Clone, **a_changes: object) -> tuple[str, list[str]]:
    client_id = a.insert(Client(name="Acme", sector="retail"))
    a.sync()
    b.sync()
    a.clock.advance(seconds=1)
    a.update(Client, client_id, **a_changes)
    b.clock.advance(seconds=2)
    b.update(Client, client_id, sector="banking", nda=Nda(level="strict"))  # type: ignore[arg-type]
    a.sync()
    b.sync()
    return client_id, sorted(b.table("conflicts"))


def test_keeping_the_other_value_writes_it_and_clears_the_conflict(
    make_clones: Callable[[int], list[Clone]],
) -> None:
    a, b = make_clones(2)
    client_id, [conflict_id] = _clash(a, b, sector="energy")
    assert b.record("clients", client_id)["sector"] == "banking"
    with b.store() as store:
        [view] = conflict_views(store)
    assert (view.id, view.record_label, view.field) == (conflict_id, "client Acme", "sector")
    assert (view.kept, view.other) == ("banking", "energy")
    assert view.kept_updated_at > view.other_updated_at
    assert view.note == "changed on both sides; the later edit was kept"
    with b.store() as store:
        assert store.get(Conflict, conflict_id).other == "energy"
        resolve_conflict(store, conflict_id, "other")
        assert store.get(Client, client_id).sector == "energy"
        assert store.count(Conflict) == 0
    assert b.record("clients", client_id)["nda"] == {"level": "strict"}
    result = b.sync()
    assert "1 client updated, 1 conflict deleted" in result.summary
    a.sync()
    assert a.table("conflicts") == {}
    assert a.record("clients", client_id)["sector"] == "energy"


def test_keeping_the_merged_value_only_clears_the_conflict(
    make_clones: Callable[[int], list[Clone]],
) -> None:
    a, b = make_clones(2)
    client_id, [conflict_id] = _clash(a, b, sector="energy")
    before = b.record("clients", client_id)
    with b.store() as store:
        resolve_conflict(store, conflict_id, "kept")
        with pytest.raises(NotFoundError):
            store.get(Conflict, conflict_id)
    assert b.record("clients", client_id) == before


def test_other_value_of_a_nested_field_and_of_a_cleared_field(
    make_clones: Callable[[int], list[Clone]],
) -> None:
    a, b = make_clones(2)
    client_id, _ = _clash(a, b, sector=None, nda=Nda(level="mutual"))  # type: ignore[arg-type]
    fields = {c["field"]: cid for cid, c in b.table("conflicts").items()}
    assert set(fields) == {"sector", "nda.level"}
    with b.store() as store:
        for cid in fields.values():
            resolve_conflict(store, cid, "other")
        rec = store.get(Client, client_id)
    assert rec.sector == ""
    assert rec.nda is not None and rec.nda.level == "mutual"
    assert "sector" not in b.record("clients", client_id)


def test_other_side_of_a_delete_edit_clash_deletes_the_record(
    make_clones: Callable[[int], list[Clone]],
) -> None:
    a, b = make_clones(2)
    client_id = a.insert(Client(name="Acme"))
    a.sync()
    b.sync()
    a.delete(Client, client_id)
    b.update(Client, client_id, health="red")
    a.sync()
    b.sync()
    [conflict_id] = b.table("conflicts")
    with b.store() as store:
        resolve_conflict(store, conflict_id, "other")
        assert store.find(Client, client_id) is None
        assert store.count(Conflict) == 0


def test_conflicts_parked_by_a_plain_pull_are_collected_for_the_app(
    make_clones: Callable[[int], list[Clone]],
) -> None:
    a, b = make_clones(2)
    client_id = a.insert(Client(name="Acme"))
    a.sync()
    b.sync()
    a.update(Client, client_id, health="red")
    a.sync()
    b.clock.advance(seconds=1)
    b.update(Client, client_id, health="amber")
    git(b.path, "commit", "-q", "-am", "edit")
    assert b.pull().returncode == 0
    assert sync_status(b.path).conflicts == 1  # parked, not yet in conflicts.json
    assert b.conflicts() == []
    assert collect_parked_conflicts(b.path) == 1
    assert collect_parked_conflicts(b.path) == 0
    [conflict] = b.conflicts()
    assert (conflict["kept"], conflict["other"]) == ("amber", "red")
    status = sync_status(b.path)
    assert (status.conflicts, status.unsynced_changes) == (1, 2)  # the merge and the conflict
    with b.store() as store:
        [view] = conflict_views(store)
    assert view.kept == "amber"
