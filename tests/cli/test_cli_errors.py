"""Bad input on the command line: one line on stderr, exit code 2, nothing written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import snapshot

from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Milestone, Recommendation

STATUSES = "draft, proposed, accepted, deferred, rejected, in_progress, implemented, verified"

# Walks the real parser tree and runs `ctotui … --help` for every (sub-)subcommand in one process.
HELP_FOR_EVERY_COMMAND = """
import argparse, contextlib, io, json, sys
from ctotui.cli import build_parser, main

def walk(parser, path):
    yield path
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from walk(sub, [*path, name])

results = {}
for path in walk(build_parser(), []):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            main([*path, "--help"])
            code = "returned"
        except SystemExit as exit:
            code = exit.code
    results[" ".join(path)] = [code, out.getvalue()]
print(json.dumps(results))
"""


@pytest.fixture
def practice(data_dir: Path, store: Store, clock: FixedClock) -> Path:
    """Three clients (two called Acme), a recommendation for Beta and its milestone, done."""
    store.insert(Client(id="01JC0000000000000000ACME01", name="Acme One", codename="ROOK"))
    store.insert(Client(id="01JC0000000000000000ACME02", name="Acme Two"))
    beta = store.insert(Client(name="Beta"))
    rec = store.insert(Recommendation(client=beta.id, title="SIEM"))
    milestone = store.insert(Milestone(recommendation=rec.id, title="Pick a vendor"))
    store.update(Milestone, milestone.id, done_on=clock.today())
    return data_dir


def test_help_for_every_subcommand(cli: Any) -> None:
    done = cli(entry=("-c", HELP_FOR_EVERY_COMMAND))
    assert done.code == 0, done.err
    results = json.loads(done.out)
    expected = {
        "",
        "init",
        "demo",
        "check",
        "add",
        "add client",
        "add rec",
        "add event",
        "add milestone",
        "list",
        "list clients",
        "list recs",
        "list events",
        "list milestones",
        "edit",
        "edit client",
        "edit rec",
        "edit event",
        "edit milestone",
        "delete",
        "delete client",
        "delete rec",
        "delete event",
        "delete milestone",
        "status",
        "done",
        "export",
        "import",
    }
    assert expected <= set(results)
    for command, (code, out) in results.items():
        assert code == 0, command
        assert out.startswith(f"usage: {' '.join(['ctotui', *command.split()])}"), command
    top = cli("--help")
    assert top.code == 0 and "commands:" in top.out and top.err == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("frobnicate",),
            "ctotui: argument COMMAND: invalid choice: 'frobnicate' (choose from ",
        ),
        (("list", "recs", "--bogus"), "ctotui: unrecognized arguments: --bogus"),
        (("list", "events", "--status", "x"), "ctotui: unrecognized arguments: --status x"),
        (
            ("add", "rec", "SIEM"),
            "ctotui add rec: the following arguments are required: --client/-c "
            "(see `ctotui add rec --help`)",
        ),
        (
            ("add", "rec", "X", "-c", "Beta", "--area", "cyber"),
            "ctotui add rec: argument --area: invalid choice: 'cyber' (choose from ",
        ),
        (
            ("add", "milestone", "X", "-r", "SIEM", "--weight", "heavy"),
            "ctotui add milestone: argument --weight: invalid int value: 'heavy'",
        ),
        (
            ("add",),
            "ctotui: say which kind: client, rec, event, milestone (see `ctotui add --help`)",
        ),
        (
            ("list",),
            "ctotui: say which table: clients, recs, events, milestones (see `ctotui list --help`)",
        ),
    ],
)
def test_usage_errors_are_one_line(
    practice: Path, cli: Any, args: tuple[str, ...], message: str
) -> None:
    before = snapshot(practice)
    done = cli("--data", str(practice), *args)
    assert done.code == 2 and done.out == ""
    assert done.err.count("\n") == 1 and done.err.startswith(message), done.err
    assert snapshot(practice) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("list", "recs", "--status", "bogus"),
            f"status: unknown status 'bogus' (one of: {STATUSES})",
        ),
        (
            ("add", "rec", "X", "-c", "Beta", "--due", "someday"),
            "--due: not a date: 'someday' (use YYYY-MM-DD, today, tomorrow, +3d, +2w, +1m, -1y, "
            "friday, next monday, end of month, end of quarter)",
        ),
        (
            ("add", "rec", "X", "-c", "Beta", "--due", "2026-02-30"),
            "--due: no such date: '2026-02-30'",
        ),
        (
            ("add", "rec", "X", "-c", "Beta", "--cost", "-5"),
            "--cost: amount cannot be negative: -5",
        ),
        (
            ("add", "rec", "X", "-c", "Beta", "--cost", "a lot"),
            "--cost: not an amount: 'a lot' (write it like 12500.50 or 12,500.50)",
        ),
        (
            # With a decimal point (the euro's default), "12,50" could be 12.50 or 1250.
            ("add", "rec", "X", "-c", "Beta", "--cost", "12,50"),
            "--cost: ambiguous amount '12,50': with a decimal point (amount_decimal = \".\") the "
            "',' is not a thousands separator here; write 12.50 or 1250",
        ),
        (
            ("add", "rec", "X", "-c", "Beta", "--cost", "1.234,56"),
            "--cost: amount '1.234,56' uses ',' as the decimal mark, but amount_decimal is '.'; "
            "write it with '.' or change the setting",
        ),
        (
            ("add", "rec", "X", "-c", "Beta", "--cost", "1e27"),
            "--cost: not an amount: '1e27' (write it like 12500.50 or 12,500.50)",
        ),
        (
            ("list", "clients", "--status", "happy"),
            "status: unknown client status 'happy' (one of: prospect, active, paused, closed)",
        ),
        (("add", "rec", "X", "-c", "Nobody"), "no client matches 'Nobody'"),
        (
            ("add", "rec", "X", "-c", "acme"),
            "'acme' matches 2 clients: Acme One (id 00ACME01, ROOK); Acme Two (id 00ACME02); "
            "give the id (or its last 8 characters) instead",
        ),
        (("add", "client", "  "), "new client: field 'name': is required"),
        (
            # 0 is refused like 13, not taken as "not given" (it used to become January).
            ("add", "client", "Gamma", "--fy-start", "0"),
            "new client: field 'fiscal_year_start': must be at least 1, got 0",
        ),
        (
            ("add", "client", "Gamma", "--fy-start", "13"),
            "new client: field 'fiscal_year_start': must be at most 12, got 13",
        ),
        (
            ("add", "event", "Renewal", "-c", "Beta", "--date", "+1m", "--end", "today"),
            "new event: field 'end': is before date (2026-12-27)",
        ),
        (("status", "SIEM", "approved"), f"status: unknown status 'approved' (one of: {STATUSES})"),
        (("status", "nothing-like-it", "proposed"), "no recommendation matches 'nothing-like-it'"),
        (("done", "vendor"), "milestones/{milestone}: field 'done_on': already done on 2026-11-27"),
    ],
)
def test_bad_values_are_one_line_and_write_nothing(
    practice: Path, cli: Any, args: tuple[str, ...], message: str
) -> None:
    milestones = json.loads((practice / "milestones.json").read_text())["milestones"]
    message = message.format(milestone=next(iter(milestones)))
    before = snapshot(practice)
    done = cli("--data", str(practice), *args)
    assert (done.code, done.out, done.err) == (2, "", f"ctotui: {message}\n")
    assert snapshot(practice) == before


def test_a_refused_status_change_writes_nothing(practice: Path, cli: Any) -> None:
    before = snapshot(practice)
    done = cli("--data", str(practice), "status", "SIEM", "verified")
    assert done.code == 2
    assert done.err.startswith("ctotui: recommendations/") and done.err.endswith(
        ": field 'status': cannot go from draft to verified (next: proposed, rejected)\n"
    )
    assert snapshot(practice) == before


def test_short_ids_printed_by_list_can_be_typed_back(practice: Path, cli: Any) -> None:
    data = ("--data", str(practice))
    listed = cli(*data, "list", "recs")
    short = listed.out.splitlines()[1].split()[0]
    assert len(short) == 8
    done = cli(*data, "status", short, "proposed")
    assert (done.code, done.out) == (0, "'SIEM': draft → proposed\n"), done.err
    done = cli(*data, "status", short.lower(), "accepted")
    assert done.code == 0, done.err


def test_missing_and_foreign_folders(tmp_path: Path, cli: Any) -> None:
    missing = tmp_path / "nowhere"
    done = cli("--data", str(missing), "list", "recs")
    assert (done.code, done.err) == (
        2,
        f"ctotui: {missing}: data folder not found (create one with `ctotui init`)\n",
    )
    assert not missing.exists()
    foreign = tmp_path / "photos"
    foreign.mkdir(mode=0o700)
    done = cli("--data", str(foreign), "add", "client", "Acme")
    assert (done.code, done.err) == (
        2,
        f"ctotui: {foreign}: not a ctotui data folder (no meta.json); run `ctotui init`\n",
    )
    assert list(foreign.iterdir()) == []
    done = cli("--data", str(missing))  # the dashboard, on a folder that is not there
    assert (done.code, done.err) == (
        2,
        f"ctotui: {missing}: no data folder here; create one with `ctotui init`, "
        "or try `ctotui demo`\n",
    )


def test_no_traceback_when_the_output_pipe_closes_early(practice: Path) -> None:
    # `ctotui list … | head -1`: the reader goes away; that is not an error worth a traceback.
    reader = subprocess.Popen(
        [sys.executable, "-m", "ctotui", "--data", str(practice), "list", "clients", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()
    err = reader.stderr.read()
    reader.wait(timeout=30)
    assert b"Traceback" not in err
