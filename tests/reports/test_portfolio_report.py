"""`report --all`: one page across clients for the weekly review."""

from __future__ import annotations

import pendulum
from markdown_shape import headings, tables_by_section
from portfolio_data import Ids

from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Event
from ctotui.domain.enums import EventKind
from ctotui.reports import render_portfolio


def test_one_row_per_open_client_reddest_first(
    store: Store, practice: Ids, clock: FixedClock
) -> None:
    text = render_portfolio(store, "md", False, clock)
    assert headings(text, 1) == ["Portfolio summary"]
    assert headings(text, 2) == ["Clients", "Coming up (next 14 days)"]
    table = tables_by_section(text)["Clients"]
    assert table.headers == [
        "Client", "Status", "Health", "Role", "Open", "Overdue", "Active", "Progress", "Next date"
    ]  # fmt: skip
    assert table.column("Client") == ["Borealis Bank", "Acme Logistics", "Total (2)"]
    assert "Closed Co" not in text


def test_counts_progress_and_next_dates(store: Store, practice: Ids, clock: FixedClock) -> None:
    table = tables_by_section(render_portfolio(store, "md", False, clock))["Clients"]
    acme = table.row("Acme Logistics")
    # As on the dashboard: the overdue draft counts for the consultant's own review.
    assert (acme["Open"], acme["Overdue"], acme["Active"]) == ("5", "2", "2")
    assert acme["Progress"] == "32%"
    assert acme["Next date"] == "2026-12-02 cancel-by: Microsoft 365 licences"
    borealis = table.row("Borealis Bank")
    assert (borealis["Health"], borealis["Open"], borealis["Overdue"]) == ("red", "1", "1")
    # Overdue dates are counted, not offered as "next".
    assert borealis["Next date"] == "2026-12-10 renewal: Borealis mainframe lease"
    total = table.row("Total (2)")
    assert (total["Open"], total["Overdue"], total["Active"]) == ("6", "3", "3")


def test_coming_up_lists_the_next_two_weeks_across_clients(
    store: Store, practice: Ids, clock: FixedClock
) -> None:
    table = tables_by_section(render_portfolio(store, "md", False, clock))[
        "Coming up (next 14 days)"
    ]
    assert table.rows == [
        ["2026-12-02", "Acme Logistics", "Microsoft 365 licences (contract ends 2027-01-31)",
         "cancel-by"],
        ["2026-12-03", "Acme Logistics", "QBR", "meeting"],
        ["2026-12-10", "Borealis Bank", "Borealis mainframe lease", "renewal"],
    ]  # fmt: skip


def test_redacted_portfolio_shows_codenames_only(
    store: Store, practice: Ids, clock: FixedClock
) -> None:
    for fmt in ("md", "html"):
        text = render_portfolio(store, fmt, True, clock)
        for secret in ("Acme", "Borealis", "Logistics", "Bank"):
            assert secret not in text, (fmt, secret)
        assert "Falcon" in text and "Heron" in text
    table = tables_by_section(render_portfolio(store, "md", True, clock))["Clients"]
    assert table.column("Client") == ["Heron", "Falcon", "Total (2)"]


def test_html_portfolio(store: Store, practice: Ids, clock: FixedClock) -> None:
    page = render_portfolio(store, "html", False, clock)
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Portfolio summary</title>" in page
    assert '<tr class="total">' in page


def test_missed_cancel_by_dates_are_counted_and_listed_first(
    store: Store, practice: Ids, clock: FixedClock
) -> None:
    store.insert(
        Event(
            client=practice.acme,
            kind=EventKind.RENEWAL,
            title="Backup appliance support",
            date=pendulum.Date(2026, 1, 1),
            end=pendulum.Date(2026, 12, 31),
            notice_days=60,
        )
    )
    text = render_portfolio(store, "md", False, clock)
    assert headings(text, 2) == ["Clients", "Missed cancel-by dates", "Coming up (next 14 days)"]
    tables = tables_by_section(text)
    assert tables["Clients"].row("Acme Logistics")["Overdue"] == "3"
    assert tables["Missed cancel-by dates"].rows == [
        ["2026-11-01", "Acme Logistics", "Backup appliance support", "2026-12-31", "26"]
    ]
