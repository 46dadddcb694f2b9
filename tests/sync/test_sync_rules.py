"""Each merge rule of issue 4, with real git: two clones edit concurrently, then sync or pull."""

from __future__ import annotations

from ctotui.data.check import check_folder
from ctotui.domain.entities import Client, Nda, Recommendation
from ctotui.domain.enums import RecStatus
from ctotui.domain.ids import is_ulid
from ctotui.domain.status import change_status
from ctotui.sync.conflicts import pending_path
from tests.sync.conftest import Clone, git


def shared_client(a: Clone, b: Clone, **fields: object) -> str:
    """A client created on *a* and synced to *b*: the common base of the concurrent edits."""
    client_id = a.insert(Client(name="Acme", sector="retail", **fields))  # type: ignore[arg-type]
    a.sync()
    b.sync()
    return client_id


def sync_all(a: Clone, b: Clone) -> None:
    a.sync()
    b.sync()
    a.sync()
    assert a.head() == b.head()
    assert a.table("clients") == b.table("clients")
    assert a.table("conflicts") == b.table("conflicts")


def test_different_records_are_both_kept_without_conflict(pair: tuple[Clone, Clone]) -> None:
    a, b = pair
    first = shared_client(a, b)
    second = a.insert(Client(name="Beta"))
    a.sync()
    b.sync()
    a.clock.advance(minutes=1)
    b.clock.advance(minutes=2)
    a.update(Client, first, health="red")
    b.update(Client, second, sector="banking")
    sync_all(a, b)
    assert a.record("clients", first)["health"] == "red"
    assert a.record("clients", first)["sector"] == "retail"
    assert a.record("clients", second)["sector"] == "banking"
    assert a.record("clients", second)["name"] == "Beta"
    assert a.conflicts() == []


def test_adjacent_fields_of_one_record_merge_without_conflict(pair: tuple[Clone, Clone]) -> None:
    a, b = pair
    client_id = shared_client(a, b)
    a.clock.advance(minutes=1)
    b.clock.advance(minutes=2)
    # "health" and "name" are neighbouring lines of the file: a text merge conflicts here.
    a.update(Client, client_id, health="amber")
    b.update(Client, client_id, name="Acme Corp")
    sync_all(a, b)
    merged = a.record("clients", client_id)
    assert merged["health"] == "amber"
    assert merged["name"] == "Acme Corp"
    assert merged["sector"] == "retail"
    assert merged["updated_at"] == b.clock.now().in_tz("UTC").format(
        "YYYY-MM-DD[T]HH:mm:ss.SSSSSS[Z]"
    )
    assert a.conflicts() == []


def test_records_inserted_on_both_sides_are_all_kept(pair: tuple[Clone, Clone]) -> None:
    a, b = pair
    shared_client(a, b)
    from_a = [a.insert(Client(name=f"A{i}")) for i in range(3)]
    from_b = [b.insert(Client(name=f"B{i}")) for i in range(2)]
    sync_all(a, b)
    clients = a.table("clients")
    assert len(clients) == 6
    for i, rec_id in enumerate(from_a):
        assert clients[rec_id]["name"] == f"A{i}"
    for i, rec_id in enumerate(from_b):
        assert clients[rec_id]["name"] == f"B{i}"
    assert a.conflicts() == []


def test_same_field_later_edit_wins_and_the_other_value_is_kept_as_a_conflict(
    pair: tuple[Clone, Clone],
) -> None:
    a, b = pair
    client_id = shared_client(a, b)
    a.clock.advance(minutes=5)  # a edits later, but syncs first
    b.clock.advance(minutes=1)
    a.update(Client, client_id, health="red")
    b.update(Client, client_id, health="amber")
    a_stamp = a.record("clients", client_id)["updated_at"]
    b_stamp = b.record("clients", client_id)["updated_at"]
    sync_all(a, b)
    assert a.record("clients", client_id)["health"] == "red"
    assert a.record("clients", client_id)["updated_at"] == a_stamp
    [conflict] = a.conflicts()
    assert conflict["table"] == "clients"
    assert conflict["record"] == client_id
    assert conflict["field"] == "health"
    assert conflict["kept"] == "red"
    assert conflict["other"] == "amber"
    assert conflict["kept_updated_at"] == a_stamp
    assert conflict["other_updated_at"] == b_stamp
    [conflict_id] = a.table("conflicts")
    assert is_ulid(conflict_id)


def test_same_field_same_moment_is_decided_by_value_on_every_clone(
    pair: tuple[Clone, Clone],
) -> None:
    a, b = pair
    client_id = shared_client(a, b)
    a.update(Client, client_id, sector="zoology")  # same clock: equal updated_at
    b.update(Client, client_id, sector="aviation")
    assert (
        a.record("clients", client_id)["updated_at"] == b.record("clients", client_id)["updated_at"]
    )
    sync_all(a, b)
    assert a.record("clients", client_id)["sector"] == "zoology"  # the larger value
    [conflict] = a.conflicts()
    assert (conflict["kept"], conflict["other"]) == ("zoology", "aviation")


def test_delete_versus_edit_keeps_the_edit_and_records_it(pair: tuple[Clone, Clone]) -> None:
    a, b = pair
    client_id = shared_client(a, b)
    a.delete(Client, client_id)
    b.clock.advance(minutes=1)
    b.update(Client, client_id, health="red")
    sync_all(a, b)
    assert a.record("clients", client_id)["health"] == "red"
    assert a.record("clients", client_id)["name"] == "Acme"
    [conflict] = a.conflicts()
    assert conflict["field"] == "*"
    assert conflict["record"] == client_id
    assert conflict["kept"]["health"] == "red"
    assert "other" not in conflict


def test_status_history_merges_as_a_set_ordered_by_time(pair: tuple[Clone, Clone]) -> None:
    a, b = pair
    client_id = shared_client(a, b)
    rec_id = a.insert(Recommendation(client=client_id, title="Replace the ERP", tags=["erp"]))
    with a.store() as store:
        rec = store.get(Recommendation, rec_id)
        store.update(Recommendation, rec_id, **change_status(rec, RecStatus.PROPOSED, a.clock))
    a.sync()
    b.sync()
    b.clock.advance(minutes=1)
    a.clock.advance(minutes=3)
    for clone, status, tag in ((a, RecStatus.ACCEPTED, "budget"), (b, RecStatus.DEFERRED, "q3")):
        with clone.store() as store:
            rec = store.get(Recommendation, rec_id)
            changes = change_status(rec, status, clone.clock, note=f"on {clone.path.name}")
            store.update(Recommendation, rec_id, tags=[*rec.tags, tag], **changes)
    sync_all(a, b)
    merged = a.record("recommendations", rec_id)
    assert [(h["from"], h["to"]) for h in merged["history"]] == [
        ("draft", "proposed"),
        ("proposed", "deferred"),  # b's change happened first
        ("proposed", "accepted"),
    ]
    assert merged["history"] == sorted(merged["history"], key=lambda h: h["on"])
    assert sorted(merged["tags"]) == ["budget", "erp", "q3"]
    assert merged["status"] == "accepted"  # a's edit is later
    [conflict] = a.conflicts()
    assert (conflict["field"], conflict["kept"], conflict["other"]) == (
        "status",
        "accepted",
        "deferred",
    )
    assert a.table("recommendations") == b.table("recommendations")


def test_nested_object_merges_key_by_key(pair: tuple[Clone, Clone]) -> None:
    a, b = pair
    client_id = shared_client(a, b)
    a.update(Client, client_id, nda=Nda(signed_on="2026-01-05"))  # type: ignore[arg-type]
    a.sync()
    b.sync()
    a.clock.advance(minutes=1)
    b.clock.advance(minutes=2)
    a.update(Client, client_id, nda=Nda(signed_on="2026-01-05", level="strict"))  # type: ignore[arg-type]
    b.update(Client, client_id, nda=Nda(signed_on="2026-01-05", expires_on="2028-01-05"))  # type: ignore[arg-type]
    sync_all(a, b)
    assert a.record("clients", client_id)["nda"] == {
        "expires_on": "2028-01-05",
        "level": "strict",
        "signed_on": "2026-01-05",
    }
    assert a.conflicts() == []


def test_plain_git_pull_uses_the_driver_and_sync_records_its_conflicts(
    pair: tuple[Clone, Clone],
) -> None:
    a, b = pair
    client_id = shared_client(a, b)
    a.update(Client, client_id, health="red", sector="energy")
    a.sync()
    b.clock.advance(minutes=1)
    b.update(Client, client_id, health="amber", name="Acme Ltd")
    git(b.path, "commit", "-q", "-am", "edited by hand")
    pulled = b.pull()
    assert pulled.returncode == 0
    merged = b.record("clients", client_id)
    assert (merged["health"], merged["sector"], merged["name"]) == ("amber", "energy", "Acme Ltd")
    # git was still merging when the driver ran: the clash waits in the git folder ...
    assert pending_path(b.path).exists()
    result = b.sync()
    # ... and the next sync records it.
    assert not pending_path(b.path).exists()
    [conflict] = b.conflicts()
    assert (conflict["field"], conflict["kept"], conflict["other"]) == ("health", "amber", "red")
    assert "1 conflict added" in result.summary
    a.sync()
    assert a.table("conflicts") == b.table("conflicts")


def test_client_deleted_while_the_other_side_adds_a_recommendation_is_restored(
    pair: tuple[Clone, Clone],
) -> None:
    a, b = pair
    client_id = shared_client(a, b)
    a.delete(Client, client_id)
    rec_id = b.insert(Recommendation(client=client_id, title="Hire a security lead"))
    a.sync()
    result = b.sync()
    assert result.restored
    assert b.record("clients", client_id)["name"] == "Acme"
    assert b.record("recommendations", rec_id)["client"] == client_id
    [conflict] = b.conflicts()
    assert conflict["field"] == "*"
    assert conflict["record"] == client_id
    assert check_folder(b.path).ok
    a.sync()
    assert a.table("clients") == b.table("clients")
