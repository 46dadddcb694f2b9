"""`ctotui export csv`: one table as a spreadsheet-friendly CSV (UTF-8, header row first)."""

from __future__ import annotations

import csv
import io

from ctotui.data.store import Store
from ctotui.domain.entities import Client
from ctotui.domain.schema import Record
from ctotui.exchange.columns import cell_of, guard_cell, table_columns
from ctotui.exchange.tables import Exchanged, fold


def export_csv(
    store: Store, table: Exchanged, client_id: str | None = None, *, raw: bool = False
) -> str:
    """The records of *table* (only *client_id*'s, if given), grouped by client. Cells a
    spreadsheet would run as a formula get a leading apostrophe unless *raw*."""
    columns = table_columns(table.cls)
    names = {c.id: c.name for c in store.all(Client)}

    def owner(rec: Record) -> str:
        return rec.id if isinstance(rec, Client) else str(getattr(rec, "client", ""))

    records = [r for r in store.all(table.cls) if client_id is None or owner(r) == client_id]
    # By client name, then by id: ULIDs sort in creation order, so a re-export is stable.
    records.sort(key=lambda r: (fold(names.get(owner(r), "")), r.id))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    guard = (lambda text: text) if raw else guard_cell
    for rec in records:
        writer.writerow([guard(cell_of(rec, c, names)) for c in columns])
    return out.getvalue()
