"""The agenda: what it lists for a window and a client, what is overdue, and the alert counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pendulum
import pytest

from ctotui.data.store import Store
from ctotui.domain.agenda import AgendaItem, AgendaKind, AlertSummary, by_day
from ctotui.domain.entities import Client, Event, Milestone, Recommendation
from ctotui.domain.enums import RecStatus
from ctotui.services.calendar import agenda_items, alert_summary, calendar_index, upcoming_items

NewEvent = Callable[..., Event]
TODAY = date(2026, 11, 27)  # the fixed clock's date


def rec(store: Store, client: Client, title: str, due: str, status: str = "proposed") -> str:
    return store.insert(
        Recommendation(
            client=client.id,
            title=title,
            due=pendulum.Date.fromisoformat(due),
            status=RecStatus(status),
        )
    ).id


def milestone(store: Store, rec_id: str, title: str, due: str, done_on: str | None = None) -> None:
    store.insert(
        Milestone(
            recommendation=rec_id,
            title=title,
            due=pendulum.Date.fromisoformat(due),
            done_on=pendulum.Date.fromisoformat(done_on) if done_on else None,
        )
    )


@pytest.fixture
def portfolio(store: Store, acme: Client, globex: Client, new_event: NewEvent) -> Store:
    new_event(acme, "QBR", "2026-03-31", kind="meeting", rrule="quarterly;BYMONTHDAY=-1")
    new_event(acme, "Budget submission", "2026-01-01", kind="budget", fiscal_offset_days=-90)
    new_event(
        globex, "Steering committee", "2026-12-03", kind="meeting", time="09:30", all_day=False
    )
    new_event(globex, "Laptop refresh", "2026-12-07", end="2026-12-11", kind="provisioning")
    firewall = rec(store, acme, "Replace the firewall", "2026-11-20", "in_progress")
    rec(store, acme, "Hire a security lead", "2026-12-15", "accepted")
    rec(store, acme, "Move to UC", "2026-11-01", "deferred")
    rec(store, acme, "ERP selection", "2026-12-01", "implemented")
    rec(store, globex, "CRM clean-up", "2026-12-20", "draft")
    milestone(store, firewall, "Order hardware", "2026-11-25")
    milestone(store, firewall, "Cut-over", "2026-12-12")
    milestone(store, firewall, "Tender", "2026-11-02", done_on="2026-11-02")
    return store


def rows(items: list[AgendaItem]) -> list[str]:
    return [
        f"{i.date.isoformat()} {i.kind.value} {i.title}" + (" OVERDUE" if i.overdue else "")
        for i in items
    ]


def test_the_agenda_of_all_clients(portfolio: Store) -> None:
    items = agenda_items(portfolio, TODAY, date(2026, 12, 31), today=TODAY)
    assert rows(items) == [
        "2026-12-03 meeting Steering committee",
        "2026-12-07 provisioning Laptop refresh",
        "2026-12-12 milestone Cut-over",
        "2026-12-15 recommendation Hire a security lead",
        "2026-12-20 recommendation CRM clean-up",
        "2026-12-31 meeting QBR",
    ]


def test_overdue_items_come_first_when_asked_for(portfolio: Store) -> None:
    items = upcoming_items(portfolio, TODAY, 7)
    # The deferred recommendation is open but waits: not overdue, and before the window.
    assert rows(items) == [
        "2026-11-20 recommendation Replace the firewall OVERDUE",
        "2026-11-25 milestone Order hardware OVERDUE",
        "2026-12-03 meeting Steering committee",
    ]


def test_one_client(portfolio: Store, acme: Client, globex: Client) -> None:
    acme_rows = rows(agenda_items(portfolio, TODAY, date(2027, 4, 30), today=TODAY, client=acme.id))
    assert acme_rows == [
        "2026-12-12 milestone Cut-over",
        "2026-12-15 recommendation Hire a security lead",
        "2026-12-31 meeting QBR",
        "2027-03-31 meeting QBR",
        "2027-04-02 budget Budget submission",
    ]
    both = agenda_items(
        portfolio, TODAY, date(2027, 4, 30), today=TODAY, client={acme.id, globex.id}
    )
    assert len(both) == len(acme_rows) + 3
    assert agenda_items(portfolio, TODAY, date(2027, 4, 30), today=TODAY, client=[]) == []


def test_items_carry_what_the_screens_show(portfolio: Store, globex: Client) -> None:
    items = agenda_items(portfolio, TODAY, date(2026, 12, 31), today=TODAY, client=globex.id)
    steering, laptops, crm = items
    assert steering.time == "09:30"
    assert steering.client == globex.id
    assert steering.source_table == "events"
    assert laptops.end == date(2026, 12, 11)
    assert crm.kind is AgendaKind.RECOMMENDATION and crm.source_table == "recommendations"
    assert len({i.key for i in items}) == 3


def test_a_recurring_occurrence_is_keyed_by_its_series_date(portfolio: Store) -> None:
    items = agenda_items(portfolio, date(2027, 1, 1), date(2027, 12, 31), today=TODAY)
    qbrs = [i for i in items if i.title == "QBR"]
    assert [i.series_date for i in qbrs] == [i.date for i in qbrs]
    assert all(i.recurring for i in qbrs)
    assert len({i.key for i in qbrs}) == 4


def test_a_past_window_shows_what_was_overdue_then(portfolio: Store) -> None:
    items = agenda_items(portfolio, date(2026, 11, 1), date(2026, 11, 30), today=TODAY)
    assert rows(items) == [
        "2026-11-01 recommendation Move to UC",
        "2026-11-20 recommendation Replace the firewall OVERDUE",
        "2026-11-25 milestone Order hardware OVERDUE",
    ]


def test_by_day_groups_a_month(portfolio: Store) -> None:
    days = by_day(agenda_items(portfolio, date(2026, 12, 1), date(2026, 12, 31), today=TODAY))
    assert sorted(d.day for d in days) == [3, 7, 12, 15, 20, 31]
    assert [i.title for i in days[date(2026, 12, 3)]] == ["Steering committee"]


def test_alert_counts(portfolio: Store, acme: Client) -> None:
    # Overdue: the firewall and its hardware order. Next 14 days: steering, laptops.
    assert alert_summary(portfolio, TODAY) == AlertSummary(overdue=2, upcoming=2, window_days=14)
    assert alert_summary(portfolio, TODAY, 30) == AlertSummary(2, 5, 30)
    assert alert_summary(portfolio, TODAY, 14, client=acme.id) == AlertSummary(2, 0, 14)


def test_the_index_is_rebuilt_only_after_a_change(portfolio: Store, acme: Client) -> None:
    first = calendar_index(portfolio)
    assert calendar_index(portfolio) is first
    rec(portfolio, acme, "Renew the WAN contract", "2026-11-30")
    second = calendar_index(portfolio)
    assert second is not first
    assert "2026-11-30 recommendation Renew the WAN contract" in rows(
        agenda_items(portfolio, TODAY, date(2026, 11, 30), today=TODAY)
    )
