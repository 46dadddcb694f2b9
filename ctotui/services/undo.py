"""Undoing the last change: what a transaction replaced is put back, in one transaction.

The undo log (`ctotui.data.undolog`) keeps each transaction's records as they were before and
after it. Undo refuses, and changes nothing, when a later change made elsewhere (another
process, a sync) touched the same fields since — it never overwrites someone else's edit.
"""

from __future__ import annotations

from ctotui.data import undolog
from ctotui.data.store import Store
from ctotui.domain.entities import BY_TABLE
from ctotui.domain.schema import field_specs, from_record
from ctotui.errors import ConflictError, CtoError


class NothingToUndo(CtoError):
    """The undo log has no entry (for this origin)."""


def history(store: Store) -> list[undolog.Entry]:
    """The changes that can be undone, newest first."""
    return list(reversed(store.undo_entries()))


def undo_last(store: Store, *, origin: str | None = None) -> str:
    """Undo the newest change (made by *origin*, "app" or "cli", when given); returns what was
    undone, for "Undid: …"."""
    entries = [e for e in history(store) if origin is None or e.origin == origin]
    if not entries:
        where = " made here" if origin == "app" else ""
        raise NothingToUndo(f"nothing to undo{where} (the undo log starts at the last sync)")
    entry = entries[0]
    with store.transaction(undoing=entry.id):
        for change in entry.changes:
            _require_untouched(store, entry, change)
        for change in reversed(entry.changes):
            _revert(store, change)
    return undolog.undone(entry)


def _require_untouched(store: Store, entry: undolog.Entry, change: undolog.RecordChange) -> None:
    cls = BY_TABLE[change.table]
    current = store.stored(cls, change.id)
    name = undolog.name_of(change)

    def refuse(why: str) -> ConflictError:
        return ConflictError(f"cannot undo {entry.label}: {why}; nothing was changed")

    if change.after is None:
        if current is not None:
            raise refuse(f"{cls.LABEL} '{name}' exists again")
        return
    if current is None:
        raise refuse(f"{cls.LABEL} '{name}' was deleted since")
    touched = [f for f in undolog.changed_fields(change) if current.get(f) != change.after.get(f)]
    if change.before is None:
        # Added by the entry: any later edit of it is someone's work that undo would delete.
        touched = [
            f
            for f in (current.keys() | change.after.keys()) - {"updated_at", "field_stamps"}
            if current.get(f) != change.after.get(f)
        ]
    if touched:
        raise refuse(f"a later change touched {', '.join(sorted(touched))} of '{name}'")


def _revert(store: Store, change: undolog.RecordChange) -> None:
    cls = BY_TABLE[change.table]
    if change.before is None:
        store.delete(cls, change.id)
    elif change.after is None:
        store.insert(from_record(cls, change.id, change.before))
    else:
        attrs = {spec.key or name: name for name, spec in field_specs(cls).items()}
        changes = {
            attrs[key]: change.before.get(key)
            for key in undolog.changed_fields(change)
            if key in attrs
        }
        store.update(cls, change.id, **changes)
