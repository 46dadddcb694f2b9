"""A renewal whose cancel-by date passed before its renewal date: overdue on the dashboard and
the calendar (in words, the error colour and days late) until the renewal date or until it is
acknowledged with `A`, an edit like any other (undone with `u`, refused when it may not edit)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ctotui.data.store import Store
from ctotui.domain.agenda import AgendaItem, AgendaKind
from ctotui.domain.entities import Event
from ctotui.domain.enums import EventKind
from ctotui.screens.calendar import CalendarScreen
from ctotui.screens.dashboard import DashboardScreen
from tui.conftest import make_app
from tui.practice import ACME, d, rid
from tui.screen import screen_text
from tui.waits import settled

FIREWALL_SUPPORT = rid(37)


@pytest.fixture
def missed(practice: Store) -> Store:
    """Acme's firewall support renews on 31 December with 45 days' notice: the cancel-by was
    16 November, eleven days before the practice's today (27 November)."""
    practice.insert(
        Event(
            id=FIREWALL_SUPPORT,
            client=ACME,
            kind=EventKind.RENEWAL,
            title="Firewall support contract",
            date=d("2026-01-01"),
            end=d("2026-12-31"),
            notice_days=45,
            amount=Decimal("12000"),
        )
    )
    return practice


def dashboard(app: Any) -> DashboardScreen:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


def missed_row(screen: DashboardScreen) -> AgendaItem:
    rows = screen.pane(4).list.visible_rows
    return next(r for r in rows if r.kind is AgendaKind.CANCEL_BY and r.overdue)


def header(app: Any) -> str:
    return screen_text(app).splitlines()[0]


def notes(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_missed_cancel_by_is_overdue_in_words_colour_and_days(missed: Store) -> None:
    app = make_app(missed)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        text = screen_text(app)
        row = missed_row(dashboard(app))
        what = next(c for c in dashboard(app).pane(4).list.columns if c.key == "title")
        cell = what.cell(row)
    assert "2 overdue │ missed cancel-by, 11d late │" in text.splitlines()[0]
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if "4 Budget & provisioning calendar" in line)
    agenda = [line.split("││")[-1] for line in lines[top + 1 :] if "││" in line]
    assert agenda[1].startswith("2026-11-16 cancel by, 11d late: F"), agenda  # first: most overdue
    assert "Acme Manuf" in agenda[1]
    # An upcoming cancel-by says what it is too (it has the contract's title).
    assert any(line.startswith("2026-12-02 cancel by: EHR licence") for line in agenda)
    assert cell[1] == "bad" and str(cell[0]).startswith("cancel by, 11d late")


async def test_zoomed_the_kind_and_the_days_late_have_their_own_columns(missed: Store) -> None:
    app = make_app(missed)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("4", "z")
        await settled(pilot)
        text = screen_text(app)
    line = next(line for line in text.splitlines() if "2026-11-16" in line)
    assert line.split()[1:5] == ["11d", "late", "cancel-by", "Firewall"], line


async def test_a_acknowledges_it_and_u_undoes(missed: Store) -> None:
    missed.origin = "app"  # as the running app's store: its changes are the ones u undoes
    app = make_app(missed)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        screen = dashboard(app)
        await pilot.press("4")
        assert screen.pane(4).list.select_key(missed_row(screen).key)
        await pilot.press("A")
        await app.wait_for_saves()
        await settled(pilot)
        assert missed.get(Event, FIREWALL_SUPPORT).cancel_by_acknowledged == d("2026-12-31")
        assert "missed cancel-by" not in header(app)
        assert "1 overdue" in header(app)
        rows = screen.pane(4).list.rows
        assert not any(r.kind is AgendaKind.CANCEL_BY and r.overdue for r in rows)
        assert any("Acknowledged: 'Firewall support contract'" in n for n in notes(app))
        await pilot.press("u")
        await app.wait_for_saves()
        await settled(pilot)
        assert missed.get(Event, FIREWALL_SUPPORT).cancel_by_acknowledged is None
        assert "missed cancel-by, 11d late" in header(app)


async def test_a_elsewhere_says_what_to_highlight(missed: Store) -> None:
    before = missed.raw(Event.TABLE)
    app = make_app(missed)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "A")
        await settled(pilot)
        assert any("Highlight a missed cancel-by" in n for n in notes(app))
    assert missed.raw(Event.TABLE) == before


@pytest.mark.parametrize("mode", ["presentation", "read-only"])
async def test_acknowledging_is_refused_where_editing_is(missed: Store, mode: str) -> None:
    if mode == "read-only":
        missed.read_only_reason = "another ctotui (pid 4242 on jump) is editing this folder"
    before = missed.raw(Event.TABLE)
    app = make_app(missed, presentation_mode=mode == "presentation")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        screen = dashboard(app)
        await pilot.press("4")
        assert screen.pane(4).list.select_key(missed_row(screen).key)
        await pilot.press("A")
        await app.wait_for_saves()
        await settled(pilot)
        said = " ".join(notes(app))
        assert "missed cancel-by" in header(app)
    assert missed.raw(Event.TABLE) == before
    assert ("P turns it off" if mode == "presentation" else "pid 4242") in said


async def test_the_calendar_shows_it_and_a_acknowledges_it_there(missed: Store) -> None:
    app = make_app(missed)
    async with app.run_test(size=(160, 40)) as pilot:
        await settled(pilot)
        await pilot.press("c")
        await settled(pilot)
        calendar = app.screen
        assert isinstance(calendar, CalendarScreen)
        assert "missed cancel-by, 11d late" in header(app)
        text = screen_text(app)
        line = next(line for line in text.splitlines() if "Mon 16 Nov C!" in line)
        assert "cancel by    11d late: Firewall s" in line, line
        row = next(
            r
            for r in calendar.agenda.visible_rows
            if r.item is not None and r.item.kind is AgendaKind.CANCEL_BY and r.item.overdue
        )
        calendar.agenda.focus()
        assert calendar.agenda.select_key(row.key)
        await pilot.press("A")
        await app.wait_for_saves()
        await settled(pilot)
        assert "missed cancel-by" not in header(app)
    assert missed.get(Event, FIREWALL_SUPPORT).cancel_by_acknowledged == d("2026-12-31")
