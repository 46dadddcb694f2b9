"""`ctotui report`: a client status report, or the portfolio summary with `--all`."""

from __future__ import annotations

import argparse

from ctotui.domain.dates import DATE_HELP, DateError, parse_date_input
from ctotui.domain.entities import Client
from ctotui.exchange.files import STDIO, write_output
from ctotui.reports.options import DEFAULT_HORIZON_DAYS, DEFAULT_SINCE_DAYS, FORMATS, ReportError
from ctotui.subcommands.base import CliContext, Registry, add_force
from ctotui.subcommands.calendar import MAX_DAYS


def register(registry: Registry) -> None:
    report = registry.command(
        "report",
        run_report,
        "a client status report (Markdown or HTML), or the portfolio summary with --all",
    )
    report.add_argument("client", nargs="?", help="client id, name or codename")
    report.add_argument(
        "--all", "-a", action="store_true", help="one-page summary across all clients"
    )
    report.add_argument(
        "--since",
        metavar="DATE",
        help=f"what was recommended and decided since DATE (default: {DEFAULT_SINCE_DAYS} days "
        f"ago; {DATE_HELP})",
    )
    report.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        help="md or html (default: html when --out ends in .html, else md)",
    )
    report.add_argument(
        "--out", "-o", metavar="FILE", default=STDIO, help="write to FILE (default: stdout)"
    )
    add_force(report)
    report.add_argument(
        "--redact",
        action="store_true",
        help="presentation mode: codename, masked amounts, no contacts or notes "
        "(also on when presentation_mode is set in config.toml)",
    )
    report.add_argument(
        "--days",
        type=int,
        default=DEFAULT_HORIZON_DAYS,
        metavar="N",
        help=f"how far ahead upcoming dates go (default: {DEFAULT_HORIZON_DAYS})",
    )


def run_report(args: argparse.Namespace, ctx: CliContext) -> int:
    from ctotui.reports import render_portfolio, render_report  # loaded with this command only

    if args.all == bool(args.client):
        raise ReportError("name one client, or use --all for the portfolio summary")
    if not 0 <= args.days <= MAX_DAYS:
        # Past ten years ahead the dates run off the calendar (year 9999) long before.
        raise ReportError(f"--days must be 0 to {MAX_DAYS}, got {args.days}")
    fmt = args.format or ("html" if args.out.lower().endswith((".html", ".htm")) else "md")
    redact = args.redact or ctx.settings.presentation_mode
    store = ctx.store()
    currency = ctx.settings.currency
    if args.all:
        if args.since:
            raise ReportError("--since is for a client report, not for --all")
        text = render_portfolio(
            store, fmt, redact, ctx.clock, horizon_days=args.days, default_currency=currency
        )
    else:
        client = store.resolve(Client, args.client)
        since = None
        if args.since:
            try:
                since = parse_date_input(args.since, ctx.clock.today())
            except DateError as exc:
                raise ReportError(f"--since: {exc}") from None
        text = render_report(
            store,
            client.id,
            since,
            fmt,
            redact,
            ctx.clock,
            horizon_days=args.days,
            default_currency=currency,
        )
    write_output(args.out, text, ctx.out, data_folder=ctx.data_path(), force=args.force)
    if args.out != STDIO:
        ctx.print(f"wrote {args.out}")
    return 0
