"""Multi-file transactions on a copy of the sample practice, for the crash and fault tests."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

from support import snapshot

from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import BudgetLine, Client, Recommendation
from ctotui.exchange.csv_export import export_csv
from ctotui.exchange.csv_import import apply_plan, plan_csv_import
from ctotui.exchange.tables import csv_table
from ctotui.services import deleting
from ctotui.services.undo import undo_last

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
CLOCK = "2026-11-27T09:00:00+00:00"
Transaction = Callable[[Store], None]


def cascade_delete(store: Store) -> None:
    client = max(store.all(Client), key=lambda c: len(store.where(Recommendation, "client", c.id)))
    deleting.delete(store, Client, client.id, cascade=True)


def csv_import(store: Store) -> None:
    table = csv_table("recs")
    rows = list(csv.reader(io.StringIO(export_csv(store, table))))
    # Every row gets a new owner; the import updates them all in one transaction.
    owner = rows[0].index("owner")
    for row in rows[1:]:
        row[owner] = "Imported Owner"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    apply_plan(store, plan_csv_import(store, table, out.getvalue(), "recs.csv"))


def split_budget_line(store: Store) -> None:
    line = max(store.all(BudgetLine), key=lambda b: b.planned or 0)
    half = (line.planned or 0) / 2
    with store.transaction():
        store.update(BudgetLine, line.id, planned=half)
        store.insert(
            BudgetLine(
                id="01JZ0000000000000000SPA1T0",  # fixed: "after" is the same bytes every run
                client=line.client,
                fiscal_year=line.fiscal_year,
                category=line.category,
                description=f"{line.description} (second half)",
                planned=half,
                currency=line.currency,
            )
        )


def undo_last_change(store: Store) -> None:
    undo_last(store)


TRANSACTIONS = {
    "cascade delete": cascade_delete,
    "csv import": csv_import,
    "split": split_budget_line,
    "undo of a cascade delete": undo_last_change,
}
# What must have happened on a folder before the transaction can run.
PREPARE: dict[str, Transaction] = {"undo of a cascade delete": cascade_delete}


def practice_copy(target: Path, name: str = "") -> Path:
    """A private copy of the sample practice, made ready for transaction *name*."""
    target.mkdir(mode=0o700)
    for path in SAMPLE.glob("*.json"):
        shutil.copyfile(path, target / path.name)
    prepare = PREPARE.get(name)
    if prepare is not None:
        with Store(target, clock=FixedClock(CLOCK)) as store:
            prepare(store)
    return target


def data_files(folder: Path) -> dict[str, bytes]:
    return {name: body for name, body in snapshot(folder).items() if name.endswith(".json")}
