"""An occurrence skipped or moved on two clones survives `git pull` through ctotui's driver.

Real git: `ctotui init`, a bare remote, two clones set up with `ctotui sync --setup`, plain
`git commit` / `git pull` / `git push` (git calls the merge driver).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pendulum
import pytest

from ctotui.cli import build_parser
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Conflict, Event, EventException
from ctotui.domain.ids import exception_id
from ctotui.services.calendar import calendar_index
from ctotui.services.occurrences import move_occurrence, skip_occurrence


def _has_command(name: str) -> bool:
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return name in action.choices
    return False


pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(
        not _has_command("merge-driver"),
        reason="`ctotui merge-driver` is not available yet (the git merge driver is being "
        "built); this test runs once it lands",
    ),
]

IDENTITY = ["-c", "user.name=Tester", "-c", "user.email=tester@example.invalid"]


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *IDENTITY, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def commit_all(folder: Path, message: str) -> None:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)


def year_2027(folder: Path, event_id: str) -> list[str]:
    with Store(folder, clock=FixedClock("2026-11-27T12:00:00+00:00")) as store:
        event = store.get(Event, event_id)
        return [
            f"{o.date.isoformat()} {o.title}"
            for o in calendar_index(store).occurrences(event, date(2027, 1, 1), date(2027, 12, 31))
        ]


def test_exceptions_made_on_two_clones_merge(cli: Any, tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    assert cli("init", str(origin)).code == 0
    with Store(origin, clock=FixedClock("2026-11-27T09:00:00+00:00")) as store:
        acme = store.insert(Client(name="Acme"))
        qbr = store.insert(
            Event(
                client=acme.id,
                title="QBR",
                date=pendulum.Date(2027, 3, 31),
                rrule="quarterly;BYMONTHDAY=-1",
            )
        )
    commit_all(origin, "Acme and its QBRs")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(origin), str(remote)], check=True)
    laptop, jumpbox = tmp_path / "laptop", tmp_path / "jumpbox"
    for clone in (laptop, jumpbox):
        subprocess.run(["git", "clone", "-q", str(remote), str(clone)], check=True)
        setup = cli("--data", str(clone), "sync", "--setup")
        assert setup.code == 0, setup.err
        # The new table's file merges with the driver too, not with git's text merge.
        attribute = git(clone, "check-attr", "merge", "--", "event_exceptions.json")
        assert attribute.strip() == "event_exceptions.json: merge: ctotui"

    # The laptop skips the June QBR and renames the series; it pushes first.
    with Store(laptop, clock=FixedClock("2026-11-27T10:00:00+00:00")) as store:
        skip_occurrence(store, store.get(Event, qbr.id), date(2027, 6, 30))
        store.update(Event, qbr.id, title="Quarterly review")
    commit_all(laptop, "skip the June QBR")
    git(laptop, "push", "-q", "origin", "HEAD")

    # Offline, the jump box skipped the same June QBR and moved September's.
    with Store(jumpbox, clock=FixedClock("2026-11-27T11:00:00+00:00")) as store:
        event = store.get(Event, qbr.id)
        skip_occurrence(store, event, date(2027, 6, 30))
        move_occurrence(store, event, date(2027, 9, 30), date(2027, 10, 4))
    commit_all(jumpbox, "skip June, move September")
    git(jumpbox, "pull", "-q", "--no-rebase", "--no-edit", "origin", "HEAD")

    expected = [
        "2027-03-31 Quarterly review",
        "2027-10-04 Quarterly review",
        "2027-12-31 Quarterly review",
    ]
    assert year_2027(jumpbox, qbr.id) == expected
    exceptions_file = (jumpbox / "event_exceptions.json").read_text()
    assert "<<<<<<<" not in exceptions_file
    with Store(jumpbox) as store:
        assert sorted(x.id for x in store.all(EventException)) == sorted(
            [exception_id(qbr.id, date(2027, 6, 30)), exception_id(qbr.id, date(2027, 9, 30))]
        )
        assert store.all(Conflict) == []  # the same skip on both sides is not a clash

    git(jumpbox, "push", "-q", "origin", "HEAD")
    git(laptop, "pull", "-q", "--no-rebase", "--no-edit", "origin", "HEAD")
    assert year_2027(laptop, qbr.id) == expected
    assert (laptop / "event_exceptions.json").read_bytes() == exceptions_file.encode()
