"""`ctotui agenda` and `ctotui export ics`, run as real subprocesses (clock fixed at 2026-11-27)."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import pendulum
import pytest

from ctotui.data.store import Store
from ctotui.domain.entities import Client, Event, Recommendation
from ctotui.domain.enums import RecStatus

NewEvent = Callable[..., Event]
Cli = Callable[..., Any]


@pytest.fixture
def portfolio(store: Store, acme: Client, globex: Client, new_event: NewEvent) -> Path:
    store.insert(
        Recommendation(
            client=acme.id,
            title="Replace the firewall",
            due=pendulum.Date(2026, 11, 20),
            status=RecStatus.IN_PROGRESS,
        )
    )
    new_event(
        acme,
        "M365 licences",
        "2026-04-01",
        end="2027-03-31",
        kind="renewal",
        notice_days=110,
        auto_renew=True,
    )
    new_event(acme, "QBR", "2026-03-31", kind="meeting", rrule="quarterly;BYMONTHDAY=-1")
    new_event(globex, "Steering", "2026-12-03", kind="meeting", all_day=False, time="09:30")
    new_event(globex, "Laptop refresh", "2026-12-07", end="2026-12-11", kind="provisioning")
    return store.folder


def test_the_agenda_of_the_next_two_weeks(cli: Cli, portfolio: Path) -> None:
    result = cli("--data", str(portfolio), "agenda")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines() == [
        "Agenda for all clients, 2026-11-27 to 2026-12-11: 1 overdue, 3 coming up",
        "",
        "Overdue",
        "  Fri 2026-11-20  recommendation  Replace the firewall — Acme (7 days overdue)",
        "",
        "Week of Mon 2026-11-30",
        "  Thu 2026-12-03  meeting         Steering — Globex (in 6 days; 09:30)",
        "",
        "Week of Mon 2026-12-07",
        "  Mon 2026-12-07  provisioning    Laptop refresh — Globex (in 10 days; until 2026-12-11)",
        "  Fri 2026-12-11  cancel by       M365 licences — Acme "
        "(in 14 days; ends 2027-03-31; renews automatically)",
    ]
    assert "\x1b" not in result.out  # no colour, ever


def test_one_client_further_ahead(cli: Cli, portfolio: Path) -> None:
    result = cli("--data", str(portfolio), "agenda", "--client", "acme", "--days", "40")
    assert result.code == 0
    assert result.out.splitlines() == [
        "Agenda for Acme, 2026-11-27 to 2027-01-06: 1 overdue, 2 coming up",
        "",
        "Overdue",
        "  Fri 2026-11-20  recommendation  Replace the firewall (7 days overdue)",
        "",
        "Week of Mon 2026-12-07",
        "  Fri 2026-12-11  cancel by       M365 licences "
        "(in 14 days; ends 2027-03-31; renews automatically)",
        "",
        "Week of Mon 2026-12-28",
        "  Thu 2026-12-31  meeting         QBR (in 34 days)",
    ]


def test_settings_choose_the_window_week_start_and_names(
    cli: Cli, portfolio: Path, tmp_path: Path
) -> None:
    (tmp_path / "config.toml").write_text(
        'alert_window_days = 7\nweek_start = "sunday"\npresentation_mode = true\n'
    )
    result = cli("--data", str(portfolio), "agenda")
    assert result.out.splitlines()[0] == (
        "Agenda for all clients, 2026-11-27 to 2026-12-04: 1 overdue, 1 coming up"
    )
    assert "Week of Sun 2026-11-29" in result.out
    assert "Steering — Blue Heron" in result.out
    assert "Globex" not in result.out


def test_dates_do_not_depend_on_the_time_zone(cli: Cli, portfolio: Path) -> None:
    outputs = {
        cli("--data", str(portfolio), "agenda", "--days", "60", env={"TZ": zone}).out
        for zone in ("UTC", "Pacific/Auckland", "America/Los_Angeles", "Europe/Paris")
    }
    assert len(outputs) == 1


def test_json(cli: Cli, portfolio: Path) -> None:
    result = cli("--data", str(portfolio), "agenda", "--json")
    data = json.loads(result.out)
    assert (data["today"], data["until"], data["overdue"], data["upcoming"]) == (
        "2026-11-27",
        "2026-12-11",
        1,
        3,
    )
    cancel_by = data["items"][-1]
    assert {k: cancel_by[k] for k in ("date", "kind", "title", "end", "auto_renew")} == {
        "date": "2026-12-11",
        "kind": "cancel_by",
        "title": "M365 licences",
        "end": "2027-03-31",
        "auto_renew": True,
    }
    assert cancel_by["client_name"] == "Acme"
    assert cancel_by["source"].startswith("events/")


def test_an_empty_agenda_says_so(cli: Cli, data_dir: Path) -> None:
    result = cli("--data", str(data_dir), "agenda")
    assert result.code == 0
    assert result.out.splitlines() == [
        "Agenda for all clients, 2026-11-27 to 2026-12-11: 0 overdue, 0 coming up",
        "Nothing overdue, nothing due until 2026-12-11.",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["agenda", "--client", "nobody"], "ctotui: no client matches 'nobody'"),
        (["agenda", "--days", "0"], "ctotui: --days: must be 1 to 3650, got 0"),
        (["export", "ics", "--client", "nobody", "-"], "ctotui: no client matches 'nobody'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    cli: Cli, portfolio: Path, args: list[str], message: str
) -> None:
    result = cli("--data", str(portfolio), *args)
    assert (result.code, result.out, result.err) == (2, "", message + "\n")


def test_a_missing_data_folder(cli: Cli, tmp_path: Path) -> None:
    result = cli("--data", str(tmp_path / "nowhere"), "agenda")
    assert result.code == 2
    assert len(result.err.splitlines()) == 1


def test_export_ics_to_a_file(cli: Cli, portfolio: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "ctotui.ics"
    target.parent.mkdir()
    result = cli("--data", str(portfolio), "export", "ics", str(target))
    assert (result.code, result.err) == (0, "")
    assert result.out == f"wrote 6 calendar items to {target}\n"
    raw = target.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    calendar = icalendar.Calendar.from_ical(raw)
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert summaries == [
        "Acme: M365 licences",
        "Acme: QBR",
        "Acme: cancel by: M365 licences",
        "Acme: due: Replace the firewall",
        "Globex: Laptop refresh",
        "Globex: Steering",
    ]
    # A second export writes the same bytes: calendar apps see updates, not new events.
    cli("--data", str(portfolio), "export", "ics", str(target))
    assert target.read_bytes() == raw


def test_export_ics_to_stdout_for_one_client(cli: Cli, portfolio: Path) -> None:
    result = cli("--data", str(portfolio), "export", "ics", "--client", "Globex", "-")
    assert result.code == 0
    calendar = icalendar.Calendar.from_ical(result.out)
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == [
        "Globex: Laptop refresh",
        "Globex: Steering",
    ]


def test_export_ics_to_a_folder_that_does_not_exist(cli: Cli, portfolio: Path) -> None:
    result = cli("--data", str(portfolio), "export", "ics", "/nonexistent/dir/x.ics")
    assert result.code == 2
    assert (
        result.err == "ctotui: /nonexistent/dir/x.ics: folder '/nonexistent/dir' does not exist\n"
    )


@pytest.fixture
def missed(store: Store, acme: Client, new_event: NewEvent) -> Event:
    # Ends 2027-01-31 with 120 days' notice: the cancel-by was 2026-10-03, 55 days ago.
    return new_event(
        acme,
        "Firewall support",
        "2024-02-01",
        end="2027-01-31",
        kind="renewal",
        notice_days=120,
        auto_renew=True,
    )


def test_a_missed_cancel_by_is_overdue_with_its_days_late(
    cli: Cli, portfolio: Path, missed: Event
) -> None:
    result = cli("--data", str(portfolio), "agenda")
    lines = result.out.splitlines()
    assert lines[0] == "Agenda for all clients, 2026-11-27 to 2026-12-11: 2 overdue, 3 coming up"
    assert lines[2:5] == [
        "Overdue",
        "  Sat 2026-10-03  cancel by       Firewall support — Acme "
        "(missed, 55 days late; ends 2027-01-31; renews automatically)",
        "  Fri 2026-11-20  recommendation  Replace the firewall — Acme (7 days overdue)",
    ]


def test_acknowledge_a_missed_cancel_by(
    cli: Cli, portfolio: Path, missed: Event, store: Store
) -> None:
    result = cli("--data", str(portfolio), "acknowledge", "firewall support")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "acknowledged: 'Firewall support' missed its cancel-by 2026-10-03 by 55 days; "
        "it is no longer overdue (term ends 2027-01-31)\n"
    )
    stored = json.loads((portfolio / "events.json").read_text())["events"][missed.id]
    assert stored["cancel_by_acknowledged"] == "2027-01-31"
    agenda = cli("--data", str(portfolio), "agenda").out
    assert agenda.splitlines()[0].endswith(": 1 overdue, 3 coming up")
    assert "Firewall support" not in agenda
    again = cli("--data", str(portfolio), "acknowledge", "firewall support")
    assert (again.code, again.out) == (2, "")
    assert again.err == (
        f"ctotui: events/{missed.id}: its missed cancel-by is already acknowledged "
        "(--undo to undo)\n"
    )
    undone = cli("--data", str(portfolio), "acknowledge", "firewall support", "--undo")
    assert undone.out == "'Firewall support': a missed cancel-by counts as overdue again\n"
    assert (
        "cancel_by_acknowledged"
        not in (json.loads((portfolio / "events.json").read_text())["events"][missed.id])
    )


def test_acknowledge_refuses_what_was_not_missed(cli: Cli, portfolio: Path) -> None:
    before = (portfolio / "events.json").read_bytes()
    result = cli("--data", str(portfolio), "acknowledge", "M365 licences")
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith(": has no missed cancel-by on 2026-11-27\n")
    assert result.err.startswith("ctotui: events/")
    assert len(result.err.splitlines()) == 1
    undo = cli("--data", str(portfolio), "acknowledge", "M365 licences", "--undo")
    assert undo.code == 2
    assert undo.err.endswith(
        ": field 'cancel_by_acknowledged': no missed cancel-by was acknowledged\n"
    )
    assert (portfolio / "events.json").read_bytes() == before
