"""Keyboard flows on the dashboard, asserting on the store afterwards."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, OptionList, Static

from ctotui.data.store import Store
from ctotui.dialogs.confirm import ConfirmScreen
from ctotui.dialogs.form import FormScreen
from ctotui.dialogs.help import HelpScreen
from ctotui.dialogs.status import StatusScreen
from ctotui.domain.entities import Milestone, Recommendation
from ctotui.domain.enums import RecStatus
from ctotui.domain.progress import progress_percent
from ctotui.screens.client_detail import ClientDetailScreen
from ctotui.screens.dashboard import DashboardScreen
from ctotui.screens.rec_detail import RecDetailScreen
from ctotui.screens.report import ReportScreen
from ctotui.widgets.panes import Pane
from tui.conftest import make_app
from tui.practice import ACME, ERP, HIRE, UC, UC_M2, UC_M3, WEB, d
from tui.screen import screen_text
from tui.waits import settled


def dashboard(app: Any) -> DashboardScreen:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


def titles(pane: Pane[Any]) -> list[str]:
    return [row.rec.title for row in pane.list.visible_rows]


async def settle(app: Any, pilot: Any) -> None:
    await app.wait_for_saves()
    await pilot.pause()


async def preview_shown(app: Any, pilot: Any) -> None:
    """Until the report preview shows its latest text (Markdown is parsed in a thread)."""
    await settled(pilot)
    screen = app.screen
    assert isinstance(screen, ReportScreen) and screen.rendered is not None
    await screen.rendered
    await settled(pilot)


async def test_selecting_a_client_filters_the_other_panes(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        assert len(screen.pane(2).list.rows) == 6 - 0  # every open rec, all clients
        await pilot.press("j")  # Acme
        await settled(pilot)
        assert screen.selected_client == ACME
        assert set(titles(screen.pane(2))) == {
            "Replace the ERP",
            "Move telephony to unified communications",
            "Hire a security lead",
        }
        progress_titles = [row.rec.title for row in screen.pane(3).list.visible_rows]
        assert sorted(progress_titles) == [
            "Hire a security lead",
            "Move telephony to unified communications",
        ]
        agenda_clients = {row.client for row in screen.pane(4).list.visible_rows}
        assert agenda_clients == {ACME}
        await pilot.press("k")  # back to All clients
        await settled(pilot)
        assert screen.selected_client == ""
        assert len(screen.pane(2).list.visible_rows) == 6


async def test_add_a_recommendation_for_the_selected_client(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "2")  # select Acme, go to the recommendations pane
        await settled(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("tab")  # client is prefilled; on to the title
        await pilot.press(*"Consolidate the data centres")
        app.screen.query_one("#f-due", Input).focus()
        await pilot.press(*"+2w")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
    added = [r for r in practice.all(Recommendation) if r.title == "Consolidate the data centres"]
    assert len(added) == 1
    assert added[0].client == ACME
    assert added[0].due is not None and added[0].due.isoformat() == "2026-12-11"
    assert added[0].status == RecStatus.DRAFT


async def test_bad_date_is_refused_inline_and_nothing_is_saved(practice: Store) -> None:
    before = practice.count(Recommendation)
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-title", Input).focus()
        await pilot.press(*"Anything")
        form.query_one("#f-due", Input).focus()
        await pilot.press(*"2026-02-30")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form, "the form stays open with what was typed"
        hint = str(form.query_one("#f-due-hint", Static).render())
        assert "no such date: '2026-02-30'" in hint
        assert form.query_one("#f-title", Input).value == "Anything"
    assert practice.count(Recommendation) == before


async def test_escape_cancels_a_form_without_saving(practice: Store) -> None:
    before = practice.raw(Recommendation.TABLE)
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2", "e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-title", Input).focus()
        await pilot.press("end", *" (changed)")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert practice.raw(Recommendation.TABLE) == before


async def test_status_moves_through_accepted_then_in_progress(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        await pilot.press("2")
        assert screen.pane(2).list.select_key(ERP)
        for target in ("accepted", "in_progress"):
            await pilot.press("s")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, StatusScreen)
            options = dialog.query_one(OptionList)
            ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
            options.highlighted = ids.index(target)
            await pilot.press("enter")
            await settle(app, pilot)
        progress_keys = [row.key for row in screen.pane(3).list.rows]
        assert ERP in progress_keys, "the progress pane updates at once"
    rec = practice.get(Recommendation, ERP)
    assert rec.status == RecStatus.IN_PROGRESS
    assert [(h.from_, h.to) for h in rec.history] == [
        ("draft", "proposed"),
        ("proposed", "accepted"),
        ("accepted", "in_progress"),
    ]
    assert rec.history[-1].on.startswith("2026-11-27T09:00:00")
    assert rec.decided_on is not None and rec.decided_on.isoformat() == "2026-11-27"


async def test_ticking_milestones_reaches_100_percent(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        await pilot.press("3")
        assert screen.pane(3).list.select_key(UC)
        await pilot.press("space")
        await settle(app, pilot)
        assert practice.get(Milestone, UC_M2).done_on is not None
        await pilot.press("space")
        await settle(app, pilot)
        row = next(r for r in screen.pane(3).list.rows if r.key == UC)
        assert row.percent == 100
    assert practice.get(Milestone, UC_M3).done_on is not None
    rec = practice.get(Recommendation, UC)
    assert progress_percent(rec, practice.where(Milestone, "recommendation", UC)) == 100


async def test_filter_as_you_type_and_escape_clears(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        await pilot.press("2", "slash", *"secur")
        await pilot.pause()
        assert sorted(titles(screen.pane(2))) == [
            "Hire a security lead",
            "MFA for every account",
            "Renew the firewall contract",
        ]
        await pilot.press("enter")  # keep the filter, back to the list
        assert screen.pane(2).list.has_focus
        assert screen.pane(2).border_subtitle == "3 of 6 · /secur"
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert len(screen.pane(2).list.visible_rows) == 6


async def test_delete_asks_first_and_no_keeps_everything(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        await pilot.press("2")
        assert screen.pane(2).list.select_key(WEB)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(app, pilot)
        assert practice.find(Recommendation, WEB) is not None
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert WEB not in [row.key for row in screen.pane(2).list.rows]
    assert practice.find(Recommendation, WEB) is None


async def test_deleting_a_client_removes_its_records_after_confirmation(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        assert screen.pane(1).list.select_key(ACME)
        await pilot.press("d")
        await pilot.pause()
        question = str(app.screen.query_one("#question", Static).render())
        assert "3 recommendations" in question and "3 milestones" in question
        await pilot.press("y")
        await settle(app, pilot)
    assert practice.where(Recommendation, "client", ACME) == []
    assert practice.where(Milestone, "recommendation", UC) == []


async def test_enter_opens_details_and_escape_goes_back(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        assert screen.pane(1).list.select_key(ACME)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientDetailScreen)
        assert app.screen.client_id == ACME
        await pilot.press("escape", "2")
        await settled(pilot)
        assert screen.pane(2).list.select_key(HIRE)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RecDetailScreen)
        assert app.screen.rec_id == HIRE
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_milestone_space_in_detail_screen_toggles_the_highlighted_one(
    practice: Store,
) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        assert dashboard(app).pane(2).list.select_key(UC)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("space")  # first milestone by date: already done → undone
        await settle(app, pilot)
    milestones = sorted(practice.where(Milestone, "recommendation", UC), key=lambda m: m.due)
    assert [m.done_on for m in milestones] == [None, None, None]


async def test_help_lists_the_real_bindings(practice: Store) -> None:
    app = make_app(practice, keymap={"dashboard.zoom": "Z"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Zoom the focused pane to full screen and back" in text
        assert "Z " in text.split("Zoom the focused pane")[0].splitlines()[-1]
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("Z")  # the remapped key works
        assert app.screen.has_class("-zoomed")


async def test_zoom_and_number_keys(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        await pilot.press("4", "z")
        assert screen.has_class("-zoomed")
        assert screen.pane(4).display and not screen.pane(1).display
        await pilot.press("z")
        assert not screen.has_class("-zoomed")
        assert all(screen.pane(n).display for n in range(1, 5))
        await pilot.press("h")
        assert screen.focused_number() == 3
        await pilot.press("l", "l")
        assert screen.focused_number() == 1


async def test_small_terminal_shows_one_pane_as_tabs(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        assert screen.has_class("-compact")
        assert [screen.pane(n).display for n in range(1, 5)] == [True, False, False, False]
        await pilot.press("tab")
        assert [screen.pane(n).display for n in range(1, 5)] == [False, True, False, False]


async def test_read_only_store_refuses_edits_with_a_message(practice: Store) -> None:
    practice.read_only_reason = "another ctotui (pid 4242 on jump) is editing this folder"
    before = practice.raw(Recommendation.TABLE)
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "READ-ONLY: another ctotui (pid 4242 on jump)" in screen_text(app).splitlines()[0]
        await pilot.press("2", "n")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert any("pid 4242" in n.message for n in app._notifications)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    assert practice.raw(Recommendation.TABLE) == before


async def test_a_failed_save_keeps_the_form_open_with_the_input(
    practice: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-title", Input).focus()
        await pilot.press(*"Keep me")

        def read_only_disk(*_: object) -> None:
            raise OSError(30, "Read-only file system")

        # Permissions do not stop root, so the disk's refusal is simulated at the rename.
        monkeypatch.setattr("ctotui.data.jsonfile.replace", read_only_disk)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert form.query_one("#f-title", Input).value == "Keep me"
        error = str(form.query_one("#form-error", Static).render())
        assert "Not saved" in error and "read-only file system" in error
    assert not [r for r in practice.all(Recommendation) if r.title == "Keep me"]


async def test_client_report_preview_and_write(
    practice: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert dashboard(app).pane(1).list.select_key(ACME)
        await pilot.press("enter", "r")
        await preview_shown(app, pilot)
        text = screen_text(app)
        assert "Acme Manufacturing" in text
        assert "Borealis" not in text
        await pilot.press("x")  # redact
        await preview_shown(app, pilot)
        assert "Acme Manufacturing" not in screen_text(app)
        await pilot.press("w")
        await settle(app, pilot)
    written = tmp_path / "home" / "ctotui-reports" / "falcon-2026-11-27.md"
    content = written.read_text(encoding="utf-8")
    assert "Falcon" in content and "Acme" not in content
    assert oct(written.stat().st_mode & 0o777) == "0o600"
    assert oct(written.parent.stat().st_mode & 0o777) == "0o700"


async def test_long_overdue_items_are_counted_but_not_listed_as_upcoming(practice: Store) -> None:
    old = practice.insert(
        Recommendation(client=ACME, title="Patch the ancient VPN", due=d("2026-03-01"))
    )
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        assert "2 overdue" in screen_text(app).splitlines()[0]
        agenda_titles = {item.title for item in screen.pane(4).list.rows}
        assert "Hire a security lead" in agenda_titles  # overdue for a week: listed
        assert old.title not in agenda_titles  # overdue for nine months: not an upcoming date
        assert old.id in {row.key for row in screen.pane(2).list.rows}
