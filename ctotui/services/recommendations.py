"""A recommendation's life: its status (with the history that records the advice given) and
its milestones."""

from __future__ import annotations

from datetime import date

from ctotui.data.store import Store
from ctotui.domain.entities import Milestone, Recommendation
from ctotui.domain.enums import RecStatus
from ctotui.domain.progress import progress_percent
from ctotui.domain.status import change_status
from ctotui.errors import ConflictError


def set_status(
    store: Store,
    rec_id: str,
    new: RecStatus,
    *,
    note: str = "",
    expected: RecStatus | None = None,
) -> tuple[Recommendation, Recommendation]:
    """Move one recommendation to *new*, appending to its history; returns (before, after).

    *expected* is the status the person saw when they asked: if another process changed it
    meanwhile, nothing is saved and ConflictError says what it is now.
    """
    with store.transaction():
        before = store.get(Recommendation, rec_id)
        if expected is not None and before.status != expected:
            raise ConflictError(
                f"{before.where}: status is now {before.status.value} (changed elsewhere since "
                f"it was {expected.value}); nothing was saved"
            )
        after = store.update(
            Recommendation, rec_id, **change_status(before, new, store.clock, note, store.author)
        )
    return before, after


def set_milestone_done(
    store: Store, milestone_id: str, done_on: date | None
) -> tuple[Milestone, int]:
    """Mark a milestone done on *done_on* (None: not done); returns it and its recommendation's
    progress in percent afterwards."""
    with store.transaction():
        saved = store.update(Milestone, milestone_id, done_on=done_on)
        rec = store.get(Recommendation, saved.recommendation)
        percent = progress_percent(rec, store.where(Milestone, "recommendation", rec.id))
    return saved, percent


def toggle_milestone(store: Store, milestone_id: str, today: date) -> tuple[Milestone, int]:
    """Tick a milestone done today, or untick it."""
    with store.transaction():
        milestone = store.get(Milestone, milestone_id)
        return set_milestone_done(store, milestone_id, None if milestone.done_on else today)
