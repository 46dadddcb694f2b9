"""Undo: every transaction can be taken back, across restarts, and never over someone's edit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import snapshot

from ctotui.data import undolog
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Milestone, Recommendation
from ctotui.domain.enums import RecStatus
from ctotui.errors import ConflictError
from ctotui.services import deleting
from ctotui.services.recommendations import set_status
from ctotui.services.undo import NothingToUndo, history, undo_last


@pytest.fixture
def rec(store: Store) -> Recommendation:
    client = store.insert(Client(name="Halvorsen Freight"))
    return store.insert(
        Recommendation(client=client.id, title="Move depot telephony", status=RecStatus.PROPOSED)
    )


def test_undo_puts_a_status_back_with_its_history(store: Store, rec: Recommendation) -> None:
    set_status(store, rec.id, RecStatus.ACCEPTED, note="steering committee")
    assert history(store)[0].label == ("status of 'Move depot telephony': proposed → accepted")
    assert undo_last(store) == "status of 'Move depot telephony' back to proposed"
    back = store.get(Recommendation, rec.id)
    assert back.status == RecStatus.PROPOSED and back.history == [] and back.decided_on is None
    assert back.updated_at > rec.updated_at  # a newer stamp: the undo merges as the later edit


def test_undo_works_across_restarts_and_goes_back_one_change_at_a_time(
    data_dir: Path, clock: FixedClock, rec: Recommendation
) -> None:
    with Store(data_dir, clock=clock) as first:
        first.update(Recommendation, rec.id, owner="Elena")
        first.update(Recommendation, rec.id, owner="Noor")
    with Store(data_dir, clock=clock) as second:
        assert undo_last(second) == "owner of 'Move depot telephony' back to Elena"
        assert undo_last(second) == "owner of 'Move depot telephony' back to empty"
        assert second.get(Recommendation, rec.id).owner == ""
        # The undos themselves are not new entries: the next undo is the insert before them.
        assert [e.label for e in history(second)][:1] == [
            "added recommendation 'Move depot telephony'"
        ]


def test_undoing_a_cascade_delete_restores_every_record(
    data_dir: Path, store: Store, rec: Recommendation
) -> None:
    for n in range(3):
        store.insert(Milestone(recommendation=rec.id, title=f"Step {n}"))
    client_id = rec.client
    deleting.delete(store, Client, client_id, cascade=True)
    assert history(store)[0].label == "deleted client 'Halvorsen Freight' and 4 more records"
    assert undo_last(store) == "deleting client 'Halvorsen Freight' and 4 more records"
    assert store.get(Client, client_id).name == "Halvorsen Freight"
    assert store.get(Recommendation, rec.id).title == "Move depot telephony"
    assert sorted(m.title for m in store.where(Milestone, "recommendation", rec.id)) == [
        "Step 0",
        "Step 1",
        "Step 2",
    ]


def test_undo_refuses_when_a_later_change_elsewhere_touched_the_same_field(
    data_dir: Path, clock: FixedClock, rec: Recommendation
) -> None:
    app = Store(data_dir, clock=clock, origin="app")
    app.update(Recommendation, rec.id, owner="Elena")
    other = Store(data_dir, clock=clock)  # another process (a CLI edit)
    other.update(Recommendation, rec.id, owner="Ben")
    before = snapshot(data_dir)
    with pytest.raises(ConflictError) as refused:
        undo_last(app, origin="app")
    assert str(refused.value) == (
        "cannot undo owner of 'Move depot telephony': empty → Elena: a later change touched "
        "owner of 'Move depot telephony'; nothing was changed"
    )
    assert snapshot(data_dir) == before
    assert app.get(Recommendation, rec.id).owner == "Ben"


def test_a_later_change_to_another_field_does_not_block_undo(
    data_dir: Path, clock: FixedClock, rec: Recommendation
) -> None:
    app = Store(data_dir, clock=clock, origin="app")
    app.update(Recommendation, rec.id, owner="Elena")
    Store(data_dir, clock=clock).update(Recommendation, rec.id, rationale="Cheaper lines")
    undo_last(app, origin="app")
    after = app.get(Recommendation, rec.id)
    assert (after.owner, after.rationale) == ("", "Cheaper lines")


def test_the_dashboard_undoes_its_own_changes_not_the_command_lines(
    data_dir: Path, clock: FixedClock, rec: Recommendation
) -> None:
    app = Store(data_dir, clock=clock, origin="app")
    app.update(Recommendation, rec.id, owner="Elena")
    Store(data_dir, clock=clock).update(Recommendation, rec.id, rationale="From a script")
    assert undo_last(app, origin="app") == "owner of 'Move depot telephony' back to empty"
    assert app.get(Recommendation, rec.id).rationale == "From a script"
    with pytest.raises(NothingToUndo, match="nothing to undo made here"):
        undo_last(app, origin="app")


def test_at_least_fifty_changes_can_be_undone(store: Store, rec: Recommendation) -> None:
    for n in range(60):
        store.update(Recommendation, rec.id, owner=f"Owner {n}")
    assert len(history(store)) > 50
    for _ in range(50):
        undo_last(store)
    assert store.get(Recommendation, rec.id).owner == "Owner 9"


def test_a_damaged_undo_log_never_stops_a_write(store: Store, rec: Recommendation) -> None:
    state = store.state_folder
    assert state is not None
    (state / undolog.UNDO_FILE).write_text("{not json")
    store.update(Recommendation, rec.id, owner="Elena")
    assert [e.label for e in history(store)] == ["owner of 'Move depot telephony': empty → Elena"]


def test_cli_undo_and_list(data_dir: Path, cli: Any, rec: Recommendation) -> None:
    assert cli("--data", str(data_dir), "status", rec.id, "accepted").code == 0
    listed = cli("--data", str(data_dir), "undo", "--list")
    assert listed.code == 0
    lines = listed.out.splitlines()
    assert lines[0].endswith("status of 'Move depot telephony': proposed → accepted")
    assert lines[1].endswith("added recommendation 'Move depot telephony'")
    done = cli("--data", str(data_dir), "undo")
    assert (done.code, done.out, done.err) == (
        0,
        "undid: status of 'Move depot telephony' back to proposed\n",
        "",
    )
    assert Store(data_dir).get(Recommendation, rec.id).status == RecStatus.PROPOSED
