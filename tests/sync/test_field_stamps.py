"""The later edit of each field wins (issue 13, item 2): a stamp per changed field.

From the store's update (which stamps what it changed) through the schema (which accepts and
checks the stamps) to a real `git` merge between clones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ctotui.domain.entities import Client, Recommendation
from ctotui.domain.field_stamps import changed_fields, with_field_stamps
from ctotui.domain.schema import from_record, to_record
from ctotui.errors import ValidationError
from ctotui.sync.merge import merge_table
from tests.sync.conftest import Clone

ID = "01JD000000000000000000000A"
CLIENT = "01JD000000000000000000000C"
T1 = "2026-11-27T09:00:00.000000Z"
T2 = "2026-11-27T09:01:00.000000Z"
T3 = "2026-11-27T09:02:00.000000Z"
T4 = "2026-11-27T09:03:00.000000Z"


def test_an_edit_stamps_each_field_it_added_changed_or_removed() -> None:
    before = {"name": "A", "sector": "retail", "health": "green", "updated_at": T1}
    after = {"name": "B", "health": "green", "notes": "x", "updated_at": T2}
    assert changed_fields(before, after) == ["name", "notes", "sector"]
    stamped = with_field_stamps(before, {**after, "field_stamps": {"health": T1}})
    assert stamped["field_stamps"] == {"health": T1, "name": T2, "notes": T2, "sector": T2}
    assert with_field_stamps(before, {**before, "updated_at": T2}) == {**before, "updated_at": T2}


def test_store_update_keeps_a_stamp_per_changed_field(clone_store: Any) -> None:
    store, clock = clone_store
    client = store.insert(Client(name="Acme", sector="retail"))
    assert "field_stamps" not in to_record(client)  # a new record: every field as created
    clock.advance(minutes=1)
    first = store.update(Client, client.id, health="red", sector=None)
    assert first.field_stamps == {"health": first.updated_at, "sector": first.updated_at}
    clock.advance(minutes=1)
    second = store.update(Client, client.id, name="Acme Ltd")
    assert second.field_stamps == {
        "health": first.updated_at,
        "sector": first.updated_at,
        "name": second.updated_at,
    }
    assert store.update(Client, client.id, name="Acme Ltd") == second  # no change, no stamp
    stored = to_record(store.get(Client, client.id))
    assert stored["field_stamps"] == second.field_stamps
    assert from_record(Client, client.id, stored) == second


@pytest.mark.parametrize(
    ("stamps", "message"),
    [
        ("x", "field 'field_stamps': expected an object of field names and stamps, got text"),
        ({"colour": T1}, "field 'field_stamps': unknown field 'colour'"),
        ({"name": "yesterday"}, "field 'field_stamps.name': expected a UTC time stamp"),
        ({"updated_at": T1}, "field 'field_stamps': unknown field 'updated_at'"),
    ],
)
def test_field_stamps_are_checked_like_any_field(stamps: Any, message: str) -> None:
    body = {"name": "Acme", "updated_at": T1, "field_stamps": stamps}
    with pytest.raises(ValidationError) as caught:
        from_record(Client, ID, body)
    assert message in str(caught.value)


def rec(stamp: str, stamps: dict[str, str] | None = None, **fields: Any) -> dict[str, Any]:
    body = {"client": CLIENT, "title": "Plan", "created_at": T1, "updated_at": stamp, **fields}
    if stamps:
        body["field_stamps"] = stamps
    return body


def test_the_later_edit_of_a_field_wins_though_the_other_record_is_later() -> None:
    base = {ID: rec(T1, owner="Ann")}
    # A set `owner` at T2, then edited `rationale` at T4: A's record is the later one.
    a = {ID: rec(T4, {"owner": T2, "rationale": T4}, owner="Bob", rationale="why")}
    # B set `owner` at T3, later than A's edit of `owner`.
    b = {ID: rec(T3, {"owner": T3}, owner="Cy")}
    for ours, theirs in ((a, b), (b, a)):
        result = merge_table(base, ours, theirs)
        merged = result.records[ID]
        assert (merged["owner"], merged["rationale"], merged["updated_at"]) == ("Cy", "why", T4)
        assert merged["field_stamps"] == {"owner": T3, "rationale": T4}
        [clash] = result.clashes
        assert (clash.field, clash.kept, clash.other) == ("owner", "Cy", "Bob")
        assert (clash.kept_updated_at, clash.other_updated_at) == (T3, T2)


def test_a_side_without_field_stamps_falls_back_to_its_record_stamp() -> None:
    base = {ID: rec(T1, owner="Ann")}
    old = {ID: rec(T3, owner="Old")}  # written before field stamps: T3 for every field
    new = {ID: rec(T2, {"owner": T2}, owner="New")}
    merged = merge_table(base, old, new)
    assert merged.records[ID]["owner"] == "Old"
    assert merged.records[ID]["field_stamps"] == {"owner": T3}  # what the winner's edit had
    assert merge_table(base, new, old).records == merged.records


def test_records_without_field_stamps_merge_as_before() -> None:
    base = {ID: rec(T1, owner="Ann")}
    ours = {ID: rec(T3, owner="Bob", rationale="why")}
    theirs = {ID: rec(T2, owner="Cy")}
    merged = merge_table(base, ours, theirs).records[ID]
    assert merged == rec(T3, owner="Bob", rationale="why")  # the later record's, no stamps


def test_fast_and_generic_parsers_agree_on_field_stamps() -> None:
    from ctotui.domain.schema import _parse_record

    body = rec(T2, {"owner": T2, "tags": T1}, owner="Ann", tags=["x"])
    fast = from_record(Recommendation, ID, body)
    assert fast == _parse_record(Recommendation, ID, body, "recommendations/" + ID)
    assert fast.field_stamps == {"owner": T2, "tags": T1}
    assert fast.field_stamps is not body["field_stamps"]  # never shared with the stored dict


def test_clone_b_later_owner_beats_clone_a_earlier_owner_and_later_other_edit(
    make_clones: Callable[[int], list[Clone]],
) -> None:
    a, b, c = make_clones(3)
    client_id = a.insert(Client(name="Acme"))
    rec_id = a.insert(Recommendation(client=client_id, title="Replace the ERP", owner="Ann"))
    a.sync()
    b.sync()
    c.sync()
    a.clock.advance(minutes=1)
    a.update(Recommendation, rec_id, owner="Bob")  # A's owner: early
    b.clock.advance(minutes=2)
    b.update(Recommendation, rec_id, owner="Cy")  # B's owner: later
    a.clock.advance(minutes=2)
    a.update(Recommendation, rec_id, rationale="licences run out")  # A's record: latest
    b_stamp = b.record("recommendations", rec_id)["field_stamps"]["owner"]
    a.sync()
    b.sync()
    a.sync()
    c.sync()
    for clone in (a, b, c):
        merged = clone.record("recommendations", rec_id)
        assert (merged["owner"], merged["rationale"]) == ("Cy", "licences run out")
        assert merged["field_stamps"]["owner"] == b_stamp
    [conflict] = a.conflicts()
    assert (conflict["field"], conflict["kept"], conflict["other"]) == ("owner", "Cy", "Bob")
    assert conflict["kept_updated_at"] == b_stamp
    assert len({(x.path / "recommendations.json").read_bytes() for x in (a, b, c)}) == 1
    assert len({(x.path / "conflicts.json").read_bytes() for x in (a, b, c)}) == 1


@pytest.fixture
def clone_store(tmp_path: Any) -> Any:
    from ctotui.data.folder import create_folder
    from ctotui.data.store import Store
    from ctotui.domain.clock import FixedClock

    folder = tmp_path / "data"
    create_folder(folder)
    clock = FixedClock("2026-11-27T09:00:00+00:00")
    with Store(folder, clock=clock) as store:
        yield store, clock
