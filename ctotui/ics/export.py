"""The calendar as an iCalendar (.ics) file: events, renewals' cancel-by reminders, due dates.

- UIDs are record ids (`<id>@ctotui`), so importing a newer export updates events instead of
  adding copies.
- A recurring event stays one VEVENT with its RRULE; a skipped occurrence is an EXDATE, a moved
  or retitled one an override VEVENT with RECURRENCE-ID. A fiscal-year-relative event is a
  yearly RRULE when its month and day never change, else DTSTART plus RDATEs for
  `horizon_years` (the date moves when the span crosses a February 29).
- All-day items are DATE values; an event with a time is a floating local time, so 09:00
  stays 09:00 on both sides of a daylight-saving change.
- A cancel-by date is a VALARM on the renewal; a notice period on other events is a reminder.
- DTSTAMP comes from the injected clock: two exports at the same instant are byte-identical.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ctotui import __version__
from ctotui.domain.entities import Client, Event, EventException, Milestone, Recommendation
from ctotui.domain.occurrences import (
    has_cancel_by,
    is_series_date,
    is_timed,
    series_dates,
    span_days,
)
from ctotui.domain.recurrence import fiscal_dates, parse_rule, rule_text
from ctotui.ics.lines import (
    CRLF,
    content_line,
    escape_text,
    ics_date,
    ics_duration_days,
    ics_local_time,
    ics_stamp,
    ics_utc,
)
from ctotui.services.calendar import calendar_index

if TYPE_CHECKING:
    from ctotui.data.store import Store

UID_DOMAIN = "ctotui"


def calendar_ics(
    store: Store,
    *,
    now: datetime,
    client: str | None = None,
    presentation: bool = False,
    horizon_years: int = 10,
) -> str:
    """The whole .ics text (CRLF line ends) for one client, or all of them."""
    index = calendar_index(store)
    clients = {c.id: c for c in store.all(Client)}
    wanted = [client] if client is not None else sorted(clients)
    name = "ctotui"
    if client is not None and client in clients:
        name += ": " + clients[client].display_name(presentation)
    writer = _Writer(ics_utc(now), now.date() + timedelta(days=366 * horizon_years))
    parts = [
        "BEGIN:VCALENDAR" + CRLF,
        content_line("VERSION", "2.0"),
        content_line("PRODID", f"-//ctotui//ctotui {__version__}//EN"),
        content_line("CALSCALE", "GREGORIAN"),
        content_line("METHOD", "PUBLISH"),
        content_line("X-WR-CALNAME", escape_text(name)),
    ]
    for client_id in wanted:
        label = clients[client_id].display_name(presentation) if client_id in clients else "?"
        fiscal_start = index.fiscal_starts.get(client_id, 1)
        for event in sorted(index.events.get(client_id, ()), key=lambda e: e.id):
            parts += writer.event(event, label, fiscal_start, index.exceptions_of(event.id))
        for rec in sorted(index.recs.get(client_id, ()), key=lambda r: r.id):
            parts += writer.due(rec, f"{label}: due: {rec.title}", "recommendation")
        for milestone, parent in sorted(index.milestones.get(client_id, ()), key=lambda m: m[0].id):
            parts += writer.due(
                milestone, f"{label}: {parent.title}: {milestone.title}", "milestone"
            )
    parts.append("END:VCALENDAR" + CRLF)
    return "".join(parts)


class _Writer:
    def __init__(self, dtstamp: str, horizon: date) -> None:
        self.dtstamp = dtstamp
        self.horizon = horizon

    def _head(self, rec_id: str, updated_at: str) -> list[str]:
        lines = [
            "BEGIN:VEVENT" + CRLF,
            content_line("UID", f"{rec_id}@{UID_DOMAIN}"),
            content_line("DTSTAMP", self.dtstamp),
        ]
        if updated_at:
            lines.append(content_line("LAST-MODIFIED", ics_stamp(updated_at)))
        return lines

    def due(self, rec: Recommendation | Milestone, summary: str, category: str) -> list[str]:
        assert rec.due is not None
        return [
            *self._head(rec.id, rec.updated_at),
            content_line("DTSTART", ics_date(rec.due), value="DATE"),
            content_line("DTEND", ics_date(rec.due + timedelta(days=1)), value="DATE"),
            content_line("SUMMARY", escape_text(summary)),
            content_line("CATEGORIES", category),
            content_line("TRANSP", "TRANSPARENT"),
            "END:VEVENT" + CRLF,
        ]

    def event(
        self,
        event: Event,
        label: str,
        fiscal_start: int,
        exceptions: Mapping[date, EventException],
    ) -> list[str]:
        start: date = event.date
        recurrence: list[str] = []
        rule = parse_rule(event.rrule)
        if rule is not None:
            until = rule.until
            text = rule_text(replace(rule, until=None))
            if until is not None:
                # UNTIL takes DTSTART's value type: a date, or a floating local time.
                text += ";UNTIL=" + (
                    ics_local_time(until, "23:59") if is_timed(event) else ics_date(until)
                )
            recurrence.append(content_line("RRULE", text))
        elif event.fiscal_offset_days is not None:
            dates = series_dates(event, event.date, self.horizon, fiscal_start)
            if not dates:
                return []
            start = dates[0]
            recurrence += _fiscal_recurrence(event, fiscal_start, dates)
        skipped = []
        overrides: list[EventException] = []
        for day, exception in sorted(exceptions.items()):
            if not event.recurring or not is_series_date(event, day, fiscal_start):
                continue  # a leftover of an older rule: the agenda ignores it too
            if exception.skip:
                skipped.append(day)
            elif exception.moved_to or exception.title or exception.notes:
                overrides.append(exception)
        for day in skipped:
            recurrence.append(_when("EXDATE", day, event))
        lines = [*self._head(event.id, event.updated_at), *_span(event, start)]
        lines += recurrence
        lines += _body(event, f"{label}: {event.title}", event.notes)
        for exception in overrides:
            day = exception.moved_to or exception.date
            lines += self._head(event.id, exception.updated_at or event.updated_at)
            lines.append(_when("RECURRENCE-ID", exception.date, event))
            lines += _span(event, day)
            lines += _body(
                event,
                f"{label}: {exception.title or event.title}",
                exception.notes or event.notes,
            )
        return lines


def _when(name: str, day: date, event: Event) -> str:
    if is_timed(event):
        return content_line(name, ics_local_time(day, event.time))
    return content_line(name, ics_date(day), value="DATE")


def _span(event: Event, day: date) -> list[str]:
    """DTSTART and DTEND of the occurrence on *day* (all-day ends are exclusive)."""
    lines = [_when("DTSTART", day, event)]
    last = day + timedelta(days=span_days(event))
    if not is_timed(event):
        lines.append(content_line("DTEND", ics_date(last + timedelta(days=1)), value="DATE"))
    elif last > day:
        lines.append(_when("DTEND", last, event))
    return lines


def _body(event: Event, summary: str, notes: str) -> list[str]:
    """The end of a VEVENT: what it is, its alarms, END."""
    lines = [
        content_line("SUMMARY", escape_text(summary)),
        content_line("CATEGORIES", event.kind.value),
    ]
    description = notes
    if event.auto_renew:
        description = (description + "\n\n" if description else "") + "Renews automatically."
    if description:
        lines.append(content_line("DESCRIPTION", escape_text(description)))
    if not is_timed(event):
        lines.append(content_line("TRANSP", "TRANSPARENT"))
    lines += _alarms(event)
    lines.append("END:VEVENT" + CRLF)
    return lines


def _alarms(event: Event) -> list[str]:
    if event.notice_days is None:
        return []
    if has_cancel_by(event):
        # cancel-by = last day - notice; relative to the start so it repeats with the series.
        offset = span_days(event) - event.notice_days
        renews = " (renews automatically)" if event.auto_renew else ""
        text = f"Cancel by today: {event.title}{renews}"
    else:
        offset = -event.notice_days
        text = f"Coming up in {event.notice_days} days: {event.title}"
    return [
        "BEGIN:VALARM" + CRLF,
        content_line("ACTION", "DISPLAY"),
        content_line("DESCRIPTION", escape_text(text)),
        content_line("TRIGGER", ics_duration_days(offset)),
        "END:VALARM" + CRLF,
    ]


def _fiscal_recurrence(event: Event, fiscal_start: int, dates: list[date]) -> list[str]:
    assert event.fiscal_offset_days is not None
    first = dates[0]
    # Eight years hold both leap and common years: the month and day vary, if ever, within them.
    sample = fiscal_dates(
        fiscal_start, event.fiscal_offset_days, first, date(first.year + 8, 12, 31)
    )
    if len({(d.month, d.day) for d in sample}) == 1:
        return [content_line("RRULE", "FREQ=YEARLY")]
    if len(dates) == 1:
        return []
    values = ",".join(ics_date(d) for d in dates[1:])
    if is_timed(event):
        values = ",".join(ics_local_time(d, event.time) for d in dates[1:])
        return [content_line("RDATE", values)]
    return [content_line("RDATE", values, value="DATE")]
