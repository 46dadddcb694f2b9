"""Which sealed values the dashboard's first frame shows, so a vault opened without a glance
opens only those before that frame and the rest after it.

Opening every sealed value of a 20,000-record vault is 220,000 AES-SIV calls: on a cold start
(no load cache, no glance) they were the whole of the gap to a plain folder. The first frame
(`ctotui.views.dashboard.Snapshot.build`, the agenda's calendar index and the four panes)
reads the clients whole, the title and one-time cost of each *open* recommendation (and the
owner of an active one), the titles of the pending milestones of open ones, and the titles of
events and their exceptions. Everything else — a closed recommendation and its milestones, the
rationale, outcomes, tags, recurring cost and history notes of an open one, a milestone's owner,
the notes of events, budget lines, notes, engagements — is read
by no pane until the keys held meanwhile are let through, which is after the background load
has opened everything (`Store.load_rest`). A record left whole for later is not even in the
store's tables until then (only its sealed form, which owners are looked up in).

Pure: the statuses are plain (structure), so the choice needs no key. A value left for later
is never written (the store reads the table whole before any change) and never shown (the
dashboard shows "loading…" and holds keys until the whole read is in); a test builds the first
frame both ways and compares them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ctotui.domain.status import ACTIVE, OPEN
from ctotui.vault.records import EVERY

ALL: frozenset[str] = frozenset({EVERY})
NONE: frozenset[str] = frozenset()

_OPEN = frozenset(s.value for s in OPEN)
_ACTIVE = frozenset(s.value for s in ACTIVE)
_REC_LATER = frozenset(
    {
        "rationale",
        "history.note",
        "expected_outcome",
        "realised_outcome",
        "tags",
        "estimated_cost.recurring",
    }
)
#: Sealed fields of a shown record that the first frame does not read.
_LATER: dict[str, frozenset[str]] = {
    "events": frozenset({"notes"}),
    "event_exceptions": frozenset({"notes"}),
}
#: Tables the first frame does not read at all.
_UNREAD = frozenset({"budget_lines", "notes", "engagements"})

Lookup = Callable[[str, str], "dict[str, Any] | None"]


def later(table: str, body: dict[str, Any], lookup: Lookup) -> frozenset[str]:
    """The sealed fields of stored record *body* of *table* to leave sealed until after the
    first frame (`ALL`: the whole record). *lookup(table, id)* gives a stored (sealed) record:
    a milestone is shown (in the agenda, the progress pane) only under an open recommendation,
    and its title only while it is not done; an owner only in the progress pane (active
    recommendations)."""
    if table in _UNREAD:
        return ALL
    if table == "recommendations":
        status = body.get("status")
        if status not in _OPEN:
            return ALL
        return _REC_LATER if status in _ACTIVE else _REC_LATER_OWNER
    if table == "milestones":
        parent_id = body.get("recommendation")
        parent = lookup("recommendations", parent_id) if isinstance(parent_id, str) else None
        if parent is None or parent.get("status") not in _OPEN:
            return ALL
        return _OWNER if body.get("done_on") is None else _TITLE_OWNER
    return _LATER.get(table, NONE)


_REC_LATER_OWNER = _REC_LATER | {"owner"}
_OWNER = frozenset({"owner"})
_TITLE_OWNER = frozenset({"title", "owner"})
