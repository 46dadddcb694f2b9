"""When each field of a record was last edited: the stamps that let the later edit of a field win.

A record's `updated_at` says when the record was last edited as a whole. A merge deciding "the
later edit wins" by it alone gets it wrong per field: clone A's early edit of `owner` beats clone
B's later edit of `owner` as soon as A edits any other field of that record afterwards (A's
record is "later" as a whole). So each edit also notes its own stamp — the new `updated_at`, from
`clock.next_stamp`, a hybrid logical clock — against every top-level field it added, changed or
removed:

    "field_stamps": {"owner": "2026-11-27T09:05:00.000000Z", "health": "…"}

The merge compares these for a field both sides changed, and falls back to a side's `updated_at`
where it has none (records written before field stamps merge as they always did). Pure: stored
dicts in, a stored dict out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

FIELD_STAMPS: Final = "field_stamps"
# The keys that are about the record, not fields of it: never stamped themselves.
UPDATED_BY: Final = "updated_by"
META_KEYS: Final = frozenset({"created_at", "updated_at", FIELD_STAMPS, UPDATED_BY})
_ABSENT: Final = object()


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The top-level fields (stored keys) that *after* added, changed or removed, sorted."""
    return sorted(
        key
        for key in before.keys() | after.keys()
        if key not in META_KEYS and before.get(key, _ABSENT) != after.get(key, _ABSENT)
    )


def with_field_stamps(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """*after* (an edit of the stored record *before*, carrying its new `updated_at`) with that
    stamp noted in `field_stamps` for every field the edit changed; the other fields keep the
    stamps *after* already holds."""
    out = dict(after)
    stamp = after.get("updated_at")
    changed = changed_fields(before, after)
    if not changed or not isinstance(stamp, str) or not stamp:
        return out
    stamps = after.get(FIELD_STAMPS)
    merged = dict(stamps) if isinstance(stamps, Mapping) else {}
    merged.update((key, stamp) for key in changed)
    out[FIELD_STAMPS] = merged
    return out


def field_stamp(record: Mapping[str, Any], key: str) -> str:
    """When *record*'s field *key* was last edited, as far as it knows: its own field stamp, else
    the record's `updated_at` (a record written before field stamps), else ""."""
    stamps = record.get(FIELD_STAMPS)
    if isinstance(stamps, Mapping):
        found = stamps.get(key)
        if isinstance(found, str) and found:
            return found
    stamp = record.get("updated_at", "")
    return stamp if isinstance(stamp, str) else ""


def _own_stamps(record: Mapping[str, Any]) -> dict[str, str]:
    found = record.get(FIELD_STAMPS)
    if not isinstance(found, Mapping):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str) and v}


def merged_field_stamps(
    ours: Mapping[str, Any], theirs: Mapping[str, Any], merged: Mapping[str, Any]
) -> dict[str, str]:
    """The `field_stamps` of *merged*, the merge of two records: for each field either side has
    a stamp for, the stamp (`field_stamp`) of the side whose value it holds; the later of the
    two where it holds both sides' value, or a mix of them (a merged tag list). Fields neither
    side stamped stay unstamped, so records written before field stamps merge as before.
    Depends on neither side being "ours"."""
    keys = _own_stamps(ours).keys() | _own_stamps(theirs).keys()
    out = {}
    for key in sorted(keys):
        value = merged.get(key, _ABSENT)
        is_ours = value == ours.get(key, _ABSENT)
        is_theirs = value == theirs.get(key, _ABSENT)
        if is_ours and not is_theirs:
            stamp = field_stamp(ours, key)
        elif is_theirs and not is_ours:
            stamp = field_stamp(theirs, key)
        else:
            stamp = max(field_stamp(ours, key), field_stamp(theirs, key))
        if stamp:
            out[key] = stamp
    return out
