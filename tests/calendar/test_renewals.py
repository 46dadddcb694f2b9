"""Renewals: the cancel-by date (last day minus the notice period), raised ahead of time and
overdue once missed; the renewal itself on its renewal date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pendulum

from ctotui.data.store import Store
from ctotui.domain.agenda import AgendaKind
from ctotui.domain.entities import Client, Event
from ctotui.services.calendar import agenda_items, alert_summary, upcoming_items
from ctotui.services.occurrences import move_occurrence, skip_occurrence
from ctotui.views.agenda_rows import agenda_rows, overdue_total
from ctotui.views.dashboard import Viewpoint

NewEvent = Callable[..., Event]
TODAY = date(2026, 11, 27)


def listed(store: Store, low: date, high: date) -> list[tuple[str, str, str]]:
    return [
        (i.date.isoformat(), i.kind.value, i.title)
        for i in agenda_items(store, low, high, today=TODAY)
    ]


def test_a_contract_with_a_notice_period_has_a_cancel_by_date(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    # 2027-03-31 minus 90 days: 31 March is day 90 of 2027, so day 0 is 31 December 2026.
    new_event(
        acme,
        "M365 licences",
        "2026-04-01",
        end="2027-03-31",
        kind="renewal",
        notice_days=90,
        auto_renew=True,
    )
    items = agenda_items(store, date(2026, 12, 1), date(2027, 1, 31), today=TODAY)
    assert len(items) == 1
    item = items[0]
    assert (item.date, item.kind, item.title) == (
        date(2026, 12, 31),
        AgendaKind.CANCEL_BY,
        "M365 licences",
    )
    assert item.end == date(2027, 3, 31)
    assert item.auto_renew is True
    assert item.overdue is False


def test_the_cancel_by_date_comes_up_long_before_the_contract_ends(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    new_event(acme, "Firewall support", "2024-01-01", end="2027-01-31", notice_days=60)
    # Only the cancel-by is within two weeks: the contract itself ends two months out.
    assert [(i.date.isoformat(), i.kind.value) for i in upcoming_items(store, TODAY, 14)] == [
        ("2026-12-02", "cancel_by")
    ]


def test_a_renewal_without_an_end_counts_back_from_its_date(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    new_event(acme, "Domain names", "2027-02-15", kind="renewal", notice_days=30)
    assert listed(store, date(2027, 1, 1), date(2027, 2, 28)) == [
        ("2027-01-16", "cancel_by", "Domain names"),
        ("2027-02-15", "renewal", "Domain names"),
    ]


def test_a_yearly_renewal_has_a_cancel_by_every_year(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    new_event(
        acme,
        "Backup service",
        "2026-03-01",
        end="2027-02-28",
        kind="renewal",
        notice_days=30,
        rrule="yearly",
    )
    # Each term keeps its length in days (364, as DTEND - DTSTART does in RFC 5545), so the
    # term starting 2027-03-01 ends 2028-02-28; cancel-by is the last day minus 30.
    cancel_by = [
        i
        for i in agenda_items(store, date(2026, 1, 1), date(2029, 12, 31), today=TODAY)
        if i.kind is AgendaKind.CANCEL_BY
    ]
    assert [(i.date.isoformat(), i.end.isoformat() if i.end else "") for i in cancel_by] == [
        ("2027-01-29", "2027-02-28"),
        ("2028-01-29", "2028-02-28"),
        ("2029-01-29", "2029-02-28"),
    ]


def test_skipping_or_moving_a_renewal_takes_its_cancel_by_along(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    event = new_event(acme, "Support", "2026-06-30", kind="renewal", notice_days=30, rrule="yearly")
    skip_occurrence(store, event, date(2027, 6, 30))
    move_occurrence(store, event, date(2028, 6, 30), date(2028, 7, 15))
    cancel_by = [
        i.date.isoformat()
        for i in agenda_items(store, date(2027, 1, 1), date(2028, 12, 31), today=TODAY)
        if i.kind is AgendaKind.CANCEL_BY
    ]
    assert cancel_by == ["2028-06-15"]


def test_a_meeting_with_a_notice_period_has_no_cancel_by(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    new_event(acme, "Board meeting", "2026-12-10", kind="meeting", notice_days=7)
    assert listed(store, date(2026, 12, 1), date(2026, 12, 31)) == [
        ("2026-12-10", "meeting", "Board meeting")
    ]


# --- a renewal is dated on its renewal day ------------------------------------------------------


def test_a_renewal_is_listed_on_its_renewal_date_not_its_first_day(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    new_event(acme, "MSP support", "2024-09-01", end="2027-08-31", kind="renewal", notice_days=60)
    assert listed(store, date(2024, 1, 1), date(2027, 12, 31)) == [
        ("2027-07-02", "cancel_by", "MSP support"),
        ("2027-08-31", "renewal", "MSP support"),
    ]
    (renewal,) = [i for i in agenda_items(store, date(2027, 8, 31), date(2027, 8, 31), today=TODAY)]
    assert renewal.end is None  # one date, not a three-year span
    assert renewal.series_date == date(2024, 9, 1)  # still keyed by its place in the series


def test_a_recurring_renewal_is_listed_on_each_terms_last_day(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    new_event(acme, "Backup", "2026-03-01", end="2027-02-28", kind="renewal", rrule="yearly")
    assert listed(store, date(2026, 1, 1), date(2029, 6, 30)) == [
        ("2027-02-28", "renewal", "Backup"),
        ("2028-02-28", "renewal", "Backup"),
        ("2029-02-28", "renewal", "Backup"),
    ]


def test_a_window_with_an_end_that_is_not_a_renewal_keeps_its_span(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    new_event(acme, "Laptop refresh", "2026-12-07", end="2026-12-11", kind="provisioning")
    (item,) = agenda_items(store, date(2026, 12, 1), date(2026, 12, 31), today=TODAY)
    assert (item.date, item.end) == (date(2026, 12, 7), date(2026, 12, 11))


# --- a missed cancel-by is overdue until the renewal date or until acknowledged -----------------


def overdue(store: Store, today: date = TODAY) -> list[tuple[str, str, str]]:
    return [
        (i.date.isoformat(), i.kind.value, i.title)
        for i in upcoming_items(store, today, 14)
        if i.overdue
    ]


def test_a_missed_cancel_by_is_overdue_until_the_renewal_date(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    # Ends 2027-01-31 with 120 days' notice: the cancel-by was 2026-10-03, 55 days ago.
    new_event(
        acme, "Firewall support", "2024-02-01", end="2027-01-31", notice_days=120, kind="renewal"
    )
    assert overdue(store) == [("2026-10-03", "cancel_by", "Firewall support")]
    assert alert_summary(store, TODAY).overdue == 1
    assert overdue(store, date(2027, 1, 31)) == [("2026-10-03", "cancel_by", "Firewall support")]
    assert overdue(store, date(2027, 2, 1)) == []  # renewed (or ended): history now
    assert alert_summary(store, date(2027, 2, 1)).overdue == 0
    assert overdue(store, date(2026, 10, 3)) == []  # the cancel-by day itself is not late yet


def test_a_missed_cancel_by_in_a_window_is_flagged_overdue(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    new_event(acme, "Domain names", "2026-12-15", kind="renewal", notice_days=30)
    (item,) = [
        i
        for i in agenda_items(store, date(2026, 11, 1), date(2026, 11, 30), today=TODAY)
        if i.kind is AgendaKind.CANCEL_BY
    ]
    assert (item.date, item.overdue, item.end) == (date(2026, 11, 15), True, date(2026, 12, 15))


def test_an_acknowledged_cancel_by_is_not_overdue_and_the_next_term_is_raised_again(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    event = new_event(acme, "Support", "2026-12-20", kind="renewal", notice_days=60, rrule="yearly")
    assert overdue(store) == [("2026-10-21", "cancel_by", "Support")]
    store.update(Event, event.id, cancel_by_acknowledged=pendulum.Date(2026, 12, 20))
    assert overdue(store) == []
    assert alert_summary(store, TODAY).overdue == 0
    # The next term's cancel-by (2027-10-21) is missed again if nobody acts.
    assert overdue(store, date(2027, 11, 1)) == [("2027-10-21", "cancel_by", "Support")]


def test_a_skipped_term_has_no_missed_cancel_by(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    event = new_event(acme, "Support", "2026-12-20", kind="renewal", notice_days=60, rrule="yearly")
    skip_occurrence(store, event, date(2026, 12, 20))
    assert overdue(store) == []


def test_the_dashboard_lists_a_missed_cancel_by_however_old(
    store: Store, acme: Client, new_event: NewEvent
) -> None:
    # 180 days' notice: missed on 2026-06-03, further back than the pane's 90-day look-back.
    new_event(acme, "ERP support", "2024-10-01", end="2026-11-30", kind="renewal", notice_days=180)
    view = Viewpoint(today=TODAY)
    rows = agenda_rows(store, view, {acme.id})
    assert [(r.date.isoformat(), r.kind.value, r.overdue) for r in rows] == [
        ("2026-06-03", "cancel_by", True),
        ("2026-11-30", "renewal", False),
    ]
    assert overdue_total(store, view, {acme.id}) == 1
