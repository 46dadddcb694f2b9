"""Editing a record without overwriting someone else's change.

A form (or `ctotui edit`) read the record at some moment; by the time it saves, another process
— a command in another pane, an import, a sync that pulled — may have changed it. Only the
fields the person changed are written, and only if nobody else changed those same fields since
they were read; otherwise `EditConflict` names each one with the value it has now, so the person
can keep theirs or take the other.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, TypeVar

from ctotui.data.store import Store
from ctotui.domain.schema import Record, dump_changes, field_specs, to_record
from ctotui.errors import ConflictError

R = TypeVar("R", bound=Record)


@dataclass(frozen=True, slots=True)
class FieldClash:
    field: str  # attribute name
    seen: Any  # the stored value when the person read the record
    now: Any  # the stored value it has now (changed elsewhere)
    mine: Any  # the stored value the person wants


class EditConflict(ConflictError):
    """Fields the person changed were changed elsewhere since they read the record."""

    def __init__(self, record: Record, clashes: list[FieldClash]) -> None:
        self.record = record
        self.clashes = clashes
        names = ", ".join(c.field for c in clashes)
        super().__init__(
            f"{record.where}: {names} changed elsewhere since you read it; nothing was saved"
        )


def changed_fields(seen: Record, changes: dict[str, Any]) -> dict[str, Any]:
    """The part of *changes* (attribute → value) that differs from what was *seen*."""
    cls = type(seen)
    before = _stored(seen)
    wanted = dump_changes(cls, changes)
    return {name: changes[name] for name, value in wanted.items() if before.get(name) != value}


def edit_record(
    store: Store,
    seen: R,
    changes: dict[str, Any],
    *,
    force: bool = False,
    overwrite: Collection[str] = (),
) -> R:
    """Write the fields of *changes* that differ from *seen* (the record as the person read
    it). Raises EditConflict, writing nothing, when any of them was changed elsewhere since;
    the person's value replaces the other one for the fields in *overwrite* (they chose so),
    or for all with *force*."""
    cls = type(seen)
    with store.transaction():
        current = store.get(cls, seen.id)
        mine = changed_fields(seen, changes)
        if not mine:
            return current
        if not force:
            before, now = _stored(seen), _stored(current)
            wanted = dump_changes(cls, mine)
            clashes = [
                FieldClash(name, before.get(name), now.get(name), wanted[name])
                for name in mine
                if name not in overwrite
                and before.get(name) != now.get(name)
                and now.get(name) != wanted[name]
            ]
            if clashes:
                raise EditConflict(current, clashes)
        return store.update(cls, seen.id, **mine)


def _stored(rec: Record) -> dict[str, Any]:
    """A record's stored values by attribute name (absent: None)."""
    stored = to_record(rec, with_meta=False)
    out: dict[str, Any] = {}
    for name, spec in field_specs(type(rec)).items():
        out[name] = stored.get(spec.key or name)
    return out
