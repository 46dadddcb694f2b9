"""`ctotui list clients|recs|events|milestones`: tables for people, `--json` for scripts;
`--redact` (or presentation mode) shows codenames and hides names in titles."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ctotui.data.store import Store
from ctotui.domain.entities import Client, Event, Milestone, Recommendation
from ctotui.domain.enums import ClientStatus, RecStatus
from ctotui.domain.money import format_compact
from ctotui.domain.occurrences import repeats_text
from ctotui.domain.progress import is_overdue, progress_percent
from ctotui.domain.status import OPEN, parse_status
from ctotui.errors import ValidationError
from ctotui.subcommands.base import CliContext, Registry, needs_choice
from ctotui.subcommands.output import print_json, record_json, short_id, table
from ctotui.subcommands.shown import add_redact, client_names, redacting, refuse_json, shown_text


def _choices(enum: Any) -> list[str]:
    return [m.value for m in enum]


def _no_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    raise AssertionError("replaced by needs_choice() once the choices exist")


def register(registry: Registry) -> None:
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
        add_redact(sub)
        if name == "recs":
            sub.add_argument("--all", "-a", action="store_true", help="closed ones too")
        sub.set_defaults(handler=handler)


def _client_filter(store: Store, text: str | None) -> Client | None:
    return store.resolve(Client, text) if text else None


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
    refuse_json(args, ctx)
    redact = redacting(args, ctx)
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
            c.display_name(redact),
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
    refuse_json(args, ctx)
    redact = redacting(args, ctx)
    store = ctx.store()
    today = ctx.clock.today()
    if args.status:
        parse_status(args.status)  # refuse an unknown status with the list of good ones
    recs = _filtered(store, store.all(Recommendation), args, lambda r: r.client)
    if not args.all and not args.status:
        recs = [r for r in recs if r.status in OPEN]
    recs.sort(key=lambda r: (r.priority.rank, r.due or today.add(years=100), r.title.lower()))
    names = client_names(store, redact)
    shown = shown_text(store, redact)
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
                shown(r.client, r.title),
                names.get(r.client, "?"),
                r.area.label,
                r.priority.value,
                r.status.value,
                r.due.isoformat() + (" !" if is_overdue(r, today) else "") if r.due else "",
                format_compact(cost, ctx.settings.currency, masked=redact)
                if cost is not None
                else "",
            ]
        )
    table(["ID", "TITLE", "CLIENT", "AREA", "PRIORITY", "STATUS", "DUE", "COST"], rows, ctx.out)
    return 0


def list_events(args: argparse.Namespace, ctx: CliContext) -> int:
    refuse_json(args, ctx)
    redact = redacting(args, ctx)
    store = ctx.store()
    events = sorted(
        _filtered(store, store.all(Event), args, lambda e: e.client), key=lambda e: e.date
    )
    names = client_names(store, redact)
    shown = shown_text(store, redact)
    if args.json:
        print_json([record_json(e, client_name=names.get(e.client, "")) for e in events], ctx.out)
        return 0
    rows = [
        [
            short_id(e.id),
            e.date.isoformat(),
            shown(e.client, e.title),
            names.get(e.client, "?"),
            e.kind.value,
            repeats_text(e),
        ]
        for e in events
    ]
    table(["ID", "DATE", "TITLE", "CLIENT", "KIND", "REPEATS"], rows, ctx.out)
    return 0


def list_milestones(args: argparse.Namespace, ctx: CliContext) -> int:
    refuse_json(args, ctx)
    shown = shown_text(ctx.store(), redacting(args, ctx))
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
            shown(recs[m.recommendation].client if m.recommendation in recs else None, m.title),
            shown(recs[m.recommendation].client, recs[m.recommendation].title)
            if m.recommendation in recs
            else "?",
            m.due.isoformat() if m.due else "",
            str(m.weight),
            m.done_on.isoformat() if m.done_on else "",
        ]
        for m in milestones
    ]
    table(["ID", "TITLE", "RECOMMENDATION", "DUE", "WEIGHT", "DONE"], rows, ctx.out)
    return 0
