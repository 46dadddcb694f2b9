"""What a data folder contains: one JSON file per table, meta.json, and git's companions."""

from __future__ import annotations

from ctotui.domain.entities import ENTITIES

SCHEMA_VERSION = 1
META_FILE = "meta.json"
TABLES: tuple[str, ...] = tuple(cls.TABLE for cls in ENTITIES)


def table_file(table: str) -> str:
    return f"{table}.json"


DATA_FILES: tuple[str, ...] = tuple(table_file(t) for t in TABLES)
#: A vault's declaration and each client's key id (no secret: see ctotui/vault/manifest.py).
#: Merged by the merge driver like the table files; absent from a folder that is not a vault.
VAULT_FILE = "vault.json"

GITIGNORE = """\
# the temporary files of an interrupted write
.ctotui-tmp-*
# this clone's own state outside git (locks, journal, undo log) when the folder had no .git yet
.ctotui/
# written by older versions of ctotui
.ctotui.lock
.ctotui-session.lock
.ctotui-cache/
"""
