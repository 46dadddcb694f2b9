"""What a client report says, as data: the advice given, implementation, what is late.

Drafts are the consultant's own work in progress, not advice given: a client report leaves
out draft recommendations and steps back to draft.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ctotui.data.store import Store
from ctotui.domain.agenda import AgendaKind
from ctotui.domain.entities import Milestone, Recommendation
from ctotui.domain.enums import RecStatus
from ctotui.domain.progress import is_overdue, milestone_overdue, next_milestone, progress_percent
from ctotui.domain.status import ACTIVE
from ctotui.services.calendar import upcoming_items

# When a recommendation has no history (imported from a spreadsheet, say), its date fields are
# the only record of the steps it went through.
_DATE_FIELDS = (
    ("proposed_on", RecStatus.PROPOSED),
    ("decided_on", None),  # the decision is the current status, if it is one
    ("implemented_on", RecStatus.IMPLEMENTED),
    ("verified_on", RecStatus.VERIFIED),
)
_DECISIONS = (RecStatus.ACCEPTED, RecStatus.DEFERRED, RecStatus.REJECTED)


@dataclass(frozen=True, slots=True)
class Step:
    """One status change of a recommendation (from its history)."""

    day: date
    rec: Recommendation
    before: RecStatus | None
    after: RecStatus
    note: str = ""
    by: str = ""  # who made the change, when it was recorded


@dataclass(frozen=True, slots=True)
class Progress:
    rec: Recommendation
    percent: int
    next: Milestone | None


@dataclass(frozen=True, slots=True)
class Late:
    """An overdue recommendation, an overdue milestone of one being implemented, or a missed
    cancel-by of a contract that has not renewed yet (`rec` None, `ends` its last day)."""

    due: date
    title: str
    rec: Recommendation | None
    milestone: Milestone | None
    days: int
    ends: date | None = None


def client_recs(store: Store, client_id: str) -> list[Recommendation]:
    """The client's recommendations that have been given (drafts left out)."""
    return [
        r for r in store.where(Recommendation, "client", client_id) if r.status != RecStatus.DRAFT
    ]


def _status(text: str) -> RecStatus | None:
    try:
        return RecStatus(text)
    except ValueError:
        return None


def steps_between(recs: Iterable[Recommendation], since: date, until: date) -> list[Step]:
    """Status changes dated *since*..*until* (inclusive), oldest first."""
    steps: list[Step] = []
    for rec in recs:
        if rec.history:
            for change in rec.history:
                after = _status(change.to)
                # `on` is a UTC stamp; its date is the day the change was recorded.
                on = date.fromisoformat(change.on[:10])
                if after is not None and after != RecStatus.DRAFT and since <= on <= until:
                    steps.append(
                        Step(on, rec, _status(change.from_), after, change.note, change.by)
                    )
            continue
        for field, status in _DATE_FIELDS:
            on = getattr(rec, field)
            after = status or (rec.status if rec.status in _DECISIONS else None)
            if on is not None and after is not None and since <= on <= until:
                steps.append(Step(on, rec, None, after))
    steps.sort(key=lambda s: (s.day, s.rec.title.lower()))
    return steps


def step_counts(steps: Iterable[Step]) -> dict[RecStatus, int]:
    """How many steps reached each status, in the order of the status list."""
    counts = dict.fromkeys(RecStatus, 0)
    for step in steps:
        counts[step.after] += 1
    return {status: n for status, n in counts.items() if n}


def implementation(store: Store, recs: Iterable[Recommendation]) -> list[Progress]:
    """Accepted and in-progress recommendations, most urgent first."""
    rows = []
    for rec in recs:
        if rec.status not in ACTIVE:
            continue
        milestones = store.where(Milestone, "recommendation", rec.id)
        rows.append(Progress(rec, progress_percent(rec, milestones), next_milestone(milestones)))
    rows.sort(key=lambda p: (p.rec.priority.rank, p.rec.due or date.max, p.rec.title.lower()))
    return rows


def overdue(store: Store, recs: Iterable[Recommendation], today: date) -> list[Late]:
    """What is past its due date, oldest first."""
    late = []
    for rec in recs:
        if is_overdue(rec, today) and rec.due is not None:
            late.append(Late(rec.due, rec.title, rec, None, (today - rec.due).days))
        if rec.status not in ACTIVE:
            continue
        for milestone in store.where(Milestone, "recommendation", rec.id):
            if milestone_overdue(milestone, today) and milestone.due is not None:
                days = (today - milestone.due).days
                late.append(Late(milestone.due, milestone.title, rec, milestone, days))
    late.sort(key=lambda item: (item.due, item.title.lower()))
    return late


def missed_cancel_bys(store: Store, client_id: str, today: date) -> list[Late]:
    """Cancel-by dates of the client's contracts that passed before their renewal date and
    were not acknowledged, oldest first."""
    return [
        Late(item.date, item.title, None, None, (today - item.date).days, item.end)
        for item in upcoming_items(store, today, 0, client=client_id)
        if item.kind is AgendaKind.CANCEL_BY and item.overdue
    ]


def average_percent(rows: Iterable[Progress]) -> int | None:
    percents = [row.percent for row in rows]
    return sum(percents) // len(percents) if percents else None
