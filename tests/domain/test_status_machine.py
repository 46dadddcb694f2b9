"""The life of a recommendation: allowed moves, refused moves, history and date stamps."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pendulum
import pytest

from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Recommendation, StatusChange
from ctotui.domain.enums import RecStatus
from ctotui.domain.status import (
    ACTIVE,
    CLOSED,
    OPEN,
    TRANSITIONS,
    allowed_next,
    change_status,
    parse_status,
)
from ctotui.errors import ValidationError

S = RecStatus
STAMP = "2026-11-27T09:00:00.000000Z"
TODAY = pendulum.Date(2026, 11, 27)
# The moves PRODUCT.md's path allows (draft → proposed → accepted / deferred / rejected →
# in_progress → implemented → verified) and the ways back a real engagement needs, written out
# here by hand so the test does not check the table against itself. The order is the order of
# the "next:" hint in a refusal.
EXPECTED_NEXT: dict[RecStatus, tuple[RecStatus, ...]] = {
    S.DRAFT: (S.PROPOSED, S.REJECTED),  # a draft may be dropped before it is ever proposed
    S.PROPOSED: (S.ACCEPTED, S.DEFERRED, S.REJECTED, S.DRAFT),  # back to draft to rework it
    S.DEFERRED: (S.PROPOSED, S.ACCEPTED, S.REJECTED),  # taken up again, or decided at last
    S.REJECTED: (S.PROPOSED,),  # only by proposing it anew
    S.ACCEPTED: (S.IN_PROGRESS, S.DEFERRED, S.REJECTED),
    S.IN_PROGRESS: (S.IMPLEMENTED, S.DEFERRED, S.ACCEPTED),  # paused, or back to not started
    S.IMPLEMENTED: (S.VERIFIED, S.IN_PROGRESS),  # verification failed: reopened
    S.VERIFIED: (S.IN_PROGRESS,),
}
ALLOWED = [(old, new) for old, nexts in EXPECTED_NEXT.items() for new in nexts]
REFUSED = [
    (old, new)
    for old in RecStatus
    for new in RecStatus
    if new != old and new not in EXPECTED_NEXT[old]
]


def rec(status: RecStatus, **fields: object) -> Recommendation:
    return Recommendation(
        id="01JC00000000000000000000R1",
        client="01JC00000000000000000000C1",
        title="SIEM",
        status=status,
        **fields,  # type: ignore[arg-type]
    )


def test_the_transition_table_covers_every_status_and_the_documented_path() -> None:
    assert set(TRANSITIONS) == set(RecStatus)
    assert len(ALLOWED) == 19 and len(REFUSED) == 8 * 7 - 19
    path = [S.DRAFT, S.PROPOSED, S.ACCEPTED, S.IN_PROGRESS, S.IMPLEMENTED, S.VERIFIED]
    for old, new in itertools.pairwise(path):
        assert new in allowed_next(old)
    for decision in (S.ACCEPTED, S.DEFERRED, S.REJECTED):
        assert decision in allowed_next(S.PROPOSED)
    assert set(RecStatus) == OPEN | CLOSED and not OPEN & CLOSED
    assert ACTIVE <= OPEN


@pytest.mark.parametrize(("old", "new"), ALLOWED, ids=lambda s: s.value)
def test_every_allowed_transition(old: RecStatus, new: RecStatus, clock: FixedClock) -> None:
    earlier = StatusChange(from_="", to=old.value, on="2026-01-01T00:00:00.000000Z")
    changes = change_status(rec(old, history=[earlier]), new, clock, note="why")
    assert changes["status"] == new
    assert changes["history"] == [
        earlier,
        StatusChange(from_=old.value, to=new.value, on=STAMP, note="why"),
    ]


@pytest.mark.parametrize(("old", "new"), REFUSED, ids=lambda s: s.value)
def test_refused_transitions_say_what_may_come_next(
    old: RecStatus, new: RecStatus, clock: FixedClock
) -> None:
    with pytest.raises(ValidationError) as refused:
        change_status(rec(old), new, clock)
    allowed = ", ".join(s.value for s in EXPECTED_NEXT[old])
    assert str(refused.value) == (
        f"recommendations/01JC00000000000000000000R1: field 'status': "
        f"cannot go from {old.value} to {new.value} (next: {allowed})"
    )


@pytest.mark.parametrize("old", list(RecStatus), ids=lambda s: s.value)
def test_allowed_next_is_the_expected_list(old: RecStatus) -> None:
    assert allowed_next(old) == EXPECTED_NEXT[old]


def test_moving_to_the_same_status_is_refused(clock: FixedClock) -> None:
    with pytest.raises(ValidationError, match="is already proposed"):
        change_status(rec(S.PROPOSED), S.PROPOSED, clock)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (S.DRAFT, S.PROPOSED, "proposed_on"),
        (S.PROPOSED, S.ACCEPTED, "decided_on"),
        (S.PROPOSED, S.DEFERRED, "decided_on"),
        (S.PROPOSED, S.REJECTED, "decided_on"),
        (S.IN_PROGRESS, S.IMPLEMENTED, "implemented_on"),
        (S.IMPLEMENTED, S.VERIFIED, "verified_on"),
    ],
)
def test_date_fields_date_the_first_proposal_and_the_latest_decision(
    old: RecStatus, new: RecStatus, field: str, clock: FixedClock
) -> None:
    assert change_status(rec(old), new, clock)[field] == TODAY
    earlier = pendulum.Date(2026, 1, 5)
    again = change_status(rec(old, **{field: earlier}), new, clock)
    if field == "proposed_on":
        assert field not in again  # re-proposed: the advice is as old as its first proposal
    else:
        assert again[field] == TODAY  # decided or implemented again: the latest date counts


def test_in_progress_stamps_no_date(clock: FixedClock) -> None:
    assert set(change_status(rec(S.ACCEPTED), S.IN_PROGRESS, clock)) == {"status", "history"}


@pytest.mark.parametrize(
    ("text", "status"),
    [("in progress", S.IN_PROGRESS), ("In-Progress", S.IN_PROGRESS), (" verified ", S.VERIFIED)],
)
def test_parse_status(text: str, status: RecStatus) -> None:
    assert parse_status(text) == status


def test_parse_status_refuses_unknown_words() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_status("approved")
    assert str(refused.value) == (
        "status: unknown status 'approved' (one of: draft, proposed, accepted, deferred, "
        "rejected, in_progress, implemented, verified)"
    )


def test_a_whole_life_is_recorded_in_the_file(
    data_dir: Path, store: Store, clock: FixedClock
) -> None:
    client = store.insert(Client(name="Acme"))
    current = store.insert(Recommendation(client=client.id, title="SIEM"))
    for new, note in [
        (S.PROPOSED, "board pack"),
        (S.DEFERRED, "budget freeze"),
        (S.PROPOSED, "new fiscal year"),
        (S.ACCEPTED, ""),
        (S.IN_PROGRESS, ""),
        (S.IMPLEMENTED, "live"),
    ]:
        clock.advance(days=1)
        current = store.update(
            Recommendation, current.id, **change_status(current, new, clock, note)
        )
    assert current.status == S.IMPLEMENTED
    assert current.proposed_on == pendulum.Date(2026, 11, 28)  # the first proposal
    assert current.decided_on == pendulum.Date(2026, 12, 1)  # accepted after the deferral
    assert current.implemented_on == pendulum.Date(2026, 12, 3)
    stored = json.loads((data_dir / "recommendations.json").read_text())
    history = stored["recommendations"][current.id]["history"]
    assert [(h["from"], h["to"]) for h in history] == [
        ("draft", "proposed"),
        ("proposed", "deferred"),
        ("deferred", "proposed"),
        ("proposed", "accepted"),
        ("accepted", "in_progress"),
        ("in_progress", "implemented"),
    ]
    assert history[0] == {
        "from": "draft",
        "note": "board pack",
        "on": "2026-11-28T09:00:00.000000Z",
        "to": "proposed",
    }
    assert "note" not in history[3]
    assert [h["on"] for h in history] == sorted(h["on"] for h in history)
