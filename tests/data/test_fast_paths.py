"""The store's fast paths give exactly what the reference code gives.

* writes: `TableEncoder` (kept record texts) and `fast_canonical_bytes` == `canonical_bytes`;
* loads: the compiled parser == the generic parser, for good records and for bad ones (the same
  record or the same one-line error);
* `is_ulid` (now a regex) == its old definition.
"""

from __future__ import annotations

import copy
import json
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctotui.data.canonical import TableEncoder, fast_canonical_bytes
from ctotui.data.jsonfile import canonical_bytes
from ctotui.data.store import Store
from ctotui.data.tablefile import parse_table
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import BY_TABLE, Client, Milestone, Note, Recommendation
from ctotui.domain.enums import Area
from ctotui.domain.ids import _CROCKFORD, is_ulid, new_ulid
from ctotui.domain.schema import _parse_record, from_record
from ctotui.errors import ValidationError
from ctotui.services import deleting

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
NOW = "2026-11-27T09:00:00+00:00"

text = st.text(alphabet=st.characters(codec="utf-8"), max_size=8)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(), text)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(text, inner, max_size=3)
    ),
    max_leaves=8,
)
bodies = st.dictionaries(text, values, max_size=5)
records = st.dictionaries(text, bodies, max_size=4)


# --- writes -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(values)
def test_fast_canonical_bytes_is_canonical_bytes(value: Any) -> None:
    assert fast_canonical_bytes(value) == canonical_bytes(value)


def test_fast_canonical_bytes_falls_back_like_json() -> None:
    assert fast_canonical_bytes({1: "a", 2: [2]}) == canonical_bytes({1: "a", 2: [2]})
    for bad in ({"a": object()}, {1: "a", "b": 2}):
        with pytest.raises(TypeError):
            fast_canonical_bytes(bad)
    looped: list[Any] = []
    looped.append(looped)
    with pytest.raises(ValueError, match="Circular"):
        fast_canonical_bytes({"a": looped})


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["clients", "événements"]), records, st.data())
def test_table_encoder_follows_every_change(
    table: str, recs: dict[str, dict[str, Any]], data: st.DataObject
) -> None:
    encoder = TableEncoder(table)
    assert encoder.encode(recs) == canonical_bytes({table: recs})
    for _ in range(4):
        step = data.draw(st.sampled_from(["edit", "insert", "delete", "replace"]))
        if step == "insert" or not recs:
            rec_id = data.draw(text)
            recs[rec_id] = data.draw(bodies)
            encoder.forget(rec_id)
        elif step == "delete":
            rec_id = data.draw(st.sampled_from(sorted(recs)))
            del recs[rec_id]
            encoder.forget(rec_id)
        elif step == "edit":
            # In place, as TinyDB's update does; the store says which record changed.
            rec_id = data.draw(st.sampled_from(sorted(recs)))
            recs[rec_id].clear()
            recs[rec_id].update(data.draw(bodies))
            encoder.forget(rec_id)
        else:
            # The safety net: a record replaced or restamped without a word is re-encoded.
            rec_id = data.draw(st.sampled_from(sorted(recs)))
            recs[rec_id] = {**recs[rec_id], "updated_at": data.draw(text)}
        assert encoder.encode(recs) == canonical_bytes({table: recs})


def _copy_sample(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    for path in SAMPLE.glob("*.json"):
        shutil.copyfile(path, folder / path.name)
    return folder


def _assert_canonical(folder: Path) -> None:
    for path in folder.glob("*.json"):
        raw = path.read_bytes()
        assert raw == canonical_bytes(json.loads(raw)), path.name


def test_store_writes_stay_canonical_through_edits_and_reloads(tmp_path: Path) -> None:
    folder = _copy_sample(tmp_path)
    store = Store(folder, clock=FixedClock(NOW))
    client = store.all(Client)[0]
    rec = store.all(Recommendation)[0]
    store.update(Recommendation, rec.id, owner="Ann Example", title="Changed é ☃")
    _assert_canonical(folder)
    added = store.insert(Recommendation(client=client.id, title="New", area=Area.CLOUD))
    note = store.insert(Note(client=client.id, date=store.clock.today(), text="a\nnote"))
    _assert_canonical(folder)
    store.delete(Note, note.id)
    store.update(Recommendation, added.id, owner="Bo")
    _assert_canonical(folder)

    # Another process rewrites the file: the kept texts of the old file must not be reused.
    other = Store(folder, clock=FixedClock(NOW))
    other.update(Recommendation, rec.id, owner="Written elsewhere")
    store.update(Recommendation, added.id, owner="Cy")
    _assert_canonical(folder)
    assert Store(folder).get(Recommendation, rec.id).owner == "Written elsewhere"
    milestone = store.all(Milestone)[0]
    deleting.delete(store, Recommendation, milestone.recommendation, cascade=True)
    _assert_canonical(folder)
    assert store.raw("recommendations") == Store(folder).raw("recommendations")


# --- loads --------------------------------------------------------------------------------


def _both(cls: type[Any], rec_id: str, body: dict[str, Any]) -> tuple[Any, Any]:
    """(fast result or error text, generic result or error text)."""
    out = []
    for parse in (
        lambda: from_record(cls, rec_id, body),
        lambda: _parse_record(cls, rec_id, body, f"{cls.TABLE}/{rec_id}"),
    ):
        try:
            out.append(parse())
        except ValidationError as exc:
            out.append(str(exc))
    return out[0], out[1]


def _sample_records() -> list[tuple[type[Any], str, dict[str, Any]]]:
    found = []
    for path in sorted(SAMPLE.glob("*.json")):
        table = path.stem
        if table not in BY_TABLE:
            continue
        for rec_id, body in json.loads(path.read_bytes())[table].items():
            found.append((BY_TABLE[table], rec_id, body))
    return found


SAMPLES = _sample_records()


def test_the_fast_parser_builds_the_same_records() -> None:
    assert SAMPLES
    for cls, rec_id, body in SAMPLES:
        fast, generic = _both(cls, rec_id, body)
        assert fast == generic
        assert type(fast) is cls


ODD_VALUES: list[Any] = [
    "",
    " ",
    "2026-02-30",
    "2026-02-28",
    "12.5",
    "-1",
    "1e3",
    "EUR",
    "eur",
    "draft",
    "critical",
    "2026-11-01T10:00:00.000000Z",
    new_ulid(),
    0,
    -1,
    101,
    True,
    12,
    [],
    ["a", 1],
    {},
    {"one_time": "5.00"},
    {"signed_on": "2026-05-01", "expires_on": "2026-01-01"},
    [{"name": "Ann"}, {"title": "CFO"}],
    [{"to": "proposed", "on": "2026-11-01T10:00:00.000000Z", "extra": 1}],
    [{"to": "proposed", "on": "2026-11-01"}],
    None,
    1.5,
    1000,
    1001,
    -366,
    2200,
    "FREQ=YEARLY;COUNT=2",
    "FREQ=SOMETIMES",
    "25:00",
    "09:30",
]
odd_values = st.one_of(values, st.sampled_from(ODD_VALUES))


def test_every_odd_value_in_every_field_gets_the_same_verdict() -> None:
    one_per_class = {cls: (rec_id, body) for cls, rec_id, body in SAMPLES}
    for cls, (rec_id, body) in one_per_class.items():
        for key in sorted({*body, *cls.__dataclass_fields__, "from", "colour"}):
            for value in ODD_VALUES:
                fast, generic = _both(cls, rec_id, {**body, key: value})
                assert fast == generic, (cls.__name__, key, value)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SAMPLES), st.data())
def test_bad_and_odd_values_get_the_same_verdict(
    sample: tuple[type[Any], str, dict[str, Any]], data: st.DataObject
) -> None:
    cls, rec_id, body = sample
    body = dict(body)
    keys = sorted({*body, *(f.name for f in cls.__dataclass_fields__.values()), "colour"})
    for _ in range(data.draw(st.integers(1, 3))):
        key = data.draw(st.sampled_from(keys))
        if data.draw(st.booleans()):
            body[key] = data.draw(odd_values)
        else:
            body.pop(key, None)
    fast, generic = _both(cls, rec_id, body)
    assert fast == generic


# --- ids ----------------------------------------------------------------------------------


def _old_is_ulid(value: object) -> bool:
    return (
        isinstance(value, str)
        and len(value) == 26
        and value[0] in "01234567"
        and all(c in _CROCKFORD for c in value)
    )


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(alphabet=_CROCKFORD + "ILOUilou8\n é", min_size=24, max_size=28),
        st.text(alphabet=_CROCKFORD, min_size=26, max_size=26),
        st.none(),
        st.integers(),
    )
)
def test_is_ulid_means_what_it_meant(value: object) -> None:
    assert is_ulid(value) == _old_is_ulid(value)


# --- the load cache's pickles ----------------------------------------------------------------


def test_every_sample_record_pickles_and_copies_to_an_equal_record() -> None:
    # Records pickle as a tuple of their values (`domain/pickling.py`): every field of every
    # kind of record and nested value must come back, in its place, for every table.
    store = Store(SAMPLE)
    for table, cls in BY_TABLE.items():
        records = store.all(cls)
        back = pickle.loads(pickle.dumps(records, pickle.HIGHEST_PROTOCOL))
        assert back == records, table
        assert [type(r) for r in back] == [type(r) for r in records]
        for rec in records:
            assert copy.copy(rec) == rec and copy.deepcopy(rec) == rec
    rec = next(r for r in store.all(Recommendation) if r.history and r.estimated_cost)
    back = pickle.loads(pickle.dumps(rec))
    assert back.history[-1].to == rec.history[-1].to and back.history is not rec.history
    assert back.estimated_cost == rec.estimated_cost and back.title == rec.title


@pytest.mark.parametrize("table", sorted(BY_TABLE))
def test_a_load_that_defers_the_stored_dicts_gives_the_same_table(table: str) -> None:
    """The dashboard's load drops each stored dict once its record is built (less memory at
    the first frame); the dicts come back, the same, when a write needs them."""
    data = (SAMPLE / f"{table}.json").read_bytes()
    kept = parse_table(data, table, f"{table}.json")
    lean = parse_table(data, table, f"{table}.json", defer_raw=True)
    assert lean.typed == kept.typed
    assert lean.raw == {} and lean.raw_later is not None
    assert lean.raw_later() == kept.raw == json.loads(data)[table]


def test_a_store_opened_without_cache_writes_only_the_change(tmp_path: Path) -> None:
    """Its stored dicts deferred, a store still writes every other record exactly as it was."""
    folder = _copy_sample(tmp_path)
    store = Store(folder, clock=FixedClock(NOW))
    assert store._storage.tables["recommendations"] == {}  # deferred: nothing parsed twice yet
    rec = store.all(Recommendation)[-1]
    store.update(Recommendation, rec.id, owner="Priya")
    _assert_canonical(folder)
    for table in BY_TABLE:
        name = f"{table}.json"
        before = json.loads((SAMPLE / name).read_bytes())[table]
        after = json.loads((folder / name).read_bytes())[table]
        if table != "recommendations":
            assert after == before, name
            continue
        assert after.pop(rec.id)["owner"] == "Priya"
        assert before.pop(rec.id)["owner"] != "Priya"
        assert after == before
