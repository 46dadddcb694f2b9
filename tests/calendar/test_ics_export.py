"""The .ics export, parsed back with the `icalendar` library."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import icalendar
import pytest
from dateutil.rrule import rrulestr

from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Event
from ctotui.ics.export import calendar_ics
from ctotui.services.calendar import agenda_items
from ctotui.services.occurrences import edit_occurrence, move_occurrence, skip_occurrence

NewEvent = Callable[..., Event]


def export(store: Store, clock: FixedClock, **options: Any) -> bytes:
    return calendar_ics(store, now=clock.now(), **options).encode("utf-8")


def parse(data: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(data)
    for component in calendar.walk():
        assert component.errors == [], component
    return calendar


def by_summary(calendar: icalendar.Calendar) -> dict[str, Any]:
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_every_item_is_a_vevent_with_a_uid_from_its_record(
    store: Store, clock: FixedClock, acme: Client, new_event: NewEvent
) -> None:
    qbr = new_event(acme, "QBR", "2026-03-31", kind="meeting", rrule="quarterly;BYMONTHDAY=-1")
    audit = new_event(acme, "ISO audit", "2027-02-08", end="2027-02-10", kind="audit")
    calendar = parse(export(store, clock))
    assert calendar["VERSION"] == "2.0"
    assert str(calendar["PRODID"]).startswith("-//ctotui//")
    events = calendar.walk("VEVENT")
    assert sorted(str(e["UID"]) for e in events) == sorted(
        [f"{qbr.id}@ctotui", f"{audit.id}@ctotui"]
    )
    for event in events:
        assert event.decoded("DTSTAMP") == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    audit_vevent = by_summary(calendar)["Acme: ISO audit"]
    # All-day: DATE values, DTEND the day after the last day.
    assert audit_vevent.decoded("DTSTART") == date(2027, 2, 8)
    assert audit_vevent.decoded("DTEND") == date(2027, 2, 11)
    assert str(audit_vevent["CATEGORIES"].to_ical(), "utf-8") == "audit"


def test_a_recurring_event_keeps_its_rule(
    store: Store, clock: FixedClock, acme: Client, new_event: NewEvent
) -> None:
    new_event(acme, "QBR", "2026-03-31", rrule="quarterly;BYMONTHDAY=-1;UNTIL=20291231")
    vevent = by_summary(parse(export(store, clock)))["Acme: QBR"]
    assert dict(vevent["RRULE"]) == {
        "FREQ": ["MONTHLY"],
        "INTERVAL": [3],
        "BYMONTHDAY": [-1],
        "UNTIL": [date(2029, 12, 31)],
    }
    assert vevent.decoded("DTSTART") == date(2026, 3, 31)


def test_skipped_occurrences_are_exdates_and_moved_ones_overrides(
    store: Store, clock: FixedClock, acme: Client, new_event: NewEvent
) -> None:
    qbr = new_event(acme, "QBR", "2026-03-31", kind="meeting", rrule="quarterly;BYMONTHDAY=-1")
    skip_occurrence(store, qbr, date(2027, 6, 30))
    move_occurrence(store, qbr, date(2027, 9, 30), date(2027, 10, 4))
    edit_occurrence(store, qbr, date(2027, 9, 30), title="QBR (moved)")
    events = parse(export(store, clock)).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"{qbr.id}@ctotui"] * 2
    series, moved = events
    assert series.exdates == [date(2027, 6, 30)]
    assert "RECURRENCE-ID" not in series
    assert moved.decoded("RECURRENCE-ID") == date(2027, 9, 30)
    assert moved.decoded("DTSTART") == date(2027, 10, 4)
    assert str(moved["SUMMARY"]) == "Acme: QBR (moved)"


def test_a_renewal_is_dated_on_its_renewal_day_with_a_cancel_by_event_and_alarm(
    store: Store, clock: FixedClock, acme: Client, new_event: NewEvent
) -> None:
    renewal = new_event(
        acme,
        "M365 licences",
        "2026-04-01",
        end="2027-03-31",
        kind="renewal",
        notice_days=90,
        auto_renew=True,
    )
    found = by_summary(parse(export(store, clock)))
    assert sorted(found) == ["Acme: M365 licences", "Acme: cancel by: M365 licences"]
    vevent = found["Acme: M365 licences"]
    # One day, the renewal date: not a span over the whole term.
    assert vevent.decoded("DTSTART") == date(2027, 3, 31)
    assert vevent.decoded("DTEND") == date(2027, 4, 1)
    (alarm,) = vevent.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert str(alarm["DESCRIPTION"]) == "Cancel by today: M365 licences (renews automatically)"
    assert alarm.decoded("TRIGGER") == timedelta(days=-90)
    assert vevent.decoded("DTSTART") + alarm.decoded("TRIGGER") == date(2026, 12, 31)
    assert "Renews automatically." in str(vevent["DESCRIPTION"])
    # The cancel-by on its own, for calendars that drop alarms on import.
    cancel_by = found["Acme: cancel by: M365 licences"]
    assert str(cancel_by["UID"]) == f"{renewal.id}-cancel-by@ctotui"
    assert cancel_by.decoded("DTSTART") == date(2026, 12, 31)
    assert cancel_by.decoded("DTEND") == date(2027, 1, 1)
    assert str(cancel_by["CATEGORIES"].to_ical(), "utf-8") == "cancel-by"
    assert cancel_by.walk("VALARM") == []


def test_a_contract_window_with_notice_keeps_its_span_and_gets_a_cancel_by(
    store: Store, clock: FixedClock, acme: Client, new_event: NewEvent
) -> None:
    new_event(acme, "Leased laptops", "2027-01-01", end="2027-06-30", notice_days=30)
    found = by_summary(parse(export(store, clock)))
    window = found["Acme: Leased laptops"]
    assert (window.decoded("DTSTART"), window.decoded("DTEND")) == (
        date(2027, 1, 1),
        date(2027, 7, 1),
    )
    (alarm,) = window.walk("VALARM")
    assert window.decoded("DTSTART") + alarm.decoded("TRIGGER") == date(2027, 5, 31)
    assert found["Acme: cancel by: Leased laptops"].decoded("DTSTART") == date(2027, 5, 31)


@pytest.mark.parametrize(
    ("start", "end", "rules_kept"),
    [
        # Terms of 364 days from 1 March end on 28 February, leap year or not, and 30 days
        # before is 29 January: yearly rules both.
        ("2026-03-01", "2027-02-28", (True, True)),
        # 30 days from 1 February is 3 March, or 2 March in a leap year: no rule says that;
        # the cancel-by, 30 days before the last day, is 1 February again.
        ("2026-02-01", "2026-03-03", (False, True)),
    ],
)
def test_a_yearly_renewal_and_its_cancel_by_repeat_as_the_agenda_has_them(
    store: Store,
    clock: FixedClock,
    acme: Client,
    new_event: NewEvent,
    start: str,
    end: str,
    rules_kept: tuple[bool, bool],
) -> None:
    backup = new_event(
        acme, "Backup", start, end=end, kind="renewal", notice_days=30, rrule="yearly"
    )
    skip_occurrence(store, backup, date(2028, int(start[5:7]), 1))
    found = by_summary(parse(export(store, clock)))
    low, high = date(2026, 1, 1), date(2034, 12, 31)
    agenda = agenda_items(store, low, high, today=clock.today())
    parts = [("Acme: Backup", "renewal"), ("Acme: cancel by: Backup", "cancel_by")]
    for (summary, kind), rule_kept in zip(parts, rules_kept, strict=True):
        vevent = found[summary]
        assert ("RRULE" in vevent) is rule_kept
        assert sorted(d for d in _dates(vevent, high) if d >= low) == sorted(
            i.date for i in agenda if i.kind.value == kind
        )


def _dates(vevent: Any, high: date) -> set[date]:
    """The all-day dates a calendar app reads from *vevent* up to *high*."""
    start = vevent.decoded("DTSTART")
    dates = {start}
    if "RRULE" in vevent:
        rule = rrulestr(
            vevent["RRULE"].to_ical().decode(), dtstart=datetime(start.year, start.month, start.day)
        )
        dates |= {d.date() for d in rule.between(datetime(1, 1, 1), datetime(high.year, 12, 31))}
    dates |= {d for d, _ in vevent.rdates}
    return {d for d in dates - set(vevent.exdates) if d <= high}


def test_a_notice_period_on_a_meeting_is_a_reminder(
    store: Store, clock: FixedClock, acme: Client, new_event: NewEvent
) -> None:
    new_event(acme, "Board", "2027-01-20", kind="meeting", notice_days=7)
    (alarm,) = by_summary(parse(export(store, clock)))["Acme: Board"].walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(days=-7)
    assert str(alarm["DESCRIPTION"]) == "Coming up in 7 days: Board"


def test_a_timed_event_stays_at_nine_across_daylight_saving_changes(
    store: Store, clock: FixedClock, acme: Client, new_event: NewEvent
) -> None:
    # Europe moves its clocks on 2027-03-28, the US on 2027-03-14: 09:00 must stay 09:00.
    new_event(
        acme,
        "Ops review",
        "2027-02-15",
        kind="meeting",
        all_day=False,
        time="09:00",
        rrule="FREQ=MONTHLY;UNTIL=20270615",
    )
    raw = export(store, clock)
    assert b"DTSTART:20270215T090000\r\n" in raw  # floating: no TZID, no Z
    vevent = by_summary(parse(raw))["Acme: Ops review"]
    start = vevent.decoded("DTSTART")
    assert start == datetime(2027, 2, 15, 9, 0) and start.tzinfo is None
    rule = rrulestr(vevent["RRULE"].to_ical().decode(), dtstart=start)
    assert list(rule) == [datetime(2027, m, 15, 9, 0) for m in (2, 3, 4, 5, 6)]
    items = agenda_items(store, date(2027, 3, 1), date(2027, 4, 30), today=clock.today())
    assert [(i.date.isoformat(), i.time) for i in items] == [
        ("2027-03-15", "09:00"),
        ("2027-04-15", "09:00"),
    ]


def test_all_day_dates_do_not_shift_on_daylight_saving_days(
    store: Store, clock: FixedClock, acme: Client, new_event: NewEvent
) -> None:
    new_event(acme, "EU change", "2027-03-28")
    new_event(acme, "US change", "2026-11-01", rrule="yearly")
    found = by_summary(parse(export(store, clock)))
    assert found["Acme: EU change"].decoded("DTSTART") == date(2027, 3, 28)
    assert found["Acme: EU change"].decoded("DTEND") == date(2027, 3, 29)
    assert found["Acme: US change"].decoded("DTSTART") == date(2026, 11, 1)


def test_fiscal_dates_are_a_yearly_rule_or_explicit_dates(
    store: Store, clock: FixedClock, acme: Client, new_event: NewEvent
) -> None:
    march = store.insert(Client(name="Initech", fiscal_year_start=3))
    new_event(acme, "Submission", "2026-11-27", kind="budget", fiscal_offset_days=-90)
    new_event(march, "Submission", "2026-01-01", kind="budget", fiscal_offset_days=-90)
    found = by_summary(parse(export(store, clock)))
    july = found["Acme: Submission"]
    assert july.decoded("DTSTART") == date(2027, 4, 2)
    assert dict(july["RRULE"]) == {"FREQ": ["YEARLY"]}
    # 90 days before 1 March is 1 or 2 December: no yearly rule can say that.
    initech = found["Initech: Submission"]
    assert "RRULE" not in initech
    assert initech.decoded("DTSTART") == date(2026, 12, 1)
    rdates = [d for d, _ in initech.rdates]
    assert rdates[:3] == [date(2027, 12, 2), date(2028, 12, 1), date(2029, 12, 1)]
    assert date(2031, 12, 2) in rdates


def test_lines_end_in_crlf_and_fold_at_75_octets(
    store: Store, clock: FixedClock, acme: Client, new_event: NewEvent
) -> None:
    title = "Renouvellement du contrat de maintenance — pare-feu, VPN; sites é/ü 🛡 " * 3
    notes = "Line one\nLine two, with a comma; and a \\ backslash"
    new_event(acme, title, "2027-01-10", notes=notes)
    raw = export(store, clock)
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)
    for line in lines:
        line.decode("utf-8")  # no line was cut inside a character
    vevent = parse(raw).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == f"Acme: {title}"
    assert str(vevent["DESCRIPTION"]) == notes


def test_uids_are_stable_so_a_new_export_updates_the_old_one(
    store: Store, clock: FixedClock, acme: Client, new_event: NewEvent
) -> None:
    qbr = new_event(acme, "QBR", "2026-03-31", rrule="quarterly;BYMONTHDAY=-1")
    new_event(acme, "Audit", "2027-02-08")
    first = export(store, clock)
    assert export(store, clock) == first
    store.update(Event, qbr.id, title="Quarterly business review")
    second = export(store, clock)

    def uids(data: bytes) -> list[str]:
        return sorted(str(e["UID"]) for e in parse(data).walk("VEVENT"))

    assert uids(second) == uids(first)
    assert "Acme: Quarterly business review" in by_summary(parse(second))


def test_one_client_and_presentation_mode(
    store: Store, clock: FixedClock, acme: Client, globex: Client, new_event: NewEvent
) -> None:
    new_event(acme, "QBR", "2027-03-31")
    steering = new_event(globex, "Steering", "2027-01-12")
    calendar = parse(export(store, clock, client=globex.id))
    assert str(calendar["X-WR-CALNAME"]) == "ctotui: Globex"
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [f"{steering.id}@ctotui"]
    hidden = export(store, clock, client=globex.id, presentation=True).decode()
    assert "Globex" not in hidden
    assert "SUMMARY:Blue Heron: Steering" in hidden


@pytest.mark.parametrize(
    "text",
    ["a;b,c", "back\\slash", "two\nlines\nthree", 'colon: and "quotes"', "tab\there"],
)
def test_text_round_trips_through_a_real_parser(
    store: Store, clock: FixedClock, acme: Client, new_event: NewEvent, text: str
) -> None:
    # A title is one line: no newline, no tab (both refused there); notes keep them.
    title = text.replace("\n", " ").replace("\t", " ")
    new_event(acme, title, "2027-01-10", notes=text)
    vevent = parse(export(store, clock)).walk("VEVENT")[0]
    assert str(vevent["DESCRIPTION"]) == text


def test_dates_at_the_ends_of_the_calendar_do_not_break_the_export(
    store: Store, clock: FixedClock, acme: Client, new_event: NewEvent
) -> None:
    # A synced file may hold any valid date: a cancel-by before year 1 or an end after 9999
    # has no date to be written on, and is left out rather than crashing the export.
    new_event(acme, "Ancient", "0001-01-01", end="0001-01-03", kind="renewal", notice_days=90)
    new_event(acme, "Last day", "9999-12-31", kind="audit")
    found = by_summary(parse(export(store, clock)))
    assert sorted(found) == ["Acme: Ancient", "Acme: Last day"]
    assert found["Acme: Ancient"].decoded("DTSTART") == date(1, 1, 3)
    assert "DTEND" not in found["Acme: Last day"]  # one all-day date, 9999-12-31
