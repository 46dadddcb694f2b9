"""Export → import into an empty folder → the same records; importing again changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from portfolio_data import Ids
from support import snapshot

from ctotui.data.folder import create_folder
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.schema import to_record
from ctotui.exchange.csv_export import export_csv
from ctotui.exchange.csv_import import apply_plan, plan_csv_import
from ctotui.exchange.tables import CSV_TABLES, csv_table

# Clients first: the other tables name them. Recommendations before the tables linking to them.
ORDER = ["clients", "engagements", "recommendations", "events", "budget_lines"]


def records(store: Store, table: str) -> dict[str, dict[str, Any]]:
    """Every record with its id and created_at; updated_at is the store's own stamp of a write."""
    found = {}
    for rec in store.all(CSV_TABLES[table].cls):
        body = to_record(rec)
        body.pop("updated_at")
        found[rec.id] = body
    return found


def import_all(store: Store, exports: dict[str, str]) -> list[str]:
    summaries = []
    for table in ORDER:
        plan = plan_csv_import(store, csv_table(table), exports[table], f"{table}.csv")
        assert plan.problems == []
        apply_plan(store, plan)
        summaries.append(plan.summary(dry_run=False))
    return summaries


def test_round_trip_gives_identical_records(store: Store, practice: Ids, tmp_path: Path) -> None:
    exports = {table: export_csv(store, csv_table(table)) for table in ORDER}
    folder = tmp_path / "empty"
    create_folder(folder)
    with Store(folder, clock=FixedClock("2027-02-01T12:00:00+00:00")) as copy:
        assert import_all(copy, exports) == [
            "clients: added 3, updated 0, 0 unchanged",
            "engagements: added 1, updated 0, 0 unchanged",
            "recommendations: added 7, updated 0, 0 unchanged",
            "events: added 5, updated 0, 0 unchanged",
            "budget_lines: added 5, updated 0, 0 unchanged",
        ]
        for table in ORDER:
            assert records(copy, table) == records(store, table), table
            # And the copy exports to the very same bytes.
            assert export_csv(copy, csv_table(table)) == exports[table]


def test_reimport_changes_nothing(store: Store, practice: Ids, data_dir: Path) -> None:
    exports = {table: export_csv(store, csv_table(table)) for table in ORDER}
    before = snapshot(data_dir)
    summaries = import_all(store, exports)
    assert all("added 0, updated 0" in line for line in summaries), summaries
    assert snapshot(data_dir) == before


def test_round_trip_through_the_cli_with_stdin_and_stdout(
    cli: Callable[..., Any], data_dir: Path, practice: Ids, tmp_path: Path
) -> None:
    empty = tmp_path / "copy"
    assert cli("init", "--no-git", str(empty)).code == 0
    for table in ORDER:
        out = cli("--data", str(data_dir), "export", "csv", table, "-")
        assert out.code == 0, out.err
        done = cli("--data", str(empty), "import", "csv", table, "-", input=out.out)
        assert done.code == 0, done.err
        again = cli("--data", str(empty), "export", "csv", table, "-")
        assert again.out == out.out
    for name in ("clients.json", "recommendations.json", "events.json", "budget_lines.json"):
        assert (empty / name).exists()


def test_export_of_one_client(cli: Callable[..., Any], data_dir: Path, practice: Ids) -> None:
    done = cli("--data", str(data_dir), "export", "csv", "recs", "-", "--client", "Falcon")
    assert done.code == 0, done.err
    assert done.out.count("\n") == 1 + 6  # the header, then Acme's six recommendations
    assert "Borealis" not in done.out
