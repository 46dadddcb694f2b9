"""Schema migrations: pure functions from one schema version's tables to the next.

A migration takes and returns `{table: {id: record}}` and must not draw fresh ids or read the
clock, so two machines migrating the same file produce identical bytes (and git sees no change
to merge). `MIGRATIONS[n]` upgrades version n to n + 1.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Tables = dict[str, dict[str, dict[str, Any]]]
Migration = Callable[[Tables], Tables]

MIGRATIONS: dict[int, Migration] = {}


def migrate(tables: Tables, from_version: int, to_version: int) -> Tables:
    for version in range(from_version, to_version):
        step = MIGRATIONS.get(version)
        if step is None:
            raise LookupError(f"no migration from schema {version} to {version + 1}")
        tables = step(tables)
    return tables
