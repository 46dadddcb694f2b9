"""`import csv`: all rows or none, natural keys, column mapping by header name."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest
from portfolio_data import Ids
from support import snapshot

from ctotui.data.store import Store
from ctotui.domain.entities import BudgetLine, Client, Recommendation
from ctotui.domain.enums import Health, Priority, RecStatus
from ctotui.exchange.csv_import import ImportPlan, apply_plan, plan_csv_import
from ctotui.exchange.tables import ExchangeError, csv_table


def plan(store: Store, table: str, text: str) -> ImportPlan:
    return plan_csv_import(store, csv_table(table), text, f"{table}.csv")


def load(store: Store, table: str, text: str) -> str:
    found = plan(store, table, text)
    assert found.problems == []
    apply_plan(store, found)
    return found.summary(dry_run=False)


GOOD_AND_BAD = """\
title,client,due,priority,estimated_cost.one_time
Move email to the cloud,acme logistics,2027-02-01,High,12.5k
Bad date,Acme Logistics,31/12/2026,low,
Fine too,Falcon,,,
No such client,Nobody Ltd,,,
Bad priority,Acme Logistics,,urgent,
,Acme Logistics,,,
Bad amount,Acme Logistics,,,"12,50"
"""


def test_one_bad_row_and_nothing_is_written(store: Store, practice: Ids, data_dir: Path) -> None:
    before = snapshot(data_dir)
    found = plan(store, "recs", GOOD_AND_BAD)
    assert found.problems == [
        (3, "column 'due': not a date: '31/12/2026' (expected YYYY-MM-DD)"),
        (5, "client 'Nobody Ltd': no client has this name (add or import it first)"),
        (6, "column 'priority': unknown value 'urgent' (one of: critical, high, medium, low)"),
        (7, "column 'title': is required"),
        (8, "column 'estimated_cost.one_time': ambiguous amount '12,50': with a decimal point "
            "(amount_decimal = \".\") the ',' is not a thousands separator here; write 12.50 "
            "or 1250"),
    ]  # fmt: skip
    with pytest.raises(ExchangeError, match=r"5 bad rows \(rows 3, 5, 6, 7, 8\); nothing"):
        apply_plan(store, found)
    assert snapshot(data_dir) == before


def test_cli_lists_bad_rows_and_exits_2(
    cli: Callable[..., Any], data_dir: Path, practice: Ids, tmp_path: Path
) -> None:
    path = tmp_path / "recs.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    before = snapshot(data_dir)
    done = cli("--data", str(data_dir), "import", "csv", "recs", str(path))
    assert done.code == 2
    lines = done.err.splitlines()
    assert (
        lines[0] == f"{path}: row 3: column 'due': not a date: '31/12/2026' (expected YYYY-MM-DD)"
    )
    assert [line.split(": ")[1] for line in lines[:5]] == [
        "row 3", "row 5", "row 6", "row 7", "row 8"
    ]  # fmt: skip
    assert lines[-1] == f"ctotui: {path}: 5 bad rows (rows 3, 5, 6, 7, 8); nothing was imported"
    assert done.out == ""
    assert snapshot(data_dir) == before


def test_good_rows_are_read_as_a_person_writes_them(store: Store, practice: Ids) -> None:
    good = "\n".join(line for line in GOOD_AND_BAD.splitlines()[:4] if "Bad" not in line)
    assert load(store, "recs", good) == "recommendations: added 2, updated 0, 0 unchanged"
    email = store.resolve(Recommendation, "Move email to the cloud")
    assert email.client == practice.acme  # by name, any case
    assert email.priority == Priority.HIGH  # "High"
    assert email.due == pendulum.Date(2027, 2, 1)
    assert email.estimated_cost is not None
    assert email.estimated_cost.one_time == Decimal("12500.00")  # "12.5k"
    assert store.resolve(Recommendation, "Fine too").client == practice.acme  # by codename


def test_dry_run_writes_nothing(
    cli: Callable[..., Any], data_dir: Path, practice: Ids, tmp_path: Path
) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("name,health\nNewco,amber\nAcme Logistics,red\n", encoding="utf-8")
    before = snapshot(data_dir)
    done = cli("--data", str(data_dir), "import", "csv", "clients", str(path), "--dry-run")
    assert done.code == 0, done.err
    assert done.out == "clients: would add 1, would update 1, 0 unchanged\n"
    assert snapshot(data_dir) == before
    done = cli("--data", str(data_dir), "import", "csv", "clients", str(path))
    assert done.out == "clients: added 1, updated 1, 0 unchanged\n"
    assert snapshot(data_dir) != before


def test_natural_key_makes_reimport_idempotent(store: Store, practice: Ids, data_dir: Path) -> None:
    text = (
        "client,fiscal_year,category,description,planned\n"
        "Acme Logistics,2027,hardware,Laptops,50000\n"
        "Acme Logistics,2027,licences,Microsoft 365,52000\n"
    )
    assert load(store, "budget", text) == "budget_lines: added 2, updated 0, 0 unchanged"
    count = len(store.all(BudgetLine))
    files = snapshot(data_dir)
    assert load(store, "budget", text) == "budget_lines: added 0, updated 0, 2 unchanged"
    assert len(store.all(BudgetLine)) == count
    assert snapshot(data_dir) == files
    changed = text.replace("50000", "55000").replace("acme", "ACME")
    assert load(store, "budget", changed) == "budget_lines: added 0, updated 1, 1 unchanged"
    planned = {b.description: b.planned for b in store.all(BudgetLine) if b.fiscal_year == 2027}
    assert planned == {"Laptops": Decimal("55000.00"), "Microsoft 365": Decimal("52000.00")}


def test_missing_columns_keep_fields_and_empty_cells_clear_them(
    store: Store, practice: Ids
) -> None:
    load(store, "clients", "name,health,sector\nAcme Logistics,red,\n")
    acme = store.get(Client, practice.acme)
    assert acme.health == Health.RED
    assert acme.sector == ""  # an empty cell clears
    assert acme.codename == "Falcon"  # no column: kept
    assert [c.name for c in acme.contacts] == ["Jane Roe"]


def test_update_by_id_may_rename(store: Store, practice: Ids) -> None:
    text = f"id,name\n{practice.acme.lower()},Acme Logistics Group\n"
    assert load(store, "clients", text) == "clients: added 0, updated 1, 0 unchanged"
    assert store.get(Client, practice.acme).name == "Acme Logistics Group"


def test_status_change_is_appended_to_the_history(store: Store, practice: Ids) -> None:
    rec = store.get(Recommendation, practice.recs["hire"])
    history = '"[]"'  # an attempt to wipe the record of the advice given is ignored
    text = f"client,title,status,history\nAcme Logistics,{rec.title},accepted,{history}\n"
    assert load(store, "recs", text) == "recommendations: added 0, updated 1, 0 unchanged"
    updated = store.get(Recommendation, rec.id)
    assert updated.status == RecStatus.ACCEPTED
    assert [(h.from_, h.to, h.note) for h in updated.history] == [
        ("draft", "proposed", ""),
        ("proposed", "accepted", "imported from CSV"),
    ]
    assert load(store, "recs", text) == "recommendations: added 0, updated 0, 1 unchanged"


def test_nested_columns_json_cells_tags_and_links(store: Store, practice: Ids) -> None:
    text = (
        "name,nda.signed_on,nda.level,contacts,tags\n"
        'Newco,2026-01-05,mutual,"[{""name"": ""Ann Lee"", ""title"": ""CEO""}]",uk; retail\n'
    )
    load(store, "clients", text)
    newco = store.resolve(Client, "Newco")
    assert newco.nda is not None and newco.nda.level.value == "mutual"
    assert newco.nda.signed_on == pendulum.Date(2026, 1, 5)
    assert [(c.name, c.title) for c in newco.contacts] == [("Ann Lee", "CEO")]
    assert newco.tags == ["uk", "retail"]
    line = "client,fiscal_year,description,recommendation\nAcme Logistics,2026,Partner,"
    load(store, "budget", line + "replace the acme erp\n")  # a link by title
    partner = next(b for b in store.all(BudgetLine) if b.description == "Partner")
    assert partner.recommendation == practice.recs["erp"]


@pytest.mark.parametrize(
    ("table", "text", "row", "reason"),
    [
        ("clients", "name,contacts\nX,[oops\n", 2, "column 'contacts': expected a JSON list"),
        ("clients", "name,size\nX,ten\n", 2, "column 'size': expected a whole number"),
        ("clients", "id,name\nnot-an-id,X\n", 2, "id 'not-an-id' is not a ctotui id"),
        ("clients", "name\nNewco\nNEWCO\n", 3, "same name 'NEWCO' as row 2"),
        ("events", "client,title,date,all_day\nAcme Logistics,T,2027-01-01,maybe\n", 2,
         "column 'all_day': expected true or false"),
        ("budget", "client,fiscal_year,description,recommendation\nHeron,2026,X,"
         "Replace the Acme ERP\n", 2, "recommendation 'Replace the Acme ERP': none for this"),
        ("recs", "client,title\nAcme Logistics,A,B\n", 2, "3 cells but the header names 2"),
    ],
)  # fmt: skip
def test_row_problems(
    store: Store, practice: Ids, table: str, text: str, row: int, reason: str
) -> None:
    problems = plan(store, table, text).problems
    assert len(problems) == 1
    assert problems[0][0] == row
    assert reason in problems[0][1]


def test_id_unknown_here_but_natural_key_known_is_refused(store: Store, practice: Ids) -> None:
    text = "id,name\n01ARZ3NDEKTSV4RRFFQ69G5FAV,Acme Logistics\n"
    ((row, reason),) = plan(store, "clients", text).problems
    assert row == 2
    assert f"name 'Acme Logistics' is (id {practice.acme})" in reason


def test_ambiguous_client_name(store: Store, practice: Ids, data_dir: Path) -> None:
    # The store refuses a second "Acme Logistics"; two clones adding one each offline and a
    # merge can still make a pair, as here by hand.
    path = data_dir / "clients.json"
    data = json.loads(path.read_text())
    data["clients"]["01JC0000000000000000TW1N00"] = {
        "codename": "Twin",
        "created_at": "2026-11-01T10:00:00.000000Z",
        "name": "Acme Logistics",
        "updated_at": "2026-11-01T10:00:00.000000Z",
    }
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    store.reload_if_changed()
    ((_, reason),) = plan(store, "recs", "client,title\nAcme Logistics,X\n").problems
    assert reason == "client 'Acme Logistics' matches 2 clients; use the client_id column"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("title,client,colour", "unknown column 'colour' (columns: id, client, engagement,"),
        ("title,due", "missing column 'client' (or 'client_id')"),
        ("client,due", "missing required column 'title'"),
        ("title,client,Title", "column 'title' appears twice"),
        ("", "no header row"),
    ],
)
def test_header_problems(store: Store, practice: Ids, header: str, message: str) -> None:
    with pytest.raises(ExchangeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        plan(store, "recs", header + "\n")


def test_headers_are_matched_by_name_in_any_order_and_case(store: Store, practice: Ids) -> None:
    text = "\ufeffDue , TITLE,Client_ID\n2027-05-01,Order laptops," + practice.acme + "\n"
    load(store, "recs", text)
    assert store.resolve(Recommendation, "Order laptops").due == pendulum.Date(2027, 5, 1)


def test_unknown_table(store: Store) -> None:
    with pytest.raises(ExchangeError, match="no CSV exchange for table 'milestones'"):
        csv_table("milestones")


def test_an_id_updates_its_record_though_another_of_the_client_shares_its_title(
    store: Store, practice: Ids
) -> None:
    first = store.insert(Recommendation(client=practice.acme, title="Quarterly review"))
    second = store.insert(Recommendation(client=practice.acme, title="Quarterly review"))
    text = (
        "id,client,title,priority\n"
        f"{first.id},Acme Logistics,Quarterly review,high\n"
        f"{second.id},Acme Logistics,Quarterly review,low\n"
    )
    assert load(store, "recs", text) == "recommendations: added 0, updated 2, 0 unchanged"
    assert store.get(Recommendation, first.id).priority == Priority.HIGH
    assert store.get(Recommendation, second.id).priority == Priority.LOW
    # Renamed by its id to a title two others have: still that record, and only it.
    hire = practice.recs["hire"]
    text = f"id,client,title\n{hire},Acme Logistics,Quarterly review\n"
    assert load(store, "recs", text) == "recommendations: added 0, updated 1, 0 unchanged"
    assert store.get(Recommendation, hire).title == "Quarterly review"
    # Without an id the title is all there is to go by: which of three is meant is asked.
    ((row, reason),) = plan(store, "recs", "client,title,due\nAcme Logistics,quarterly review,"
                            "2027-01-01\n").problems  # fmt: skip
    assert (row, reason) == (
        2,
        "3 records have client 'Acme Logistics' and title 'quarterly review'; "
        "fill in the id cell to say which",
    )


def test_an_export_with_shared_titles_imports_back_edited(store: Store, practice: Ids) -> None:
    import csv
    import io

    from ctotui.exchange.csv_export import export_csv

    for n in range(12):  # four titles, three records each, like a generated portfolio
        store.insert(Recommendation(client=practice.acme, title=f"Review {n % 4}"))
    rows = list(csv.DictReader(io.StringIO(export_csv(store, csv_table("recs")))))
    for row in rows:
        row["priority"] = "critical"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    found = plan(store, "recs", out.getvalue())
    assert found.problems == []
    assert len(found.updates) + found.unchanged == len(rows) == 19
    apply_plan(store, found)
    assert {r.priority for r in store.all(Recommendation)} == {Priority.CRITICAL}
