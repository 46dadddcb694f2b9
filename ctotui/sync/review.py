"""Settling a conflict the user reviewed: keep the merged value, or put the other one back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from ctotui.data.store import Store
from ctotui.domain.entities import BY_TABLE, Conflict
from ctotui.domain.schema import field_specs, from_record, to_record
from ctotui.errors import NotFoundError, ValidationError
from ctotui.services import deleting
from ctotui.sync.merge import WHOLE_RECORD

Keep = Literal["kept", "other"]


def _set_path(body: dict[str, Any], path: str, value: Any) -> None:
    """Set (or, for None, remove) a dotted field like `nda.level` in a stored record."""
    *parents, last = path.split(".")
    node = body
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            if value is None:
                return
            child = {}
            node[part] = child
        node = child
    if value is None:
        node.pop(last, None)
    else:
        node[last] = value


def resolve_conflict(store: Store, conflict_id: str, keep: Keep, *, cascade: bool = False) -> None:
    """Settle one conflict: "kept" leaves the record as merged, "other" writes the losing value
    back (or, for a delete/edit clash, deletes the record; *cascade* also deletes what needs
    it). Either way the conflict record is deleted, in the same transaction."""
    if keep not in ("kept", "other"):
        raise ValidationError("conflict", f"keep must be 'kept' or 'other', not {keep!r}")
    with store.transaction():
        conflict = store.get(Conflict, conflict_id)
        if keep == "other":
            _apply_other(store, conflict, cascade)
        store.delete(Conflict, conflict_id)


def _apply_other(store: Store, conflict: Conflict, cascade: bool) -> None:
    cls = BY_TABLE.get(conflict.table)
    if cls is None:
        raise ValidationError(conflict.where, f"unknown table {conflict.table!r}", "table")
    current = store.find(cls, conflict.record)
    if conflict.field == WHOLE_RECORD:
        if current is not None and conflict.other is None:
            deleting.delete(store, cls, conflict.record, cascade=cascade)
        return
    if current is None:
        raise NotFoundError(
            f"{conflict.table}/{conflict.record}: the record no longer exists; "
            "keep the merged value to clear this conflict"
        )
    body = to_record(current)
    _set_path(body, conflict.field, conflict.other)
    # Through the stored form, so the value is checked as if it came from the file.
    wanted = from_record(cls, current.id, body)
    top = conflict.field.split(".", 1)[0]
    names = {s.key or name: name for name, s in field_specs(cls).items()}
    name = names.get(top)
    if name is None:
        raise ValidationError(conflict.where, f"{cls.LABEL} has no field {top!r}", "field")
    value = getattr(wanted, name) if top in body else None  # None clears the field
    store.update(cls, current.id, **{name: value})


@dataclass(frozen=True, slots=True)
class ConflictView:
    """One conflict as the review screen shows it: what clashed, both values as short text."""

    id: str
    table: str
    record: str
    record_label: str  # "client Acme", or "client 01J… (deleted)" when it is gone
    field: str  # "health", "nda.level", or "*" for a delete/edit clash
    kept: str
    other: str
    kept_updated_at: str
    other_updated_at: str
    note: str
    kept_by: str = ""  # who made each edit, when the clone that made it knew
    other_by: str = ""


def value_text(value: Any, *, whole_record: bool = False) -> str:
    """A stored value in one line: text as is, absent as "(empty)", the rest as compact JSON."""
    if value is None:
        return "(deleted)" if whole_record else "(empty)"
    if whole_record:
        return "(edited)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def conflict_views(store: Store) -> list[ConflictView]:
    """Every conflict waiting for review, oldest first."""
    views = []
    for conflict in sorted(store.all(Conflict), key=lambda c: (c.detected_at, c.id)):
        cls = BY_TABLE.get(conflict.table)
        rec = store.find(cls, conflict.record) if cls else None
        label = cls.LABEL if cls else conflict.table
        shown = f"{label} {rec.display_name()}" if rec else f"{label} {conflict.record} (deleted)"
        whole = conflict.field == WHOLE_RECORD
        views.append(
            ConflictView(
                conflict.id,
                conflict.table,
                conflict.record,
                shown,
                conflict.field,
                value_text(conflict.kept, whole_record=whole),
                value_text(conflict.other, whole_record=whole),
                conflict.kept_updated_at,
                conflict.other_updated_at,
                conflict.note,
                conflict.kept_by,
                conflict.other_by,
            )
        )
    return views
