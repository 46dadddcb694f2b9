"""Calendar subcommands: `agenda` (plain text for a login banner or cron mail), `acknowledge`
(a missed cancel-by seen) and `export ics`. No colour, ever: the output is read in mail, in a
banner, or piped."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date, timedelta
from typing import TextIO

import pendulum

from ctotui.domain.agenda import AgendaItem, AgendaKind
from ctotui.domain.dates import DateError, parse_date_input, to_pendulum
from ctotui.domain.entities import Client, Event
from ctotui.domain.missed import missed_of
from ctotui.domain.occurrences import fiscal_rule_text, next_fiscal_date
from ctotui.errors import ValidationError
from ctotui.exchange.files import write_output
from ctotui.services.calendar import calendar_index
from ctotui.subcommands.base import CliContext, Registry, add_force
from ctotui.subcommands.output import print_json
from ctotui.subcommands.shown import add_redact, client_names, redacting, shown_text
from ctotui.visible import rewrite_line

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # not %a: that follows the locale
MAX_DAYS = 3650
MAX_OFFSET = 366  # days from the fiscal-year start (Event.fiscal_offset_days)


def register(registry: Registry) -> None:
    agenda = registry.command(
        "agenda",
        run_agenda,
        "overdue items and the dates of the next N days, as plain text (for a login banner "
        "or cron mail)",
    )
    agenda.add_argument(
        "--days",
        "-d",
        type=int,
        metavar="N",
        help="how many days ahead (default: the alert_window_days setting, 14)",
    )
    agenda.add_argument("--client", "-c", help="only this client (id, name or codename)")
    agenda.add_argument("--json", action="store_true", help="JSON instead of text")
    add_redact(agenda)

    acknowledge = registry.command(
        "acknowledge",
        run_acknowledge,
        "acknowledge a missed cancel-by: the contract stops counting as overdue until its "
        "next term",
    )
    acknowledge.add_argument("event", help="event id or title")
    acknowledge.add_argument(
        "--undo", action="store_true", help="count the missed cancel-by as overdue again"
    )

    ics = registry.exports.add_parser(
        "ics",
        help="the calendar as iCalendar (.ics)",
        description="Write events (recurring ones as rules), renewals' cancel-by reminders and "
        "due dates as an iCalendar file. Re-importing a newer export updates the same events.",
    )
    ics.add_argument("file", metavar="FILE", help="the .ics file to write, or - for stdout")
    ics.add_argument("--client", "-c", help="only this client (id, name or codename)")
    add_redact(ics)
    add_force(ics)
    ics.set_defaults(handler=run_export_ics)


# --- agenda ------------------------------------------------------------------------------------


def run_agenda(args: argparse.Namespace, ctx: CliContext) -> int:
    days = ctx.settings.alert_window_days if args.days is None else args.days
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError("--days", f"must be 1 to {MAX_DAYS}, got {days}")
    store = ctx.store()
    client = store.resolve(Client, args.client) if args.client else None
    today = ctx.clock.today()
    horizon = today + timedelta(days=days)
    index = calendar_index(store)
    items = index.items(
        today,
        horizon,
        today=today,
        client=client.id if client else None,
        include_overdue=True,
    )
    redact = redacting(args, ctx)
    names = client_names(store, redact)
    shown = shown_text(store, redact)
    items = [i._replace(title=shown(i.client, i.title)) for i in items]
    overdue = [i for i in items if i.overdue and i.date < today]
    upcoming = [i for i in items if i.date >= today]
    if args.json:
        print_json(
            {
                "today": today.isoformat(),
                "until": horizon.isoformat(),
                "client": client.id if client else None,
                "overdue": len(overdue),
                "upcoming": len(upcoming),
                "items": [{**i.to_json(), "client_name": names.get(i.client, "")} for i in items],
            },
            ctx.out,
        )
        return 0
    scope = names[client.id] if client else "all clients"
    ctx.print(
        f"Agenda for {scope}, {today.isoformat()} to {horizon.isoformat()}: "
        f"{len(overdue)} overdue, {len(upcoming)} coming up"
    )
    show_client = client is None
    if overdue:
        ctx.print()
        ctx.print("Overdue")
        for item in overdue:
            ctx.print(_line(item, today, names, show_client))
    week_start = 6 if ctx.settings.week_start == "sunday" else 0
    current_week: date | None = None
    for item in upcoming:
        week = item.date - timedelta(days=(item.date.weekday() - week_start) % 7)
        if week != current_week:
            current_week = week
            ctx.print()
            ctx.print(f"Week of {_day(week)}")
        ctx.print(_line(item, today, names, show_client))
    if not items:
        ctx.print(f"Nothing overdue, nothing due until {horizon.isoformat()}.")
    return 0


def _day(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.isoformat()}"


def _line(item: AgendaItem, today: date, names: dict[str, str], show_client: bool) -> str:
    title = item.title
    if show_client:
        title += f" — {names.get(item.client, '?')}"
    details = [_when(item.date, today)]
    if item.time:
        details.append(item.time)
    if item.kind is AgendaKind.CANCEL_BY and item.overdue:
        details[0] = f"missed, {_days((today - item.date).days)} late"
    if item.kind is AgendaKind.CANCEL_BY and item.end is not None:
        details.append(f"ends {item.end.isoformat()}")
    elif item.end is not None and item.end != item.date:
        details.append(f"until {item.end.isoformat()}")
    if item.auto_renew:
        details.append("renews automatically")
    return f"  {_day(item.date)}  {item.kind.label:<14}  {title} ({'; '.join(details)})"


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def _when(day: date, today: date) -> str:
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta > 0:
        return f"in {delta} days"
    return f"{-delta} day{'s' if delta != -1 else ''} overdue"


# --- add event: the date ------------------------------------------------------------------------


def event_date(
    text: str | None, fiscal_offset: int | None, client: Client, ctx: CliContext
) -> pendulum.Date:
    """`add event`'s date: --date, or with --fiscal-offset the next date of that yearly series.

    Both at once are refused: the agenda and the .ics put a fiscal-year event on FY start +
    offset every year from its date on, so the --date given was not a date it fell on.
    """
    today = ctx.clock.today()
    if fiscal_offset is None:
        if not text:
            raise ValidationError("--date", "required (or --fiscal-offset DAYS for a yearly date)")
        try:
            return parse_date_input(text, today)
        except DateError as exc:
            raise ValidationError("--date", str(exc)) from None
    if not -MAX_OFFSET <= fiscal_offset <= MAX_OFFSET:
        raise ValidationError(
            "--fiscal-offset", f"must be -{MAX_OFFSET} to {MAX_OFFSET} days, got {fiscal_offset}"
        )
    first = next_fiscal_date(client.fiscal_year_start, fiscal_offset, today)
    if text:
        raise ValidationError(
            "--date",
            f"leave it out with --fiscal-offset: the event falls on "
            f"{fiscal_rule_text(fiscal_offset)} (next {first.isoformat()})",
        )
    return to_pendulum(first)


# --- acknowledge -------------------------------------------------------------------------------


def run_acknowledge(args: argparse.Namespace, ctx: CliContext) -> int:
    store = ctx.store()
    event = store.resolve(Event, args.event)
    field = "cancel_by_acknowledged"
    if args.undo:
        if event.cancel_by_acknowledged is None:
            raise ValidationError(event.where, "no missed cancel-by was acknowledged", field)
        store.update(Event, event.id, cancel_by_acknowledged=None)
        ctx.print(f"{event.title!r}: a missed cancel-by counts as overdue again")
        return 0
    today = ctx.clock.today()
    index = calendar_index(store)
    fiscal_start = index.fiscal_starts.get(event.client, 1)
    missed = missed_of(event, today, fiscal_start, index.exceptions_of(event.id))
    if not missed:
        unseen = replace(event, cancel_by_acknowledged=None)
        if missed_of(unseen, today, fiscal_start, index.exceptions_of(event.id)):
            raise ValidationError(
                event.where, "its missed cancel-by is already acknowledged (--undo to undo)"
            )
        raise ValidationError(event.where, f"has no missed cancel-by on {today.isoformat()}")
    item = missed[-1]  # the latest term; an acknowledgement covers the terms before it
    assert item.end is not None
    store.update(Event, event.id, cancel_by_acknowledged=to_pendulum(item.end))
    ctx.print(
        f"acknowledged: {event.title!r} missed its cancel-by {item.date.isoformat()} by "
        f"{_days(today.toordinal() - item.date.toordinal())}; it is no longer overdue (term ends "
        f"{item.end.isoformat()})"
    )
    return 0


# --- export ics --------------------------------------------------------------------------------


def run_export_ics(args: argparse.Namespace, ctx: CliContext) -> int:
    from ctotui.ics.export import calendar_ics  # only this command needs the writer

    store = ctx.store()
    client = store.resolve(Client, args.client) if args.client else None
    status = _StatusLine(ctx.err)
    try:
        text = calendar_ics(
            store,
            now=ctx.clock.now(),
            client=client.id if client else None,
            presentation=redacting(args, ctx),
            progress=status.show if status.live else None,
        )
    finally:
        status.clear()
    count = text.count("BEGIN:VEVENT")
    items = f"{count} calendar item{'s' if count != 1 else ''}"
    path = write_output(
        args.file,
        text.encode("utf-8"),
        ctx.out,
        data_folder=ctx.data_path(),
        force=args.force,
    )
    if path is None:
        # The summary goes beside the data, not into it.
        print(f"ctotui: wrote {items} to stdout", file=ctx.err)
        return 0
    ctx.print(f"wrote {items} to {path}")
    return 0


class _StatusLine:
    """One line of progress on a terminal's stderr, rewritten in place and cleared at the end
    (counts only, never a name: the terminal may be shared). Nothing when stderr is a file or
    a pipe: a script gets only the summary."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.live = err.isatty()  # as `sync` decides whether to show its progress
        self.width = 0

    def show(self, line: str) -> None:
        self.width = rewrite_line(self.err, f"ctotui: {line}…", self.width)

    def clear(self) -> None:
        if self.width:
            rewrite_line(self.err, "", self.width)
            rewrite_line(self.err, "")
            self.width = 0
