"""The client status report: its sections, its numbers, and nothing of any other client."""

from __future__ import annotations

import re
from decimal import Decimal

import pendulum
import pytest
from markdown_shape import PARSER, headings, tables_by_section
from portfolio_data import Ids

from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import BudgetLine, Client, Event
from ctotui.domain.enums import BudgetCategory, EventKind, RecStatus
from ctotui.reports import ReportError, render_report
from ctotui.services.recommendations import set_status

SECTIONS = [
    "Summary",
    "Recommendations and decisions since 2026-10-28",
    "Implementation progress",
    "Overdue",
    "Upcoming budget, provisioning and renewal dates (next 90 days)",
    "Budget FY 2026/27 (2026-04-01 to 2027-03-31)",
    "Meeting notes",
]
# Everything that belongs to the other clients of the fixture.
OTHER_CLIENTS = ["Borealis", "Heron", "Bob", "777", "Closed Co", "CIO unhappy"]


def report(
    store: Store,
    ids: Ids,
    clock: FixedClock,
    *,
    since: pendulum.Date | None = None,
    fmt: str = "md",
    redact: bool = False,
) -> str:
    return render_report(store, ids.acme, since, fmt, redact, clock)


def test_sections_in_order(store: Store, practice: Ids, clock: FixedClock) -> None:
    text = report(store, practice, clock)
    assert headings(text, 1) == ["Status report: Acme Logistics"]
    assert headings(text, 2) == SECTIONS
    assert headings(text, 3) == ["Contacts"]


def test_summary_facts(store: Store, practice: Ids, clock: FixedClock) -> None:
    text = report(store, practice, clock)
    for fact in (
        "**Health:** amber",
        "**Role:** outsourced CTO",
        "**Engagement:** Acme IT leadership retainer (retainer, active, 2026-01-01)",
        # UC (accepted), ERP (in progress), security lead (proposed), firewall (deferred);
        # the draft is the consultant's own and is not counted.
        "**Open recommendations:** 4",
        "**Being implemented:** 2",
        "**Overdue items:** 2",
    ):
        assert fact in text
    contacts = tables_by_section(text)["Summary"]
    assert contacts.rows == [["Jane Roe", "CFO", "jane@acme.example", "+44 20 1"]]


def test_advice_since_default_period(store: Store, practice: Ids, clock: FixedClock) -> None:
    text = report(store, practice, clock)
    assert "Status changes: 1 proposed, 1 accepted, 1 deferred, 1 in progress." in text
    table = tables_by_section(text)[SECTIONS[1]]
    assert table.headers == ["Date", "Recommendation", "Area", "Priority", "Change", "Note"]
    assert table.column("Date") == ["2026-11-02", "2026-11-05", "2026-11-15", "2026-11-20"]
    assert table.row("2026-11-05")["Change"] == "proposed → deferred"
    assert table.row("2026-11-05")["Note"] == "after the budget round"
    assert table.row("2026-11-15")["Area"] == "UC/telephony"


def test_advice_names_who_made_each_change(store: Store, practice: Ids, clock: FixedClock) -> None:
    store.author = "Ana Lima"
    set_status(store, practice.recs["erp"], RecStatus.ACCEPTED, note="board said yes")
    table = tables_by_section(report(store, practice, clock))[SECTIONS[1]]
    assert table.headers == ["Date", "Recommendation", "Area", "Priority", "Change", "By", "Note"]
    [mine] = [row for row in table.rows if row[-1] == "board said yes"]
    assert mine[-2] == "Ana Lima"
    assert table.row("2026-11-05")["By"] == ""  # recorded before anyone was named
    redacted = tables_by_section(report(store, practice, clock, redact=True))[SECTIONS[1]]
    assert redacted.headers[-1] == "By" and "board said yes" not in str(redacted.rows)


def test_advice_since_a_date(store: Store, practice: Ids, clock: FixedClock) -> None:
    since = pendulum.Date(2026, 10, 1)
    text = report(store, practice, clock, since=since)
    assert "## Recommendations and decisions since 2026-10-01" in text
    assert "Status changes: 3 proposed, 2 accepted, 1 deferred, 1 in progress." in text
    table = tables_by_section(text)["Recommendations and decisions since 2026-10-01"]
    assert table.row("2026-10-20")["Note"] == "Approved by the board"
    # The step of June and the draft are never shown.
    assert "Old backup fix" not in text
    assert "Secret draft idea" not in text


def test_progress_percentages_and_next_milestone(
    store: Store, practice: Ids, clock: FixedClock
) -> None:
    text = report(store, practice, clock)
    assert "2 being implemented, 32% done on average." in text
    table = tables_by_section(text)["Implementation progress"]
    erp = table.row("Replace the Acme ERP")
    # Milestones weigh 1 (done), 2 and 1: a quarter done.
    assert erp["Progress"] == "25%"
    assert erp["Next milestone"] == "Contract signed"
    assert erp["Milestone due"] == "2026-11-20"
    assert erp["Owner"] == "Jane Roe"
    assert table.row("Move telephony to UC")["Progress"] == "40%"  # the manual percentage


def test_overdue_items(store: Store, practice: Ids, clock: FixedClock) -> None:
    table = tables_by_section(report(store, practice, clock))["Overdue"]
    assert table.rows == [
        ["Move telephony to UC", "recommendation", "2026-11-01", "26"],
        ["Contract signed", "milestone of Replace the Acme ERP", "2026-11-20", "7"],
    ]
    # Deferred is waiting by decision, not late.
    assert "Renew firewall contract" not in table.column("Item")


def test_upcoming_dates(store: Store, practice: Ids, clock: FixedClock) -> None:
    table = tables_by_section(report(store, practice, clock))[SECTIONS[4]]
    assert table.rows == [
        ["2026-12-02", "Microsoft 365 licences (contract ends 2027-01-31)", "cancel-by", "€48,000"],
        ["2026-12-15", "FY27 budget submission", "budget", "€250,000"],
        # The renewal itself on its renewal date, not on the first day of its term.
        ["2027-01-31", "Microsoft 365 licences", "renewal", "€48,000"],
    ]


def _missed_renewal(store: Store, ids: Ids, **fields: object) -> Event:
    # Ends 2026-12-31 with 60 days' notice: the cancel-by was 2026-11-01, 26 days ago.
    return store.insert(
        Event(
            client=ids.acme,
            kind=EventKind.RENEWAL,
            title="Backup appliance support",
            date=pendulum.Date(2026, 1, 1),
            end=pendulum.Date(2026, 12, 31),
            notice_days=60,
            **fields,  # type: ignore[arg-type]
        )
    )


def test_a_missed_cancel_by_is_overdue_until_the_renewal(
    store: Store, practice: Ids, clock: FixedClock
) -> None:
    _missed_renewal(store, practice)
    text = report(store, practice, clock)
    assert tables_by_section(text)["Overdue"].rows == [
        [
            "Backup appliance support",
            "missed cancel-by, contract ends 2026-12-31",
            "2026-11-01",
            "26",
        ],
        ["Move telephony to UC", "recommendation", "2026-11-01", "26"],
        ["Contract signed", "milestone of Replace the Acme ERP", "2026-11-20", "7"],
    ]
    assert "**Overdue items:** 3" in text
    clock.advance(days=35)  # 2027-01-01: renewed (or not) — history now, not a warning
    after = tables_by_section(report(store, practice, clock))["Overdue"]
    assert "Backup appliance support" not in after.column("Item")


def test_an_acknowledged_missed_cancel_by_is_no_longer_overdue(
    store: Store, practice: Ids, clock: FixedClock
) -> None:
    _missed_renewal(store, practice, cancel_by_acknowledged=pendulum.Date(2026, 12, 31))
    text = report(store, practice, clock)
    assert "Backup appliance support" not in tables_by_section(text)["Overdue"].column("Item")
    assert "**Overdue items:** 2" in text


def test_upcoming_dates_expand_recurring_events(
    store: Store, practice: Ids, clock: FixedClock
) -> None:
    store.insert(
        Event(
            client=practice.acme,
            kind=EventKind.BUDGET,
            title="Budget planning opens",
            date=pendulum.Date(2023, 12, 20),
            rrule="FREQ=YEARLY",
        )
    )
    table = tables_by_section(report(store, practice, clock))[SECTIONS[4]]
    assert ["2026-12-20", "Budget planning opens", "budget", ""] in table.rows


def test_budget_totals_for_the_current_fiscal_year(
    store: Store, practice: Ids, clock: FixedClock
) -> None:
    table = tables_by_section(report(store, practice, clock))[SECTIONS[5]]
    assert table.headers == ["Category", "Lines", "Planned", "Committed", "Actual"]
    assert table.rows == [
        ["hardware", "1", "€40,000", "€30,000", "€12,500.50"],
        ["licences", "1", "€48,000", "€48,000", "€24,000"],
        ["services", "1", "€120,000", "€0", "€0"],
        ["Total", "3", "€208,000", "€78,000", "€36,500.50"],
    ]


def test_budget_in_two_currencies_is_never_added_up(
    store: Store, practice: Ids, clock: FixedClock
) -> None:
    store.insert(
        BudgetLine(
            client=practice.acme,
            fiscal_year=2026,
            category=BudgetCategory.CLOUD,
            description="AWS",
            planned=Decimal("1000"),
            currency="USD",
        )
    )
    table = tables_by_section(report(store, practice, clock))[SECTIONS[5]]
    assert table.row("Total (EUR)")["Planned"] == "€208,000"
    assert table.row("Total (USD)")["Planned"] == "$1,000"


def test_nothing_of_any_other_client(store: Store, practice: Ids, clock: FixedClock) -> None:
    since = pendulum.Date(2026, 1, 1)
    for fmt in ("md", "html"):
        text = report(store, practice, clock, since=since, fmt=fmt)
        for word in OTHER_CLIENTS:
            assert word not in text, (fmt, word)


def test_redacted_report_hides_name_people_amounts_and_notes(
    store: Store, practice: Ids, clock: FixedClock
) -> None:
    since = pendulum.Date(2026, 1, 1)
    for fmt in ("md", "html"):
        text = report(store, practice, clock, since=since, fmt=fmt, redact=True)
        assert "Status report: Falcon" in text
        assert "•••" in text
        # The name, also as it appears in titles ("Replace the Acme ERP").
        assert not re.search("acme", text, re.IGNORECASE), fmt
        assert "Replace the Falcon ERP" in text
        for secret in (
            "Jane Roe",
            "jane@",
            "+44",
            "€",
            "48,000",
            "208,000",
            "12,500",
            "Approved by the board",
            "after the budget round",
            "QBR: board approved",
            "Prefers email",
            "Contoso",
            *OTHER_CLIENTS,
        ):
            assert secret not in text, (fmt, secret)
    md = report(store, practice, clock, redact=True)
    assert "Meeting notes" not in headings(md, 2)
    assert "Owner" not in tables_by_section(md)["Implementation progress"].headers


def test_markdown_escapes_markup_in_names(store: Store, clock: FixedClock) -> None:
    client = store.insert(Client(name="<script>alert(1)</script> *Bold* | Pipe & Co"))
    text = render_report(store, client.id, None, "md", False, clock)
    assert headings(text, 1) == ["Status report: <script>alert(1)</script> *Bold* | Pipe & Co"]
    rendered = PARSER.render(text)
    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered
    assert "<em>Bold</em>" not in rendered
    assert "*Bold* | Pipe &amp; Co" in rendered


def test_html_is_self_contained_and_escaped(store: Store, clock: FixedClock) -> None:
    client = store.insert(Client(name='<script>alert("x")</script> & "Sons"'))
    page = render_report(store, client.id, None, "html", False, clock)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Sons&quot;" in page
    assert "<style>" in page and "@media print" in page
    for external in ("http://", "https://", "<link", "src=", "@import"):
        assert external not in page


def test_html_tags_are_balanced(store: Store, practice: Ids, clock: FixedClock) -> None:
    from html.parser import HTMLParser

    class Checker(HTMLParser):
        VOID = {"meta", "br", "hr", "img", "link", "input"}

        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag not in self.VOID:
                self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
            self.stack.pop()

    checker = Checker()
    checker.feed(report(store, practice, clock, fmt="html"))
    assert checker.stack == []


def test_html_shows_progress_bars_and_the_same_numbers(
    store: Store, practice: Ids, clock: FixedClock
) -> None:
    page = report(store, practice, clock, fmt="html")
    assert '<span style="width:25%"></span></span>25%' in page
    assert '<tr class="total"><td>Total</td><td class="num">3</td>' in page
    assert "€36,500.50" in page


def test_empty_client_says_so(store: Store, clock: FixedClock) -> None:
    client = store.insert(Client(name="Newco"))
    text = render_report(store, client.id, None, "md", False, clock)
    assert "No recommendation changed status in this period." in text
    assert "Nothing is being implemented." in text
    assert "Nothing is overdue." in text
    assert "No budget lines for this fiscal year." in text


def test_bad_requests(store: Store, practice: Ids, clock: FixedClock) -> None:
    with pytest.raises(ReportError, match="after today"):
        report(store, practice, clock, since=pendulum.Date(2027, 1, 1))
    with pytest.raises(ReportError, match="unknown report format 'pdf'"):
        report(store, practice, clock, fmt="pdf")
