"""`ctotui edit`: the fields given change, the others stay, bad input writes nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest
from support import snapshot

from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Cost, Event, Milestone, Recommendation

REC = "01JC0000000000000000REC001"
CLIENT = "01JC0000000000000000CA0001"
EVENT = "01JC0000000000000000EVT001"
MILESTONE = "01JC0000000000000000MS0001"


@pytest.fixture
def practice(data_dir: Path, store: Store, clock: FixedClock) -> Path:
    store.insert(Client(id=CLIENT, name="Halvorsen Freight", codename="KESTREL"))
    store.insert(Client(name="Norrland Timber", fiscal_year_start=7))
    store.insert(
        Recommendation(
            id=REC,
            client=CLIENT,
            title="Move depot telephony",
            due=pendulum.Date(2027, 1, 8),
            owner="Ann",
            estimated_cost=Cost(one_time=Decimal("68000"), recurring=Decimal("4000")),
            tags=["uc"],
        )
    )
    store.insert(Milestone(id=MILESTONE, recommendation=REC, title="Pilot in two depots"))
    store.insert(
        Event(
            id=EVENT,
            client=CLIENT,
            title="Firewall renewal",
            date=pendulum.Date(2027, 3, 1),
            end=pendulum.Date(2027, 3, 1),
            notice_days=90,
            auto_renew=True,
        )
    )
    return data_dir


def stored(folder: Path, table: str, rec_id: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((folder / f"{table}.json").read_text())[table][rec_id]
    return body


def test_edit_changes_only_the_fields_given(practice: Path, cli: Any) -> None:
    before = stored(practice, "recommendations", REC)
    done = cli(
        "--data",
        str(practice),
        "edit",
        "rec",
        "depot",
        "--due",
        "+2w",
        "--owner",
        "Bo Ek",
        "--cost",
        "70k",
        "--priority",
        "high",
    )
    assert (done.code, done.err) == (0, ""), done.err
    assert done.out == (
        f"recommendation {REC[-8:]} 'Move depot telephony': priority medium → high, "
        "due 2027-01-08 → 2026-12-11, owner 'Ann' → 'Bo Ek', estimated_cost "
        "{one_time 68000.00, recurring 4000.00} → {one_time 70000.00, recurring 4000.00}\n"
    )
    after = stored(practice, "recommendations", REC)
    assert after["due"] == "2026-12-11"  # +2w from Friday 2026-11-27
    assert after["owner"] == "Bo Ek" and after["priority"] == "high"
    assert after["estimated_cost"] == {"one_time": "70000.00", "recurring": "4000.00"}
    unchanged = {k for k in before if before[k] == after.get(k)}
    assert unchanged >= {"title", "client", "tags", "status", "created_at", "area"}


def test_an_empty_value_clears_a_field_and_tags_are_replaced(practice: Path, cli: Any) -> None:
    data = ("--data", str(practice))
    done = cli(
        *data,
        "edit",
        "rec",
        REC[-8:],
        "--due",
        "",
        "--cost",
        "",
        "--tag",
        "voip",
        "--tag",
        "depots",
        "--json",
    )
    assert (done.code, done.err) == (0, ""), done.err
    printed = json.loads(done.out)
    body = stored(practice, "recommendations", REC)
    assert "due" not in body and printed["due"] is None
    assert body["estimated_cost"] == {"recurring": "4000.00"}
    assert body["tags"] == printed["tags"] == ["voip", "depots"]
    assert printed["id"] == REC and printed["updated_at"] == body["updated_at"]
    done = cli(*data, "edit", "rec", REC[-8:], "--recurring", "", "--tag", "")
    assert done.code == 0, done.err
    body = stored(practice, "recommendations", REC)
    assert "estimated_cost" not in body and body.get("tags", []) == []


def test_edit_client_event_and_milestone(practice: Path, cli: Any) -> None:
    data = ("--data", str(practice))
    done = cli(
        *data,
        "edit",
        "client",
        "KESTREL",
        "--name",
        "Halvorsen Group",
        "--fy-start",
        "4",
        "--health",
        "amber",
    )
    assert done.code == 0, done.err
    client = stored(practice, "clients", CLIENT)
    assert (client["name"], client["fiscal_year_start"], client["health"]) == (
        "Halvorsen Group",
        4,
        "amber",
    )
    done = cli(
        *data,
        "edit",
        "event",
        "firewall",
        "--no-auto-renew",
        "--time",
        "10:30",
        "--amount",
        "12,500.50",
        "--notice-days",
        "",
    )
    assert done.code == 0, done.err
    event = stored(practice, "events", EVENT)
    assert event.get("auto_renew", False) is False and event["time"] == "10:30"
    assert event.get("all_day", True) is False and event["amount"] == "12500.50"
    assert "notice_days" not in event
    # A fiscal offset sets the date (FY start April 1st, 90 days before: January 1st).
    done = cli(*data, "edit", "event", "firewall", "--fiscal-offset", "-90", "--end", "")
    assert done.code == 0, done.err
    event = stored(practice, "events", EVENT)
    assert (event["date"], event["fiscal_offset_days"]) == ("2027-01-01", -90)
    done = cli(
        *data,
        "edit",
        "milestone",
        "pilot",
        "--weight",
        "3",
        "--due",
        "2027-01-15",
        "--rec",
        "telephony",
    )
    assert done.code == 0, done.err
    milestone = stored(practice, "milestones", MILESTONE)
    assert (milestone["weight"], milestone["due"]) == (3, "2027-01-15")


def test_nothing_to_change_writes_nothing(practice: Path, cli: Any) -> None:
    before = snapshot(practice)
    done = cli("--data", str(practice), "edit", "rec", "depot", "--owner", "Ann")
    assert (done.code, done.err) == (0, "")
    assert done.out == (
        f"recommendation {REC[-8:]} 'Move depot telephony': nothing to change "
        "(it already has these values)\n"
    )
    assert snapshot(practice) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("edit", "rec", "depot"),
            "edit rec: say what to change: --title, --client, --area, --priority, --due, "
            "--owner, --rationale, --cost, --recurring, --tag (see `ctotui edit rec --help`)",
        ),
        (
            ("edit", "rec", "nothing-like-it", "--due", "today"),
            "no recommendation matches 'nothing-like-it'",
        ),
        (
            ("edit", "rec", "depot", "--due", "someday"),
            "--due: not a date: 'someday' (use YYYY-MM-DD, today, tomorrow, +3d, +2w, +1m, -1y, "
            "friday, next monday, end of month, end of quarter)",
        ),
        (
            ("edit", "rec", "depot", "--cost", "12,50"),
            "--cost: ambiguous amount '12,50': with a decimal point (amount_decimal = \".\") the "
            "',' is not a thousands separator here; write 12.50 or 1250",
        ),
        (
            ("edit", "rec", "depot", "--title", ""),
            f"recommendations/{REC}: field 'title': is required",
        ),
        (("edit", "rec", "depot", "-c", "nobody"), "no client matches 'nobody'"),
        (
            ("edit", "client", "halvorsen", "--fy-start", "0"),
            f"clients/{CLIENT}: field 'fiscal_year_start': must be at least 1, got 0",
        ),
        (
            ("edit", "client", "halvorsen", "--fy-start", ""),
            "--fy-start: cannot be cleared; give a value",
        ),
        (
            ("edit", "milestone", "pilot", "--weight", "0"),
            f"milestones/{MILESTONE}: field 'weight': must be at least 1, got 0",
        ),
        (
            ("edit", "event", "firewall", "--date", "2027-04-01"),
            f"events/{EVENT}: field 'end': is before date (2027-04-01)",
        ),
        (
            ("edit", "event", "firewall", "--fiscal-offset", "400"),
            "--fiscal-offset: must be -366 to 366 days, got 400",
        ),
        (
            ("edit", "event", "firewall", "--time", "25:00"),
            f"events/{EVENT}: field 'time': expected HH:MM, got '25:00'",
        ),
    ],
)
def test_bad_edits_are_one_line_and_write_nothing(
    practice: Path, cli: Any, args: tuple[str, ...], message: str
) -> None:
    before = snapshot(practice)
    done = cli("--data", str(practice), *args)
    assert (done.code, done.out, done.err) == (2, "", f"ctotui: {message}\n")
    assert snapshot(practice) == before


def test_a_date_is_refused_while_the_fiscal_offset_sets_it(practice: Path, cli: Any) -> None:
    data = ("--data", str(practice))
    assert cli(*data, "edit", "event", "firewall", "--end", "", "--fiscal-offset", "-90").code == 0
    before = snapshot(practice)
    done = cli(*data, "edit", "event", "firewall", "--date", "2027-05-01")
    assert (done.code, done.err) == (
        2,
        "ctotui: --date: the event falls on a date set by its fiscal offset; clear it with "
        '--fiscal-offset "" to give a date\n',
    )
    assert snapshot(practice) == before
    done = cli(*data, "edit", "event", "firewall", "--date", "2027-05-01", "--fiscal-offset", "")
    assert done.code == 0, done.err
    event = stored(practice, "events", EVENT)
    assert event["date"] == "2027-05-01" and "fiscal_offset_days" not in event


def test_usage_errors_of_edit(practice: Path, cli: Any) -> None:
    done = cli("--data", str(practice), "edit", "milestone", "pilot", "--weight", "heavy")
    assert (done.code, done.err) == (
        2,
        "ctotui edit milestone: argument --weight: not a whole number: 'heavy' "
        "(see `ctotui edit milestone --help`)\n",
    )
    done = cli("--data", str(practice), "edit")
    assert (done.code, done.err) == (
        2,
        "ctotui: say which kind: client, rec, event, milestone (see `ctotui edit --help`)\n",
    )


# Another process changes the due date between the moment `edit` read the recommendation and
# the moment it writes: the wrapper runs the real CLI with that write slipped in just before
# `edit_record` (the only way to hit a window of a few milliseconds every time).
CONCURRENT_EDIT = """
import sys
from ctotui.cli import main
from ctotui.data.store import Store
from ctotui.subcommands import edit

real = edit.edit_record

def elsewhere_first(store, seen, changes, **kwargs):
    with Store(store.folder) as other:
        other.update(type(seen), seen.id, due="2027-02-01")
    return real(store, seen, changes, **kwargs)

edit.edit_record = elsewhere_first
sys.exit(main(sys.argv[1:]))
"""


def test_an_edit_does_not_overwrite_a_change_made_meanwhile(practice: Path, cli: Any) -> None:
    data = ("--data", str(practice))
    done = cli(*data, "edit", "rec", "depot", "--due", "2027-03-01", entry=("-c", CONCURRENT_EDIT))
    assert (done.code, done.out, done.err) == (
        2,
        "",
        f"ctotui: recommendations/{REC}: due changed elsewhere since you read it; "
        "nothing was saved\n",
    )
    assert stored(practice, "recommendations", REC)["due"] == "2027-02-01"
    # A field nobody else touched is still written.
    done = cli(*data, "edit", "rec", "depot", "--owner", "Cy", entry=("-c", CONCURRENT_EDIT))
    assert done.code == 0, done.err
    body = stored(practice, "recommendations", REC)
    assert (body["owner"], body["due"]) == ("Cy", "2027-02-01")


def test_a_currency_is_set_and_cleared(practice: Path, cli: Any) -> None:
    data = ("--data", str(practice))
    done = cli(*data, "edit", "client", "halvorsen", "--currency", "USD")
    assert done.out == f"client {CLIENT[-8:]} 'Halvorsen Freight': currency (none) → USD\n"
    assert stored(practice, "clients", CLIENT)["currency"] == "USD"
    done = cli(*data, "edit", "client", "halvorsen", "--currency", "")
    assert done.out == f"client {CLIENT[-8:]} 'Halvorsen Freight': currency USD → (none)\n"
    assert "currency" not in stored(practice, "clients", CLIENT)
    before = snapshot(practice)
    done = cli(*data, "edit", "client", "halvorsen", "--currency", "")
    assert done.out.endswith(": nothing to change (it already has these values)\n")
    assert snapshot(practice) == before
