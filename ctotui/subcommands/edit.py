"""`ctotui edit client|rec|event|milestone X --FIELD VALUE…`: change fields of one record.

The options are `add`'s (`ctotui.subcommands.fields`), checked the same way; a field left out is
left as it is, and an empty value clears it (`--due ""`). Only the fields that differ from the
record as it was read are written, through `services.edits.edit_record`: if another process
changed one of them in the meantime, nothing is saved and the edit says so.
"""

from __future__ import annotations

import argparse
from typing import Any

from ctotui.domain.entities import Client, Event, Milestone, Recommendation
from ctotui.domain.schema import TEXT, Record, dump_changes, field_specs
from ctotui.errors import ValidationError
from ctotui.services.edits import changed_fields, edit_record
from ctotui.subcommands.base import CliContext, Registry, needs_choice
from ctotui.subcommands.fields import OPTIONS, add_options, field_values, given
from ctotui.subcommands.output import print_json, record_json, short_id

CLASSES: dict[str, type[Record]] = {
    "client": Client,
    "rec": Recommendation,
    "event": Event,
    "milestone": Milestone,
}
WHICH = {
    "client": "client id, name or codename",
    "rec": "recommendation id or title",
    "event": "event id or title",
    "milestone": "milestone id or title",
}


def register(registry: Registry) -> None:
    edit = registry.command(
        "edit", _no_handler, "change fields of a client, recommendation, event or milestone"
    )
    kinds = edit.add_subparsers(title="kinds", metavar="KIND", parser_class=type(edit))
    edit.set_defaults(handler=needs_choice("edit", kinds, "kind"))
    for kind, cls in CLASSES.items():
        sub = kinds.add_parser(
            kind,
            help=f"change fields of a {cls.LABEL}",
            description=f"Change fields of a {cls.LABEL}. The options are those of `ctotui add "
            f'{kind}`; a field left out stays as it is, and an empty value (--due "") clears '
            "it. A field changed elsewhere since this command read it is not overwritten.",
        )
        sub.add_argument("record", metavar=cls.LABEL.upper(), help=WHICH[kind])
        add_options(sub, kind, edit=True)
        sub.add_argument("--json", action="store_true", help="print the changed record as JSON")
        sub.set_defaults(handler=run_edit, record_kind=kind)


def _no_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    raise AssertionError("replaced by needs_choice() once the choices exist")


def run_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    kind: str = args.record_kind
    cls = CLASSES[kind]
    values = given(kind, args, ctx)
    if not values:
        flags = ", ".join(opt.flag for opt in OPTIONS[kind])
        raise ValidationError(
            f"edit {kind}", f"say what to change: {flags} (see `ctotui edit {kind} --help`)"
        )
    store = ctx.store()
    seen = store.resolve(cls, args.record)
    changes = field_values(kind, values, store, ctx, seen)
    mine = changed_fields(seen, changes)
    if not mine:
        saved = seen
        summary = "nothing to change (it already has these values)"
    else:
        saved = edit_record(store, seen, mine)
        summary = ", ".join(_change_text(seen, saved, name) for name in mine)
    if args.json:
        print_json(record_json(saved), ctx.out)
    else:
        ctx.print(f"{cls.LABEL} {short_id(saved.id)} {saved.display_name()!r}: {summary}")
    return 0


def _change_text(before: Record, after: Record, name: str) -> str:
    old, new = (_shown(type(before), name, getattr(r, name)) for r in (before, after))
    return f"{name} {old} → {new}"


def _shown(cls: type[Record], name: str, value: Any) -> str:
    """A field's value as a person reads it on one line: stored form, "(none)" when empty."""
    stored = dump_changes(cls, {name: value})[name]
    if stored is None or stored == "" or stored == []:
        return "(none)"
    if isinstance(stored, dict):
        return "{" + ", ".join(f"{k} {v}" for k, v in stored.items()) + "}"
    if isinstance(stored, list):
        return ", ".join(str(item) for item in stored)
    if field_specs(cls)[name].kind == TEXT:
        return repr(stored)
    return str(stored)
