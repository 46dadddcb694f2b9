"""A compiled fast path for `schema.from_record`: the same records, several times faster.

Loading a big folder builds ~50,000 records (and ~50,000 nested values). The generic parser
looks up each field's Spec and branches on its kind for every value; here each class is turned
once into straight-line Python source (the technique `dataclasses` itself uses for `__init__`)
with only the cheap check of the common case per field. `python -c "from ctotui.domain.fastparse
import source; from ctotui.domain.entities import Recommendation; print(source(Recommendation))"`
shows what is generated.

The rule that keeps behaviour identical: the fast path never decides that a record is *bad*. Any
value it is not sure about raises `Fallback`, and `from_record` then parses the whole record
again with the generic parser, which accepts it or raises the one canonical error message. So
the fast path may only be stricter than the generic one, never more lenient.

Dates and amounts are immutable, so one object per distinct text is shared by every record
(a big folder has a few thousand distinct dates): less work and less memory.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ctotui.domain.dates import DateError, parse_iso_date
from ctotui.domain.ids import is_ulid
from ctotui.domain.money import MoneyError, parse_amount
from ctotui.domain.schema import (
    BOOL,
    CURRENCY,
    DATE,
    ENUM,
    INT,
    JSON,
    MONEY,
    OBJ,
    OBJS,
    REF,
    STAMP,
    TAGS,
    TEXT,
    Record,
    fields_of,
)
from ctotui.domain.text_rules import MAX_TEXT, json_problem, text_problem

_META = (
    "id",
    "created_at",
    "updated_at",
    "field_stamps",
    "updated_by",
)  # a record's keys that are not fields


class Fallback(ValueError):
    """The fast path is not sure about a value: parse the record the generic way."""


_CACHE_LIMIT = 200_000
_dates: dict[str, Any] = {}
_amounts: dict[str, Decimal] = {}


def _date(value: Any) -> Any:
    """A date from its stored text, shared with every other record that has the same one."""
    if type(value) is not str:
        raise Fallback
    try:
        found = parse_iso_date(value)
    except DateError:
        raise Fallback from None
    if len(_dates) >= _CACHE_LIMIT:
        _dates.clear()
    _dates[value] = found
    return found


def _amount(value: Any) -> Decimal:
    if type(value) is not str:
        raise Fallback  # whole numbers are valid too, but rare: the generic parser takes them
    found = _amounts.get(value)
    if found is None:
        try:
            found = parse_amount(value)
        except MoneyError:
            raise Fallback from None
        if len(_amounts) >= _CACHE_LIMIT:
            _amounts.clear()
        _amounts[value] = found
    return found


def _fallback() -> Any:
    raise Fallback


# The check and conversion of one present, non-empty value `v` into `f`, by kind. `{n}` is the
# field's attribute name (for names in the generated module's globals).
_CHECKS = {
    TEXT: [
        "if type(v) is not str: raise Fallback",
        "if (len(v) > MAX_TEXT or not v.isprintable()) and text_problem(v, LINES_{n}):",
        "    raise Fallback",
        "f = v",
    ],
    INT: ["if type(v) is not int or v < MIN_{n} or v > MAX_{n}: raise Fallback", "f = v"],
    BOOL: ["if type(v) is not bool: raise Fallback", "f = v"],
    DATE: [
        "f = _dates.get(v) if type(v) is str else None",
        "if f is None: f = _date(v)",
    ],
    STAMP: ["if type(v) is not str or len(v) < 20 or v[-1] != 'Z': raise Fallback", "f = v"],
    MONEY: ["f = _amount(v)"],
    CURRENCY: [
        "if not (type(v) is str and len(v) == 3 and v.isalpha() and v.isupper()):",
        "    raise Fallback",
        "f = v",
    ],
    ENUM: [
        "f = MEMBERS_{n}.get(v) if type(v) is str else None",
        "if f is None: raise Fallback",
    ],
    REF: ["if not is_ulid(v): raise Fallback", "f = v"],
    TAGS: [
        "if type(v) is not list: raise Fallback",
        "for t in v:",
        "    if type(t) is not str: raise Fallback",
        "f = list(v)",  # a copy: the stored dict and the record never share a list
    ],
    OBJ: ["if type(v) is not dict: raise Fallback", "f = ITEM_{n}(v, where)"],
    OBJS: [
        "if type(v) is not list: raise Fallback",
        "f = [ITEM_{n}(e, where) if type(e) is dict else _fallback() for e in v]",
    ],
    JSON: ["if json_problem(v): raise Fallback", "f = v"],
}


def _generate(cls: type[Any]) -> tuple[str, dict[str, Any]]:
    """The source of `parse` for *cls* and the globals it needs."""
    is_record = issubclass(cls, Record)
    names: dict[str, Any] = {
        "Fallback": Fallback,
        "_dates": _dates,
        "_date": _date,
        "_amount": _amount,
        "_fallback": _fallback,
        "is_ulid": is_ulid,
        "text_problem": text_problem,
        "json_problem": json_problem,
        "MAX_TEXT": MAX_TEXT,
        "CLS": cls,
        "NEW": object.__new__,
    }
    known = {key for _, key, _, _ in fields_of(cls)} | set(_META)
    names["KNOWN"] = frozenset(known)
    lines = []
    if is_record:
        lines.append("def parse(rec_id, data, where):")
    else:
        lines.append("def parse(data, where):")
    # Unknown keys: the generic parser names the first one.
    lines.append("    if not KNOWN.issuperset(data): raise Fallback")
    args = []  # (attribute, local variable) of every field the instance gets
    if is_record:
        args.append(("id", "rec_id"))
        for key in ("created_at", "updated_at"):
            lines += [
                f"    f_{key} = data.get('{key}')",
                f"    if f_{key} is None:",
                f"        f_{key} = DEFAULT_{key}",
                "    else:",
                f"        v = f_{key}",
                f"        {_CHECKS[STAMP][0]}",
            ]
            args.append((key, f"f_{key}"))
            names[f"DEFAULT_{key}"] = cls.__dataclass_fields__[key].default
        # field_stamps: stored field names to stamps, copied (the record never shares the dict).
        names["STAMPED"] = frozenset(key for _, key, _, _ in fields_of(cls))
        lines += [
            "    v = data.get('field_stamps')",
            "    if v is None:",
            "        f_field_stamps = {}",
            "    else:",
            "        if type(v) is not dict: raise Fallback",
            "        for k, s in v.items():",
            "            if k not in STAMPED or type(s) is not str or len(s) < 20 or s[-1] != 'Z':",
            "                raise Fallback",
            "        f_field_stamps = dict(v)",
        ]
        args.append(("field_stamps", "f_field_stamps"))
        # updated_by: one line of text, like any single-line text field.
        lines += [
            "    v = data.get('updated_by')",
            "    if v is None:",
            "        f_updated_by = ''",
            "    else:",
            "        if type(v) is not str or not v.isprintable() or len(v) > MAX_TEXT:",
            "            raise Fallback",
            "        f_updated_by = v",
        ]
        args.append(("updated_by", "f_updated_by"))
    for name, key, s, default in fields_of(cls):
        n = name
        names[f"DEFAULT_{n}"] = default
        if s.kind == INT:
            names[f"MIN_{n}"] = s.minimum if s.minimum is not None else float("-inf")
            names[f"MAX_{n}"] = s.maximum if s.maximum is not None else float("inf")
        if s.kind == TEXT:
            names[f"LINES_{n}"] = s.lines
        if s.kind == ENUM:
            assert s.enum is not None
            names[f"MEMBERS_{n}"] = {m.value: m for m in s.enum}
        if s.kind in (OBJ, OBJS):
            assert s.item is not None
            names[f"ITEM_{n}"] = model_parser(s.item)
        # Absent, null, or "" for a kind where "" means empty: the default (as the generic
        # parser gives it), or for a required field the generic parser's "is required".
        empty = "v is None" if s.kind in (TEXT, JSON) else "v is None or v == ''"
        fill = "raise Fallback" if s.required else f"f_{n} = DEFAULT_{n}"
        if not s.required and callable(default):
            fill += "()"
        lines += [f"    v = data.get({key!r})", f"    if {empty}:", f"        {fill}", "    else:"]
        checks = list(_CHECKS[s.kind])
        if s.kind == TEXT and s.required:
            checks.insert(1, "if not v.strip(): raise Fallback")
        lines += [f"        {c.format(n=n)}" for c in checks]
        lines.append(f"        f_{n} = f")
        args.append((n, f"f_{n}"))
    if _plain_init(cls):
        # Every field is given, so the dataclass __init__ would only assign them: do that
        # directly (a keyword call with 24 arguments cost more than the assignments).
        lines.append("    obj = NEW(CLS)")
        lines += [f"    obj.{attr} = {local}" for attr, local in args]
    else:
        lines.append(f"    obj = CLS({', '.join(f'{a}={v}' for a, v in args)})")
    if getattr(cls, "check", None) is not None:
        # A refusal falls back too: the generic parser adds a nested value's field path.
        lines.append("    obj.check(where)")
    lines.append("    return obj")
    return "\n".join(lines) + "\n", names


def _plain_init(cls: type[Any]) -> bool:
    """True when *cls*'s __init__ only assigns its fields: a dataclass, not frozen, without
    __post_init__ (every ctotui entity)."""
    params = getattr(cls, "__dataclass_params__", None)
    return (
        params is not None
        and params.init
        and not params.frozen
        and not hasattr(cls, "__post_init__")
        and {f.name for f in dataclasses.fields(cls)}
        == {name for name, _, _, _ in fields_of(cls)}
        | (set(_META) if issubclass(cls, Record) else set())
    )


def source(cls: type[Any]) -> str:
    """The generated parser of *cls*, for reading."""
    return _generate(cls)[0]


_parsers: dict[type[Any], Callable[..., Any]] = {}


def model_parser(cls: type[Any]) -> Callable[..., Any]:
    """The fast parser of *cls*, compiled once: `parse(data, where)` for a nested value,
    `parse(rec_id, data, where)` for a record. Raises Fallback (or the ValidationError of a
    record-level check) when the generic parser must decide."""
    found = _parsers.get(cls)
    if found is None:
        text, names = _generate(cls)
        exec(compile(text, f"<ctotui fast parser of {cls.__name__}>", "exec"), names)
        found = _parsers[cls] = names["parse"]
    return found
