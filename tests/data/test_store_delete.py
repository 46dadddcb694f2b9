"""Deleting: refused while other records need the record, cascading on request, links cleared."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pendulum
import pytest
from support import snapshot

from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import (
    BudgetLine,
    Client,
    Engagement,
    Event,
    Milestone,
    Note,
    Recommendation,
)
from ctotui.errors import NotFoundError, ValidationError
from ctotui.services import deleting

TODAY = pendulum.Date(2026, 11, 27)


@dataclass
class Practice:
    acme: Client
    other: Client
    engagement: Engagement
    rec: Recommendation
    milestones: list[Milestone]
    event: Event
    line: BudgetLine
    note: Note
    foreign_line: BudgetLine  # another client's budget line that links to acme's recommendation


@pytest.fixture
def practice(store: Store) -> Practice:
    acme = store.insert(Client(name="Acme"))
    other = store.insert(Client(name="Other"))
    engagement = store.insert(Engagement(client=acme.id, title="Retainer"))
    rec = store.insert(Recommendation(client=acme.id, engagement=engagement.id, title="SIEM"))
    milestones = [
        store.insert(Milestone(recommendation=rec.id, title=f"Step {i}")) for i in range(2)
    ]
    event = store.insert(Event(client=acme.id, title="Go-live", date=TODAY, recommendation=rec.id))
    line = store.insert(
        BudgetLine(client=acme.id, fiscal_year=2026, description="SIEM", recommendation=rec.id)
    )
    note = store.insert(
        Note(client=acme.id, date=TODAY, text="Kick-off", recommendation=rec.id, event=event.id)
    )
    foreign = store.insert(
        BudgetLine(client=other.id, fiscal_year=2026, description="Shared", recommendation=rec.id)
    )
    return Practice(acme, other, engagement, rec, milestones, event, line, note, foreign)


def test_delete_refuses_while_records_depend_on_it(
    data_dir: Path, store: Store, practice: Practice
) -> None:
    before = snapshot(data_dir)
    with pytest.raises(ValidationError) as refused:
        deleting.delete(store, Client, practice.acme.id)
    assert str(refused.value) == (
        f"clients/{practice.acme.id}: still has 1 budget_lines, 1 engagements, 1 events, "
        "2 milestones, 1 notes, 1 recommendations; delete them first or delete with cascade"
    )
    assert snapshot(data_dir) == before
    assert store.count(Client) == 2 and store.count(Milestone) == 2

    with pytest.raises(ValidationError, match="still has 2 milestones"):
        deleting.delete(store, Recommendation, practice.rec.id)
    assert snapshot(data_dir) == before


def test_the_store_never_deletes_a_record_still_referred_to(
    data_dir: Path, store: Store, practice: Practice
) -> None:
    """The store keeps the data whole on its own: an optional link counts too, so a caller that
    skips the service's link clearing is refused instead of leaving a dangling reference."""
    for milestone in practice.milestones:
        store.delete(Milestone, milestone.id)
    before = snapshot(data_dir)
    with pytest.raises(ValidationError) as refused:
        store.delete(Recommendation, practice.rec.id)
    assert str(refused.value) == (
        f"recommendations/{practice.rec.id}: still has 2 budget_lines, 1 events, 1 notes; "
        "delete them first or delete with cascade"
    )
    assert snapshot(data_dir) == before


def test_cascade_deletes_client_recommendations_and_milestones(
    data_dir: Path, store: Store, practice: Practice, clock: FixedClock
) -> None:
    removed = deleting.delete(store, Client, practice.acme.id, cascade=True)
    assert {(r.TABLE, r.id) for r in removed} == {
        ("clients", practice.acme.id),
        ("engagements", practice.engagement.id),
        ("recommendations", practice.rec.id),
        *(("milestones", m.id) for m in practice.milestones),
        ("events", practice.event.id),
        ("budget_lines", practice.line.id),
        ("notes", practice.note.id),
    }
    reopened = Store(data_dir, clock=clock)
    for store_ in (store, reopened):
        assert [c.id for c in store_.all(Client)] == [practice.other.id]
        assert store_.all(Recommendation) == [] and store_.all(Milestone) == []
        assert store_.all(Event) == [] and store_.all(Note) == []
        # The other client's line survives; its link to the deleted recommendation is cleared.
        [kept] = store_.all(BudgetLine)
        assert kept.id == practice.foreign_line.id and kept.recommendation is None
        assert kept.updated_at > practice.foreign_line.updated_at


def test_deleting_a_recommendation_clears_optional_links(store: Store, practice: Practice) -> None:
    for milestone in practice.milestones:
        store.delete(Milestone, milestone.id)
    removed = deleting.delete(store, Recommendation, practice.rec.id)
    assert [r.id for r in removed] == [practice.rec.id]
    assert store.get(Event, practice.event.id).recommendation is None
    assert store.get(BudgetLine, practice.line.id).recommendation is None
    note = store.get(Note, practice.note.id)
    assert note.recommendation is None and note.event == practice.event.id
    assert store.where(BudgetLine, "recommendation", practice.rec.id) == []


def test_deleting_an_unknown_record_says_so(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no client with id 'NOPE'"):
        store.delete(Client, "NOPE")
