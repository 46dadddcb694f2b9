"""`ctotui delete`: refuses what would leave records behind, asks on a terminal, needs --yes
in a script, and `ctotui undo` takes it back."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from support import snapshot

from ctotui.data.store import Store
from ctotui.domain.entities import BudgetLine, Client, Event, Milestone, Recommendation

CLIENT = "01JC0000000000000000CA0001"
REC = "01JC0000000000000000REC001"
MILESTONE = "01JC0000000000000000MS0001"
LINE = "01JC0000000000000000BD0001"
NOW = "2026-11-27T09:00:00+00:00"


@pytest.fixture
def practice(data_dir: Path, store: Store) -> Path:
    """Halvorsen: a recommendation with a milestone and a budget line linked to it; Beta: alone."""
    store.insert(Client(id=CLIENT, name="Halvorsen Freight", codename="KESTREL"))
    store.insert(Client(name="Beta"))
    store.insert(Recommendation(id=REC, client=CLIENT, title="Move depot telephony"))
    store.insert(Milestone(id=MILESTONE, recommendation=REC, title="Pilot in two depots"))
    store.insert(
        BudgetLine(
            id=LINE,
            client=CLIENT,
            fiscal_year=2027,
            description="UC licences",
            planned=Decimal("5000"),
            recommendation=REC,
        )
    )
    return data_dir


def table(folder: Path, name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((folder / f"{name}.json").read_text())[name]
    return body


def test_a_record_others_depend_on_needs_cascade(practice: Path, cli: Any) -> None:
    before = snapshot(practice)
    done = cli("--data", str(practice), "delete", "rec", "depot", "--yes")
    assert (done.code, done.out, done.err) == (
        2,
        "",
        "ctotui: recommendation 'Move depot telephony' (id 00REC001) still has 1 milestone; "
        "add --cascade to delete it too, or delete it first\n",
    )
    done = cli("--data", str(practice), "delete", "client", "halvorsen", "--yes")
    assert done.err == (
        "ctotui: client 'Halvorsen Freight' (id 00CA0001) still has 1 recommendation, "
        "1 budget line, 1 milestone; add --cascade to delete them too, or delete them first\n"
    )
    assert snapshot(practice) == before


def test_no_terminal_and_no_yes_deletes_nothing(practice: Path, cli: Any) -> None:
    before = snapshot(practice)
    done = cli("--data", str(practice), "delete", "client", "Beta", input="y\n")
    assert (done.code, done.out, done.err) == (
        2,
        "",
        f"ctotui: not deleting client 'Beta' (id {beta_id(practice)[-8:]}) without --yes "
        "(there is no terminal to ask on); nothing was deleted\n",
    )
    assert snapshot(practice) == before


def beta_id(folder: Path) -> str:
    return next(k for k, v in table(folder, "clients").items() if v["name"] == "Beta")


def test_cascade_removes_what_depends_and_clears_links(practice: Path, cli: Any) -> None:
    data = ("--data", str(practice))
    done = cli(*data, "delete", "rec", "00REC001", "--cascade", "--yes")
    assert (done.code, done.err) == (0, ""), done.err
    assert done.out == (
        "deleted recommendation 'Move depot telephony' (id 00REC001) and 1 milestone; "
        "cleared the link of 1 budget line (`ctotui undo` takes it back)\n"
    )
    assert table(practice, "recommendations") == {} and table(practice, "milestones") == {}
    assert "recommendation" not in table(practice, "budget_lines")[LINE]
    done = cli(*data, "undo")
    assert done.code == 0, done.err
    assert list(table(practice, "milestones")) == [MILESTONE]
    assert table(practice, "budget_lines")[LINE]["recommendation"] == REC


def test_json_lists_every_deleted_record(practice: Path, cli: Any) -> None:
    done = cli("--data", str(practice), "delete", "client", "KESTREL", "--cascade", "-y", "--json")
    assert (done.code, done.err) == (0, ""), done.err
    removed = json.loads(done.out)
    assert sorted(r["id"] for r in removed) == sorted([CLIENT, REC, MILESTONE, LINE])
    assert removed[-1]["id"] == CLIENT and removed[-1]["name"] == "Halvorsen Freight"
    assert list(table(practice, "clients")) == [beta_id(practice)]
    assert table(practice, "budget_lines") == {}


def test_delete_event_and_milestone(practice: Path, cli: Any, store: Store) -> None:
    store.insert(Event(client=CLIENT, title="Kickoff", date=store.clock.today()))
    data = ("--data", str(practice))
    assert cli(*data, "delete", "event", "kickoff", "--yes").code == 0
    assert table(practice, "events") == {}
    done = cli(*data, "delete", "milestone", "pilot", "--yes")
    assert done.out == (
        "deleted milestone 'Pilot in two depots' (id 00MS0001) (`ctotui undo` takes it back)\n"
    )
    assert table(practice, "milestones") == {}
    done = cli(*data, "delete", "milestone", "pilot", "--yes")
    assert (done.code, done.err) == (2, "ctotui: no milestone matches 'pilot'\n")


def _on_a_terminal(folder: Path, args: list[str], answer: bytes) -> tuple[int, str]:
    """Run `ctotui delete` with a pseudo-terminal as stdin and stderr; type *answer* once the
    question is shown. Returns the exit code and what the terminal showed."""
    leader, follower = pty.openpty()
    env = {**os.environ, "CTOTUI_NOW": NOW, "CTOTUI_CONFIG": str(folder.parent / "none.toml")}
    process = subprocess.Popen(
        [sys.executable, "-m", "ctotui", "--data", str(folder), *args],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    shown = b""
    deadline = time.monotonic() + 60
    try:
        while b"[y/N]" not in shown and time.monotonic() < deadline:
            shown += os.read(leader, 1024)
        os.write(leader, answer)
        code = process.wait(timeout=60)
        while True:
            try:
                chunk = os.read(leader, 1024)
            except OSError:  # the terminal closes with the process
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
        assert process.stdout is not None
        process.stdout.close()
    return code, shown.decode().replace("\r\n", "\n")


def test_on_a_terminal_it_asks_and_lists_what_goes(practice: Path) -> None:
    before = snapshot(practice)
    code, shown = _on_a_terminal(practice, ["delete", "client", "halvorsen", "--cascade"], b"n\n")
    question = (
        "Delete client 'Halvorsen Freight' (id 00CA0001) and 1 recommendation, 1 budget line, "
        "1 milestone? [y/N] "
    )
    assert (code, shown) == (2, f"{question}n\nctotui: not deleted\n")
    assert snapshot(practice) == before
    code, shown = _on_a_terminal(practice, ["delete", "client", "halvorsen", "--cascade"], b"y\n")
    assert (code, shown) == (0, f"{question}y\n")
    assert CLIENT not in table(practice, "clients") and table(practice, "milestones") == {}
