"""A form's fields: what each one is, how its typed text becomes the stored value (or a
`FieldError` naming the field), and the hint line under it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pendulum
from textual.widgets import Static

from ctotui.domain.dates import DateError, parse_date_input
from ctotui.domain.money import MoneyError, amount_text, format_amount_input, parse_amount_input


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One form field. *name* is the stored key; "a.b" reaches into a nested object."""

    name: str
    label: str
    kind: str = "text"  # text, area, date, money, int, choice, month, bool, tags
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (label, value)
    placeholder: str = ""


class FieldError(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def widget_id(name: str) -> str:
    return "f-" + name.replace(".", "--")


def convert(field: FieldDef, raw: Any, today: pendulum.Date, decimal: str = ".") -> Any:
    """The stored form of one field's input, or FieldError saying what is wrong; *decimal* is
    the amount_decimal setting amounts are typed with."""
    if field.kind == "bool":
        return bool(raw)
    if raw is None:
        value = None
    elif isinstance(raw, str):
        value = raw.strip() or None
    else:
        value = raw
    if value is None:
        if field.required:
            raise FieldError(field.name, f"{field.label} is required")
        return None
    try:
        if field.kind == "date":
            return parse_date_input(value, today).isoformat()
        if field.kind == "money":
            return amount_text(parse_amount_input(value, decimal))
        if field.kind in ("int", "month"):
            return int(value)
        if field.kind == "tags":
            return [t.strip() for t in value.split(",") if t.strip()] or None
    except (DateError, MoneyError, ValueError) as exc:
        raise FieldError(field.name, str(exc)) from None
    return value


def shown_value(field: FieldDef, value: Any, decimal: str = ".") -> Any:
    """A stored value as the field shows it for editing: tags joined, an amount as it is typed
    back under the amount_decimal setting."""
    if field.kind == "tags" and isinstance(value, list):
        return ", ".join(value)
    if field.kind == "money" and isinstance(value, str) and value:
        return format_amount_input(Decimal(value), decimal)
    return value


def set_hint(hint: Static, text: str, *, error: bool = False) -> None:
    """Show *text* under a field (an empty hint takes no line)."""
    hint.update(text)
    hint.set_class(bool(text), "-shown")
    hint.set_class(error and bool(text), "-error")


def nest(flat: dict[str, Any]) -> dict[str, Any]:
    """{"estimated_cost.one_time": "5.00"} → {"estimated_cost": {"one_time": "5.00"}}."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        head, _, tail = key.partition(".")
        if not tail:
            out[key] = value
            continue
        inner = out.setdefault(head, {})
        if value is not None:
            inner[tail] = value
    for key, value in list(out.items()):
        if isinstance(value, dict) and not value:
            out[key] = None
    return out
