"""Renewals: the cancel-by date (last day minus the notice period), raised ahead of time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ctotui.data.store import Store
from ctotui.domain.agenda import AgendaKind
from ctotui.domain.entities import Client, Event
from ctotui.services.calendar import agenda_items, upcoming_items
from ctotui.services.occurrences import move_occurrence, skip_occurrence

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
