"""JSON for scripts: `export json`, every `list --json`, and the docs of their fields."""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from portfolio_data import Ids

from ctotui.data.layout import TABLES
from ctotui.data.store import Store
from ctotui.domain.entities import BY_TABLE
from ctotui.domain.schema import field_specs
from ctotui.exchange.columns import table_columns
from ctotui.exchange.json_export import export_json, json_table
from ctotui.exchange.tables import CSV_TABLES, ExchangeError

DOCS = Path(__file__).resolve().parents[2] / "docs"
META = {"id", "created_at", "updated_at"}
DOCUMENTED_TABLES = [
    "clients", "engagements", "recommendations", "milestones", "events", "budget_lines", "notes"
]  # fmt: skip


def documented_fields() -> dict[str, set[str]]:
    """Field names per `### table` section of docs/json-fields.md (first column of its table)."""
    text = (DOCS / "json-fields.md").read_text(encoding="utf-8")
    sections = re.split(r"^### (\w+)$", text, flags=re.MULTILINE)
    found = {}
    for name, body in zip(sections[1::2], sections[2::2], strict=True):
        cells = re.findall(r"^\| ([^|]+) \|", body.split("\n## ")[0], flags=re.MULTILINE)
        found[name] = {f for cell in cells for f in re.findall(r"`(\w+)`", cell)}
    return found


def documented_derived() -> dict[str, set[str]]:
    text = (DOCS / "json-fields.md").read_text(encoding="utf-8")
    derived = {}
    for command, cell in re.findall(r"^\| `ctotui list (\w+) --json` \| [^|]+ \| ([^|]+) \|", text,
                                    flags=re.MULTILINE):  # fmt: skip
        derived[command] = set(re.findall(r"`(\w+)`", cell))
    return derived


def test_every_stored_field_is_documented() -> None:
    docs = documented_fields()
    for table in DOCUMENTED_TABLES:
        stored = {s.key or name for name, s in field_specs(BY_TABLE[table]).items()}
        assert stored == docs[table], table


def test_csv_doc_lists_the_real_columns() -> None:
    text = (DOCS / "csv.md").read_text(encoding="utf-8")
    for table, exchanged in CSV_TABLES.items():
        (row,) = re.findall(rf"^\| {table} \| (.+) \|$", text, flags=re.MULTILINE)
        documented = [name.strip("`\\*") for name in row.split(", ")]
        assert documented == [c.name for c in table_columns(exchanged.cls)], table


@pytest.mark.parametrize(
    ("command", "table"),
    [("clients", "clients"), ("recs", "recommendations"), ("events", "events"),
     ("milestones", "milestones")],
)  # fmt: skip
def test_list_json_uses_only_documented_names(
    cli: Callable[..., Any], data_dir: Path, practice: Ids, command: str, table: str
) -> None:
    done = cli("--data", str(data_dir), "list", command, "--json", *(
        ["--all"] if command == "recs" else []
    ))  # fmt: skip
    assert done.code == 0, done.err
    items = json.loads(done.out)
    assert items, command
    allowed = META | documented_fields()[table] | documented_derived().get(command, set())
    for item in items:
        assert next(iter(item)) == "id"
        # Every documented name, always: a script never meets a missing key.
        assert set(item) == allowed, set(item) ^ allowed


def test_export_whole_folder(store: Store, practice: Ids) -> None:
    data = json.loads(export_json(store))
    assert list(data) == list(TABLES)
    assert len(data["clients"]) == 3
    ids = [r["id"] for r in data["recommendations"]]
    assert ids == sorted(ids)
    erp = next(r for r in data["recommendations"] if r["id"] == practice.recs["erp"])
    assert erp["estimated_cost"] == {"one_time": "120000.00", "recurring": "18000.50"}
    assert erp["history"][1] == {
        "from": "proposed", "to": "accepted", "on": "2026-10-20T10:00:00.000000Z",
        "note": "Approved by the board",
    }  # fmt: skip
    assert {"created_at", "updated_at"} <= set(erp)
    closed = next(c for c in data["clients"] if c["name"] == "Closed Co")
    assert (closed["sector"], closed["contacts"], closed["nda"]) == ("", [], None)


def test_export_one_table_by_alias(store: Store, practice: Ids) -> None:
    assert json_table("recs") == "recommendations"
    data = json.loads(export_json(store, json_table("recs")))
    assert isinstance(data, list) and len(data) == 7
    with pytest.raises(ExchangeError, match="no table 'widgets'"):
        json_table("widgets")


def test_export_json_cli(
    cli: Callable[..., Any], data_dir: Path, practice: Ids, tmp_path: Path
) -> None:
    out = tmp_path / "clients.json"
    done = cli("--data", str(data_dir), "export", "json", "clients", str(out))
    assert done.code == 0, done.err
    assert [c["name"] for c in json.loads(out.read_text(encoding="utf-8"))] == [
        "Acme Logistics", "Borealis Bank", "Closed Co"
    ]  # fmt: skip
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    whole = cli("--data", str(data_dir), "export", "json", "-")
    assert set(json.loads(whole.out)) == set(TABLES)
    bad = cli("--data", str(data_dir), "export", "json", "widgets", "-")
    assert bad.code == 2 and bad.err.startswith("ctotui: no table 'widgets'")
