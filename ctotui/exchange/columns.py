"""The CSV columns of a table, and how a value becomes a cell and a cell a stored value.

Columns are named after the stored fields, so the header of an export is the mapping:
- `id` first; `created_at` last (kept on import for new records; `updated_at` is left out:
  the store stamps every write itself).
- a client reference is two columns: `client` (the client's name, for people) and `client_id`
  (for machines); on import a non-empty `client_id` wins, else `client` is looked up by exact
  name (any case), then by codename.
- other references (`engagement`, `recommendation`) hold the id; on import the exact title of
  one of the same client's records works too.
- a nested object is one column per part: `nda.signed_on`, `estimated_cost.one_time`, …
- a list of objects (`contacts`, `history`) is one cell of JSON, the stored form
  (`[{"name": "Jane Roe", "title": "CFO"}]`); an empty cell is an empty list.
- tags are one cell, separated by semicolons: `erp; 2027`.
- dates are YYYY-MM-DD, amounts plain decimals with a point whatever the amount_decimal setting
  (`12500.00`; `12,500` and `12.5k` are read too, `12,50` is refused as ambiguous),
  yes/no fields `true` / `false`, choices their stored value (`in_progress`; `in progress`
  and the label shown in the app are read too).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ctotui.domain.money import MoneyError, amount_text, parse_amount_input
from ctotui.domain.schema import (
    BOOL,
    CURRENCY,
    ENUM,
    INT,
    MONEY,
    OBJ,
    OBJS,
    REF,
    TAGS,
    TEXT,
    Record,
    Spec,
    field_specs,
    to_record,
)

ID = "id"
CREATED = "created_at"
CLIENT_ID = "client_id"
# A comma not followed by a group of exactly three digits, or one after the decimal point, is a
# decimal comma ("12,50", "1.234,56"): read as a thousands separator it would be off by 100.
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


class CellError(ValueError):
    """A cell that cannot be read; the message says what was expected."""


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # the header
    attr: str  # the record attribute it fills ("" for id / created_at / client_id)
    spec: Spec | None = None
    part: str = ""  # for a nested object's column: the part's stored key
    part_spec: Spec | None = None

    @property
    def required(self) -> bool:
        return self.spec is not None and self.spec.required and not self.part


def table_columns(cls: type[Record]) -> list[Column]:
    cols = [Column(ID, "")]
    for attr, s in field_specs(cls).items():
        key = s.key or attr
        if s.kind == OBJ and s.item is not None:
            for part_attr, part_spec in field_specs(s.item).items():
                part = part_spec.key or part_attr
                cols.append(Column(f"{key}.{part}", attr, s, part, part_spec))
        else:
            cols.append(Column(key, attr, s))
    if any(c.name == "client" for c in cols):
        cols.append(Column(CLIENT_ID, ""))
    cols.append(Column(CREATED, ""))
    return cols


def is_client_ref(column: Column) -> bool:
    return column.spec is not None and column.spec.kind == REF and column.spec.ref == "clients"


# --- record -> cell ------------------------------------------------------------------------


# A spreadsheet runs a cell that begins with one of these as a formula (OWASP's CSV injection):
# such a cell is written with a leading apostrophe, which spreadsheets show as text. A cell that
# begins with an apostrophe gets one more, so reading takes exactly one off and round trips
# stay exact.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def guard_cell(text: str) -> str:
    """*text* as written into an exported CSV cell (safe to open in a spreadsheet)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unguard_cell(text: str) -> str:
    """A CSV cell as ctotui exported it, back to its value."""
    return text[1:] if text.startswith("'") else text


def cell_of(rec: Record, column: Column, client_names: dict[str, str]) -> str:
    if column.name == ID:
        return rec.id
    if column.name == CREATED:
        return rec.created_at
    if column.name == CLIENT_ID:
        return str(getattr(rec, "client", ""))
    value = getattr(rec, column.attr)
    if is_client_ref(column):
        return client_names.get(value, "")
    if column.part:
        if value is None:
            return ""
        return _text(to_record(value).get(column.part))
    assert column.spec is not None
    if column.spec.kind == TAGS:
        return "; ".join(value)
    if column.spec.kind == OBJS:
        items = [to_record(item) for item in value]
        return json.dumps(items, ensure_ascii=False, sort_keys=True) if items else ""
    return _text(to_record(rec).get(column.name))


def _text(stored: Any) -> str:
    if stored is None:
        return ""
    if isinstance(stored, bool):
        return "true" if stored else "false"
    return str(stored)


# --- cell -> stored value --------------------------------------------------------------------


def stored_value(spec: Spec, cell: str) -> Any:
    """The stored form of *cell* for a field of *spec*, or None for an empty cell.

    Only the shape is settled here (a number, a list, a yes/no); the record's own validation
    checks the rest, so a CSV cell is held to the same rules as a form field.
    """
    text = cell.strip()
    if not text:
        return None
    kind = spec.kind
    if kind == INT:
        try:
            return int(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise CellError(f"expected a whole number, got {text!r}") from None
    if kind == BOOL:
        lowered = text.lower()
        if lowered in _TRUE | _FALSE:
            return lowered in _TRUE
        raise CellError(f"expected true or false, got {text!r}")
    if kind == ENUM and spec.enum is not None:
        return _choice(spec.enum, text)
    if kind == MONEY:
        # CSV is an exchange format: always a decimal point, whatever the amount_decimal setting
        # (a comma would also clash with the separator of the cells).
        try:
            return amount_text(parse_amount_input(text, ".", allow_negative=True))
        except MoneyError as exc:
            raise CellError(str(exc)) from None
    if kind == CURRENCY:
        return text.upper()
    if kind == TAGS:
        return [tag.strip() for tag in text.split(";") if tag.strip()]
    if kind == OBJS:
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CellError(f"expected a JSON list of objects: {exc.msg}") from None
        if not isinstance(items, list):
            raise CellError("expected a JSON list of objects, like [{...}]")
        return items
    # Text keeps its spaces (round trips are exact); dates, amounts and stamps do not need them.
    # A spreadsheet writes line breaks inside a cell as CRLF; a note keeps plain newlines.
    return cell.replace("\r\n", "\n") if spec.kind == TEXT else text


def _choice(enum: type[StrEnum], text: str) -> str:
    wanted = text.lower()
    normalised = wanted.replace("-", "_").replace(" ", "_")
    for member in enum:
        label = getattr(member, "label", member.value)
        if normalised == member.value or wanted == str(label).lower():
            return member.value
    return text  # left for validation to refuse, listing the allowed values
