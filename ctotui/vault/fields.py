"""Which stored values a vault seals, and which client each record belongs to. Pure: no keys, no
cryptography, no I/O — the merge driver and a keyless `check` use it on ciphertext.

Sealed by kind, so a free-text or money field added later is sealed by default: every text,
amount and tag of a record, nested values included (`contacts[].email`, `history[].note`,
`estimated_cost.one_time`), except what gives the data its structure (`PLAIN`: a recurrence rule,
a time of day, the statuses of a history entry, the key ids of the vault itself, who made a
change). Ids, references, statuses and other enums, dates, numbers, flags and time stamps stay
plain. A list is sealed element by element and an object field by field, each with the field's
path (no list index) as associated data, so lists that merge as sets still merge on ciphertext.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from ctotui.domain.entities import BY_TABLE
from ctotui.domain.schema import MONEY, OBJ, OBJS, REF, TAGS, TEXT, fields_of

#: "v1:<key id>:<base64 of AES-SIV output>" — what a sealed value looks like on disk.
TOKEN = re.compile(r"v1:([0-9a-f]{16}):([A-Za-z0-9+/]{22,}={0,2})")
EACH = "[]"  # a path step meaning "every element of this list"
CONFLICTS = "conflicts"
WHOLE_RECORD = "*"

#: Text fields that are structure, not content (table, dotted path).
PLAIN: frozenset[tuple[str, str]] = frozenset(
    {
        ("events", "time"),
        ("events", "rrule"),
        ("recommendations", "history.from"),
        ("recommendations", "history.to"),
    }
)
#: Fields of any table that are never sealed: who changed it (so a keyless clone can still tell
#: whose edit won) and the vault's own bookkeeping.
PLAIN_NAMES = frozenset({"by", "updated_by", "author"})

Steps = tuple[str, ...]
Leaf = tuple[Steps, str, str]  # steps, dotted path (the associated data), field kind
Fn = Callable[[Any, str, str], Any]  # (value, dotted path, kind) -> new value


def is_token(value: Any) -> bool:
    """Whether *value* is shaped like a token (cheap; `cipher` checks the rest when opening)."""
    return type(value) is str and value[:3] == "v1:" and value[19:20] == ":"


def well_formed(value: str) -> bool:
    return TOKEN.fullmatch(value) is not None


def token_key(value: str) -> str:
    """The key id a token was sealed with (the caller checked `is_token`)."""
    return value[3:19]


def _leaves(cls: type[Any], table: str, prefix: Steps) -> list[Leaf]:
    found: list[Leaf] = []
    for _attr, key, s, _default in fields_of(cls):
        steps = (*prefix, key)
        dotted = ".".join(p for p in steps if p != EACH)
        if key in PLAIN_NAMES or (table, dotted) in PLAIN:
            continue
        if s.kind in (TEXT, MONEY):
            found.append((steps, dotted, s.kind))
        elif s.kind == TAGS:
            found.append(((*steps, EACH), dotted, TEXT))
        elif s.kind == OBJ and s.item is not None:
            found += _leaves(s.item, table, steps)
        elif s.kind == OBJS and s.item is not None:
            found += _leaves(s.item, table, (*steps, EACH))
    return found


@cache
def sealed_leaves(table: str) -> tuple[Leaf, ...]:
    """Every sealed position of a record of *table* (none for conflicts: see `conflict_leaves`)."""
    if table == CONFLICTS or table not in BY_TABLE:
        return ()
    return tuple(_leaves(BY_TABLE[table], table, ()))


@cache
def conflict_leaves(table: str, field: str) -> tuple[Leaf, ...]:
    """The sealed positions inside a conflict's kept/other value for *field* of *table*: the
    value is that field (or, for "*", the whole record), so its leaves are the field's."""
    if field == WHOLE_RECORD:
        return sealed_leaves(table)
    wanted = tuple(field.split("."))
    found = []
    for steps, dotted, kind in sealed_leaves(table):
        named = tuple(p for p in steps if p != EACH)
        if named[: len(wanted)] != wanted:
            continue
        # Drop the field's own steps (and the list steps between them) from the front.
        rest, matched = list(steps), 0
        while matched < len(wanted):
            if rest.pop(0) != EACH:
                matched += 1
        found.append((tuple(rest), dotted, kind))
    return tuple(found)


Node = Any  # a tree: {step: Node}, or a leaf: (dotted path, kind)


def _tree(leaves: tuple[Leaf, ...]) -> Node:
    """The leaves as one tree of steps, walked once per record (not once per leaf)."""
    if any(not steps for steps, _d, _k in leaves):
        _steps, dotted, kind = leaves[0]
        return (dotted, kind)
    root: dict[str, Any] = {}
    for steps, dotted, kind in leaves:
        node = root
        for step in steps[:-1]:
            node = node.setdefault(step, {})
        node[steps[-1]] = (dotted, kind)
    return root


@cache
def record_tree(table: str) -> Node:
    return _tree(sealed_leaves(table))


@cache
def record_tree_without(table: str, later: frozenset[str]) -> Node:
    """The record's tree less the text leaves named in *later*: walked, a record's other
    values are opened and those stay tokens (a token is valid text, and nobody reads it before
    the record is opened whole)."""
    leaves = tuple(
        leaf for leaf in sealed_leaves(table) if not (leaf[1] in later and leaf[2] == TEXT)
    )
    return _tree(leaves) if leaves else {}


@cache
def conflict_tree(table: str, field: str) -> Node:
    return _tree(conflict_leaves(table, field))


def walk(value: Any, node: Node, fn: Fn) -> Any:
    """*value* with *fn* applied at each leaf of *node* (copied where changed, else shared)."""
    if type(node) is tuple:
        return fn(value, node[0], node[1])
    if EACH in node:
        if not isinstance(value, list):
            return value
        inner = node[EACH]
        if type(inner) is tuple:
            dotted, kind = inner
            new = [fn(item, dotted, kind) for item in value]
        else:
            new = [walk(item, inner, fn) for item in value]
        return new if any(a is not b for a, b in zip(new, value, strict=True)) else value
    if not isinstance(value, dict):
        return value
    out = value
    for step, sub in node.items():
        if step in value:
            old = value[step]
            # A leaf right here is called directly: most sealed fields sit at the top of a
            # record, and a recursive call for each was a third of opening one.
            changed = fn(old, sub[0], sub[1]) if type(sub) is tuple else walk(old, sub, fn)
            if changed is not old:
                if out is value:
                    out = dict(value)
                out[step] = changed
    return out


def transform(leaves: tuple[Leaf, ...], value: Any, fn: Fn) -> Any:
    """*value* with *fn* applied to each leaf present (copied where changed, shared otherwise)."""
    return walk(value, _tree(leaves), fn) if leaves else value


def transform_record(
    table: str, body: dict[str, Any], fn: Fn, later: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """A stored record with *fn* applied to every sealed position (a conflict's kept and other
    through the leaves of the record it names), the text fields named in *later* left out."""
    if table != CONFLICTS:
        tree = record_tree(table) if not later else record_tree_without(table, later)
        result: dict[str, Any] = walk(body, tree, fn)
        return result
    named = conflict_named(body)
    if named is None:
        return body
    tree = conflict_tree(*named)
    return map_sides(body, lambda side: walk(side, tree, fn))


def conflict_named(body: dict[str, Any]) -> tuple[str, str] | None:
    """(table, field) whose sealed positions a conflict's kept and other values hold, or None
    when they hold none (a conflict about a conflict, a field that is not sealed, junk)."""
    named, field = body.get("table"), body.get("field")
    if not isinstance(named, str) or not isinstance(field, str) or named not in BY_TABLE:
        return None
    if named == CONFLICTS or not conflict_leaves(named, field):
        return None
    return named, field


def map_sides(body: dict[str, Any], fn: Callable[[Any], Any]) -> dict[str, Any]:
    """A conflict with *fn* applied to its kept and other values (copied where changed)."""
    out = body
    for side in ("kept", "other"):
        if side in body and body[side] is not None:
            new = fn(body[side])
            if new is not body[side]:
                out = dict(out) if out is body else out
                out[side] = new
    return out


def conflict_ad(body: dict[str, Any]) -> tuple[str, str]:
    """The (table, record) a conflict's sealed values were sealed for: the record it names."""
    return str(body.get("table", "")), str(body.get("record", ""))


# --- masking: validating a sealed record without its key -----------------------------------

_NEUTRAL = {TEXT: "sealed", MONEY: "0"}


def neutral(value: Any, _path: str, kind: str) -> Any:
    """A token's stand-in: a valid value of its kind that says nothing."""
    return _NEUTRAL.get(kind, value) if is_token(value) else value


def masked(table: str, body: dict[str, Any]) -> dict[str, Any]:
    """*body* with every sealed value replaced by a neutral valid one of its kind, so the plain
    fields (ids, references, dates, statuses) validate as usual and the sealed ones are left to
    whoever holds the key. A record without tokens comes back as it is."""
    return transform_record(table, body, neutral)


def tokens(table: str, body: dict[str, Any]) -> list[tuple[str, str]]:
    """(dotted path, token) of every sealed value of a stored record."""
    found: list[tuple[str, str]] = []

    def note(value: Any, path: str, _kind: str) -> Any:
        if is_token(value):
            found.append((path, value))
        return value

    transform_record(table, body, note)
    return found


def plain_values(table: str, body: dict[str, Any]) -> list[str]:
    """The dotted paths of sealed positions that hold a value in the clear."""
    found: list[str] = []

    def note(value: Any, path: str, _kind: str) -> Any:
        if value not in (None, "") and not is_token(value):
            found.append(path)
        return value

    transform_record(table, body, note)
    return found


# --- ownership ---------------------------------------------------------------------------------


@cache
def parent_of(table: str) -> tuple[str, str] | None:
    """(field, parent table) through which a record of *table* belongs to a client, when it has
    no `client` field of its own (a milestone through its recommendation)."""
    specs = {key: s for _attr, key, s, _d in fields_of(BY_TABLE[table])}
    if "client" in specs:
        return None
    for key, s in specs.items():
        if s.kind == REF and s.required and s.ref:
            return key, s.ref
    return None


Lookup = Callable[[str, str], "dict[str, Any] | None"]


def owner(table: str, rec_id: str, body: dict[str, Any], lookup: Lookup, depth: int = 0) -> str:
    """The id of the client a record belongs to ("" when it cannot be told: a conflict about a
    record that is gone, a dangling reference). *lookup(table, id)* gives a stored record."""
    if depth > 4:
        return ""
    if table == "clients":
        return rec_id
    if table == CONFLICTS:
        named, named_id = conflict_ad(body)
        if named not in BY_TABLE or named == CONFLICTS:
            return ""
        target = lookup(named, named_id)
        if target is None and body.get("field") == WHOLE_RECORD:
            target = body.get("kept") if isinstance(body.get("kept"), dict) else None
        return owner(named, named_id, target, lookup, depth + 1) if target is not None else ""
    client = body.get("client")
    if isinstance(client, str):
        return client
    parent = parent_of(table)
    if parent is None:
        return ""
    parent_id = body.get(parent[0])
    found = lookup(parent[1], parent_id) if isinstance(parent_id, str) else None
    return owner(parent[1], str(parent_id), found, lookup, depth + 1) if found is not None else ""


def children_of(table: str) -> list[tuple[str, str]]:
    """(child table, field) of the tables whose records belong to a client through *table*."""
    return [(t, p[0]) for t in BY_TABLE if (p := parent_of(t)) is not None and p[1] == table]
