"""Bringing a folder written by an older ctotui up to this schema when it is opened."""

from __future__ import annotations

from typing import Any

from ctotui.data.canonical import table_bytes
from ctotui.data.folder import DataFolder, file_stamp, meta_bytes
from ctotui.data.jsonfile import read_json
from ctotui.data.layout import META_FILE, SCHEMA_VERSION, TABLES, table_file
from ctotui.data.migrations import migrate
from ctotui.data.tablefile import LoadedTable, parse_table
from ctotui.errors import DataError


def upgrade(folder: DataFolder) -> dict[str, LoadedTable]:
    """The folder's tables migrated to this schema and validated after it; written back (tables
    first, then meta.json) unless the folder is read-only, which keeps the result in memory."""
    from_version = folder.schema_version
    raw = {table: _read_raw(folder, table) for table in TABLES}
    try:
        migrated = migrate(raw, from_version, SCHEMA_VERSION)
    except LookupError as exc:
        raise DataError(
            META_FILE,
            f"this ctotui cannot migrate schema {from_version} to {SCHEMA_VERSION} ({exc})",
        ) from None
    files = {table: table_bytes(table, migrated.get(table, {})) for table in TABLES}
    loaded = {table: parse_table(files[table], table, table_file(table)) for table in TABLES}
    if folder.read_only:
        for table in TABLES:
            folder.stamps[table] = file_stamp(folder.path / table_file(table))
        folder.read_only_reason = (
            f"the data uses schema {from_version} and must be migrated, "
            f"but {folder.read_only_reason}"
        )
        return loaded
    with folder.write_lock():
        # One journaled commit: the tables and meta.json move to the new schema together.
        folder.commit({**files, META_FILE: meta_bytes(SCHEMA_VERSION)})
    folder.schema_version = SCHEMA_VERSION
    folder.tables = frozenset(TABLES)
    return loaded


def _read_raw(folder: DataFolder, table: str) -> dict[str, dict[str, Any]]:
    """One table file's records as stored, unvalidated."""
    path = folder.path / table_file(table)
    if not path.exists():
        return {}
    data = read_json(path)
    records = data.get(table) if isinstance(data, dict) else None
    if not isinstance(records, dict):
        raise DataError(path.name, f'expected {{"{table}": {{...}}}} at the top')
    return records
