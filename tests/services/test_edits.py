"""An edit writes only what the person changed, and never over someone else's change."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from support import snapshot

from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Recommendation
from ctotui.services.edits import EditConflict, FieldClash, edit_record


@pytest.fixture
def rec(store: Store) -> Recommendation:
    client = store.insert(Client(name="Halvorsen Freight"))
    return store.insert(
        Recommendation(client=client.id, title="Move depot telephony", owner="Elena")
    )


def test_only_the_changed_fields_are_written(
    data_dir: Path, clock: FixedClock, store: Store, rec: Recommendation
) -> None:
    # Another process moves the due date while the form is open on the old record...
    Store(data_dir, clock=clock).update(Recommendation, rec.id, due=pendulum.Date(2027, 1, 15))
    # ...and the form, which shows every field as it read them, changes the title only.
    saved = edit_record(
        store, rec, {"title": "Move depot telephony to UC", "owner": "Elena", "due": None}
    )
    assert saved.title == "Move depot telephony to UC"
    assert saved.due == pendulum.Date(2027, 1, 15)  # not put back to the old (empty) value


def test_a_field_changed_elsewhere_is_a_conflict_naming_both_values(
    data_dir: Path, clock: FixedClock, store: Store, rec: Recommendation
) -> None:
    Store(data_dir, clock=clock).update(Recommendation, rec.id, owner="Ben")
    before = snapshot(data_dir)
    with pytest.raises(EditConflict) as clash:
        edit_record(store, rec, {"owner": "Noor"})
    assert str(clash.value) == (
        f"recommendations/{rec.id}: owner changed elsewhere since you read it; nothing was saved"
    )
    assert clash.value.clashes == [FieldClash("owner", "Elena", "Ben", "Noor")]
    assert snapshot(data_dir) == before
    # Keeping mine is an explicit choice.
    assert edit_record(store, rec, {"owner": "Noor"}, force=True).owner == "Noor"


def test_the_same_change_made_elsewhere_is_no_conflict(
    data_dir: Path, clock: FixedClock, store: Store, rec: Recommendation
) -> None:
    Store(data_dir, clock=clock).update(Recommendation, rec.id, owner="Noor")
    assert edit_record(store, rec, {"owner": "Noor"}).owner == "Noor"
