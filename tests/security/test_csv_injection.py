"""Spreadsheets don't run our exports: a formula-looking cell is exported as text, and imported
back to exactly what it was."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ctotui.data.store import Store
from ctotui.domain.entities import Client
from ctotui.exchange.columns import guard_cell, unguard_cell

FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "'quoted",
]


def cells(text: str, column: str) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(text)))
    return [row[column] for row in rows]


def test_formula_cells_are_written_as_text_and_read_back_exactly(
    data_dir: Path, cli: Any, tmp_path: Path
) -> None:
    store = Store(data_dir)
    for n, formula in enumerate(FORMULAS):
        store.insert(Client(name=f"Client {n}", notes=formula))
    out = tmp_path / "clients.csv"
    assert cli("--data", str(data_dir), "export", "csv", "clients", str(out)).code == 0
    text = out.read_text()
    assert sorted(cells(text, "notes")) == sorted("'" + f for f in FORMULAS)
    raw = cli("--data", str(data_dir), "export", "csv", "clients", "-", "--raw")
    assert sorted(cells(raw.out, "notes")) == sorted(FORMULAS)
    # Importing the exported file changes nothing: every value comes back as it was.
    before = {c.id: c.notes for c in Store(data_dir).all(Client)}
    done = cli("--data", str(data_dir), "import", "csv", "clients", str(out))
    assert done.code == 0, done.err
    assert {c.id: c.notes for c in Store(data_dir).all(Client)} == before


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("=+-@'\t\r a1"), max_size=6))
def test_guarding_a_cell_round_trips_and_never_starts_a_formula(text: str) -> None:
    guarded = guard_cell(text)
    assert unguard_cell(guarded) == text
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
