"""TinyDB's side of the store: string ids, and a storage that serves memory and writes nothing.

TinyDB keeps its Table/Query API (`store.query(Client, Query().status == "paused")`), but over
`FolderStorage`, which holds the stored dicts of every table in memory. The store decides when
and how table files are written (one transaction, atomic and journaled); TinyDB never touches
the disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from tinydb.storages import Storage
from tinydb.table import Table

from ctotui.data.tablefile import LoadedTable, Raw
from ctotui.domain.ids import new_ulid


class StrIdTable(Table):
    """A TinyDB table keyed by ULID strings instead of counting integers."""

    document_id_class = str  # type: ignore[assignment]  # TinyDB's stubs say int

    def _get_next_id(self) -> str:
        return new_ulid()


class FolderStorage(Storage):
    """TinyDB storage over the store's in-memory tables.

    A table may arrive with its stored dicts deferred (`LoadedTable.raw_later`, from the load
    cache): they are built the first time anything reads that table's dicts, or by
    `load_deferred` in the background once the dashboard is up.
    """

    def __init__(self, tables: dict[str, Raw]) -> None:
        self.tables = tables
        self._deferred: dict[str, Callable[[], Raw]] = {}
        self._building = threading.Lock()

    def put(self, table: str, loaded: LoadedTable) -> None:
        with self._building:
            self.tables[table] = loaded.raw
            if loaded.raw_later is None:
                self._deferred.pop(table, None)
            else:
                self._deferred[table] = loaded.raw_later

    def table(self, name: str) -> Raw:
        """The stored dicts of table *name*, built now if they were deferred."""
        if self._deferred:
            self.load_deferred(name)
        return self.tables[name]

    def load_deferred(self, *names: str) -> None:
        """Build the deferred dicts of *names* (all tables when none are named)."""
        with self._building:
            for name in names or list(self._deferred):
                later = self._deferred.pop(name, None)
                if later is not None:
                    self.tables[name] = later()

    def read(self) -> dict[str, Raw]:
        if self._deferred:
            self.load_deferred()
        return self.tables

    def write(self, data: dict[str, Raw]) -> None:
        with self._building:
            self._deferred.clear()
            self.tables = data
