"""The pure table merge: its rules on small cases, then symmetry and idempotence as properties."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ctotui.domain.field_stamps import field_stamp
from ctotui.domain.ids import _encode, is_ulid
from ctotui.sync.conflicts import conflict_id, conflict_records
from ctotui.sync.merge import MISSING, Table, TableMerge, merge_table

ID1 = "01JD000000000000000000000A"
ID2 = "01JD000000000000000000000B"
T1 = "2026-11-27T09:00:00.000000Z"
T2 = "2026-11-27T10:00:00.000000Z"
T3 = "2026-11-27T11:00:00.000000Z"


def rec(stamp: str = T1, **fields: Any) -> dict[str, Any]:
    return {"created_at": T1, "updated_at": stamp, **fields}


def test_one_sided_change_is_taken() -> None:
    base = {ID1: rec(name="A", health="green")}
    ours = {ID1: rec(T2, name="A", health="red")}
    result = merge_table(base, ours, base)
    assert result.records == ours
    assert result.clashes == []


def test_field_removed_on_one_side_stays_removed() -> None:
    base = {ID1: rec(name="A", sector="retail")}
    ours = {ID1: rec(T2, name="A")}
    theirs = {ID1: rec(T3, name="B", sector="retail")}
    result = merge_table(base, ours, theirs)
    assert result.records[ID1] == rec(T3, name="B")


def test_clash_reports_both_values_and_stamps() -> None:
    base = {ID1: rec(name="A")}
    ours = {ID1: rec(T2, name="B")}
    theirs = {ID1: rec(T3, name="C")}
    result = merge_table(base, ours, theirs)
    assert result.records[ID1]["name"] == "C"
    [clash] = result.clashes
    assert (clash.field, clash.kept, clash.other) == ("name", "C", "B")
    assert (clash.kept_updated_at, clash.other_updated_at, clash.at) == (T3, T2, T3)


def test_clearing_a_field_against_an_edit_at_the_same_moment_keeps_the_value() -> None:
    base = {ID1: rec(name="A", notes="x")}
    ours = {ID1: rec(T2, name="A")}
    theirs = {ID1: rec(T2, name="A", notes="y")}
    result = merge_table(base, ours, theirs)
    assert result.records[ID1]["notes"] == "y"
    assert result.clashes[0].other is None


def test_deleted_on_both_sides_is_gone_and_unchanged_delete_wins() -> None:
    base = {ID1: rec(name="A"), ID2: rec(name="B")}
    ours: Table = {ID2: rec(name="B")}
    theirs: Table = {}
    assert merge_table(base, ours, theirs).records == {}


def test_same_record_inserted_on_both_sides_differently_is_merged_field_by_field() -> None:
    ours = {ID1: rec(T2, name="A", sector="x")}
    theirs = {ID1: rec(T3, name="A", health="red")}
    result = merge_table({}, ours, theirs)
    assert result.records[ID1] == rec(T3, name="A", sector="x", health="red")


def test_invalid_field_by_field_result_falls_back_to_the_later_record() -> None:
    base = {ID1: rec(start="2026-01-01", end="2026-12-31")}
    ours = {ID1: rec(T2, start="2027-03-01", end="2027-12-31")}  # moved both
    theirs = {ID1: rec(T3, start="2026-01-01", end="2026-06-30")}  # shortened

    def valid(rec_id: str, body: dict[str, Any]) -> bool:
        return bool(body.get("start", "") <= body.get("end", "9999"))

    result = merge_table(base, ours, theirs, valid=valid)
    assert result.records[ID1] == rec(T3, start="2026-01-01", end="2026-06-30")
    assert {(c.field, c.kept, c.other) for c in result.clashes} == {
        ("start", "2026-01-01", "2027-03-01"),
        ("end", "2026-06-30", "2027-12-31"),
    }


def test_conflict_ids_are_ulids_that_depend_only_on_the_clash() -> None:
    base = {ID1: rec(name="A")}
    ours = {ID1: rec(T2, name="B")}
    theirs = {ID1: rec(T3, name="C")}
    one = conflict_records("clients", merge_table(base, ours, theirs).clashes)
    two = conflict_records("clients", merge_table(base, theirs, ours).clashes)
    assert one == two
    [cid] = one
    assert is_ulid(cid)
    t3_ms = int(datetime.fromisoformat(T3.replace("Z", "+00:00")).timestamp() * 1000)
    assert cid[:10] == _encode(t3_ms, 10)  # the time part is the clash's moment
    assert one[cid]["detected_at"] == T3
    other_table = conflict_id("events", merge_table(base, ours, theirs).clashes[0])
    assert other_table != cid


# --- properties ------------------------------------------------------------------------------

IDS = [f"01JD00000000000000000000{c}{d}" for c in "AB" for d in "CD"]
STAMPS = [T1, T2, T3]
scalars = st.one_of(st.sampled_from(["a", "b", "c"]), st.integers(0, 3), st.booleans())
history = st.lists(
    st.fixed_dictionaries({"on": st.sampled_from(STAMPS), "to": st.sampled_from(["x", "y", "z"])}),
    max_size=3,
)
tags = st.lists(st.sampled_from(["erp", "crm", "ops"]), max_size=3, unique=True)
nested = st.dictionaries(st.sampled_from(["level", "signed_on"]), scalars, max_size=2)
bodies = st.fixed_dictionaries(
    {"updated_at": st.sampled_from(STAMPS)},
    optional={
        "name": scalars,
        "health": scalars,
        "history": history,
        "tags": tags,
        "nda": nested,
        "contacts": st.lists(st.fixed_dictionaries({"name": scalars}), max_size=2),
        "field_stamps": st.dictionaries(
            st.sampled_from(["name", "health", "tags", "nda"]), st.sampled_from(STAMPS), max_size=3
        ),
    },
)
tables = st.dictionaries(st.sampled_from(IDS), bodies, max_size=4)


@st.composite
def three_way(draw: st.DrawFn) -> tuple[Table, Table, Table]:
    """A base and two sides derived from it by edits, inserts and deletes."""
    base = draw(tables)

    def side() -> Table:
        out = dict(base)
        for rec_id in list(out):
            choice = draw(st.integers(0, 3))
            if choice == 0:
                del out[rec_id]
            elif choice == 1:
                out[rec_id] = {**out[rec_id], **draw(bodies)}
        out.update(draw(tables))
        return out

    return base, side(), side()


def _canon(result: TableMerge) -> tuple[Table, list[Any]]:
    return result.records, sorted(
        (c.record, c.field, repr(c.kept), repr(c.other)) for c in result.clashes
    )


@settings(max_examples=150, deadline=None)
@given(three_way())
def test_merge_does_not_depend_on_which_side_is_ours(sides: tuple[Table, Table, Table]) -> None:
    base, ours, theirs = sides
    assert _canon(merge_table(base, ours, theirs)) == _canon(merge_table(base, theirs, ours))


@settings(max_examples=150, deadline=None)
@given(three_way())
def test_merge_is_idempotent(sides: tuple[Table, Table, Table]) -> None:
    base, ours, theirs = sides
    merged = merge_table(base, ours, theirs)
    assert merge_table(base, ours, ours).records == ours
    # Merging the result again with either input changes nothing and reports the same clashes.
    again = merge_table(base, merged.records, theirs)
    assert again.records == merged.records
    assert merge_table(base, ours, merged.records).records == merged.records
    assert merge_table(merged.records, merged.records, merged.records).records == merged.records
    assert {(c.record, c.field) for c in again.clashes} <= {
        (c.record, c.field) for c in merged.clashes
    }


def _values(body: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out = {}
    for key, value in body.items():
        if isinstance(value, dict):
            out.update(_values(value, f"{prefix}{key}."))
        out[prefix + key] = value
    return out


@settings(max_examples=150, deadline=None)
@given(three_way())
def test_every_merged_value_was_written_by_a_side(sides: tuple[Table, Table, Table]) -> None:
    base, ours, theirs = sides
    merged = merge_table(base, ours, theirs).records
    for rec_id, body in merged.items():
        inputs = [t[rec_id] for t in (ours, theirs, base) if rec_id in t]
        for path, value in _values(body).items():
            if path.startswith("field_stamps."):
                # The stamp of a side's value: its own stamp of the field, or its record's.
                key = path.removeprefix("field_stamps.")
                sides = [t[rec_id] for t in (ours, theirs) if rec_id in t]
                assert value in [field_stamp(side, key) for side in sides], (rec_id, path)
                continue
            candidates = [_values(i).get(path, MISSING) for i in inputs]
            if isinstance(value, list) and path in ("history", "tags"):
                written = [item for c in candidates if isinstance(c, list) for item in c]
                assert all(item in written for item in value)
            elif isinstance(value, dict):
                continue  # checked key by key
            else:
                assert value in candidates, (rec_id, path, value)
        stamps = [t[rec_id]["updated_at"] for t in (ours, theirs) if rec_id in t]
        assert body["updated_at"] in stamps
        o, t, b = ours.get(rec_id), theirs.get(rec_id), base.get(rec_id)
        if o is not None and t is not None and b not in (o, t):
            assert body["updated_at"] == max(stamps)
    # Nothing one side inserted is lost.
    for rec_id in (ours.keys() | theirs.keys()) - base.keys():
        assert rec_id in merged
