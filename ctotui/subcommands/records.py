"""Subcommands on records: add, list, status, done."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ctotui.data.store import Store
from ctotui.domain.dates import DateError, parse_date_input
from ctotui.domain.entities import Client, Cost, Event, Milestone, Recommendation
from ctotui.domain.enums import (
    Area,
    ClientStatus,
    EventKind,
    Health,
    Priority,
    RecStatus,
    Role,
)
from ctotui.domain.money import MoneyError, format_compact, parse_amount_input
from ctotui.domain.occurrences import repeats_text
from ctotui.domain.progress import is_overdue, progress_percent
from ctotui.domain.schema import Record
from ctotui.domain.status import OPEN, parse_status
from ctotui.errors import ValidationError
from ctotui.services.recommendations import set_milestone_done, set_status
from ctotui.subcommands.base import CliContext, Registry, needs_choice
from ctotui.subcommands.calendar import event_date
from ctotui.subcommands.output import print_json, record_json, short_id, table

KINDS = {"client": "clients", "rec": "recs", "event": "events", "milestone": "milestones"}


def _choices(enum: Any) -> list[str]:
    return [m.value for m in enum]


def register(registry: Registry) -> None:
    add = registry.command("add", _no_handler, "add a client, recommendation, event or milestone")
    kinds = add.add_subparsers(title="kinds", metavar="KIND", parser_class=type(add))
    add.set_defaults(handler=needs_choice("add", kinds, "kind"))

    client = kinds.add_parser("client", help="add a client", description="Add a client.")
    client.add_argument("name")
    client.add_argument("--codename", default="", help="shown in presentation mode")
    client.add_argument("--status", choices=_choices(ClientStatus), default="active")
    client.add_argument("--health", choices=_choices(Health), default="green")
    client.add_argument("--role", choices=_choices(Role), default="outsourced_cto")
    client.add_argument("--sector", default="")
    client.add_argument(
        "--fy-start",
        type=int,
        default=None,
        metavar="MONTH",
        help="month the fiscal year starts (1-12)",
    )
    client.add_argument("--currency", default=None)
    client.add_argument("--tag", action="append", default=[], dest="tags")
    client.add_argument("--json", action="store_true", help="print the new record as JSON")
    client.set_defaults(handler=add_client)

    rec = kinds.add_parser("rec", help="add a recommendation", description="Add a recommendation.")
    rec.add_argument("title")
    rec.add_argument("--client", "-c", required=True, help="client id, name or codename")
    rec.add_argument("--area", choices=_choices(Area), default="other")
    rec.add_argument("--priority", choices=_choices(Priority), default="medium")
    rec.add_argument("--due", help="target date (YYYY-MM-DD, +2w, next friday, …)")
    rec.add_argument("--owner", default="", help="owner at the client")
    rec.add_argument("--rationale", default="")
    rec.add_argument("--cost", help="estimated one-time cost (12500, 12.5k)")
    rec.add_argument("--recurring", help="estimated recurring cost per year")
    rec.add_argument("--tag", action="append", default=[], dest="tags")
    rec.add_argument("--json", action="store_true", help="print the new record as JSON")
    rec.set_defaults(handler=add_rec)

    event = kinds.add_parser("event", help="add a calendar event", description="Add an event.")
    event.add_argument("title")
    event.add_argument("--client", "-c", required=True, help="client id, name or codename")
    event.add_argument(
        "--date", help="date (YYYY-MM-DD, +2w, …); not with --fiscal-offset, which sets it"
    )
    event.add_argument("--end", help="end date (renewals: the contract end)")
    event.add_argument("--kind", choices=_choices(EventKind), default="other")
    event.add_argument(
        "--rrule", default="", help="recurrence, e.g. FREQ=YEARLY or FREQ=MONTHLY;INTERVAL=3"
    )
    event.add_argument("--notice-days", type=int, default=None, help="cancel-by / reminder lead")
    event.add_argument("--amount", help="amount (contract value, budget figure)")
    event.add_argument("--time", default="", help="HH:MM for a timed event (default: all day)")
    event.add_argument(
        "--auto-renew", action="store_true", help="the contract renews unless cancelled"
    )
    event.add_argument(
        "--fiscal-offset",
        type=int,
        default=None,
        metavar="DAYS",
        help="yearly, DAYS from the client's fiscal-year start (-90 = 90 days before); "
        "the first date is the next one from today",
    )
    event.add_argument("--json", action="store_true", help="print the new record as JSON")
    event.set_defaults(handler=add_event)

    milestone = kinds.add_parser(
        "milestone",
        help="add a milestone to a recommendation",
        description="Add a milestone to a recommendation.",
    )
    milestone.add_argument("title")
    milestone.add_argument("--rec", "-r", required=True, help="recommendation id or title")
    milestone.add_argument("--due", help="due date")
    milestone.add_argument(
        "--weight", type=int, default=1, help="weight in the progress (default 1)"
    )
    milestone.add_argument("--owner", default="")
    milestone.add_argument("--json", action="store_true", help="print the new record as JSON")
    milestone.set_defaults(handler=add_milestone)

    listing = registry.command(
        "list", _no_handler, "list clients, recommendations, events or milestones"
    )
    tables = listing.add_subparsers(title="tables", metavar="TABLE", parser_class=type(listing))
    listing.set_defaults(handler=needs_choice("list", tables, "table"))
    for name, handler, help_text in (
        ("clients", list_clients, "list clients"),
        ("recs", list_recs, "list recommendations"),
        ("events", list_events, "list calendar events"),
        ("milestones", list_milestones, "list milestones"),
    ):
        sub = tables.add_parser(name, help=help_text, description=help_text.capitalize() + ".")
        sub.add_argument("--client", "-c", help="only this client (id, name or codename)")
        if name == "clients":
            sub.add_argument("--status", "-s", help=", ".join(_choices(ClientStatus)))
        elif name == "recs":
            sub.add_argument("--status", "-s", help=", ".join(_choices(RecStatus)))
        sub.add_argument("--json", action="store_true", help="JSON instead of a table")
        if name == "recs":
            sub.add_argument("--all", "-a", action="store_true", help="closed ones too")
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


# --- parsing helpers -------------------------------------------------------------------------


def _date(ctx: CliContext, text: str | None, option: str) -> Any:
    if not text:
        return None
    try:
        return parse_date_input(text, ctx.clock.today())
    except DateError as exc:
        raise ValidationError(option, str(exc)) from None


def _amount(ctx: CliContext, text: str | None, option: str) -> Any:
    if not text:
        return None
    try:
        return parse_amount_input(text, ctx.settings.decimal_mark())
    except MoneyError as exc:
        raise ValidationError(option, str(exc)) from None


def _client_filter(store: Store, text: str | None) -> Client | None:
    return store.resolve(Client, text) if text else None


def _report_added(ctx: CliContext, rec: Record, args: argparse.Namespace, detail: str = "") -> int:
    if args.json:
        print_json(record_json(rec), ctx.out)
    else:
        ctx.print(f"added {rec.LABEL} {short_id(rec.id)} {rec.display_name()!r}{detail}")
    return 0


# --- add ---------------------------------------------------------------------------------------


def add_client(args: argparse.Namespace, ctx: CliContext) -> int:
    store = ctx.store()
    client = Client(
        name=args.name,
        codename=args.codename,
        status=ClientStatus(args.status),
        health=Health(args.health),
        role=Role(args.role),
        sector=args.sector,
        fiscal_year_start=args.fy_start or ctx.settings.fiscal_year_start,
        currency=args.currency,
        tags=args.tags,
    )
    return _report_added(ctx, store.insert(client), args)


def add_rec(args: argparse.Namespace, ctx: CliContext) -> int:
    store = ctx.store()
    client = store.resolve(Client, args.client)
    cost = None
    if args.cost or args.recurring:
        cost = Cost(
            one_time=_amount(ctx, args.cost, "--cost"),
            recurring=_amount(ctx, args.recurring, "--recurring"),
        )
    rec = Recommendation(
        client=client.id,
        title=args.title,
        area=Area(args.area),
        priority=Priority(args.priority),
        due=_date(ctx, args.due, "--due"),
        owner=args.owner,
        rationale=args.rationale,
        estimated_cost=cost,
        tags=args.tags,
    )
    return _report_added(ctx, store.insert(rec), args, f" for {client.name}")


def add_event(args: argparse.Namespace, ctx: CliContext) -> int:
    store = ctx.store()
    client = store.resolve(Client, args.client)
    event = Event(
        client=client.id,
        title=args.title,
        kind=EventKind(args.kind),
        date=event_date(args.date, args.fiscal_offset, client, ctx),
        end=_date(ctx, args.end, "--end"),
        rrule=args.rrule,
        notice_days=args.notice_days,
        amount=_amount(ctx, args.amount, "--amount"),
        time=args.time,
        all_day=not args.time,
        auto_renew=args.auto_renew,
        fiscal_offset_days=args.fiscal_offset,
    )
    return _report_added(ctx, store.insert(event), args, f" for {client.name}")


def add_milestone(args: argparse.Namespace, ctx: CliContext) -> int:
    store = ctx.store()
    rec = store.resolve(Recommendation, args.rec)
    milestone = Milestone(
        recommendation=rec.id,
        title=args.title,
        due=_date(ctx, args.due, "--due"),
        weight=args.weight,
        owner=args.owner,
    )
    return _report_added(ctx, store.insert(milestone), args, f" to {rec.title!r}")


# --- list --------------------------------------------------------------------------------------


def _filtered(
    store: Store, records: list[Any], args: argparse.Namespace, client_of: Callable[[Any], str]
) -> list[Any]:
    client = _client_filter(store, args.client)
    if client is not None:
        records = [r for r in records if client_of(r) == client.id]
    status = getattr(args, "status", None)
    if status:
        wanted = status.strip().lower().replace("-", "_").replace(" ", "_")
        records = [r for r in records if getattr(r, "status", None) == wanted]
    return records


def list_clients(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.status and args.status.strip().lower() not in _choices(ClientStatus):
        allowed = ", ".join(_choices(ClientStatus))
        raise ValidationError(
            "status", f"unknown client status {args.status!r} (one of: {allowed})"
        )
    store = ctx.store()
    today = ctx.clock.today()
    clients = sorted(
        _filtered(store, store.all(Client), args, lambda c: c.id), key=lambda c: c.name.lower()
    )
    recs = store.all(Recommendation)
    open_count: dict[str, int] = {}
    overdue_count: dict[str, int] = {}
    for rec in recs:
        if rec.status in OPEN:
            open_count[rec.client] = open_count.get(rec.client, 0) + 1
        if is_overdue(rec, today):
            overdue_count[rec.client] = overdue_count.get(rec.client, 0) + 1
    if args.json:
        print_json(
            [
                record_json(
                    c, open_recs=open_count.get(c.id, 0), overdue_recs=overdue_count.get(c.id, 0)
                )
                for c in clients
            ],
            ctx.out,
        )
        return 0
    rows = [
        [
            short_id(c.id),
            c.name,
            c.status.value,
            c.health.value,
            c.role.label,
            str(open_count.get(c.id, 0)),
            str(overdue_count.get(c.id, 0)),
        ]
        for c in clients
    ]
    table(["ID", "NAME", "STATUS", "HEALTH", "ROLE", "OPEN", "OVERDUE"], rows, ctx.out)
    return 0


def list_recs(args: argparse.Namespace, ctx: CliContext) -> int:
    store = ctx.store()
    today = ctx.clock.today()
    if args.status:
        parse_status(args.status)  # refuse an unknown status with the list of good ones
    recs = _filtered(store, store.all(Recommendation), args, lambda r: r.client)
    if not args.all and not args.status:
        recs = [r for r in recs if r.status in OPEN]
    recs.sort(key=lambda r: (r.priority.rank, r.due or today.add(years=100), r.title.lower()))
    names = {c.id: c.name for c in store.all(Client)}
    if args.json:
        out = []
        for r in recs:
            milestones = store.where(Milestone, "recommendation", r.id)
            out.append(
                record_json(
                    r,
                    client_name=names.get(r.client, ""),
                    progress_percent=progress_percent(r, milestones),
                    overdue=is_overdue(r, today),
                )
            )
        print_json(out, ctx.out)
        return 0
    rows = []
    for r in recs:
        cost = r.estimated_cost.one_time if r.estimated_cost else None
        rows.append(
            [
                short_id(r.id),
                r.title,
                names.get(r.client, "?"),
                r.area.label,
                r.priority.value,
                r.status.value,
                r.due.isoformat() + (" !" if is_overdue(r, today) else "") if r.due else "",
                format_compact(cost, ctx.settings.currency) if cost is not None else "",
            ]
        )
    table(["ID", "TITLE", "CLIENT", "AREA", "PRIORITY", "STATUS", "DUE", "COST"], rows, ctx.out)
    return 0


def list_events(args: argparse.Namespace, ctx: CliContext) -> int:
    store = ctx.store()
    events = sorted(
        _filtered(store, store.all(Event), args, lambda e: e.client), key=lambda e: e.date
    )
    names = {c.id: c.name for c in store.all(Client)}
    if args.json:
        print_json([record_json(e, client_name=names.get(e.client, "")) for e in events], ctx.out)
        return 0
    rows = [
        [
            short_id(e.id),
            e.date.isoformat(),
            e.title,
            names.get(e.client, "?"),
            e.kind.value,
            repeats_text(e),
        ]
        for e in events
    ]
    table(["ID", "DATE", "TITLE", "CLIENT", "KIND", "REPEATS"], rows, ctx.out)
    return 0


def list_milestones(args: argparse.Namespace, ctx: CliContext) -> int:
    store = ctx.store()
    recs = {r.id: r for r in store.all(Recommendation)}
    milestones = _filtered(
        store,
        store.all(Milestone),
        args,
        lambda m: recs[m.recommendation].client if m.recommendation in recs else "",
    )
    milestones.sort(key=lambda m: (m.due is None, m.due or ctx.clock.today(), m.title))
    if args.json:
        print_json([record_json(m) for m in milestones], ctx.out)
        return 0
    rows = [
        [
            short_id(m.id),
            m.title,
            recs[m.recommendation].title if m.recommendation in recs else "?",
            m.due.isoformat() if m.due else "",
            str(m.weight),
            m.done_on.isoformat() if m.done_on else "",
        ]
        for m in milestones
    ]
    table(["ID", "TITLE", "RECOMMENDATION", "DUE", "WEIGHT", "DONE"], rows, ctx.out)
    return 0


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
    on = _date(ctx, args.on, "--on") or ctx.clock.today()
    _saved, percent = set_milestone_done(store, milestone.id, on)
    rec = store.get(Recommendation, milestone.recommendation)
    ctx.print(f"done: {milestone.title!r} ({rec.title!r} is now {percent}%)")
    return 0
