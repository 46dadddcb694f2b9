"""The calendar as an iCalendar (.ics) file, written with the `icalendar` library.

- UIDs come from record ids (`<id>@ctotui`; a cancel-by date `<id>-cancel-by@ctotui`), so
  importing a newer export updates events instead of adding copies.
- A recurring event stays one VEVENT with its RRULE; a skipped occurrence is an EXDATE, a moved
  or retitled one an override VEVENT with RECURRENCE-ID. A series whose dates no rule can say
  (a fiscal-year date crossing 29 February) is DTSTART plus RDATEs up to `horizon_years`.
- A renewal is a dated event on its renewal date (its last day), not a span over its term. Its
  cancel-by date (last day - notice) is an all-day event of its own as well as an alarm on the
  renewal: many calendars drop alarms on import. A notice period on other events is a reminder.
- All-day items are DATE values; an event with a time is a floating local time, so 09:00
  stays 09:00 on both sides of a daylight-saving change.
- DTSTAMP comes from the injected clock: two exports at the same instant are byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import icalendar

from ctotui import __version__
from ctotui.domain.entities import Client, Event, EventException, Milestone, Recommendation
from ctotui.domain.enums import EventKind
from ctotui.domain.occurrences import has_cancel_by, is_series_date, is_timed, span_days
from ctotui.domain.recurrence import rule_text
from ctotui.ics.series import Recurrence, moved_by, recurrence
from ctotui.services.calendar import calendar_index
from ctotui.views.redaction import redactor_for

if TYPE_CHECKING:
    from ctotui.data.store import Store

UID_DOMAIN = "ctotui"
Text = Callable[[str, str], str]  # (client id, text) -> the text as it may be written
CANCEL_BY_CATEGORY = "cancel-by"


def calendar_ics(
    store: Store,
    *,
    now: datetime,
    client: str | None = None,
    presentation: bool = False,
    horizon_years: int = 10,
    progress: Callable[[str], None] | None = None,
) -> str:
    """The whole .ics text (CRLF line ends) for one client, or all of them. *progress* is told
    how far it is, in counts only (a decade of a busy practice takes seconds)."""
    say = progress or _quiet
    index = calendar_index(store)
    clients = {c.id: c for c in store.all(Client)}
    # Presentation mode: codenames for clients, and every name or hidden term inside a title or
    # a note replaced, as on screen; the calendar this lands in may be shown to anyone.
    text: Text = redactor_for(store).text if presentation else _as_is
    wanted = [client] if client is not None else sorted(clients)
    name = "ctotui"
    if client is not None and client in clients:
        name += ": " + clients[client].display_name(presentation)
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//ctotui//ctotui {__version__}//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    writer = _Writer(
        now.astimezone(UTC).replace(microsecond=0),
        now.date() + timedelta(days=366 * horizon_years),
        text,
    )
    for done, client_id in enumerate(wanted):
        say(f"{done}/{len(wanted)} clients")
        label = clients[client_id].display_name(presentation) if client_id in clients else "?"
        fiscal_start = index.fiscal_starts.get(client_id, 1)
        for event in sorted(index.events.get(client_id, ()), key=lambda e: e.id):
            exceptions = index.exceptions_of(event.id)
            for component in writer.event(event, label, fiscal_start, exceptions):
                calendar.add_component(component)
        for rec in sorted(index.recs.get(client_id, ()), key=lambda r: r.id):
            summary = f"{label}: due: {text(client_id, rec.title)}"
            calendar.add_component(writer.due(rec, summary, "recommendation"))
        for milestone, parent in sorted(index.milestones.get(client_id, ()), key=lambda m: m[0].id):
            titles = f"{text(client_id, parent.title)}: {text(client_id, milestone.title)}"
            summary = f"{label}: {titles}"
            calendar.add_component(writer.due(milestone, summary, "milestone"))
    count = len(calendar.subcomponents)
    say(f"writing {count:,} calendar item{'s' if count != 1 else ''}")
    data: bytes = calendar.to_ical()
    return data.decode("utf-8")


def _as_is(_client: str, value: str) -> str:
    return value


def _quiet(_line: str) -> None:
    return None


@dataclass(frozen=True, slots=True)
class _Part:
    """One VEVENT series written for an event: the event itself, or its cancel-by dates."""

    uid: str
    shift: int  # days from a date of the event's series to this part's date
    length: int  # days after the first that it lasts
    time: str  # "HH:MM" of a timed part, "" all day
    cancel_by: bool = False


class _Writer:
    def __init__(self, dtstamp: datetime, horizon: date, text: Text) -> None:
        self.dtstamp = dtstamp
        self.horizon = horizon
        self.text = text

    def _vevent(self, uid: str, updated_at: str) -> icalendar.Event:
        vevent = icalendar.Event()
        vevent.add("uid", f"{uid}@{UID_DOMAIN}")
        vevent.add("dtstamp", self.dtstamp)
        if updated_at:
            vevent.add("last-modified", _stamp(updated_at))
        return vevent

    def due(self, rec: Recommendation | Milestone, summary: str, category: str) -> icalendar.Event:
        assert rec.due is not None
        vevent = self._vevent(rec.id, rec.updated_at)
        vevent.add("dtstart", _when(rec.due, ""))
        end = moved_by(rec.due, 1)
        if end is not None:
            vevent.add("dtend", _when(end, ""))
        vevent.add("summary", summary)
        vevent.add("categories", [category])
        vevent.add("transp", "TRANSPARENT")
        return vevent

    def event(
        self,
        event: Event,
        label: str,
        fiscal_start: int,
        exceptions: Mapping[date, EventException],
    ) -> list[icalendar.Event]:
        span = span_days(event)
        renewal = event.kind == EventKind.RENEWAL
        time = event.time if is_timed(event) else ""
        parts = [_Part(event.id, span if renewal else 0, 0 if renewal else span, time)]
        if has_cancel_by(event):
            assert event.notice_days is not None
            parts.append(_Part(f"{event.id}-cancel-by", span - event.notice_days, 0, "", True))
        found: list[icalendar.Event] = []
        for part in parts:
            series = recurrence(event, part.shift, self.horizon, fiscal_start)
            if series is not None:
                found += self._series(event, label, part, series, fiscal_start, exceptions)
        return found

    def _series(
        self,
        event: Event,
        label: str,
        part: _Part,
        series: Recurrence,
        fiscal_start: int,
        exceptions: Mapping[date, EventException],
    ) -> list[icalendar.Event]:
        vevent = self._vevent(part.uid, event.updated_at)
        _span(vevent, series.start, part)
        if series.rule is not None:
            rule = icalendar.vRecur.from_ical(rule_text(replace(series.rule, until=None)))
            if series.rule.until is not None:
                # UNTIL takes DTSTART's value type: a date, or a floating local time.
                rule["UNTIL"] = [_when(series.rule.until, part.time or "", end_of_day=True)]
            vevent.add("rrule", rule)
        if series.rdates:
            vevent.add("rdate", [_when(d, part.time) for d in series.rdates])
        overrides: list[EventException] = []
        for day, exception in sorted(exceptions.items()):
            if not event.recurring or not is_series_date(event, day, fiscal_start):
                continue  # a leftover of an older rule: the agenda ignores it too
            if moved_by(day, part.shift) is None:
                continue  # at the calendar's end: no date to name it by
            if exception.skip:
                vevent.add("exdate", [_when(day, part.time, part.shift)])
            elif exception.moved_to or exception.title or exception.notes:
                overrides.append(exception)
        shown = self.text
        _body(
            vevent,
            event,
            label,
            shown(event.client, event.title),
            shown(event.client, event.notes),
            part,
        )
        found = [vevent]
        for exception in overrides:
            override = self._vevent(part.uid, exception.updated_at or event.updated_at)
            to = moved_by(exception.moved_to or exception.date, part.shift)
            if to is None:
                continue
            override.add("recurrence-id", _when(exception.date, part.time, part.shift))
            _span(override, to, part)
            title = shown(event.client, exception.title or event.title)
            notes = shown(event.client, exception.notes or event.notes)
            _body(override, event, label, title, notes, part)
            found.append(override)
        return found


def _stamp(stamp: str) -> datetime:
    """A record's `updated_at` (2026-11-27T09:00:00.000000Z) as a UTC time to the second."""
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).replace(microsecond=0)


def _when(day: date, time: str, shift: int = 0, *, end_of_day: bool = False) -> date | datetime:
    """*day* (+ *shift* days) as a DATE, or a floating local DATE-TIME when *time* is set (23:59
    for an UNTIL). The caller has checked that the shifted day exists."""
    day = moved_by(day, shift) or day
    day = date(day.year, day.month, day.day)  # pendulum.Date is a subclass: make it plain
    if not time:
        return day
    hours, minutes = ("23", "59") if end_of_day else time.split(":")
    return datetime(day.year, day.month, day.day, int(hours), int(minutes))


def _span(vevent: icalendar.Event, day: date, part: _Part) -> None:
    """DTSTART and DTEND of the occurrence on *day* (all-day ends are exclusive)."""
    vevent.add("dtstart", _when(day, part.time))
    last = moved_by(day, part.length) or date.max
    end = moved_by(last, 1)
    if not part.time and end is not None:
        vevent.add("dtend", _when(end, ""))  # without DTEND an all-day event lasts its one day
    elif part.time and last > day:
        vevent.add("dtend", _when(last, part.time))


def _body(
    vevent: icalendar.Event, event: Event, label: str, title: str, notes: str, part: _Part
) -> None:
    """What the VEVENT is, and its alarms."""
    renews = " (renews automatically)" if event.auto_renew else ""
    if part.cancel_by:
        vevent.add("summary", f"{label}: cancel by: {title}")
        vevent.add("categories", [CANCEL_BY_CATEGORY])
        vevent.add("description", f"Last day to give notice: {title}{renews}.")
        vevent.add("transp", "TRANSPARENT")
        return
    vevent.add("summary", f"{label}: {title}")
    vevent.add("categories", [event.kind.value])
    description = notes
    if event.auto_renew:
        description = (description + "\n\n" if description else "") + "Renews automatically."
    if description:
        vevent.add("description", description)
    if not part.time:
        vevent.add("transp", "TRANSPARENT")
    if event.notice_days is None:
        return
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    if has_cancel_by(event):
        # The cancel-by (last day - notice), relative to DTSTART so it repeats with the series.
        offset = span_days(event) - part.shift - event.notice_days
        alarm.add("description", f"Cancel by today: {title}{renews}")
    else:
        offset = -event.notice_days
        alarm.add("description", f"Coming up in {event.notice_days} days: {title}")
    alarm.add("trigger", timedelta(days=offset))
    vevent.add_component(alarm)
