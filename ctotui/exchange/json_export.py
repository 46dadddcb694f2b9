"""`ctotui export json`: the whole folder, or one table, for `jq` and other tools.

The records have the shape of `ctotui list --json` without the derived fields: `id`,
`created_at`, `updated_at`, then every field of the table by its stored name, an empty one as
"" (text), [] (lists) or null, so a script never meets a missing key. See docs/json-fields.md.
"""

from __future__ import annotations

import json
from typing import Any

from ctotui.data.layout import TABLES
from ctotui.data.store import Store
from ctotui.domain.entities import BY_TABLE
from ctotui.domain.schema import OBJS, TAGS, TEXT, Record, field_specs, to_record
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
    stored = to_record(rec, with_meta=False)
    fields = {}
    for name, s in field_specs(type(rec)).items():
        key = s.key or name
        empty: Any = "" if s.kind == TEXT else [] if s.kind in (TAGS, OBJS) else None
        fields[key] = stored.get(key, empty)
    return {"id": rec.id, "created_at": rec.created_at, "updated_at": rec.updated_at, **fields}


def _records(store: Store, table: str) -> list[dict[str, Any]]:
    return [_record(r) for r in sorted(store.all(BY_TABLE[table]), key=lambda r: r.id)]


def export_json(store: Store, table: str | None = None) -> str:
    """One table as a list of records, or every table: `{"clients": [...], ...}`."""
    data: Any = (
        _records(store, table) if table else {name: _records(store, name) for name in TABLES}
    )
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
