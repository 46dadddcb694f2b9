"""Deleting a record and what hangs on it, in one transaction.

Records that *require* the deleted one (a client's recommendations, a recommendation's
milestones) go with it when the caller asks for a cascade, and are otherwise a reason to refuse;
records that merely *link* to it (a budget line's recommendation) lose the link.
"""

from __future__ import annotations

from ctotui.data.store import Store
from ctotui.domain.schema import Record
from ctotui.errors import ValidationError


def dependents(store: Store, rec: Record) -> tuple[list[Record], list[tuple[Record, str]]]:
    """What hangs on *rec*: records that require it (deleted with it, recursively) and records
    that merely link to it (the link is cleared)."""
    owned: list[Record] = []
    links: list[tuple[Record, str]] = []
    pending = [rec]
    seen = {(rec.TABLE, rec.id)}
    while pending:
        current = pending.pop()
        for child, name, required in store.referrers(current):
            key = (child.TABLE, child.id)
            if key in seen:
                continue
            if required:
                seen.add(key)
                owned.append(child)
                pending.append(child)
            else:
                links.append((child, name))
    owned_keys = {(r.TABLE, r.id) for r in owned}
    links = [(r, f) for r, f in links if (r.TABLE, r.id) not in owned_keys]
    return owned, links


def describe_owned(owned: list[Record]) -> str:
    """ "3 milestones, 1 recommendation": what a cascade would remove, by kind."""
    counts: dict[str, int] = {}
    for child in owned:
        counts[child.LABEL] = counts.get(child.LABEL, 0) + 1
    return ", ".join(f"{n} {label}{'s' if n != 1 else ''}" for label, n in counts.items())


def delete(store: Store, cls: type[Record], rec_id: str, *, cascade: bool = False) -> list[Record]:
    """Delete one record; with *cascade*, also the records that require it.

    Without *cascade*, refuses when other records require this one. Optional links to it are
    cleared either way. Returns what was deleted, the record itself last.
    """
    with store.transaction():
        rec = store.get(cls, rec_id)
        owned, links = dependents(store, rec)
        if owned and not cascade:
            kinds: dict[str, int] = {}
            for child in owned:
                kinds[child.TABLE] = kinds.get(child.TABLE, 0) + 1
            listed = ", ".join(f"{n} {t}" for t, n in sorted(kinds.items()))
            raise ValidationError(
                rec.where, f"still has {listed}; delete them first or delete with cascade"
            )
        for child, field in links:
            store.update(type(child), child.id, **{field: None})
        # Children before parents: each delete then finds nothing left that refers to it.
        for victim in reversed(owned):
            store.delete(type(victim), victim.id)
        store.delete(cls, rec_id)
    return [*owned, rec]
