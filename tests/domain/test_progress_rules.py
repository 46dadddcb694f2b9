"""Progress from weighted milestones, and the overdue / stale flags."""

from __future__ import annotations

import pendulum
import pytest

from ctotui.domain.entities import Milestone, Recommendation
from ctotui.domain.enums import RecStatus
from ctotui.domain.progress import (
    is_overdue,
    is_stale,
    last_activity,
    milestone_overdue,
    next_milestone,
    progress_percent,
)

D = pendulum.Date
TODAY = D(2026, 11, 27)
S = RecStatus


def rec(status: RecStatus = S.IN_PROGRESS, **fields: object) -> Recommendation:
    return Recommendation(
        id="01JC00000000000000000000R1",
        client="01JC00000000000000000000C1",
        title="SIEM",
        status=status,
        **fields,  # type: ignore[arg-type]
    )


def ms(
    weight: int = 1, done: bool = False, due: pendulum.Date | None = None, **kw: str
) -> Milestone:
    return Milestone(
        recommendation="01JC00000000000000000000R1",
        title=f"w{weight}",
        weight=weight,
        done_on=TODAY if done else None,
        due=due,
        **kw,  # type: ignore[arg-type]
    )


def test_progress_from_weighted_milestones() -> None:
    assert progress_percent(rec(), []) == 0
    assert progress_percent(rec(), [ms(1), ms(3)]) == 0
    assert progress_percent(rec(), [ms(1, done=True), ms(3)]) == 25
    assert progress_percent(rec(), [ms(1), ms(3, done=True)]) == 75
    assert progress_percent(rec(), [ms(1, done=True), ms(1), ms(1)]) == 33  # never a float
    assert progress_percent(rec(), [ms(2, done=True), ms(5, done=True)]) == 100


def test_a_manual_percentage_overrides_milestones() -> None:
    assert progress_percent(rec(progress=40), [ms(1, done=True)]) == 40
    assert progress_percent(rec(progress=0), [ms(1, done=True)]) == 0


@pytest.mark.parametrize("status", [S.IMPLEMENTED, S.VERIFIED])
def test_implemented_is_complete_whatever_the_milestones(status: RecStatus) -> None:
    assert progress_percent(rec(status, progress=10), [ms(1)]) == 100


def test_next_milestone_is_the_first_open_one_by_due_date() -> None:
    late = ms(1, due=D(2027, 1, 1))
    soon = ms(2, due=D(2026, 12, 1))
    undated = ms(3)
    done = ms(4, done=True, due=D(2026, 1, 1))
    assert next_milestone([late, undated, done, soon]) is soon
    assert next_milestone([undated, done]) is undated
    assert next_milestone([done]) is None


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        (S.IN_PROGRESS, D(2026, 11, 26), True),
        (S.ACCEPTED, D(2026, 11, 26), True),
        (S.PROPOSED, D(2026, 11, 1), True),
        (S.IN_PROGRESS, TODAY, False),  # due today is not late yet
        (S.IN_PROGRESS, None, False),
        (S.DEFERRED, D(2026, 11, 1), False),  # parked on purpose
        (S.IMPLEMENTED, D(2026, 11, 1), False),
        (S.REJECTED, D(2026, 11, 1), False),
    ],
)
def test_overdue(status: RecStatus, due: pendulum.Date | None, overdue: bool) -> None:
    assert is_overdue(rec(status, due=due), TODAY) is overdue


def test_milestone_overdue() -> None:
    assert milestone_overdue(ms(due=D(2026, 11, 26)), TODAY)
    assert not milestone_overdue(ms(due=D(2026, 11, 26), done=True), TODAY)
    assert not milestone_overdue(ms(due=TODAY), TODAY)
    assert not milestone_overdue(ms(), TODAY)


def test_stale_when_nothing_moved_for_n_days() -> None:
    old = "2026-11-01T09:00:00.000000Z"  # 26 days before TODAY
    recent = "2026-11-20T09:00:00.000000Z"
    assert is_stale(rec(updated_at=old), [], TODAY, days=21)
    assert not is_stale(rec(updated_at=old), [], TODAY, days=26)  # exactly N days: not yet
    assert is_stale(rec(updated_at=old), [], TODAY, days=25)
    # Work on a milestone counts as activity.
    assert not is_stale(rec(updated_at=old), [ms(updated_at=recent)], TODAY, days=21)
    assert last_activity(rec(updated_at=old), [ms(updated_at=recent)]) == recent
    # Only recommendations being implemented can be stale.
    for status in (S.PROPOSED, S.DEFERRED, S.IMPLEMENTED, S.VERIFIED):
        assert not is_stale(rec(status, updated_at=old), [], TODAY, days=21)
    assert not is_stale(rec(updated_at=""), [], TODAY, days=21)
