"""The dashboard never loses or overwrites an edit: forms save only what changed and ask when
another process changed the same field, undo takes back the last change, a file broken on disk
turns editing off instead of crashing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.widgets import Input

from ctotui.data.store import Store
from ctotui.dialogs.edit_conflict import EditConflictScreen
from ctotui.dialogs.form import FormScreen
from ctotui.domain.entities import Milestone, Recommendation
from ctotui.screens.dashboard import DashboardScreen
from tui.conftest import make_app
from tui.flows import open_on_rec
from tui.practice import UC, UC_M2, d
from tui.screen import screen_text
from tui.waits import settled

OTHER_PROCESS = """
import sys
from ctotui.data.store import Store
from ctotui.domain.entities import Recommendation
changes = dict(a.split("=", 1) for a in sys.argv[3:])
Store(sys.argv[1]).update(Recommendation, sys.argv[2], **changes)
"""


def other_process_writes(folder: Path, rec_id: str, **changes: str) -> None:
    """A real second process (a `ctotui edit` in another tmux pane, say) changes the record."""
    args = [f"{k}={v}" for k, v in changes.items()]
    subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(folder), rec_id, *args], check=True)


async def open_edit_form(app: Any, pilot: Any, rec_id: str) -> FormScreen:
    return await open_on_rec(app, pilot, rec_id, "e", FormScreen)


async def save(app: Any, pilot: Any) -> None:
    await pilot.press("ctrl+s")
    await app.wait_for_saves()
    await settled(pilot)


async def test_a_form_keeps_what_another_process_changed_meanwhile(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_edit_form(app, pilot, UC)
        other_process_writes(practice.folder, UC, due="2027-06-30", owner="Ben")
        form.query_one("#f-title", Input).value = "Move telephony to Teams"
        await save(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
    saved = Store(practice.folder).get(Recommendation, UC)
    assert saved.title == "Move telephony to Teams"
    # The form still showed the old due date and owner; it did not put them back.
    assert (saved.due, saved.owner) == (d("2027-06-30"), "Ben")


async def test_a_field_changed_on_both_sides_asks_and_takes_theirs(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_edit_form(app, pilot, UC)
        other_process_writes(practice.folder, UC, owner="Ben")
        form.query_one("#f-owner", Input).value = "Noor"
        form.query_one("#f-title", Input).value = "Move telephony to Teams"
        await save(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, EditConflictScreen)
        text = screen_text(app)
        assert "owner" in text.lower() and "Noor" in text and "Ben" in text
        await pilot.press("t", "ctrl+s")
        await app.wait_for_saves()
        await settled(pilot)
        assert isinstance(app.screen, DashboardScreen)
    saved = Store(practice.folder).get(Recommendation, UC)
    assert (saved.owner, saved.title) == ("Ben", "Move telephony to Teams")


async def test_a_field_changed_on_both_sides_can_keep_yours(practice: Store) -> None:
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_edit_form(app, pilot, UC)
        other_process_writes(practice.folder, UC, owner="Ben", due="2027-06-30")
        form.query_one("#f-owner", Input).value = "Noor"
        await save(app, pilot)
        assert isinstance(app.screen, EditConflictScreen)
        await pilot.press("escape")  # back to the form: nothing saved yet
        await settled(pilot)
        assert isinstance(app.screen, FormScreen)
        assert Store(practice.folder).get(Recommendation, UC).owner == "Ben"
        await save(app, pilot)
        assert isinstance(app.screen, EditConflictScreen)
        await pilot.press("m", "ctrl+s")
        await app.wait_for_saves()
        await settled(pilot)
    saved = Store(practice.folder).get(Recommendation, UC)
    assert (saved.owner, saved.due) == ("Noor", d("2027-06-30"))


async def test_u_undoes_the_last_change_made_in_the_dashboard(practice: Store) -> None:
    practice.origin = "app"
    app = make_app(practice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await pilot.press("3")
        assert screen.pane(3).list.select_key(UC)
        await pilot.press("space")  # ticks the next milestone
        await app.wait_for_saves()
        assert practice.get(Milestone, UC_M2).done_on is not None
        await pilot.press("u")
        await app.wait_for_saves()
        await settled(pilot)
        assert practice.get(Milestone, UC_M2).done_on is None
        messages = [n.message for n in app._notifications]
        assert any(
            m.startswith("Undid: done_on of ") and m.endswith("back to empty") for m in messages
        )
        await pilot.press("u")  # before the tick, only the practice's own (command line) edits
        await app.wait_for_saves()
        await settled(pilot)
        assert any("nothing to undo made here" in n.message for n in app._notifications)
    assert Store(practice.folder).get(Milestone, UC_M2).done_on is None


async def test_a_file_broken_on_disk_turns_editing_off_then_on_again(practice: Store) -> None:
    app = make_app(practice)
    path = practice.folder / "recommendations.json"
    good = path.read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        path.write_bytes(good[: len(good) // 2])  # a cut-off file from another process
        app._poll_disk()
        await settled(pilot)
        assert app.store.read_only
        header = screen_text(app).splitlines()[0]
        assert "READ-ONLY" in header and "recommendations.json" in header
        warned = [n for n in app._notifications if n.title == "Data folder changed"]
        app._poll_disk()  # the same broken file: not read again, not said again
        await settled(pilot)
        assert [n for n in app._notifications if n.title == "Data folder changed"] == warned
        await pilot.press("2", "n")  # no form opens
        await settled(pilot)
        assert isinstance(app.screen, DashboardScreen)
        path.write_bytes(good)
        app._poll_disk()
        await settled(pilot)
        assert not app.store.read_only
        assert "READ-ONLY" not in screen_text(app).splitlines()[0]
