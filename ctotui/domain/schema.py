"""Field specifications and the one parser/serialiser every entity shares.

Each entity is a dataclass whose fields carry a `Spec` in their metadata. `from_record` turns a
stored dict into a typed object, refusing unknown fields, wrong types, bad dates, negative
amounts and out-of-range numbers with a message that names the record and the field;
`to_record` is its exact inverse (empty values are left out, so files stay short).

A little over 300 lines, on purpose: the parser and its inverse change together (a field kind
added to one and not the other would lose data on every round trip), so they sit side by side.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from ctotui.domain.dates import DateError, parse_iso_date
from ctotui.domain.ids import is_ulid
from ctotui.domain.money import MoneyError, amount_text, parse_amount
from ctotui.domain.text_rules import json_problem, text_problem
from ctotui.errors import ValidationError

# Field kinds
TEXT = "text"
INT = "int"
BOOL = "bool"
DATE = "date"
STAMP = "stamp"
MONEY = "money"
ENUM = "enum"
REF = "ref"
TAGS = "tags"
OBJ = "obj"
OBJS = "objs"
JSON = "json"
CURRENCY = "currency"


@dataclass(frozen=True, slots=True)
class Spec:
    """How one field is stored and checked."""

    kind: str
    required: bool = False
    label: str = ""
    enum: type[StrEnum] | None = None
    ref: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    item: type[Any] | None = None
    help: str = ""
    key: str = ""  # the stored name when it differs from the attribute ("from" is a keyword)
    lines: bool = False  # free text of several lines (notes): newlines and tabs allowed


def spec(kind: str, default: Any = None, **options: Any) -> Any:
    """A dataclass field with a Spec; list/dict defaults become factories.

    Text fields default to "" rather than None, so a field annotated `str` always holds one.
    """
    meta = {"spec": Spec(kind, **options)}
    if default is None and kind in (TEXT, STAMP):
        default = ""
    if isinstance(default, list):
        return field(default_factory=list, metadata=meta)
    return field(default=default, metadata=meta)


def spec_of(f: dataclasses.Field[Any]) -> Spec:
    found = f.metadata.get("spec")
    if not isinstance(found, Spec):
        raise TypeError(f"field {f.name} has no Spec")
    return found


class Model:
    """Base of every entity and nested value."""

    def to_record(self) -> dict[str, Any]:
        return to_record(self)


@dataclass(slots=True, kw_only=True)
class Record(Model):
    """A top-level record: one entry of a table file, keyed by a ULID."""

    TABLE: ClassVar[str] = ""
    LABEL: ClassVar[str] = ""
    UNIQUE: ClassVar[tuple[str, ...]] = ()  # text fields no two records may share (any case)
    id: str = ""
    created_at: str = ""
    updated_at: str = ""
    # When each field was last edited (stored key -> stamp); see `field_stamps.py`.
    field_stamps: dict[str, str] = field(default_factory=dict)
    # Who made the last change (the `me` setting of the machine that made it).
    updated_by: str = ""

    @property
    def where(self) -> str:
        return f"{self.TABLE}/{self.id}" if self.id else f"new {self.LABEL}"

    def display_name(self) -> str:
        return str(getattr(self, "title", None) or getattr(self, "name", None) or self.id)


M = TypeVar("M", bound=Model)
R = TypeVar("R", bound=Record)

_META_FIELDS = {"id", "created_at", "updated_at", "field_stamps", "updated_by"}
_AUTHOR_SPEC = Spec(TEXT)
_PARSED_CLASSES: dict[type[Any], list[tuple[str, str, Spec, Any]]] = {}
_KNOWN_KEYS: dict[type[Any], frozenset[str]] = {}
_STAMP_SPEC = Spec(STAMP)


def _fields(cls: type[Any]) -> list[tuple[str, str, Spec, Any]]:
    """(attribute, stored key, spec, default or factory) of each non-meta field of *cls*."""
    cached = _PARSED_CLASSES.get(cls)
    if cached is None:
        cached = []
        for f in dataclasses.fields(cls):
            if f.name in _META_FIELDS:
                continue
            default: Any = f.default
            if f.default_factory is not dataclasses.MISSING:
                default = f.default_factory
            s = spec_of(f)
            cached.append((f.name, s.key or f.name, s, default))
        _PARSED_CLASSES[cls] = cached
    return cached


def fields_of(cls: type[Any]) -> list[tuple[str, str, Spec, Any]]:
    """(attribute, stored key, spec, default or factory) of each non-meta field of *cls*."""
    return _fields(cls)


def _known_keys(cls: type[Any]) -> frozenset[str]:
    """The stored keys *cls* accepts (its fields and the meta fields), computed once."""
    known = _KNOWN_KEYS.get(cls)
    if known is None:
        known = frozenset(key for _, key, _, _ in _fields(cls)) | _META_FIELDS
        _KNOWN_KEYS[cls] = known
    return known


def field_specs(cls: type[Any]) -> dict[str, Spec]:
    """The editable fields of *cls* (by attribute name) and their specs, in declaration order."""
    return {name: s for name, _, s, _ in _fields(cls)}


def _parse_value(value: Any, s: Spec, where: str, name: str) -> Any:
    def bad(message: str) -> ValidationError:
        return ValidationError(where, message, name)

    kind = s.kind
    if kind == TEXT:
        if not isinstance(value, str):
            raise bad(f"expected text, got {_type_name(value)}")
        problem = text_problem(value, s.lines)
        if problem:
            raise bad(problem)
        return value
    if kind == INT:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad(f"expected a whole number, got {value!r}")
        if s.minimum is not None and value < s.minimum:
            raise bad(f"must be at least {s.minimum}, got {value}")
        if s.maximum is not None and value > s.maximum:
            raise bad(f"must be at most {s.maximum}, got {value}")
        return value
    if kind == BOOL:
        if not isinstance(value, bool):
            raise bad(f"expected true or false, got {value!r}")
        return value
    if kind == DATE:
        try:
            return parse_iso_date(value)
        except DateError as exc:
            raise bad(str(exc)) from None
    if kind == STAMP:
        if not isinstance(value, str) or len(value) < 20 or not value.endswith("Z"):
            raise bad(f"expected a UTC time stamp, got {value!r}")
        return value
    if kind == MONEY:
        try:
            return parse_amount(value)
        except MoneyError as exc:
            raise bad(str(exc)) from None
    if kind == CURRENCY:
        if not (isinstance(value, str) and len(value) == 3 and value.isalpha() and value.isupper()):
            raise bad(f"expected a 3-letter currency code like EUR, got {value!r}")
        return value
    if kind == ENUM:
        assert s.enum is not None
        try:
            return s.enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in s.enum)
            raise bad(f"unknown value {value!r} (one of: {allowed})") from None
    if kind == REF:
        if not is_ulid(value):
            raise bad(f"expected a record id, got {value!r}")
        return value
    if kind == TAGS:
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise bad("expected a list of tags")
        return list(value)
    if kind == OBJ:
        assert s.item is not None
        if not isinstance(value, dict):
            raise bad(f"expected an object, got {_type_name(value)}")
        return _parse_nested(s.item, value, where, name)
    if kind == OBJS:
        assert s.item is not None
        if not isinstance(value, list):
            raise bad(f"expected a list, got {_type_name(value)}")
        items = []
        for index, entry in enumerate(value):
            if not isinstance(entry, dict):
                raise ValidationError(where, "expected an object", f"{name}[{index}]")
            items.append(_parse_nested(s.item, entry, where, f"{name}[{index}]"))
        return items
    if kind == JSON:
        problem = json_problem(value)
        if problem:
            raise bad(problem)
        return value
    raise AssertionError(f"unknown field kind {kind}")


def _parse_nested(cls: type[M], data: Mapping[str, Any], where: str, path: str) -> M:
    """A nested value; its errors name the record and the field path ("nda.expires_on")."""
    try:
        return parse_model(cls, data, where)
    except ValidationError as exc:
        field_path = f"{path}.{exc.field}" if exc.field else path
        raise ValidationError(where, exc.message, field_path) from None


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def parse_model(cls: type[M], data: Mapping[str, Any], where: str, **extra: Any) -> M:
    """Build *cls* from *data*, checking every field; *where* names the record in errors."""
    fields = _fields(cls)
    known = _known_keys(cls)
    for key in data:
        if key not in known:
            raise ValidationError(where, "unknown field", key)
    values: dict[str, Any] = dict(extra)
    for name, key, s, default in fields:
        raw = data.get(key)
        if raw is None or (raw == "" and s.kind not in (TEXT, JSON)):
            if s.required:
                raise ValidationError(where, "is required", key)
            values[name] = default() if callable(default) else default
            continue
        if s.required and s.kind == TEXT and isinstance(raw, str) and not raw.strip():
            raise ValidationError(where, "is required", key)
        values[name] = _parse_value(raw, s, where, key)
    obj = cls(**values)
    check = getattr(obj, "check", None)
    if check is not None:
        check(where)
    return obj


def from_record(cls: type[R], rec_id: str, data: Mapping[str, Any]) -> R:
    """A typed record from its stored dict (created_at / updated_at / field_stamps checked too)."""
    where = f"{cls.TABLE}/{rec_id}"
    parse = _FAST.get(cls)
    if parse is None:
        # Imported here: the fast path is built on this module's specs.
        from ctotui.domain.fastparse import model_parser

        parse = _FAST[cls] = model_parser(cls)
    try:
        return parse(rec_id, data, where)  # type: ignore[no-any-return]
    except (ValidationError, TypeError, ValueError):
        pass  # the fast path is unsure, or the record is bad: the generic parser gives the verdict
    return _parse_record(cls, rec_id, data, where)


_FAST: dict[type[Any], Any] = {}


def _parse_record(cls: type[R], rec_id: str, data: Mapping[str, Any], where: str) -> R:
    """The generic parser: the reference for what is accepted and for every error message."""
    stamps: dict[str, Any] = {}
    for key in ("created_at", "updated_at"):
        value = data.get(key)
        if value is not None:
            stamps[key] = _parse_value(value, _STAMP_SPEC, where, key)
    fields = data.get("field_stamps")
    if fields is not None:
        stamps["field_stamps"] = _parse_field_stamps(cls, fields, where)
    author = data.get("updated_by")
    if author is not None:
        stamps["updated_by"] = _parse_value(author, _AUTHOR_SPEC, where, "updated_by")
    return parse_model(cls, data, where, id=rec_id, **stamps)


def _parse_field_stamps(cls: type[Any], value: Any, where: str) -> dict[str, str]:
    """A record's `field_stamps`: its own stored field names, each with a time stamp."""
    if not isinstance(value, dict):
        raise ValidationError(
            where, f"expected an object of field names and stamps, got {_type_name(value)}",
            "field_stamps",
        )  # fmt: skip
    keys = {key for _, key, _, _ in _fields(cls)}
    for name, stamp in value.items():
        if name not in keys:
            raise ValidationError(where, f"unknown field {name!r}", "field_stamps")
        _parse_value(stamp, _STAMP_SPEC, where, f"field_stamps.{name}")
    return dict(value)


def _dump_value(value: Any, s: Spec) -> Any:
    # Values of an unexpected type are returned as they are, for `from_record` to refuse.
    kind = s.kind
    if kind == DATE and isinstance(value, date):
        return value.isoformat()
    if kind == MONEY and isinstance(value, Decimal):
        return amount_text(value)
    if kind == ENUM and isinstance(value, StrEnum):
        return str(value.value)
    if kind == OBJ and isinstance(value, Model):
        return to_record(value)
    if kind == OBJS and isinstance(value, list):
        return [to_record(v) if isinstance(v, Model) else v for v in value]
    if kind == TAGS:
        return list(value)
    return value


def to_record(obj: Any, *, with_meta: bool = True) -> dict[str, Any]:
    """The stored dict of *obj*: empty values left out; id is the key, not a field."""
    out: dict[str, Any] = {}
    if with_meta and isinstance(obj, Record):
        if obj.created_at:
            out["created_at"] = obj.created_at
        if obj.updated_at:
            out["updated_at"] = obj.updated_at
        if obj.field_stamps:
            out["field_stamps"] = dict(obj.field_stamps)
        if obj.updated_by:
            out["updated_by"] = obj.updated_by
    for name, key, s, _ in _fields(type(obj)):
        value = getattr(obj, name)
        if value is None or (s.kind != JSON and value in ("", [], {})):
            continue
        out[key] = _dump_value(value, s)
    return out


def references(obj: Record) -> list[tuple[str, str, str]]:
    """(field, table, id) of every reference *obj* makes to another record."""
    refs = []
    for name, _, s, _ in _fields(type(obj)):
        if s.kind == REF and s.ref:
            value = getattr(obj, name)
            if value:
                refs.append((name, s.ref, value))
    return refs


def replace(obj: R, **changes: Any) -> R:
    """A copy of *obj* with *changes*, re-validated through the stored form."""
    data = to_record(obj)
    data.update(_dump_changes(type(obj), changes))
    for key, value in list(data.items()):
        if value is None:
            del data[key]
    return from_record(type(obj), obj.id, data)


def _dump_changes(cls: type[Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    specs = field_specs(cls)
    out: dict[str, Any] = {}
    for key, value in changes.items():
        s = specs.get(key)
        if s is None:
            raise ValidationError(f"{getattr(cls, 'TABLE', cls.__name__)}", "unknown field", key)
        if isinstance(value, StrEnum):
            out[key] = value.value
        elif value is None or isinstance(value, str | bool | int | float):
            # A stored form ("2026-03-31", "12500.00"), or a wrong type that `from_record`
            # then refuses with a message naming the field (a float amount, say).
            out[key] = value
        else:
            out[key] = _dump_value(value, s)
    return out


def dump_changes(cls: type[Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """*changes* (typed values or stored forms) as stored values; None means "clear"."""
    return _dump_changes(cls, changes)
