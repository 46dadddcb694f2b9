"""What each transaction replaced, so it can be undone — across restarts, up to the last sync.

One entry per transaction: every record it added, changed or deleted, with its stored dict
before and after. The log lives in the clone's state folder (never in git: it holds earlier
values) and is written in the same journaled commit as the data files it describes, so the log
and the data never disagree. `ctotui.services.undo` reads it back.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctotui.data.jsonfile import atomic_write_bytes, canonical_bytes
from ctotui.data.state import open_private_file, state_dir

UNDO_FILE = "undo.json"
KEEP = 100  # entries; the issue asks for at least 50
MAX_BYTES = 32 << 20  # older entries go first beyond this, however few there are

Body = dict[str, Any]


@dataclass(frozen=True, slots=True)
class RecordChange:
    table: str
    id: str
    before: Body | None  # None: the transaction added it
    after: Body | None  # None: the transaction deleted it

    def to_json(self) -> dict[str, Any]:
        return {"table": self.table, "id": self.id, "before": self.before, "after": self.after}


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    at: str
    origin: str  # "app" or "cli"
    label: str
    changes: tuple[RecordChange, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "origin": self.origin,
            "label": self.label,
            "changes": [c.to_json() for c in self.changes],
        }


def read(state: Path) -> list[Entry]:
    """The log, oldest first; a missing or unreadable log is an empty one (undo is a
    convenience: a damaged log must never stop a write)."""
    try:
        fd = open_private_file(state / UNDO_FILE, os.O_RDONLY)
    except Exception:
        return []
    try:
        with os.fdopen(fd, "rb") as handle:
            data = json.loads(handle.read(MAX_BYTES + 1))
        return [_entry(item) for item in data["entries"]]
    except Exception:
        return []


def _entry(item: dict[str, Any]) -> Entry:
    changes = tuple(
        RecordChange(str(c["table"]), str(c["id"]), _body(c["before"]), _body(c["after"]))
        for c in item["changes"]
    )
    return Entry(str(item["id"]), str(item["at"]), str(item["origin"]), str(item["label"]), changes)


def _body(value: Any) -> Body | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("not a record")
    return value


def clear(folder: Path) -> None:
    """Forget every entry (after a sync); the caller holds the folder's write lock."""
    path = state_dir(folder) / UNDO_FILE
    if path.exists():
        atomic_write_bytes(path, encode([]))


def encode(entries: list[Entry]) -> bytes:
    """The log's bytes holding the newest *entries* that fit."""
    kept = entries[-KEEP:]
    while True:
        data = canonical_bytes({"entries": [e.to_json() for e in kept]})
        if len(data) <= MAX_BYTES or len(kept) <= 1:
            return data
        kept = kept[1:]


# Bookkeeping keys: a change to them alone is not what a person would call a change.
_META_KEYS = frozenset({"created_at", "updated_at", "field_stamps"})
_LABELS = {
    "clients": "client",
    "engagements": "engagement",
    "recommendations": "recommendation",
    "milestones": "milestone",
    "events": "event",
    "budget_lines": "budget line",
    "notes": "note",
    "conflicts": "conflict",
    "event_exceptions": "occurrence change",
}


def name_of(change: RecordChange) -> str:
    """The record's name as a person knows it: its title, name or description."""
    body = change.after or change.before or {}
    for key in ("title", "name", "description", "text"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return value if len(value) <= 60 else value[:59] + "…"
    return change.id[-8:]


def changed_fields(change: RecordChange) -> list[str]:
    before, after = change.before or {}, change.after or {}
    keys = (before.keys() | after.keys()) - _META_KEYS
    return sorted(k for k in keys if before.get(k) != after.get(k))


def _named_fields(change: RecordChange) -> list[str]:
    """The fields to name: a status change also writes its history and dates, which follow
    from it and are not worth saying."""
    fields = changed_fields(change)
    return ["status"] if "status" in fields else fields


def _value(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, str):
        return value if len(value) <= 40 else value[:39] + "…"
    if isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    return str(value)


def _principal(changes: tuple[RecordChange, ...] | list[RecordChange]) -> RecordChange:
    """The change a person made; the rest followed from it. A cascade captures links and
    children first and the deleted record last; an import adds records in order."""
    deleted = [c for c in changes if c.after is None]
    if deleted:
        return deleted[-1]
    added = [c for c in changes if c.before is None]
    return added[0] if added else changes[0]


def _tail(changes: tuple[RecordChange, ...] | list[RecordChange]) -> str:
    more = len(changes) - 1
    return f" and {more} more record{'s' if more != 1 else ''}" if more else ""


def describe(changes: list[RecordChange] | tuple[RecordChange, ...]) -> str:
    """One line for a transaction: "status of 'Move depot telephony': proposed → accepted",
    "added recommendation 'SIEM'", "deleted client 'Acme' and 70 more records"."""
    top = _principal(changes)
    kind, name, tail = _LABELS.get(top.table, top.table), name_of(top), _tail(changes)
    if top.after is None:
        return f"deleted {kind} '{name}'{tail}"
    if top.before is None:
        return f"added {kind} '{name}'{tail}"
    fields = _named_fields(top)
    if len(fields) == 1 and not tail:
        old, new = top.before.get(fields[0]), top.after.get(fields[0])
        return f"{fields[0]} of '{name}': {_value(old)} → {_value(new)}"
    return f"changed {kind} '{name}' ({', '.join(fields) or 'stamps'}){tail}"


def undone(entry: Entry) -> str:
    """What undoing *entry* did, for the notification ("Undid: …"): "status of 'Move depot
    telephony' back to proposed", "adding recommendation 'SIEM'", "deleting client 'Acme' and
    70 more records"."""
    top = _principal(entry.changes)
    kind, name, tail = _LABELS.get(top.table, top.table), name_of(top), _tail(entry.changes)
    if top.after is None:
        return f"deleting {kind} '{name}'{tail}"
    if top.before is None:
        return f"adding {kind} '{name}'{tail}"
    fields = _named_fields(top)
    if len(fields) == 1 and not tail:
        return f"{fields[0]} of '{name}' back to {_value(top.before.get(fields[0]))}"
    return f"the change to {kind} '{name}'{tail}"
