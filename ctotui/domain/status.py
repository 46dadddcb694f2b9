"""The life of a recommendation: which status may follow which, and what a change records.

    draft → proposed → accepted / deferred / rejected → in_progress → implemented → verified

with the way back a real engagement needs (a deferred item re-proposed, an implementation
reopened when verification fails). Every change appends to the status history — the record of
the advice given — and stamps the matching date field: the first proposal, the latest decision and
implementation.
"""

from __future__ import annotations

from ctotui.domain.clock import Clock, utc_stamp
from ctotui.domain.entities import Recommendation, StatusChange
from ctotui.domain.enums import RecStatus
from ctotui.errors import ValidationError

S = RecStatus
TRANSITIONS: dict[RecStatus, tuple[RecStatus, ...]] = {
    S.DRAFT: (S.PROPOSED, S.REJECTED),
    S.PROPOSED: (S.ACCEPTED, S.DEFERRED, S.REJECTED, S.DRAFT),
    S.DEFERRED: (S.PROPOSED, S.ACCEPTED, S.REJECTED),
    S.REJECTED: (S.PROPOSED,),
    S.ACCEPTED: (S.IN_PROGRESS, S.DEFERRED, S.REJECTED),
    S.IN_PROGRESS: (S.IMPLEMENTED, S.DEFERRED, S.ACCEPTED),
    S.IMPLEMENTED: (S.VERIFIED, S.IN_PROGRESS),
    S.VERIFIED: (S.IN_PROGRESS,),
}

#: Still asking for the consultant's attention (shown in "Open recommendations").
OPEN = frozenset({S.DRAFT, S.PROPOSED, S.ACCEPTED, S.DEFERRED, S.IN_PROGRESS})
#: Being carried out at the client (shown in "Implementation progress").
ACTIVE = frozenset({S.ACCEPTED, S.IN_PROGRESS})
#: Done, one way or the other.
CLOSED = frozenset({S.REJECTED, S.IMPLEMENTED, S.VERIFIED})

# The date field stamped when a status is first reached.
_DATE_FIELD = {
    S.PROPOSED: "proposed_on",
    S.ACCEPTED: "decided_on",
    S.DEFERRED: "decided_on",
    S.REJECTED: "decided_on",
    S.IMPLEMENTED: "implemented_on",
    S.VERIFIED: "verified_on",
}


def allowed_next(status: RecStatus) -> tuple[RecStatus, ...]:
    return TRANSITIONS[status]


def parse_status(text: str) -> RecStatus:
    """A status from user input: "in progress", "in-progress" and "in_progress" all work."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return RecStatus(key)
    except ValueError:
        allowed = ", ".join(s.value for s in RecStatus)
        raise ValidationError("status", f"unknown status {text!r} (one of: {allowed})") from None


def change_status(
    rec: Recommendation, new: RecStatus, clock: Clock, note: str = "", by: str = ""
) -> dict[str, object]:
    """The field changes that move *rec* to *new*, or a ValidationError saying why not."""
    if new == rec.status:
        raise ValidationError(rec.where, f"is already {new.value}", "status")
    if new not in TRANSITIONS[rec.status]:
        allowed = ", ".join(s.value for s in TRANSITIONS[rec.status])
        raise ValidationError(
            rec.where,
            f"cannot go from {rec.status.value} to {new.value} (next: {allowed})",
            "status",
        )
    entry = StatusChange(
        from_=rec.status.value, to=new.value, on=utc_stamp(clock), note=note, by=by
    )
    changes: dict[str, object] = {"status": new, "history": [*rec.history, entry]}
    date_field = _DATE_FIELD.get(new)
    # The first proposal dates the advice (its age counts from there); a decision or an
    # implementation reached again (accepted after a deferral, re-implemented after a failed
    # verification) is dated by its latest occurrence, the earlier ones stay in the history.
    if date_field and (date_field != "proposed_on" or rec.proposed_on is None):
        changes[date_field] = clock.today()
    return changes
