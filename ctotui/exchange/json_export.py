"""`ctotui export json`: the whole folder, or one table, for `jq` and other tools.

The records are those of `ctotui list --json` without the derived fields: `id` first, then the
stored fields (empty ones left out), `created_at` and `updated_at` included. See
docs/json-fields.md.
"""

from __future__ import annotations

import json
from typing import Any

from ctotui.data.layout import TABLES
from ctotui.data.store import Store
from ctotui.domain.entities import BY_TABLE
from ctotui.domain.schema import Record, to_record
from ctotui.exchange.tables import CSV_TABLES, ExchangeError

JSON_TABLE_NAMES = {
    alias: name for name, exchanged in CSV_TABLES.items() for alias in exchanged.aliases
}


def json_table(name: str) -> str:
    wanted = name.strip().lower()
    wanted = JSON_TABLE_NAMES.get(wanted, wanted)
    if wanted not in TABLES:
        raise ExchangeError(f"no table {name!r} (one of: {', '.join(TABLES)})")
    return wanted


def _record(rec: Record) -> dict[str, Any]:
    return {"id": rec.id, **to_record(rec)}


def _records(store: Store, table: str) -> list[dict[str, Any]]:
    return [_record(r) for r in sorted(store.all(BY_TABLE[table]), key=lambda r: r.id)]


def export_json(store: Store, table: str | None = None) -> str:
    """One table as a list of records, or every table: `{"clients": [...], ...}`."""
    data: Any = (
        _records(store, table) if table else {name: _records(store, name) for name in TABLES}
    )
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
