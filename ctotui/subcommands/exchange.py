"""`ctotui export csv|json` and `ctotui import csv`: spreadsheets in and out, JSON for tools."""

from __future__ import annotations

import argparse
import csv
import io
import sys

from ctotui.data.layout import TABLES
from ctotui.domain.entities import BY_TABLE, Client
from ctotui.exchange.files import STDIO, read_input, write_output
from ctotui.exchange.tables import TABLE_CHOICES, csv_table
from ctotui.subcommands.base import CliContext, Registry, add_force

CSV_HELP = f"table: {TABLE_CHOICES}"


def register(registry: Registry) -> None:
    out = registry.exports.add_parser(
        "csv",
        help="one table as CSV (columns: see docs/csv.md)",
        description="Write one table as CSV: a header row, then one row per record.",
    )
    out.add_argument("table", metavar="TABLE", help=CSV_HELP)
    out.add_argument("file", metavar="FILE", help="file to write, or - for stdout")
    out.add_argument("--client", "-c", help="only this client's records (id, name or codename)")
    out.add_argument(
        "--raw",
        action="store_true",
        help="cells exactly as stored: no apostrophe before a cell that a spreadsheet would run "
        "as a formula (docs/csv.md)",
    )
    add_force(out)
    out.set_defaults(handler=run_export_csv)

    data = registry.exports.add_parser(
        "json",
        help="the whole folder, or one table, as JSON (fields: docs/json-fields.md)",
        description="Write the data as JSON: every table, or only TABLE.",
    )
    data.add_argument("table", metavar="TABLE", nargs="?", help="one table (default: all)")
    data.add_argument("file", metavar="FILE", help="file to write, or - for stdout")
    add_force(data)
    data.set_defaults(handler=run_export_json)

    into = registry.imports.add_parser(
        "csv",
        help="add or update records from CSV (all rows or none)",
        description="Add or update the records of one table from CSV. Every row is checked "
        "first; if any is bad, nothing is written and the bad rows are listed. A row with an "
        "id updates that record; without one, the record with the same natural key "
        "(docs/csv.md), else it adds one. Importing the same file twice changes nothing.",
    )
    into.add_argument("table", metavar="TABLE", help=CSV_HELP)
    into.add_argument("file", metavar="FILE", help="file to read, or - for stdin")
    into.add_argument(
        "--dry-run", "-n", action="store_true", help="check and report, write nothing"
    )
    into.set_defaults(handler=run_import_csv)


def run_export_csv(args: argparse.Namespace, ctx: CliContext) -> int:
    from ctotui.exchange.csv_export import export_csv  # the writers load with their command

    table = csv_table(args.table)
    store = ctx.store()
    client_id = store.resolve(Client, args.client).id if args.client else None
    text = export_csv(store, table, client_id, raw=args.raw)
    write_output(args.file, text, ctx.out, data_folder=ctx.data_path(), force=args.force)
    rows = sum(1 for _ in csv.reader(io.StringIO(text))) - 1
    _summary(ctx, args.file, _count(rows, table.cls.LABEL))
    return 0


def run_export_json(args: argparse.Namespace, ctx: CliContext) -> int:
    from ctotui.exchange.json_export import export_json, json_table

    table = json_table(args.table) if args.table else None
    store = ctx.store()
    write_output(
        args.file, export_json(store, table), ctx.out, data_folder=ctx.data_path(), force=args.force
    )
    counts = {name: store.count(BY_TABLE[name]) for name in ([table] if table else TABLES)}
    listed = [_count(n, BY_TABLE[name].LABEL) for name, n in counts.items() if n or table]
    _summary(ctx, args.file, ", ".join(listed) or "no records")
    return 0


def _count(n: int, label: str) -> str:
    return f"{n} {label}{'s' if n != 1 else ''}"


def _summary(ctx: CliContext, target: str, what: str) -> None:
    """One line saying what was written: on stderr when the data itself went to stdout."""
    if target == STDIO:
        print(f"ctotui: wrote {what} to stdout", file=ctx.err)
    else:
        ctx.print(f"wrote {what} to {target}")


def run_import_csv(args: argparse.Namespace, ctx: CliContext) -> int:
    from ctotui.exchange.csv_import import apply_plan, plan_csv_import

    table = csv_table(args.table)
    text = read_input(args.file, sys.stdin)
    store = ctx.store()
    source = "stdin" if args.file == STDIO else args.file
    plan = plan_csv_import(store, table, text, source)
    if plan.problems:
        for row, reason in plan.problems:
            print(f"{source}: row {row}: {reason}", file=ctx.err)
        raise plan.rejection()
    if not args.dry_run:
        apply_plan(store, plan)
    ctx.print(plan.summary(dry_run=args.dry_run))
    return 0
