"""The 3-way merge of one table, per record and per field. Pure: no files, no git, no clock.

Rules (issue 4):

* a record or field changed on one side only takes that side's value;
* records inserted on both sides are all kept (ULIDs do not collide);
* one field changed to different values on both sides: the side that edited that field later
  wins — by each side's stamp of the field (`field_stamps`, issue 13), or the side's record
  `updated_at` where it has none (a record written before field stamps) — equal stamps go to the
  larger canonical JSON value, and the losing value is reported as a `Clash` for the user to
  review. The merged record's `field_stamps` takes, per field, the stamp of the side whose value
  it holds (the later one where both hold it);
* deleted on one side, edited on the other: the edit survives and a `Clash` says so;
* lists of timestamped entries (a recommendation's status `history`) and lists of tags merge
  as sets (what either side added, minus what either side removed), history ordered by `on`;
* nested objects (`nda`, `estimated_cost`) merge key by key, clashes named like `nda.level`.

Every decision depends only on the three values, never on which side is "ours", so every clone
computes the same bytes; merging a result again with either input changes nothing.

A little over 300 lines: these rules are one decision table, read and proved together
(`tests/sync/test_merge_pure.py`); split, the symmetry above would be harder to see.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from ctotui.domain.field_stamps import (
    FIELD_STAMPS,
    UPDATED_BY,
    field_stamp,
    merged_field_stamps,
)

Body = dict[str, Any]
Table = dict[str, Body]
Validator = Callable[[str, Body], bool]

STAMP_FIELDS: Final = ("created_at", "updated_at", FIELD_STAMPS, UPDATED_BY)
WHOLE_RECORD: Final = "*"
NOTE_LATER = "changed on both sides; the later edit was kept"
NOTE_TIE = "changed on both sides at the same moment; the larger value was kept"
NOTE_DELETED = "deleted on one side and edited on the other; the edit was kept"
NOTE_INVALID = "merging field by field made an invalid record; the later side was kept whole"


class _Missing:
    """A field (or record) that one side does not have."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


@dataclass(frozen=True, slots=True)
class Clash:
    """A value the merge did not keep. `kept`/`other` are None when the field is absent."""

    record: str
    field: str  # stored key, dotted for a nested one, "*" for the whole record
    kept: Any
    other: Any
    kept_updated_at: str
    other_updated_at: str
    at: str  # the merged record's updated_at: when the clash happened, as far as data knows
    note: str = ""
    kept_by: str = ""  # who made the kept edit (the record's updated_by on that side)
    other_by: str = ""


@dataclass(slots=True)
class TableMerge:
    records: Table
    clashes: list[Clash] = field(default_factory=list)


def canonical(value: Any) -> str:
    """A stable text of a JSON value, for ties and identity; an absent value sorts first."""
    if value is MISSING:
        return ""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _author(record: Body) -> str:
    author = record.get(UPDATED_BY, "")
    return author if isinstance(author, str) else ""


def _stamp(record: Body) -> str:
    stamp = record.get("updated_at", "")
    return stamp if isinstance(stamp, str) else ""


def _first_wins(first: Any, second: Any, first_stamp: str, second_stamp: str) -> bool:
    if first_stamp != second_stamp:
        return first_stamp > second_stamp
    return canonical(first) >= canonical(second)


# --- lists that merge as sets ----------------------------------------------------------------


def _is_entry(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("on"), str)


def _set_kind(*values: Any) -> str | None:
    """ "log" (timestamped entries), "tags" (strings) or None when the lists are plain values."""
    items: list[Any] = []
    for value in values:
        if value is MISSING:
            continue
        if not isinstance(value, list):
            return None
        items.extend(value)
    if not items:
        return None
    if all(_is_entry(item) for item in items):
        return "log"
    if all(isinstance(item, str) for item in items):
        return "tags"
    return None


def _merge_sets(kind: str, base: Any, ours: Any, theirs: Any) -> Any:
    def keyed(value: Any) -> dict[str, Any]:
        return {} if value is MISSING else {canonical(item): item for item in value}

    b, o, t = keyed(base), keyed(ours), keyed(theirs)
    # Added by either side, minus removed by either side.
    kept = {k: v for k, v in o.items() if k in t or k not in b}
    kept.update((k, v) for k, v in t.items() if k in o or k not in b)
    if not kept:
        return MISSING  # an empty list is stored as an absent field
    # Entries in time order; tags (whose order means nothing) alphabetically.
    by_time = kind == "log"
    order = sorted(kept, key=lambda k: (kept[k]["on"], k)) if by_time else sorted(kept)
    return [kept[k] for k in order]


# --- fields ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Sides:
    """The two records being merged, for stamps and clash reports."""

    record: str
    ours: Body
    theirs: Body
    at: str
    clashes: list[Clash]


Stamps = tuple[str, str]  # when ours and theirs last edited the top-level field being merged


def _merge_value(
    path: str, base: Any, ours: Any, theirs: Any, sides: _Sides, stamps: Stamps
) -> Any:
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    if isinstance(ours, dict) and isinstance(theirs, dict):
        if isinstance(base, dict):
            return _merge_fields(path + ".", base, ours, theirs, sides, stamps)
        if base is MISSING:
            return _merge_fields(path + ".", {}, ours, theirs, sides, stamps)
    kind = _set_kind(base, ours, theirs)
    if kind is not None:
        return _merge_sets(kind, base, ours, theirs)
    ours_stamp, theirs_stamp = stamps
    ours_first = _first_wins(ours, theirs, ours_stamp, theirs_stamp)
    kept, other = (ours, theirs) if ours_first else (theirs, ours)
    kept_stamp, other_stamp = stamps if ours_first else (theirs_stamp, ours_stamp)
    by = (_author(sides.ours), _author(sides.theirs))
    kept_by, other_by = by if ours_first else (by[1], by[0])
    sides.clashes.append(
        Clash(
            sides.record,
            path,
            None if kept is MISSING else kept,
            None if other is MISSING else other,
            kept_stamp,
            other_stamp,
            sides.at,
            NOTE_LATER if ours_stamp != theirs_stamp else NOTE_TIE,
            kept_by,
            other_by,
        )
    )
    return kept


def _merge_fields(
    prefix: str, base: Body, ours: Body, theirs: Body, sides: _Sides, stamps: Stamps | None
) -> Body:
    """Merge key by key; *stamps* is None at the top level, where each field has its own."""
    merged: Body = {}
    for key in sorted(ours.keys() | theirs.keys() | base.keys()):
        if stamps is None and key in STAMP_FIELDS:
            continue
        value = _merge_value(
            prefix + key,
            base.get(key, MISSING),
            ours.get(key, MISSING),
            theirs.get(key, MISSING),
            sides,
            stamps or (field_stamp(sides.ours, key), field_stamp(sides.theirs, key)),
        )
        if value is not MISSING:
            merged[key] = value
    return merged


# --- records -----------------------------------------------------------------------------------


def _merge_record(
    rec_id: str, base: Body | None, ours: Body, theirs: Body, valid: Validator | None
) -> tuple[Body, list[Clash]]:
    at = max(_stamp(ours), _stamp(theirs))
    sides = _Sides(rec_id, ours, theirs, at, [])
    merged = _merge_fields("", base or {}, ours, theirs, sides, None)
    created = [c for c in (ours.get("created_at"), theirs.get("created_at")) if c]
    if created:
        merged["created_at"] = min(created)
    if at:
        merged["updated_at"] = at
    stamps = merged_field_stamps(ours, theirs, merged)
    if stamps:
        merged[FIELD_STAMPS] = stamps
    # Who changed the record last: the author of the later side (ties as every clash breaks).
    later = ours if _first_wins(ours, theirs, _stamp(ours), _stamp(theirs)) else theirs
    if _author(later):
        merged[UPDATED_BY] = _author(later)
    if valid is None or valid(rec_id, merged):
        return merged, sides.clashes
    return _keep_whole(rec_id, base or {}, ours, theirs, at)


def _keep_whole(
    rec_id: str, base: Body, ours: Body, theirs: Body, at: str
) -> tuple[Body, list[Clash]]:
    """Field-by-field gave an invalid record (say `end` before `start`): keep the later side."""
    ours_first = _first_wins(ours, theirs, _stamp(ours), _stamp(theirs))
    winner, loser = (ours, theirs) if ours_first else (theirs, ours)
    clashes = []
    for key in sorted(winner.keys() | loser.keys()):
        if key in STAMP_FIELDS:
            continue
        kept, other = winner.get(key, MISSING), loser.get(key, MISSING)
        if kept != other and other != base.get(key, MISSING):
            clashes.append(
                Clash(
                    rec_id,
                    key,
                    None if kept is MISSING else kept,
                    None if other is MISSING else other,
                    _stamp(winner),
                    _stamp(loser),
                    at,
                    NOTE_INVALID,
                )
            )
    merged = dict(winner)
    if at:
        merged["updated_at"] = at
    return merged, clashes


def merge_table(
    base: Table, ours: Table, theirs: Table, *, valid: Validator | None = None
) -> TableMerge:
    """Merge one table's records (id → stored body); *valid* vets field-by-field results."""
    result = TableMerge({})
    records = result.records
    for rec_id in sorted(ours.keys() | theirs.keys() | base.keys()):
        b, o, t = base.get(rec_id), ours.get(rec_id), theirs.get(rec_id)
        if o == t:
            if o is not None:
                records[rec_id] = o
        elif o == b:
            if t is not None:
                records[rec_id] = t
        elif t == b:
            if o is not None:
                records[rec_id] = o
        elif o is None or t is None:
            edited = t if o is None else o
            assert edited is not None
            records[rec_id] = edited
            result.clashes.append(
                Clash(
                    rec_id,
                    WHOLE_RECORD,
                    edited,
                    None,
                    _stamp(edited),
                    "",
                    _stamp(edited),
                    NOTE_DELETED,
                )
            )
        else:
            records[rec_id], clashes = _merge_record(rec_id, b, o, t, valid)
            result.clashes.extend(clashes)
    return result
