"""The store keeps what it is given: every entity survives a reopen, byte-canonical on disk."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest
from tinydb import Query

from ctotui.data.jsonfile import canonical_bytes
from ctotui.data.store import Change, Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import (
    ENTITIES,
    BudgetLine,
    Client,
    Conflict,
    Contact,
    Cost,
    Engagement,
    Event,
    EventException,
    Milestone,
    Nda,
    Note,
    Recommendation,
    StatusChange,
)
from ctotui.domain.enums import (
    Area,
    BudgetCategory,
    ClientStatus,
    EventKind,
    Health,
    NdaLevel,
    Priority,
    RecStatus,
    Role,
    Spend,
)
from ctotui.domain.ids import is_ulid
from ctotui.domain.schema import Record
from ctotui.errors import ValidationError

D = pendulum.Date
STAMP = "2026-11-27T09:00:00.000000Z"


def populate(store: Store) -> dict[str, Record]:
    """One record of every entity, with non-ASCII text and every kind of field filled in."""
    client = store.insert(
        Client(
            name="Brasserie Zürich SA",
            codename="Œuvre",
            status=ClientStatus.ACTIVE,
            health=Health.AMBER,
            role=Role.LATERAL_SUPPORT,
            sector="hospitality",
            size=140,
            fiscal_year_start=4,
            nda=Nda(signed_on=D(2025, 3, 1), expires_on=D(2028, 3, 1), level=NdaLevel.STRICT),
            contacts=[Contact(name="Zoë Müller", title="CIO", email="zoe@example.ch")],
            rate=Decimal("1450.00"),
            currency="CHF",
            started_on=D(2025, 3, 15),
            tags=["uc", "erp"],
            notes="Prefers e-mail; «no calls on Friday».",
        )
    )
    engagement = store.insert(
        Engagement(
            client=client.id,
            title="Fractional CTO 2026",
            start=D(2026, 1, 1),
            end=D(2026, 12, 31),
            hours_budget=320,
            fee=Decimal("96000"),
        )
    )
    rec = store.insert(
        Recommendation(
            client=client.id,
            engagement=engagement.id,
            title="Replace the PBX with UC (Teams Phone)",
            area=Area.UNIFIED_COMMS,
            rationale="PBX end of support — 2027-06",
            priority=Priority.HIGH,
            estimated_cost=Cost(one_time=Decimal("12500.50"), recurring=Decimal("3600")),
            status=RecStatus.PROPOSED,
            history=[
                StatusChange(from_="draft", to="proposed", on=STAMP, note="sent to the board")
            ],
            owner="Zoë",
            proposed_on=D(2026, 11, 20),
            due=D(2027, 3, 31),
            progress=10,
            tags=["telephony"],
        )
    )
    milestone = store.insert(
        Milestone(recommendation=rec.id, title="Pick a carrier", due=D(2026, 12, 15), weight=3)
    )
    event = store.insert(
        Event(
            client=client.id,
            kind=EventKind.RENEWAL,
            title="Firewall contract renewal",
            date=D(2027, 1, 1),
            end=D(2027, 12, 31),
            all_day=True,
            rrule="FREQ=YEARLY",
            notice_days=90,
            auto_renew=True,
            amount=Decimal("8400"),
            currency="CHF",
            recommendation=rec.id,
        )
    )
    line = store.insert(
        BudgetLine(
            client=client.id,
            fiscal_year=2026,
            category=BudgetCategory.TELECOM,
            spend=Spend.CAPEX,
            description="Handsets & licences",
            planned=Decimal("20000"),
            committed=Decimal("0"),
            recommendation=rec.id,
        )
    )
    note = store.insert(
        Note(
            client=client.id,
            date=D(2026, 11, 26),
            text="Steering: the CFO wants a phased roll-out.",
            recommendation=rec.id,
            event=event.id,
        )
    )
    conflict = store.insert(
        Conflict(
            table="clients",
            record=client.id,
            field="health",
            kept="amber",
            other={"nested": ["red", 1]},
            detected_at=STAMP,
        )
    )
    moved = store.insert(
        EventException(
            event=event.id, date=D(2028, 1, 1), moved_to=D(2028, 1, 8), title="Renewal (late)"
        )
    )
    records = (client, engagement, rec, milestone, event, line, note, conflict, moved)
    return {r.TABLE: r for r in records}


def test_every_entity_round_trips_through_a_reopened_store(
    data_dir: Path, store: Store, clock: FixedClock
) -> None:
    inserted = populate(store)
    assert set(inserted) == {cls.TABLE for cls in ENTITIES}  # a new entity belongs in populate()
    reopened = Store(data_dir, clock=clock)
    for table, rec in inserted.items():
        assert reopened.all(type(rec)) == [rec], table
        assert reopened.get(type(rec), rec.id) == rec


def _sorted_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    assert keys == sorted(keys), keys
    return dict(pairs)


def test_table_files_are_canonical_utf8(data_dir: Path, store: Store) -> None:
    inserted = populate(store)
    for table in inserted:
        raw = (data_dir / f"{table}.json").read_bytes()
        data = json.loads(raw)
        assert raw == canonical_bytes(data), table
        assert raw.endswith(b"}\n") and not raw.endswith(b"\n\n")
        assert raw.startswith(b'{\n  "' + table.encode() + b'": {\n    "')
        json.loads(raw, object_pairs_hook=_sorted_keys)
    clients = (data_dir / "clients.json").read_bytes()
    assert "Brasserie Zürich SA".encode() in clients
    assert "«no calls on Friday»".encode() in clients
    assert b"\\u" not in clients  # non-ASCII is kept, not escaped
    recs = (data_dir / "recommendations.json").read_text(encoding="utf-8")
    assert '"one_time": "12500.50"' in recs  # money as a decimal string, never a float
    assert '"recurring": "3600.00"' in recs
    assert '"from": "draft"' in recs  # the stored name of StatusChange.from_


def test_records_are_keyed_by_ulids_in_creation_order(store: Store) -> None:
    ids = [store.insert(Client(name=f"Client {i}")).id for i in range(20)]
    assert all(is_ulid(i) for i in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == 20
    stored = json.loads((store.folder / "clients.json").read_text())["clients"]
    assert sorted(stored) == ids
    assert all("id" not in body for body in stored.values())  # the key is the id


def test_insert_stamps_created_and_updated(store: Store) -> None:
    client = store.insert(Client(name="Acme"))
    assert client.created_at == client.updated_at == STAMP


def test_updated_at_strictly_increases_when_the_clock_stands_still_or_goes_back(
    store: Store, clock: FixedClock
) -> None:
    client = store.insert(Client(name="Acme"))
    stamps = [client.updated_at]
    for health in (Health.AMBER, Health.RED):  # the clock does not move
        stamps.append(store.update(Client, client.id, health=health).updated_at)
    clock.advance(hours=-3)  # the laptop's clock is behind the jump box's
    stamps.append(store.update(Client, client.id, health=Health.GREEN).updated_at)
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert stamps[1] == "2026-11-27T09:00:00.000001Z"
    clock.advance(hours=4)
    moved = store.update(Client, client.id, sector="retail")
    assert moved.updated_at == "2026-11-27T10:00:00.000000Z"
    assert moved.created_at == STAMP


def test_update_with_none_clears_a_field(data_dir: Path, store: Store, clock: FixedClock) -> None:
    client = store.insert(Client(name="Acme", sector="retail", currency="EUR"))
    rec = store.insert(
        Recommendation(client=client.id, title="SIEM", due=D(2027, 1, 31), owner="Ann")
    )
    cleared = store.update(Recommendation, rec.id, due=None, owner=None)
    assert cleared.due is None and cleared.owner == ""
    body = json.loads((data_dir / "recommendations.json").read_text())["recommendations"][rec.id]
    assert "due" not in body and "owner" not in body
    assert Store(data_dir, clock=clock).get(Recommendation, rec.id) == cleared


def test_update_accepts_typed_values_and_stored_forms(store: Store) -> None:
    client = store.insert(Client(name="Acme"))
    line = store.insert(BudgetLine(client=client.id, fiscal_year=2026, description="Laptops"))
    assert store.update(BudgetLine, line.id, planned=Decimal("1200")).planned == Decimal("1200.00")
    assert store.update(BudgetLine, line.id, planned="1300.5").planned == Decimal("1300.50")
    with pytest.raises(ValidationError, match="not a stored amount"):
        store.update(BudgetLine, line.id, planned="1,300.5")  # typed text is parsed before
    assert store.update(BudgetLine, line.id, planned=1400).planned == Decimal("1400.00")
    hardware = store.update(BudgetLine, line.id, category="hardware").category
    assert hardware == BudgetCategory.HARDWARE
    assert store.update(BudgetLine, line.id, spend=Spend.CAPEX).spend == Spend.CAPEX
    rec = store.insert(Recommendation(client=client.id, title="ERP"))
    assert store.update(Recommendation, rec.id, due="2027-02-01").due == D(2027, 2, 1)
    assert store.update(Recommendation, rec.id, due=D(2027, 2, 2)).due == D(2027, 2, 2)
    cost = store.update(
        Recommendation, rec.id, estimated_cost=Cost(one_time=Decimal("5"))
    ).estimated_cost
    assert cost == Cost(one_time=Decimal("5.00"))


def test_query_with_tinydb_query_and_with_a_predicate(store: Store) -> None:
    a = store.insert(Client(name="Acme", status=ClientStatus.PAUSED, health=Health.RED))
    b = store.insert(Client(name="Beta", health=Health.RED))
    store.insert(Client(name="Gamma"))
    client = Query()
    assert store.query(Client, client.status == "paused") == [a]
    assert {c.id for c in store.query(Client, client.health == "red")} == {a.id, b.id}
    assert store.query(Client, lambda c: c.name.startswith("B")) == [b]
    store.update(Client, b.id, status=ClientStatus.PAUSED)
    # The query cache is dropped on every change: the second answer sees the update.
    assert {c.id for c in store.query(Client, client.status == "paused")} == {a.id, b.id}
    assert store.query(Client, client.name == "Gamma")[0].name == "Gamma"


def test_where_index_follows_updates_deletes_and_reloads(
    data_dir: Path, store: Store, clock: FixedClock
) -> None:
    one = store.insert(Client(name="One"))
    two = store.insert(Client(name="Two"))
    recs = [store.insert(Recommendation(client=one.id, title=f"R{i}")) for i in range(3)]

    def ids(client_id: str) -> set[str]:
        return {r.id for r in store.where(Recommendation, "client", client_id)}

    assert ids(one.id) == {r.id for r in recs} and ids(two.id) == set()
    store.update(Recommendation, recs[0].id, client=two.id)
    assert ids(one.id) == {recs[1].id, recs[2].id} and ids(two.id) == {recs[0].id}
    assert store.where(Recommendation, "client", two.id)[0].client == two.id  # the new record
    store.delete(Recommendation, recs[1].id)
    assert ids(one.id) == {recs[2].id}
    other = Store(data_dir, clock=clock)
    other.update(Recommendation, recs[2].id, client=two.id)
    store.reload_if_changed()
    assert ids(one.id) == set() and ids(two.id) == {recs[0].id, recs[2].id}


def test_local_changes_are_notified_once_per_transaction(store: Store) -> None:
    seen: list[Change] = []
    unsubscribe = store.subscribe(seen.append)
    client = store.insert(Client(name="Acme"))
    assert seen == [Change(frozenset({"clients"}), "local")]
    with store.transaction():
        rec = store.insert(Recommendation(client=client.id, title="SIEM"))
        store.insert(Milestone(recommendation=rec.id, title="Pick a vendor"))
    assert seen[1] == Change(frozenset({"recommendations", "milestones"}), "local")
    unsubscribe()
    store.update(Client, client.id, sector="retail")
    assert len(seen) == 2


def test_another_processes_write_is_picked_up_and_notified(
    data_dir: Path, store: Store, cli: Any
) -> None:
    store.insert(Client(name="Mine"))
    seen: list[Change] = []
    store.subscribe(seen.append)
    assert store.reload_if_changed() == frozenset()
    done = cli("--data", str(data_dir), "add", "client", "Theirs")
    assert done.code == 0, done.err
    assert store.changed_on_disk() == {"clients"}
    assert store.reload_if_changed() == frozenset({"clients"})
    assert seen == [Change(frozenset({"clients"}), "disk")]
    assert sorted(c.name for c in store.all(Client)) == ["Mine", "Theirs"]
    assert store.reload_if_changed() == frozenset()
    assert len(seen) == 1


def test_a_write_reloads_what_another_process_wrote_first(
    data_dir: Path, store: Store, clock: FixedClock
) -> None:
    first = store.insert(Client(name="First"))
    Store(data_dir, clock=clock).insert(Client(name="Second"))
    store.update(Client, first.id, sector="law")  # must not drop "Second"
    names = {
        c["name"] for c in json.loads((data_dir / "clients.json").read_text())["clients"].values()
    }
    assert names == {"First", "Second"}


def _file_id(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def test_unchanged_writes_leave_the_file_alone(data_dir: Path, store: Store) -> None:
    seen: list[Change] = []
    client = store.insert(Client(name="Acme", sector="retail"))
    path = data_dir / "clients.json"
    before = _file_id(path)
    store.subscribe(seen.append)
    assert store.update(Client, client.id, sector="retail") == client
    assert store.update(Client, client.id, health=Health.GREEN) == client
    assert _file_id(path) == before
    assert seen == []
    # A transaction whose net effect is nothing writes nothing either.
    with store.transaction():
        temp = store.insert(Client(name="Temporary"))
        store.delete(Client, temp.id)
    assert _file_id(path) == before
