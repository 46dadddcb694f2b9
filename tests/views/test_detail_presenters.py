"""The detail screens' presenters: what a recommendation's and a client's screen show, decided
without Textual — read from a real store (the UI tests' practice) and checked row by row."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tui.practice import ACME, COBALT, ERP, UC, WEB, build_practice, d

from ctotui.data.store import Store
from ctotui.domain.entities import Note, Recommendation
from ctotui.services import deleting
from ctotui.views.bars import progress_bar
from ctotui.views.client_detail import BudgetRow, client_detail
from ctotui.views.dashboard import Viewpoint
from ctotui.views.rec_detail import rec_detail


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    built = build_practice(tmp_path / "practice")
    yield built
    built.close()


def view(store: Store, *, presentation: bool = False) -> Viewpoint:
    return Viewpoint(today=store.clock.today(), presentation=presentation)


def test_the_bar_fills_by_the_percentage_and_says_it_in_digits() -> None:
    assert progress_bar(25, 8) == "██░░░░░░ 25%"
    assert progress_bar(5, 10, digits=3) == "░░░░░░░░░░   5%"
    assert progress_bar(100, 4, ascii_only=True) == "#### 100%"
    # A budget overrun: the bar stays full, the number tells by how much.
    assert progress_bar(112, 5, digits=3) == "█████ 112%"
    assert progress_bar(0, 3, ascii_only=True) == "--- 0%"


def test_a_recommendation_in_progress(store: Store) -> None:
    shown = rec_detail(store, UC, view(store))
    assert shown is not None
    assert shown.summary == [
        ("Client", "Acme Manufacturing"),
        ("Status", "in progress"),
        ("Area", "UC/telephony"),
        ("Priority", "medium · impact medium · effort medium"),
        ("Owner", "Sam Ortiz"),
        ("Dates", "proposed 2026-10-07 · decided 2026-10-10 · due 2027-02-15"),
        ("Estimated cost", "€42,000 one-time"),
    ]
    # Weights 1, 2 and 1; the first is done: a quarter, on a bar of 30 cells.
    assert shown.progress_bar == "█" * 7 + "░" * 23 + " 25%"
    assert shown.progress_source == "1 of 3 milestones done (25 % by weight)"
    assert [m.title for m in shown.milestones] == [
        "Pick the UC vendor",
        "Pilot with the sales team",
        "Port the numbers",
    ]
    assert shown.history == [
        ("2026-10-07 09:00", "draft → proposed", "", ""),
        ("2026-10-10 09:00", "proposed → accepted", "", ""),
        ("2026-10-13 09:00", "accepted → in progress", "", ""),
    ]
    assert shown.links == [("", "nothing linked", "")]


def test_manual_progress_and_linked_budget_lines(store: Store) -> None:
    store.update(Recommendation, ERP, progress=40)
    shown = rec_detail(store, ERP, view(store), ascii_only=True)
    assert shown is not None
    assert shown.progress_bar == "#" * 12 + "-" * 18 + " 40%"
    assert shown.progress_source == "manual"
    assert shown.links == [("FY 2026", "services: ERP selection study", "EUR 15,000")]
    assert ("Estimated cost", "EUR 180,000 one-time") in shown.summary


def test_presentation_mode_hides_the_owner_and_the_amounts(store: Store) -> None:
    shown = rec_detail(store, UC, view(store, presentation=True))
    assert shown is not None
    labels = dict(shown.summary)
    assert labels["Client"] == "Falcon"
    assert labels["Owner"] == "•••"
    assert labels["Estimated cost"] == "••• one-time"


def test_a_new_recommendation_has_no_history_yet(store: Store) -> None:
    new = store.insert(Recommendation(client=COBALT, title="Write it down", due=d("2027-01-05")))
    shown = rec_detail(store, new.id, view(store))
    assert shown is not None
    assert shown.history == [("", "no changes yet", "", "")]
    assert shown.progress_source == "no milestones"
    assert dict(shown.summary)["Dates"] == "due 2027-01-05"


def test_a_deleted_record_shows_nothing(store: Store) -> None:
    deleting.delete(store, Recommendation, WEB, cascade=True)
    assert rec_detail(store, WEB, view(store)) is None
    assert client_detail(store, "0" * 26, view(store)) is None


def test_a_client_with_its_budget_dates_and_people(store: Store) -> None:
    shown = client_detail(store, ACME, view(store))
    assert shown is not None
    assert shown.summary == [
        ("Client", "Acme Manufacturing"),
        ("Status", "active · health amber"),
        ("Role", "outsourced CTO"),
        ("Organisation", "manufacturing · 420 staff"),
        ("Fiscal year", "starts in January"),
        ("Fees", "€6,500/month retainer"),
        ("NDA", "standard 2025-03-01 → 2028-03-01"),
    ]
    # Open ones first, then by priority: critical, high, medium.
    assert [r.title for r in shown.recs] == [
        "Hire a security lead",
        "Replace the ERP",
        "Move telephony to unified communications",
    ]
    assert shown.upcoming[:3] == [
        ("2026-12-01", "recommendation", "Replace the ERP"),
        ("2026-12-06", "meeting", "Steering committee"),
        ("2026-12-10", "budget", "Budget submission FY2027"),
    ]
    assert shown.budget_title == "Budget FY 2026"
    assert shown.budget[0] == BudgetRow(
        "hardware (over)", "€40,000", "€38,000", "€44,500", over=True
    )
    assert shown.budget[-1] == BudgetRow("Total", "€109,000", "€74,000", "€75,500", total=True)
    assert not any(row.over for row in shown.budget[1:])
    assert shown.people == [("Dana Reyes", "CEO", "dana@acme.example.com", "")]
    assert shown.notes == [("", "no notes")]


def test_a_client_without_budget_lines_notes_newest_first(store: Store) -> None:
    store.insert(Note(client=COBALT, date=d("2026-11-02"), text="first call"))
    store.insert(Note(client=COBALT, date=d("2026-11-20"), text="second call"))
    shown = client_detail(store, COBALT, view(store))
    assert shown is not None
    assert shown.budget == [BudgetRow("no budget lines for this fiscal year")]
    assert shown.notes == [("2026-11-20", "second call"), ("2026-11-02", "first call")]
    assert shown.people == [("no contacts", "", "", "")]


def test_presentation_mode_leaves_out_people_notes_amounts_and_overruns(store: Store) -> None:
    shown = client_detail(store, ACME, view(store, presentation=True))
    assert shown is not None
    assert shown.name == "Falcon"
    assert dict(shown.summary)["Fees"] == "•••/month retainer"
    assert shown.people == [("hidden in presentation mode", "", "", "")]
    assert shown.notes == [("", "hidden in presentation mode")]
    # "over" is a fact about amounts: masked with them.
    assert shown.budget[0].label == "hardware"
    assert not any(row.over for row in shown.budget)
    assert {row.planned for row in shown.budget} == {"•••"}
