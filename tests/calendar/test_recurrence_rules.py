"""Recurrence rules: parsing, validation and dates checked by hand against a calendar."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest

from ctotui.data.store import Store
from ctotui.domain.entities import Client, Event
from ctotui.domain.recurrence import (
    Rule,
    RuleError,
    describe_rule,
    parse_rule,
    rule_dates,
    rule_text,
)
from ctotui.domain.schema import from_record
from ctotui.errors import ValidationError


def dates(start: date, rule: str, low: date, high: date) -> list[str]:
    return [d.isoformat() for d in rule_dates(start, parse_rule(rule), low, high)]


# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("yearly", "FREQ=YEARLY"),
        ("Annually", "FREQ=YEARLY"),
        ("monthly", "FREQ=MONTHLY"),
        ("quarterly", "FREQ=MONTHLY;INTERVAL=3"),
        ("quarterly;COUNT=8", "FREQ=MONTHLY;INTERVAL=3;COUNT=8"),
        ("RRULE:FREQ=MONTHLY;INTERVAL=6", "FREQ=MONTHLY;INTERVAL=6"),
        ("freq=yearly;bymonth=7,1;bymonthday=-1", "FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=-1"),
        ("FREQ=MONTHLY;UNTIL=20271231", "FREQ=MONTHLY;UNTIL=20271231"),
        ("FREQ=MONTHLY;UNTIL=20271231T235959Z", "FREQ=MONTHLY;UNTIL=20271231"),
        ("FREQ=YEARLY;INTERVAL=1", "FREQ=YEARLY"),
    ],
)
def test_rules_parse_to_their_canonical_text(text: str, canonical: str) -> None:
    rule = parse_rule(text)
    assert rule is not None
    assert rule_text(rule) == canonical
    assert parse_rule(rule_text(rule)) == rule


def test_quarterly_is_monthly_every_three_months() -> None:
    assert parse_rule("quarterly") == Rule("MONTHLY", interval=3)


def test_an_empty_rule_is_no_rule() -> None:
    assert parse_rule("") is None
    assert parse_rule("   ") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("FREQ=WEEKLY", "FREQ=WEEKLY is not supported (use YEARLY, MONTHLY or 'quarterly')"),
        ("FREQ=MONTHLY;BYDAY=MO", "BYDAY is not supported"),
        ("INTERVAL=2", "FREQ is required"),
        ("FREQ=MONTHLY;INTERVAL=0", "INTERVAL must be a whole number from 1 to 1200, got 0"),
        ("FREQ=MONTHLY;COUNT=2;UNTIL=20270101", "give COUNT or UNTIL, not both"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY values must be 1 to 31"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY values must be 1 to 31"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH values must be 1 to 12, got '13'"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "BYMONTHDAY=30 never falls in BYMONTH=2"),
        ("FREQ=MONTHLY;UNTIL=20270230", "UNTIL must be a date like 20271231"),
        ("FREQ=MONTHLY;FREQ=YEARLY", "FREQ is given twice"),
        ("FREQ", "'FREQ' is not understood"),
    ],
)
def test_bad_rules_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(RuleError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        parse_rule(text)


def test_an_event_with_a_bad_rule_is_refused_naming_the_record_and_field(store: Store) -> None:
    client = store.insert(Client(name="Acme"))
    with pytest.raises(ValidationError) as caught:
        store.insert(
            Event(client=client.id, title="QBR", date=pendulum.Date(2026, 1, 15), rrule="daily")
        )
    assert caught.value.field == "rrule"
    assert "field 'rrule': 'daily' is not understood (say yearly, monthly" in str(caught.value)


def test_a_stored_event_with_a_bad_rule_names_its_file_record(store: Store) -> None:
    client = store.insert(Client(name="Acme"))
    stored = {"client": client.id, "title": "QBR", "date": "2026-01-15", "rrule": "FREQ=DAILY"}
    with pytest.raises(ValidationError) as caught:
        from_record(Event, "01JBQ5ZP7X0000000000000000", stored)
    assert str(caught.value) == (
        "events/01JBQ5ZP7X0000000000000000: field 'rrule': "
        "FREQ=DAILY is not supported (use YEARLY, MONTHLY or 'quarterly')"
    )


def test_an_until_before_the_event_date_is_refused(store: Store) -> None:
    client = store.insert(Client(name="Acme"))
    with pytest.raises(ValidationError, match="UNTIL 2025-12-31 is before the event's date"):
        store.insert(
            Event(
                client=client.id,
                title="QBR",
                date=pendulum.Date(2026, 1, 15),
                rrule="FREQ=MONTHLY;UNTIL=20251231",
            )
        )


# --- dates -------------------------------------------------------------------------------------


def test_monthly_on_the_31st_skips_months_without_one() -> None:
    # RFC 5545: a day a month does not have is skipped, never moved to the 30th.
    assert dates(date(2026, 1, 31), "monthly", date(2026, 1, 1), date(2026, 12, 31)) == [
        "2026-01-31",
        "2026-03-31",
        "2026-05-31",
        "2026-07-31",
        "2026-08-31",
        "2026-10-31",
        "2026-12-31",
    ]


def test_the_last_day_of_every_month_is_bymonthday_minus_one() -> None:
    found = dates(
        date(2027, 1, 31), "FREQ=MONTHLY;BYMONTHDAY=-1", date(2027, 1, 1), date(2028, 4, 30)
    )
    assert found[:4] == ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]
    assert found[12:] == ["2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30"]


def test_quarter_ends_every_three_months() -> None:
    assert dates(
        date(2026, 3, 31), "quarterly;BYMONTHDAY=-1", date(2026, 1, 1), date(2027, 3, 31)
    ) == ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31", "2027-03-31"]


def test_yearly_on_february_29_happens_in_leap_years_only() -> None:
    assert dates(date(2024, 2, 29), "yearly", date(2024, 1, 1), date(2033, 12, 31)) == [
        "2024-02-29",
        "2028-02-29",
        "2032-02-29",
    ]
    # 2100 is not a leap year (divisible by 100, not by 400); 2000 was.
    assert dates(date(2096, 2, 29), "yearly", date(2096, 1, 1), date(2105, 1, 1)) == [
        "2096-02-29",
        "2104-02-29",
    ]
    assert dates(date(1996, 2, 29), "yearly", date(1999, 1, 1), date(2001, 12, 31)) == [
        "2000-02-29"
    ]


def test_every_two_years_keeps_the_start_years_parity() -> None:
    assert dates(
        date(2025, 6, 30), "FREQ=YEARLY;INTERVAL=2", date(2030, 1, 1), date(2034, 12, 31)
    ) == ["2031-06-30", "2033-06-30"]


def test_yearly_in_two_months_takes_the_day_from_the_start() -> None:
    assert dates(
        date(2026, 1, 15), "FREQ=YEARLY;BYMONTH=1,7", date(2026, 1, 1), date(2027, 12, 31)
    ) == ["2026-01-15", "2026-07-15", "2027-01-15", "2027-07-15"]


def test_yearly_with_a_month_day_only_means_that_day_every_month() -> None:
    assert dates(
        date(2026, 1, 10), "FREQ=YEARLY;BYMONTHDAY=10", date(2026, 1, 1), date(2026, 4, 30)
    ) == ["2026-01-10", "2026-02-10", "2026-03-10", "2026-04-10"]


def test_monthly_limited_to_some_months() -> None:
    assert dates(
        date(2026, 1, 5), "FREQ=MONTHLY;BYMONTH=3,6,9,12", date(2026, 1, 1), date(2026, 12, 31)
    ) == ["2026-01-05", "2026-03-05", "2026-06-05", "2026-09-05", "2026-12-05"]


def test_count_counts_from_the_start_even_in_a_later_window() -> None:
    rule = "quarterly;COUNT=4"
    start = date(2026, 1, 15)
    assert dates(start, rule, date(2000, 1, 1), date(2099, 1, 1)) == [
        "2026-01-15",
        "2026-04-15",
        "2026-07-15",
        "2026-10-15",
    ]
    assert dates(start, rule, date(2026, 6, 1), date(2030, 1, 1)) == ["2026-07-15", "2026-10-15"]
    assert dates(start, rule, date(2026, 11, 1), date(2030, 1, 1)) == []


def test_count_with_skipped_months_counts_real_occurrences() -> None:
    # The 31st: February and April have none, so four occurrences reach into May.
    assert dates(date(2026, 1, 31), "monthly;COUNT=4", date(2026, 1, 1), date(2027, 1, 1)) == [
        "2026-01-31",
        "2026-03-31",
        "2026-05-31",
        "2026-07-31",
    ]


def test_the_start_is_the_first_occurrence_even_off_the_rule() -> None:
    # RFC 5545: DTSTART always counts as the first occurrence.
    assert dates(
        date(2026, 1, 15), "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", date(2026, 1, 1), date(2027, 1, 1)
    ) == ["2026-01-15", "2026-01-31", "2026-02-28"]


def test_until_is_inclusive() -> None:
    assert dates(
        date(2026, 1, 15), "FREQ=MONTHLY;UNTIL=20260415", date(2026, 1, 1), date(2027, 1, 1)
    ) == ["2026-01-15", "2026-02-15", "2026-03-15", "2026-04-15"]


def test_a_window_decades_after_the_start_jumps_straight_there() -> None:
    assert dates(date(1990, 1, 31), "monthly", date(2026, 2, 1), date(2026, 5, 31)) == [
        "2026-03-31",
        "2026-05-31",
    ]
    assert dates(
        date(1990, 4, 1), "FREQ=MONTHLY;INTERVAL=5", date(2026, 1, 1), date(2026, 12, 31)
    ) == ["2026-02-01", "2026-07-01", "2026-12-01"]  # 1990-04 + 430 months = 2026-02


def test_nothing_before_the_start() -> None:
    assert dates(date(2026, 6, 1), "monthly", date(2026, 1, 1), date(2026, 5, 31)) == []
    assert dates(date(2026, 6, 1), "", date(2026, 1, 1), date(2026, 12, 31)) == ["2026-06-01"]


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("", "once"),
        ("quarterly;BYMONTHDAY=-1", "quarterly on last day"),
        ("FREQ=YEARLY;INTERVAL=2;BYMONTH=7;COUNT=3", "every 2 years in Jul, 3 times"),
        ("FREQ=MONTHLY;UNTIL=20301231", "monthly until 2030-12-31"),
    ],
)
def test_rules_read_as_words(text: str, reading: str) -> None:
    assert describe_rule(parse_rule(text)) == reading
