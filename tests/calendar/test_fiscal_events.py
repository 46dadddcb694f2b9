"""Fiscal-year-relative events: "budget submission 90 days before the fiscal year starts"."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import icalendar
import pytest

from ctotui.data.store import Store
from ctotui.domain.agenda import AgendaKind
from ctotui.domain.entities import Client, Event
from ctotui.errors import ValidationError
from ctotui.services.calendar import agenda_items, calendar_index
from ctotui.services.occurrences import skip_occurrence

NewEvent = Callable[..., Event]


def occurrence_dates(store: Store, event: Event, low: date, high: date) -> list[str]:
    index = calendar_index(store)
    return [occ.date.isoformat() for occ in index.occurrences(event, low, high)]


def test_july_fiscal_year_submission_90_days_before_every_year(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    # 2027-04-02 + 90 days = 2027-07-01: 28 days left in April, 31 in May, 30 in June, then 1.
    event = new_event(
        acme, "Budget submission", "2026-11-27", kind="budget", fiscal_offset_days=-90
    )
    assert occurrence_dates(store, event, date(2026, 1, 1), date(2030, 12, 31)) == [
        "2027-04-02",
        "2028-04-02",
        "2029-04-02",
        "2030-04-02",
    ]


def test_a_fiscal_date_crossing_february_moves_with_leap_years(
    store: Store, new_event: NewEvent
) -> None:
    march = store.insert(Client(name="Initech", fiscal_year_start=3))
    event = new_event(march, "Budget submission", "2026-01-01", fiscal_offset_days=-90)
    # 90 days before 1 March: 1 December, or 2 December when February has 29 days (2028).
    assert occurrence_dates(store, event, date(2026, 1, 1), date(2029, 12, 31)) == [
        "2026-12-01",
        "2027-12-02",
        "2028-12-01",
        "2029-12-01",
    ]


def test_offsets_after_the_fiscal_year_start(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    start = new_event(acme, "FY start", "2026-01-01", fiscal_offset_days=0)
    review = new_event(acme, "Budget review", "2026-01-01", fiscal_offset_days=30)
    assert occurrence_dates(store, start, date(2026, 1, 1), date(2027, 12, 31)) == [
        "2026-07-01",
        "2027-07-01",
    ]
    assert occurrence_dates(store, review, date(2026, 1, 1), date(2027, 12, 31)) == [
        "2026-07-31",
        "2027-07-31",
    ]


def test_the_series_starts_on_the_event_date(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    event = new_event(acme, "Budget submission", "2027-04-03", fiscal_offset_days=-90)
    assert occurrence_dates(store, event, date(2026, 1, 1), date(2028, 12, 31)) == ["2028-04-02"]


def test_changing_the_clients_fiscal_year_moves_every_date(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    event = new_event(acme, "Budget submission", "2026-01-01", fiscal_offset_days=-90)
    assert occurrence_dates(store, event, date(2026, 1, 1), date(2026, 12, 31)) == ["2026-04-02"]
    store.update(Client, acme.id, fiscal_year_start=1)
    # 90 days before 1 January 2027.
    assert occurrence_dates(store, event, date(2026, 1, 1), date(2026, 12, 31)) == ["2026-10-03"]


def test_fiscal_dates_are_in_the_agenda_and_can_be_skipped(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    event = new_event(
        acme, "Budget submission", "2026-01-01", kind="budget", fiscal_offset_days=-90
    )
    items = agenda_items(store, date(2027, 1, 1), date(2028, 12, 31), today=date(2026, 11, 27))
    assert [(i.date.isoformat(), i.kind, i.title, i.recurring) for i in items] == [
        ("2027-04-02", AgendaKind.BUDGET, "Budget submission", True),
        ("2028-04-02", AgendaKind.BUDGET, "Budget submission", True),
    ]
    skip_occurrence(store, event, date(2027, 4, 2))
    items = agenda_items(store, date(2027, 1, 1), date(2028, 12, 31), today=date(2026, 11, 27))
    assert [i.date.isoformat() for i in items] == ["2028-04-02"]


def test_a_fiscal_event_takes_no_rrule(store: Store, acme: Client, new_event: NewEvent) -> None:
    with pytest.raises(ValidationError) as caught:
        new_event(acme, "Budget", "2026-01-01", fiscal_offset_days=-90, rrule="yearly")
    assert caught.value.field == "fiscal_offset_days"
    assert "repeats yearly by itself; leave rrule empty" in str(caught.value)


def test_a_fiscal_offset_is_at_most_a_year(acme: Client, new_event: NewEvent) -> None:
    with pytest.raises(ValidationError, match="field 'fiscal_offset_days': must be at least -366"):
        new_event(acme, "Budget", "2026-01-01", fiscal_offset_days=-400)


# --- the command line: one meaning for a fiscal-year date ---------------------------------------

Cli = Callable[..., Any]
FY_RULE = "FY start \N{MINUS SIGN} 90 d, yearly"


def test_add_event_refuses_a_date_beside_a_fiscal_offset(
    cli: Cli, store: Store, acme: Client
) -> None:
    before = _files(store)
    result = cli(
        "--data", str(store.folder), "add", "event", "Budget submission", "-c", "Acme",
        "--kind", "budget", "--date", "2027-04-02", "--fiscal-offset", "-90",
    )  # fmt: skip
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"ctotui: --date: leave it out with --fiscal-offset: the event falls on {FY_RULE} "
        "(next 2027-04-02)\n"
    )
    assert _files(store) == before


def _files(store: Store) -> dict[str, bytes]:
    """The data files (the lock file holds the last writer's pid, not data)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(store.folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


def test_a_fiscal_event_is_shown_the_same_everywhere(cli: Cli, store: Store, acme: Client) -> None:
    data = ("--data", str(store.folder))
    added = cli(
        *data, "add", "event", "Budget submission", "-c", "Acme", "--kind", "budget",
        "--fiscal-offset", "-90", "--json",
    )  # fmt: skip
    assert (added.code, added.err) == (0, "")
    stored = json.loads(added.out)
    # Acme's fiscal year starts in July: 90 days before is 2 April, the next one in 2027.
    assert (stored["date"], stored["fiscal_offset_days"]) == ("2027-04-02", -90)
    listed = cli(*data, "list", "events").out.splitlines()
    assert listed[0].split() == ["ID", "DATE", "TITLE", "CLIENT", "KIND", "REPEATS"]
    assert listed[1].split()[1:] == [
        "2027-04-02", "Budget", "submission", "Acme", "budget", *FY_RULE.split(),
    ]  # fmt: skip
    agenda = json.loads(cli(*data, "agenda", "--days", "800", "--json").out)
    assert [i["date"] for i in agenda["items"]] == ["2027-04-02", "2028-04-02"]
    calendar = icalendar.Calendar.from_ical(cli(*data, "export", "ics", "-").out)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("DTSTART") == date(2027, 4, 2)
    assert dict(vevent["RRULE"]) == {"FREQ": ["YEARLY"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "ctotui: --date: required (or --fiscal-offset DAYS for a yearly date)"),
        (("--fiscal-offset", "400"), "ctotui: --fiscal-offset: must be -366 to 366 days, got 400"),
    ],
)
def test_add_event_needs_a_date_or_a_fiscal_offset(
    cli: Cli, store: Store, acme: Client, args: tuple[str, ...], message: str
) -> None:
    result = cli("--data", str(store.folder), "add", "event", "Budget", "-c", "Acme", *args)
    assert (result.code, result.out, result.err) == (2, "", message + "\n")
