"""The options of `add` and `edit`, defined once: flags, help, and how a typed value is read.

`ctotui add KIND` and `ctotui edit KIND X` take the same options and check them the same way, so
a date, an amount or a priority means one thing in both. In `add`, the name or title is the first
argument and the other options have defaults; in `edit`, every field is an option, one left out
is left as it is, and an empty value (`--due ""`) clears the field.

A little over 300 lines: one table of options for four kinds of record, defined once on
purpose, so `add` and `edit` can never drift apart.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ctotui.data.store import Store
from ctotui.domain.dates import DateError, parse_date_input
from ctotui.domain.entities import Client, Cost, Event, Recommendation
from ctotui.domain.enums import Area, ClientStatus, EventKind, Health, Priority, Role
from ctotui.domain.money import MoneyError, parse_amount_input
from ctotui.domain.schema import Record
from ctotui.errors import ValidationError
from ctotui.subcommands.base import CliContext
from ctotui.subcommands.calendar import MAX_OFFSET, event_date

TEXT, ENUM, DATE, AMOUNT, INT, FLAG, TAGS, REF = (
    "text",
    "enum",
    "date",
    "amount",
    "int",
    "flag",
    "tags",
    "ref",
)


@dataclass(frozen=True, slots=True)
class Opt:
    """One option of a kind of record."""

    name: str  # the option without its dashes: "fy-start"
    kind: str
    help: str = ""
    attr: str = ""  # the record field it sets; "" when the kind's code combines it (cost, date)
    enum: type[StrEnum] | None = None
    default: Any = None  # `add`'s default
    first: bool = False  # `add` takes it as its argument (the name or title)
    short: str = ""
    required: bool = False  # `add` needs it
    clearable: bool = True  # `edit --NAME ""` empties it
    empty: Any = ""  # what an empty text value stores (None where "" is not a valid value)
    metavar: str | None = None

    @property
    def flag(self) -> str:
        return f"--{self.name}"

    @property
    def dest(self) -> str:
        return self.name.replace("-", "_")


def _enum(name: str, enum: type[StrEnum], default: str, help: str = "") -> Opt:
    return Opt(name, ENUM, help, attr=name, enum=enum, default=default, clearable=False)


def _title(name: str, help: str) -> Opt:
    """The name or title: `add`'s argument, `edit`'s --name / --title."""
    return Opt(name, TEXT, help, attr=name, first=True, clearable=False)


def _ref(name: str, short: str, help: str, attr: str) -> Opt:
    """The record this one belongs to (a client, a recommendation)."""
    return Opt(name, REF, help, attr=attr, short=short, required=True, clearable=False)


OPTIONS: dict[str, list[Opt]] = {
    "client": [
        _title("name", "the client's name"),
        Opt("codename", TEXT, "shown in presentation mode", attr="codename", default=""),
        _enum("status", ClientStatus, "active"),
        _enum("health", Health, "green"),
        _enum("role", Role, "outsourced_cto"),
        Opt("sector", TEXT, attr="sector", default=""),
        Opt(
            "fy-start",
            INT,
            "month the fiscal year starts (1-12)",
            attr="fiscal_year_start",
            clearable=False,
            metavar="MONTH",
        ),
        Opt("currency", TEXT, "currency code, e.g. EUR", attr="currency", empty=None),
        Opt("tag", TAGS, "a tag (repeat for more)", attr="tags", default=[]),
    ],
    "rec": [
        _title("title", "what you recommend"),
        _ref("client", "-c", "client id, name or codename", "client"),
        _enum("area", Area, "other"),
        _enum("priority", Priority, "medium"),
        Opt("due", DATE, "target date (YYYY-MM-DD, +2w, next friday, …)", attr="due"),
        Opt("owner", TEXT, "owner at the client", attr="owner", default=""),
        Opt("rationale", TEXT, attr="rationale", default=""),
        Opt("cost", AMOUNT, "estimated one-time cost (12500, 12.5k)"),
        Opt("recurring", AMOUNT, "estimated recurring cost per year"),
        Opt("tag", TAGS, "a tag (repeat for more)", attr="tags", default=[]),
    ],
    "event": [
        _title("title", "what happens"),
        _ref("client", "-c", "client id, name or codename", "client"),
        Opt(
            "date",
            DATE,
            "date (YYYY-MM-DD, +2w, …); not with --fiscal-offset, which sets it",
            clearable=False,
        ),
        Opt("end", DATE, "end date (renewals: the contract end)", attr="end"),
        _enum("kind", EventKind, "other"),
        Opt(
            "rrule",
            TEXT,
            "recurrence, e.g. FREQ=YEARLY or FREQ=MONTHLY;INTERVAL=3",
            attr="rrule",
            default="",
        ),
        Opt("notice-days", INT, "cancel-by / reminder lead", attr="notice_days"),
        Opt("amount", AMOUNT, "amount (contract value, budget figure)", attr="amount"),
        Opt("time", TEXT, "HH:MM for a timed event (default: all day)", default=""),
        Opt("auto-renew", FLAG, "the contract renews unless cancelled", attr="auto_renew"),
        Opt(
            "fiscal-offset",
            INT,
            "yearly, DAYS from the client's fiscal-year start (-90 = 90 days before); "
            "the first date is the next one from today",
            metavar="DAYS",
        ),
    ],
    "milestone": [
        _title("title", "what is done when it is done"),
        _ref("rec", "-r", "recommendation id or title", "recommendation"),
        Opt("due", DATE, "due date", attr="due"),
        Opt(
            "weight",
            INT,
            "weight in the progress (default 1)",
            attr="weight",
            default=1,
            clearable=False,
        ),
        Opt("owner", TEXT, attr="owner", default=""),
    ],
}


def _int_or_clear(text: str) -> int | str:
    """`edit`'s whole numbers: "" clears the field."""
    if text.strip() == "":
        return ""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def add_options(parser: argparse.ArgumentParser, kind: str, *, edit: bool) -> None:
    """The options of *kind* on *parser*: `add`'s (with defaults) or `edit`'s (all optional)."""
    for opt in OPTIONS[kind]:
        if opt.first and not edit:
            parser.add_argument(opt.dest, help=opt.help or None)
            continue
        flags = [opt.flag, *([opt.short] if opt.short else [])]
        kwargs: dict[str, Any] = {
            "dest": opt.dest,
            "help": (opt.help or None) if not edit or not opt.clearable else _clear_help(opt),
            "default": None if edit else opt.default,
        }
        if opt.metavar:
            kwargs["metavar"] = opt.metavar
        if opt.kind == ENUM:
            assert opt.enum is not None
            kwargs["choices"] = [member.value for member in opt.enum]
        elif opt.kind == INT:
            kwargs["type"] = _int_or_clear if edit else int
        elif opt.kind == TAGS:
            kwargs["action"] = "append"
        elif opt.kind == FLAG:
            kwargs["action"] = argparse.BooleanOptionalAction if edit else "store_true"
            if not edit:
                kwargs["default"] = False
        if opt.required and not edit:
            kwargs["required"] = True
        parser.add_argument(*flags, **kwargs)


def _clear_help(opt: Opt) -> str:
    if opt.kind == TAGS:
        return "the tags, replacing the old ones (repeat for more; --tag '' for none)"
    return f'{opt.help or opt.name} ("" clears it)'


# --- reading what was typed ----------------------------------------------------------------------


def parse_date(ctx: CliContext, text: str | None, option: str) -> Any:
    """A typed date (natural forms too); "" or None gives None."""
    if not text:
        return None
    try:
        return parse_date_input(text, ctx.clock.today())
    except DateError as exc:
        raise ValidationError(option, str(exc)) from None


def parse_amount(ctx: CliContext, text: str | None, option: str) -> Any:
    """A typed amount under the `amount_decimal` setting; "" or None gives None."""
    if not text:
        return None
    try:
        return parse_amount_input(text, ctx.settings.decimal_mark())
    except MoneyError as exc:
        raise ValidationError(option, str(exc)) from None


def given(kind: str, args: argparse.Namespace, ctx: CliContext) -> dict[str, Any]:
    """The options of *kind* that were given (or have an `add` default), read into values by
    option name; a cleared option ("") reads as None."""
    out: dict[str, Any] = {}
    for opt in OPTIONS[kind]:
        raw = getattr(args, opt.dest, None)
        if raw is None:
            continue
        if raw == "" and not opt.clearable and opt.kind not in (TEXT, REF):
            # Text is checked by the record itself ("is required"); a number or a date has no
            # empty form to check.
            raise ValidationError(opt.flag, "cannot be cleared; give a value")
        if opt.kind == ENUM:
            assert opt.enum is not None
            out[opt.name] = opt.enum(raw)
        elif opt.kind == DATE:
            out[opt.name] = parse_date(ctx, raw, opt.flag)
        elif opt.kind == AMOUNT:
            out[opt.name] = parse_amount(ctx, raw, opt.flag)
        elif opt.kind == INT:
            out[opt.name] = None if raw == "" else raw
        elif opt.kind == TAGS:
            out[opt.name] = [tag for tag in raw if tag.strip()]
        else:
            out[opt.name] = opt.empty if raw == "" else raw
    return out


def field_values(
    kind: str, values: dict[str, Any], store: Store, ctx: CliContext, current: Record | None
) -> dict[str, Any]:
    """Record fields from option *values*: the new record's (*current* None) or the changes to
    *current*. References are resolved; amounts, times and dates combined as the record keeps
    them."""
    fields: dict[str, Any] = {}
    for opt in OPTIONS[kind]:
        if opt.attr and opt.name in values:
            fields[opt.attr] = values[opt.name]
    if "client" in values:
        fields["client"] = store.resolve(Client, values["client"]).id
    if "rec" in values:
        fields["recommendation"] = store.resolve(Recommendation, values["rec"]).id
    if kind == "rec" and ("cost" in values or "recurring" in values):
        fields["estimated_cost"] = _cost(values, current)
    if kind == "event":
        _event_fields(values, fields, store, ctx, current)
    return fields


def _cost(values: dict[str, Any], current: Record | None) -> Cost | None:
    before = getattr(current, "estimated_cost", None) or Cost()
    one_time = values.get("cost", before.one_time)
    recurring = values.get("recurring", before.recurring)
    if one_time is None and recurring is None:
        return None
    return Cost(one_time=one_time, recurring=recurring, currency=before.currency)


def _event_fields(
    values: dict[str, Any],
    fields: dict[str, Any],
    store: Store,
    ctx: CliContext,
    current: Record | None,
) -> None:
    if "time" in values:
        fields["time"] = values["time"] or ""
        fields["all_day"] = not values["time"]
    client_id = str(fields.get("client") or getattr(current, "client", ""))
    client = store.get(Client, client_id)
    if current is None:
        fields["date"] = event_date(
            getattr(ctx.args, "date", None), values.get("fiscal-offset"), client, ctx
        )
        fields["fiscal_offset_days"] = values.get("fiscal-offset")
        return
    assert isinstance(current, Event)
    offset = values.get("fiscal-offset", current.fiscal_offset_days)
    if "fiscal-offset" in values:
        fields["fiscal_offset_days"] = offset
    if "date" in values:
        if offset is not None:
            raise ValidationError(
                "--date",
                "the event falls on a date set by its fiscal offset; clear it with "
                '--fiscal-offset "" to give a date',
            )
        fields["date"] = values["date"]
    elif offset is not None and ("fiscal-offset" in values or "client" in values):
        if not -MAX_OFFSET <= offset <= MAX_OFFSET:
            raise ValidationError(
                "--fiscal-offset", f"must be -{MAX_OFFSET} to {MAX_OFFSET} days, got {offset}"
            )
        fields["date"] = event_date(None, offset, client, ctx)
