"""Sync never turns a mistake into a synced loss: a deleted table file or a mass deletion is
refused with the way back; the undo log reaches back to the last sync."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sync.conftest import Clone

from ctotui.domain.entities import Client, Milestone, Recommendation
from ctotui.services.undo import NothingToUndo, history, undo_last
from ctotui.sync.errors import SyncError


def test_a_deleted_table_file_is_never_committed(
    make_clones: Callable[[int], list[Clone]], cli: Any
) -> None:
    (a,) = make_clones(1)
    client = a.insert(Client(name="Acme"))
    a.insert(Recommendation(client=client, title="SIEM"))
    a.sync()
    head = a.head()
    (a.path / "recommendations.json").unlink()
    done = cli("--data", str(a.path), "sync")
    assert done.code == 2
    assert done.err == (
        "ctotui: recommendations.json: file is missing (meta.json lists it); restore it with "
        f"`git checkout -- recommendations.json` in {a.path}; fix it before syncing (nothing "
        "was committed)\n"
    )
    assert a.head() == head
    # --force is no way around it: a table file must exist.
    assert cli("--data", str(a.path), "sync", "--force").code == 2 and a.head() == head


def test_deleting_most_of_a_table_needs_force(make_clones: Callable[[int], list[Clone]]) -> None:
    (a,) = make_clones(1)
    client = a.insert(Client(name="Acme"))
    recs = [a.insert(Recommendation(client=client, title=f"Rec {n}")) for n in range(14)]
    a.sync()
    head = a.head()
    for rec in recs[:12]:
        a.delete(Recommendation, rec)
    with pytest.raises(SyncError) as refused:
        a.sync()
    assert str(refused.value) == (
        "recommendations.json: this commit would delete 12 of 14 recommendations; nothing was "
        "committed (if that is what you meant, run `ctotui sync --force`; to get them back, "
        "`git checkout -- recommendations.json`)"
    )
    assert a.head() == head
    from ctotui.sync.run import run_sync

    assert run_sync(a.path, force=True).committed
    assert len(a.table("recommendations")) == 2
    # A few deletions at a time never need it.
    a.delete(Recommendation, recs[12])
    assert a.sync().committed


def test_the_undo_log_reaches_back_to_the_last_sync(
    make_clones: Callable[[int], list[Clone]],
) -> None:
    (a,) = make_clones(1)
    client = a.insert(Client(name="Acme"))
    rec = a.insert(Recommendation(client=client, title="SIEM"))
    a.insert(Milestone(recommendation=rec, title="Pilot"))
    with a.store() as store:
        assert len(history(store)) == 3
    a.sync()
    with a.store() as store:
        assert history(store) == []
        with pytest.raises(NothingToUndo):
            undo_last(store)
    a.update(Recommendation, rec, owner="Elena")
    with a.store() as store:
        assert undo_last(store) == "owner of 'SIEM' back to empty"
    assert "owner" not in a.record("recommendations", rec)
