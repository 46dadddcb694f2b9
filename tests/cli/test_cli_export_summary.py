"""Every export says in one line what it wrote: on stdout for a file, on stderr beside data
that goes to stdout (`-`), so a pipe gets only the data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pendulum
import pytest
from support import stderr_on_a_terminal

from ctotui.data.store import Store
from ctotui.domain.entities import Client, Event, Recommendation


@pytest.fixture
def practice(data_dir: Path, store: Store) -> Path:
    acme = store.insert(Client(name="Acme"))
    store.insert(Client(name="Beta"))
    for title in ("SIEM", "Backups", "MFA"):
        store.insert(Recommendation(client=acme.id, title=title))
    store.insert(Event(client=acme.id, title="Kickoff", date=pendulum.Date(2026, 12, 1)))
    return data_dir


def test_export_to_a_file_says_what_it_wrote(practice: Path, cli: Any, tmp_path: Path) -> None:
    data = ("--data", str(practice))
    csv_file, json_file, all_file = (tmp_path / n for n in ("r.csv", "c.json", "all.json"))
    done = cli(*data, "export", "csv", "recs", str(csv_file))
    assert (done.code, done.out, done.err) == (0, f"wrote 3 recommendations to {csv_file}\n", "")
    done = cli(*data, "export", "csv", "clients", str(csv_file), "--force")
    assert done.out == f"wrote 2 clients to {csv_file}\n"
    done = cli(*data, "export", "json", "events", str(json_file))
    assert (done.code, done.out, done.err) == (0, f"wrote 1 event to {json_file}\n", "")
    done = cli(*data, "export", "json", "milestones", str(json_file), "--force")
    assert done.out == f"wrote 0 milestones to {json_file}\n"
    done = cli(*data, "export", "json", str(all_file))
    assert done.out == f"wrote 2 clients, 3 recommendations, 1 event to {all_file}\n"
    assert len(json.loads(all_file.read_text())["recommendations"]) == 3


def test_export_to_stdout_keeps_the_summary_out_of_the_data(practice: Path, cli: Any) -> None:
    data = ("--data", str(practice))
    done = cli(*data, "export", "csv", "recs", "-", "--client", "acme")
    assert done.code == 0 and done.out.count("\n") == 4  # the header and three rows
    assert done.err == "ctotui: wrote 3 recommendations to stdout\n"
    done = cli(*data, "export", "json", "clients", "-")
    assert sorted(c["name"] for c in json.loads(done.out)) == ["Acme", "Beta"]
    assert done.err == "ctotui: wrote 2 clients to stdout\n"
    done = cli(*data, "export", "ics", "-")
    assert done.code == 0 and done.out.startswith("BEGIN:VCALENDAR")
    assert done.err == "ctotui: wrote 1 calendar item to stdout\n"


@pytest.mark.parametrize("days", ["-1", "99999999"])
def test_report_days_out_of_range_is_one_line(practice: Path, cli: Any, days: str) -> None:
    # 99999999 days ahead used to end in an OverflowError traceback.
    done = cli("--data", str(practice), "report", "acme", "--days", days, "--out", "-")
    assert (done.code, done.out, done.err) == (
        2,
        "",
        f"ctotui: --days must be 0 to 3650, got {days}\n",
    )


def test_on_a_terminal_an_ics_export_shows_how_far_it_is_then_clears_the_line(
    practice: Path, tmp_path: Path
) -> None:
    """A decade of a busy practice takes seconds to write as .ics: a terminal sees counts (never
    a name: it may be shared), and the line is gone when the summary comes."""
    out = tmp_path / "cal.ics"
    code, stdout, terminal = stderr_on_a_terminal(
        ["--data", str(practice), "export", "ics", str(out)],
        {"CTOTUI_CONFIG": str(tmp_path / "none.toml")},
    )
    assert code == 0
    assert stdout == f"wrote 1 calendar item to {out}\n"
    last = "ctotui: writing 1 calendar item…"
    assert terminal == (
        "\rctotui: 0/2 clients…\rctotui: 1/2 clients…"
        + "\r" + last.ljust(len(last)) + "\r" + " " * len(last) + "\r"
    )  # fmt: skip
