"""How far along a recommendation is, and whether it needs a nudge."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ctotui.domain.entities import Milestone, Recommendation
from ctotui.domain.enums import RecStatus
from ctotui.domain.status import OPEN


def progress_percent(rec: Recommendation, milestones: Iterable[Milestone]) -> int:
    """0-100: implemented/verified is 100; a manual % wins; else done weight / total weight."""
    if rec.status in (RecStatus.IMPLEMENTED, RecStatus.VERIFIED):
        return 100
    if rec.progress is not None:
        return rec.progress
    total = done = 0
    for milestone in milestones:
        total += milestone.weight
        if milestone.done_on is not None:
            done += milestone.weight
    if total == 0:
        return 0
    # Integer arithmetic: 1 of 3 equal milestones is 33 %, never 33.333… drawn differently.
    return done * 100 // total


def next_milestone(milestones: Iterable[Milestone]) -> Milestone | None:
    """The first open milestone by due date (undated ones last)."""
    pending = [m for m in milestones if m.done_on is None]
    if not pending:
        return None
    return min(pending, key=lambda m: (m.due is None, m.due or date.max, m.created_at))


def is_overdue(rec: Recommendation, today: date) -> bool:
    return rec.status in OPEN and rec.status != RecStatus.DEFERRED and _before(rec.due, today)


def milestone_overdue(milestone: Milestone, today: date) -> bool:
    return milestone.done_on is None and _before(milestone.due, today)


def _before(day: date | None, today: date) -> bool:
    return day is not None and day < today


def last_activity(rec: Recommendation, milestones: Iterable[Milestone]) -> str:
    """The newest updated_at among the recommendation and its milestones (a UTC stamp)."""
    stamps = [rec.updated_at, *(m.updated_at for m in milestones)]
    return max(s for s in stamps if s) if any(stamps) else ""


def is_stale(rec: Recommendation, milestones: Iterable[Milestone], today: date, days: int) -> bool:
    """Being implemented, yet nothing about it has changed for *days* days."""
    if rec.status not in (RecStatus.ACCEPTED, RecStatus.IN_PROGRESS):
        return False
    stamp = last_activity(rec, milestones)
    if not stamp:
        return False
    return (today - date.fromisoformat(stamp[:10])).days > days
