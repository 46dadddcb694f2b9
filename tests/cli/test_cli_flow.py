"""The command line end to end, as a real subprocess with a fixed clock."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REC_KEYS = [
    "id",
    "created_at",
    "updated_at",
    "client",
    "engagement",
    "title",
    "area",
    "rationale",
    "priority",
    "impact",
    "effort",
    "estimated_cost",
    "status",
    "history",
    "owner",
    "proposed_on",
    "decided_on",
    "due",
    "implemented_on",
    "verified_on",
    "progress",
    "expected_outcome",
    "realised_outcome",
    "tags",
]
STAMP = "2026-11-27T09:00:00.000000Z"


def ok(done: Any) -> str:
    assert (done.code, done.err) == (0, ""), done.err
    return str(done.out)


def test_a_day_with_the_command_line(tmp_path: Path, cli: Any) -> None:
    folder = tmp_path / "practice"
    data = ("--data", str(folder))
    config = tmp_path / "config.toml"
    assert ok(cli("init", str(folder))) == (
        f"created data folder {folder}\n"
        f'made it the default data folder (data_folder = "{folder}" in {config})\n'
    )

    added = json.loads(
        ok(cli(*data, "add", "client", "Brasserie Zürich", "--codename", "Hops", "--json"))
    )
    assert added["name"] == "Brasserie Zürich" and added["created_at"] == STAMP
    client_short = added["id"][-8:]

    out = ok(
        cli(
            *data,
            "add",
            "rec",
            "Move telephony to UC",
            "--client",
            "zürich",
            "--area",
            "unified_comms",
            "--priority",
            "high",
            "--due",
            "next friday",
            "--cost",
            "12.5k",
        )
    )
    assert out.startswith("added recommendation ") and out.endswith(
        " 'Move telephony to UC' for Brasserie Zürich\n"
    )
    rec_short = out.split()[2]
    out = ok(cli(*data, "add", "milestone", "Pick a carrier", "--rec", rec_short, "--due", "+2w"))
    assert out == f"added milestone {out.split()[2]} 'Pick a carrier' to 'Move telephony to UC'\n"
    ok(cli(*data, "add", "milestone", "Port the numbers", "-r", "telephony", "--weight", "3"))

    table = ok(cli(*data, "list", "recs")).splitlines()
    assert table[0].split() == [
        "ID",
        "TITLE",
        "CLIENT",
        "AREA",
        "PRIORITY",
        "STATUS",
        "DUE",
        "COST",
    ]
    assert table[1].split("  ")[0] == rec_short
    for cell in (
        "Move telephony to UC",
        "Brasserie Zürich",
        "UC/telephony",
        "high",
        "draft",
        "2026-12-04",
        "€12.5k",
    ):
        assert cell in table[1]
    assert len(table) == 2

    [rec] = json.loads(ok(cli(*data, "list", "recs", "--json")))
    assert list(rec) == [*REC_KEYS, "client_name", "progress_percent", "overdue"]
    assert rec["due"] == "2026-12-04"  # "next friday" from Friday 2026-11-27
    assert rec["estimated_cost"] == {"one_time": "12500.00"}
    assert (rec["client_name"], rec["progress_percent"], rec["overdue"]) == (
        "Brasserie Zürich",
        0,
        False,
    )
    assert rec["progress"] is None  # the manual override, not set
    assert rec["owner"] == "" and rec["tags"] == [] and rec["decided_on"] is None

    assert ok(cli(*data, "status", rec_short, "proposed")) == (
        "'Move telephony to UC': draft → proposed\n"
    )
    assert ok(cli(*data, "status", "telephony", "accepted", "--note", "board said yes")) == (
        "'Move telephony to UC': proposed → accepted\n"
    )
    assert ok(cli(*data, "done", "carrier")) == (
        "done: 'Pick a carrier' ('Move telephony to UC' is now 25%)\n"
    )

    [rec] = json.loads(ok(cli(*data, "list", "recs", "--status", "accepted", "--json")))
    assert rec["status"] == "accepted" and rec["progress_percent"] == 25
    assert rec["proposed_on"] == rec["decided_on"] == "2026-11-27"
    assert [(h["from"], h["to"], h.get("note")) for h in rec["history"]] == [
        ("draft", "proposed", None),
        ("proposed", "accepted", "board said yes"),
    ]
    milestones = json.loads(ok(cli(*data, "list", "milestones", "--json")))
    assert [(m["title"], m["done_on"]) for m in milestones] == [
        ("Pick a carrier", "2026-11-27"),
        ("Port the numbers", None),
    ]
    [client] = json.loads(ok(cli(*data, "list", "clients", "--json")))
    assert client["id"].endswith(client_short)
    assert (client["open_recs"], client["overdue_recs"]) == (1, 0)

    report = ok(cli("check", str(folder)))
    assert report == f"{folder}: ok (1 clients, 1 recommendations, 2 milestones)\n"


def test_closed_recommendations_are_listed_only_on_request(tmp_path: Path, cli: Any) -> None:
    folder = tmp_path / "practice"
    data = ("--data", str(folder))
    ok(cli("init", "--no-git", str(folder)))
    ok(cli(*data, "add", "client", "Acme"))
    ok(cli(*data, "add", "rec", "Open one", "-c", "Acme"))
    ok(cli(*data, "add", "rec", "Dropped", "-c", "Acme"))
    ok(cli(*data, "status", "Dropped", "rejected"))
    assert [r["title"] for r in json.loads(ok(cli(*data, "list", "recs", "--json")))] == [
        "Open one"
    ]
    listed = json.loads(ok(cli(*data, "list", "recs", "--all", "--json")))
    assert sorted(r["title"] for r in listed) == ["Dropped", "Open one"]
    listed = json.loads(ok(cli(*data, "list", "recs", "-s", "rejected", "--json")))
    assert [r["title"] for r in listed] == ["Dropped"]


@pytest.mark.parametrize("env", [{"CTOTUI_DATA": "{folder}"}, {}])
def test_the_data_folder_comes_from_the_environment_or_the_config(
    tmp_path: Path, cli: Any, env: dict[str, str]
) -> None:
    folder = tmp_path / "practice"
    ok(cli("init", "--no-git", str(folder)))
    if env:
        env = {"CTOTUI_DATA": str(folder)}
    else:
        (tmp_path / "config.toml").write_text(f'data_folder = "{folder}"\n')
    ok(cli("add", "client", "Acme", env=env))
    assert "Acme" in ok(cli("list", "clients", env=env))


def test_events_on_the_command_line(tmp_path: Path, cli: Any) -> None:
    folder = tmp_path / "practice"
    data = ("--data", str(folder))
    ok(cli("init", "--no-git", str(folder)))
    ok(cli(*data, "add", "client", "Acme"))
    ok(cli(*data, "add", "client", "Beta", "--status", "paused"))
    out = ok(
        cli(
            *data,
            "add",
            "event",
            "Firewall renewal",
            "-c",
            "Acme",
            "--kind",
            "renewal",
            "--date",
            "end of year",
            "--end",
            "2027-12-30",
            "--rrule",
            "FREQ=YEARLY",
            "--notice-days",
            "90",
            "--amount",
            "8,400",
        )
    )
    assert out.endswith(" 'Firewall renewal' for Acme\n")
    ok(cli(*data, "add", "event", "QBR", "-c", "Beta", "--kind", "meeting", "--date", "+1w"))
    table = ok(cli(*data, "list", "events")).splitlines()
    assert table[0].split() == ["ID", "DATE", "TITLE", "CLIENT", "KIND", "REPEATS"]
    assert [line.split("  ")[1] for line in table[1:]] == ["2026-12-04", "2026-12-31"]
    [event] = json.loads(ok(cli(*data, "list", "events", "--client", "acme", "--json")))
    assert (event["date"], event["end"], event["rrule"]) == (
        "2026-12-31",
        "2027-12-30",
        "FREQ=YEARLY",
    )
    assert (event["amount"], event["notice_days"], event["kind"]) == ("8400.00", 90, "renewal")
    paused = json.loads(ok(cli(*data, "list", "clients", "--status", "paused", "--json")))
    assert [c["name"] for c in paused] == ["Beta"]
