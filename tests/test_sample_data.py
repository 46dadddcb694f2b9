"""The bundled sample practice: valid, complete enough to show every feature, and exactly what
`sample_data/build.py` produces (so the committed files never drift from the script)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from ctotui.data.check import check_folder
from ctotui.data.store import Store
from ctotui.domain.entities import (
    BudgetLine,
    Client,
    Event,
    EventException,
    Milestone,
    Recommendation,
)
from ctotui.domain.enums import ClientStatus, RecStatus, Role
from ctotui.domain.fiscal import fiscal_year_of
from ctotui.domain.progress import is_overdue, is_stale
from ctotui.domain.status import OPEN, TRANSITIONS

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_data"
TODAY = pendulum.Date(2026, 11, 27)
NOW_STAMP = "2026-11-27T09:00:00.000000Z"
STALE_DAYS = 21
SEED_ROLES = {
    Role.OUTSOURCED_CTO,
    Role.LATERAL_SUPPORT,
    Role.ACTING_DIRECTOR,
    Role.DISPUTE_RESOLUTION,
    Role.MA_ADVISOR,
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The sample opened from a private copy (opening a store may tidy its folder)."""
    folder = tmp_path_factory.mktemp("sample") / "data"
    folder.mkdir(mode=0o700)
    for path in SAMPLE.glob("*.json"):
        shutil.copyfile(path, folder / path.name)
    with Store(folder) as store:
        yield store


def _milestones(store: Store, rec: Recommendation) -> list[Milestone]:
    return store.where(Milestone, "recommendation", rec.id)


def test_sample_passes_check() -> None:
    report = check_folder(SAMPLE)
    assert report.problems == []
    assert report.counts["clients"] == 7
    assert 30 <= report.counts["recommendations"] <= 45


def test_every_recommendation_status_is_present(sample: Store) -> None:
    statuses = {rec.status for rec in sample.all(Recommendation)}
    assert statuses == set(RecStatus)


def test_the_roles_of_the_seed_and_a_prospect_and_a_paused_client(sample: Store) -> None:
    clients = sample.all(Client)
    assert {c.role for c in clients if c.status == ClientStatus.ACTIVE} >= SEED_ROLES
    assert {ClientStatus.PROSPECT, ClientStatus.PAUSED} <= {c.status for c in clients}
    assert {c.fiscal_year_start for c in clients} >= {1, 4, 7, 10}
    for client in clients:
        assert client.codename and client.codename != client.name
        assert client.nda is not None and client.nda.signed_on is not None
        assert client.contacts, client.name
        for contact in client.contacts:
            assert contact.email.endswith(".example.com") or contact.email.endswith("@example.com")
            assert "555" in contact.phone


def test_every_active_client_has_current_fiscal_year_budget_lines(sample: Store) -> None:
    lines = sample.all(BudgetLine)
    over_budget = []
    for client in sample.all(Client):
        if client.status != ClientStatus.ACTIVE:
            continue
        fy = fiscal_year_of(TODAY, client.fiscal_year_start)
        current = [b for b in lines if b.client == client.id and b.fiscal_year == fy]
        assert len(current) >= 5, client.name
        assert {b.spend for b in current} == {"capex", "opex"}, client.name
        over_budget += [b for b in current if (b.actual or 0) > (b.planned or 0)]
    assert over_budget, "at least one budget line over plan"


def test_status_histories_walk_the_status_machine_in_the_past(sample: Store) -> None:
    for rec in sample.all(Recommendation):
        previous, when = RecStatus.DRAFT, rec.created_at
        for step in rec.history:
            assert step.from_ == previous, rec.title
            assert RecStatus(step.to) in TRANSITIONS[previous], rec.title
            assert when < step.on < NOW_STAMP, rec.title
            assert step.note, rec.title
            previous, when = RecStatus(step.to), step.on
        assert previous == rec.status, rec.title
        assert rec.estimated_cost is None or rec.estimated_cost.currency


def test_every_record_was_written_in_the_past(sample: Store) -> None:
    for cls in (Client, Recommendation, Milestone, Event, BudgetLine, EventException):
        for rec in sample.all(cls):
            assert rec.created_at <= rec.updated_at < NOW_STAMP, rec.where


def test_milestones_belong_to_recommendations_that_went_ahead(sample: Store) -> None:
    went_ahead = {RecStatus.ACCEPTED, RecStatus.IN_PROGRESS, RecStatus.IMPLEMENTED}
    with_milestones = {m.recommendation for m in sample.all(Milestone)}
    for rec in sample.all(Recommendation):
        if rec.id in with_milestones:
            assert rec.status in went_ahead | {RecStatus.VERIFIED}, rec.title
    done = [m for m in sample.all(Milestone) if m.done_on is not None]
    assert done and len(done) < sample.count(Milestone)


def test_the_dashboard_has_something_to_flag(sample: Store) -> None:
    recs = sample.all(Recommendation)
    overdue = [r for r in recs if is_overdue(r, TODAY)]
    due_soon = [r for r in recs if r.status in OPEN and r.due and 0 <= (r.due - TODAY).days <= 14]
    stale = [r for r in recs if is_stale(r, _milestones(sample, r), TODAY, STALE_DAYS)]
    assert overdue and due_soon and stale
    fresh = [
        r
        for r in recs
        if r.status == RecStatus.IN_PROGRESS
        and not is_stale(r, _milestones(sample, r), TODAY, STALE_DAYS)
    ]
    assert fresh, "not everything in progress is stale"


def test_calendar_has_recurring_events_and_renewals_with_notice(sample: Store) -> None:
    events = sample.all(Event)
    assert sum(1 for e in events if e.rrule) >= 10
    assert any(e.fiscal_offset_days is not None for e in events)
    renewals = [e for e in events if e.end is not None and e.notice_days]
    cancel_by = [e.end.subtract(days=e.notice_days or 0) for e in renewals if e.end]
    assert any(0 <= (d - TODAY).days <= 14 for d in cancel_by)
    assert any(e.auto_renew for e in renewals)
    upcoming = [e for e in events if not e.recurring and 0 <= (e.date - TODAY).days <= 14]
    assert upcoming
    assert sample.count(EventException) >= 1


def test_rebuilding_gives_the_committed_bytes(tmp_path: Path) -> None:
    out = tmp_path / "rebuilt"
    done = subprocess.run(
        [sys.executable, str(SAMPLE / "build.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    committed = {p.name: p.read_bytes() for p in sorted(SAMPLE.glob("*.json"))}
    rebuilt = {p.name: p.read_bytes() for p in sorted(out.glob("*.json"))}
    assert sorted(rebuilt) == sorted(committed)
    for name, data in rebuilt.items():
        assert data == committed[name], (
            f"{name} differs: run `.venv/bin/python sample_data/build.py`"
        )
