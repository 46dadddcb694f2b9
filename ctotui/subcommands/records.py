"""Subcommands on records: add, status, done (`list` is in `listing`)."""

from __future__ import annotations

import argparse
from typing import Any

from ctotui.domain.entities import Client, Event, Milestone, Recommendation
from ctotui.domain.enums import RecStatus
from ctotui.domain.schema import Record
from ctotui.domain.status import parse_status
from ctotui.errors import ValidationError
from ctotui.services.recommendations import set_milestone_done, set_status
from ctotui.subcommands.base import CliContext, Registry, needs_choice
from ctotui.subcommands.fields import add_options, field_values, given, parse_date
from ctotui.subcommands.output import print_json, record_json, short_id


def _choices(enum: Any) -> list[str]:
    return [m.value for m in enum]


def register(registry: Registry) -> None:
    add = registry.command("add", _no_handler, "add a client, recommendation, event or milestone")
    kinds = add.add_subparsers(title="kinds", metavar="KIND", parser_class=type(add))
    add.set_defaults(handler=needs_choice("add", kinds, "kind"))
    for kind, handler, noun, description in (
        ("client", add_client, "a client", "Add a client."),
        ("rec", add_rec, "a recommendation", "Add a recommendation."),
        ("event", add_event, "a calendar event", "Add an event."),
        (
            "milestone",
            add_milestone,
            "a milestone to a recommendation",
            "Add a milestone to a recommendation.",
        ),
    ):
        sub = kinds.add_parser(kind, help=f"add {noun}", description=description)
        add_options(sub, kind, edit=False)
        sub.add_argument("--json", action="store_true", help="print the new record as JSON")
        sub.set_defaults(handler=handler)

    status = registry.command("status", run_status, "move a recommendation to a new status")
    status.add_argument("rec", help="recommendation id or title")
    status.add_argument("new_status", metavar="STATUS", help=", ".join(_choices(RecStatus)))
    status.add_argument("--note", "-m", default="", help="why (kept in the status history)")

    done = registry.command("done", run_done, "mark a milestone done")
    done.add_argument("milestone", help="milestone id or title")
    done.add_argument("--on", help="date it was done (default today)")


def _no_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    raise AssertionError("replaced by needs_choice() once the choices exist")


# --- add ---------------------------------------------------------------------------------------


def _report_added(ctx: CliContext, rec: Record, args: argparse.Namespace, detail: str = "") -> int:
    if args.json:
        print_json(record_json(rec), ctx.out)
    else:
        ctx.print(f"added {rec.LABEL} {short_id(rec.id)} {rec.display_name()!r}{detail}")
    return 0


def _new_fields(kind: str, args: argparse.Namespace, ctx: CliContext) -> dict[str, Any]:
    store = ctx.store()
    return field_values(kind, given(kind, args, ctx), store, ctx, None)


def add_client(args: argparse.Namespace, ctx: CliContext) -> int:
    fields = _new_fields("client", args, ctx)
    fields.setdefault("fiscal_year_start", ctx.settings.fiscal_year_start)
    return _report_added(ctx, ctx.store().insert(Client(**fields)), args)


def add_rec(args: argparse.Namespace, ctx: CliContext) -> int:
    rec = ctx.store().insert(Recommendation(**_new_fields("rec", args, ctx)))
    client = ctx.store().get(Client, rec.client)
    return _report_added(ctx, rec, args, f" for {client.name}")


def add_event(args: argparse.Namespace, ctx: CliContext) -> int:
    event = ctx.store().insert(Event(**_new_fields("event", args, ctx)))
    client = ctx.store().get(Client, event.client)
    return _report_added(ctx, event, args, f" for {client.name}")


def add_milestone(args: argparse.Namespace, ctx: CliContext) -> int:
    milestone = ctx.store().insert(Milestone(**_new_fields("milestone", args, ctx)))
    rec = ctx.store().get(Recommendation, milestone.recommendation)
    return _report_added(ctx, milestone, args, f" to {rec.title!r}")


# --- list --------------------------------------------------------------------------------------


# --- status / done -----------------------------------------------------------------------------


def run_status(args: argparse.Namespace, ctx: CliContext) -> int:
    store = ctx.store()
    rec = store.resolve(Recommendation, args.rec)
    new = parse_status(args.new_status)
    before, after = set_status(store, rec.id, new, note=args.note, expected=rec.status)
    ctx.print(f"{after.title!r}: {before.status.value} → {after.status.value}")
    return 0


def run_done(args: argparse.Namespace, ctx: CliContext) -> int:
    store = ctx.store()
    milestone = store.resolve(Milestone, args.milestone)
    if milestone.done_on is not None:
        raise ValidationError(milestone.where, f"already done on {milestone.done_on}", "done_on")
    on = parse_date(ctx, args.on, "--on") or ctx.clock.today()
    _saved, percent = set_milestone_done(store, milestone.id, on)
    rec = store.get(Recommendation, milestone.recommendation)
    ctx.print(f"done: {milestone.title!r} ({rec.title!r} is now {percent}%)")
    return 0
