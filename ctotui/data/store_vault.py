"""The store's vault side (see `ctotui.data.sealing`): a mixin, so store.py stays readable."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from ctotui.data import side_load, vaultcache
from ctotui.data.canonical import TableEncoder
from ctotui.data.folder import DataFolder, file_stamp
from ctotui.data.jsonfile import read_data_file
from ctotui.data.layout import TABLES, VAULT_FILE, table_file
from ctotui.data.sealing import LOAD_ORDER, Parsed, Sealer
from ctotui.data.storage import FolderStorage
from ctotui.data.tablefile import LoadedTable
from ctotui.domain.clock import Clock
from ctotui.errors import CtoError
from ctotui.vault import fields


class VaultMixin:
    """What the store does for a vault: counts, locks, sealing each change."""

    _sealer: Sealer | None
    _storage: FolderStorage
    _encoders: dict[str, TableEncoder]
    _dirty: set[str]
    _disk: DataFolder
    _depth: int
    _mutex: threading.RLock
    clock: Clock
    read_only_reason: Any
    folder: Any
    loading: bool
    opened_stamps: dict[str, Any]

    def _touch(self, table: str, rec_id: str) -> None:
        raise NotImplementedError

    def _install_all(self, loaded: dict[str, LoadedTable]) -> None:
        raise NotImplementedError

    def _vault_problems(self) -> None:
        """Damaged tokens found by the last reads, each said once among the warnings (a
        deferred open finds those of most tables in the background, after the first frame)."""
        if self._sealer is None:
            return
        warnings = self._disk.warnings
        warnings.extend(p for p in dict.fromkeys(self._sealer.problems) if p not in warnings)
        self._sealer.problems.clear()

    def _end_first_frame(self, failed: bool) -> None:
        """After the whole read that follows a first frame's read: what that read kept goes
        (the whole read may have come from the load cache instead). When it *failed*, the
        tables the first frame's read left partly opened (their files unstamped) are emptied,
        as a deferred open leaves them, so nothing shows a value left sealed; the next read
        that succeeds fills them."""
        sealer = self._sealer
        if sealer is None or (not sealer.first_read and sealer.vault.kept is None):
            return
        sealer.first_read.clear()
        sealer.vault.kept = None
        if failed:
            stamped = self._disk.stamps
            empty = {t: LoadedTable({}, {}, sealed={}, locked=set()) for t in TABLES}
            self._install_all({t: e for t, e in empty.items() if t not in stamped})

    def load_first_frame(self, *, split: bool = False) -> bool:
        """A vault opened deferred with no glance to draw: read the tables not read yet with
        only what the dashboard's first frame shows opened (`ctotui.vault.first_frame`), so
        that frame is drawn from the store at a fraction of the AES-SIV work. Their files'
        stamps are not recorded: `load_rest`, and any transaction before it, read them again
        whole (and report damage) before anything else reads or writes them. False, with
        nothing changed, when this is not such a store, a file changed since the store opened
        (a glance made from this read is labelled with the files as they were then) or a file
        does not read (the whole read then says why). With *split*, a process with one thread
        reads some tables in a forked second process meanwhile (`_first_frame_tables`)."""
        sealer = self._sealer
        if sealer is None or not self.loading:
            return False
        with self._mutex:
            try:
                with self._disk.consistent():
                    if self._disk.current_stamps(TABLES) != self.opened_stamps:
                        return False  # changed since the store opened: read whole, as changed
                    stamped = self._disk.stamps
                    files = {
                        t: read_data_file(self.folder / table_file(t))
                        for t in LOAD_ORDER
                        if t not in stamped and (self.folder / table_file(t)).exists()
                    }
                # The bytes are one state of the folder: opening them needs no lock, and the
                # dashboard (`glance_ahead`: this is its glance's child) opens the folder
                # meanwhile instead of after.
                loaded = _first_frame_tables(sealer, self.folder, files, split)
            except (CtoError, OSError):
                return False
            self._install_all(loaded)
        return True

    @property
    def is_vault(self) -> bool:
        return self._sealer is not None

    @property
    def sealer(self) -> Sealer | None:
        """The vault's side of the store (None in a folder that is not a vault)."""
        return self._sealer

    def locked_clients(self) -> int:
        """How many clients this machine holds no key for (shown only as a count)."""
        return self._sealer.locked_clients() if self._sealer is not None else 0

    def _locked(self, table: str, rec_id: str) -> bool:
        return self._sealer is not None and self._sealer.is_locked(table, rec_id)

    def reseal(self, table: str, rec_id: str) -> None:
        """Seal one record again as it is (within a transaction: a key rotation)."""
        if not self._depth:
            raise RuntimeError("reseal outside a transaction")
        self._touch(table, rec_id)

    def _vault_file_changed(self) -> None:
        self._disk.stamps[VAULT_FILE] = file_stamp(self.folder / VAULT_FILE)
        if self._sealer is None:
            # `vault init` ran elsewhere and a pull brought the vault: this store reads plain.
            self.read_only_reason = "the folder became a vault; quit and reopen ctotui"
            return
        self._sealer.reread_manifest(self.folder)

    def _seal(self, table: str, rec_id: str) -> None:
        """Seal the new version of one record, and of the records whose client it decides
        (a recommendation moved to another client takes its milestones along)."""
        assert self._sealer is not None
        sealer = self._sealer
        before = sealer.lookup(table, rec_id)
        plain = self._storage.table(table).get(rec_id)
        sealer.touch(table, rec_id, plain, self.clock)
        if before is None or plain is None or before.get("client") == plain.get("client"):
            return
        for child, child_id in sealer.children(table, rec_id):
            body = self._storage.table(child).get(child_id)
            if body is not None:
                sealer.touch(child, child_id, body, self.clock)
                self._encoders[child].forget(child_id)
                self._dirty.add(child)


#: Read aside, on a second core, while the recommendations are opened (`split`): the table
#: whose records find their client (and whether they show) through a recommendation. With the
#: events and the rest read here, the two halves of a 20,000-record first frame's work are
#: about even.
_PARENT = "recommendations"
_ASIDE = ("milestones",)


def _first_frame_tables(
    sealer: Sealer, folder: Path, files: dict[str, bytes], split: bool
) -> dict[str, LoadedTable]:
    """The tables of *files* (their bytes, by table) opened for the first frame, in order;
    with *split*, those of `_ASIDE` in a forked process (`ctotui.data.side_load`) started as
    soon as the recommendations are parsed, and collected before the conflicts (which look
    their owners up in every table). What that process opened is opened again by the whole
    read after, if one follows in this process (its texts are not handed back); when it
    fails, they are read here."""
    aside = [t for t in _ASIDE if t in files] if split and _PARENT in files else []
    started: list[side_load.SideWork] = []

    def fork(records: dict[str, Any]) -> None:
        work = side_load.start(lambda: _read_aside(sealer, folder, files, aside, records))
        started.extend([work] if work is not None else [])

    def collect() -> None:
        for work in started:
            loaded.update(_unpack(sealer, work.collect(), aside))
        started.clear()
        for name in aside:  # the process could not be started, or gave nothing
            if name not in loaded:
                loaded[name] = _open(sealer, folder, files, name)

    loaded: dict[str, LoadedTable] = {}
    try:
        for table in files:
            if table == fields.CONFLICTS:
                collect()
            if table not in loaded and table not in aside:
                then = fork if aside and table == _PARENT else None
                loaded[table] = _open(sealer, folder, files, table, then)
        collect()
    finally:
        for work in started:  # a table here did not read: the other process is not waited for
            work.abandon()
    return loaded


def _open(
    sealer: Sealer,
    folder: Path,
    files: dict[str, bytes],
    table: str,
    then: Parsed | None = None,
) -> LoadedTable:
    return sealer.load(folder, table, first_frame=True, then=then, raw_bytes=files[table])


def _read_aside(
    sealer: Sealer,
    folder: Path,
    files: dict[str, bytes],
    tables: list[str],
    records: dict[str, Any],
) -> tuple[dict[str, tuple[bytes, bytes]], list[tuple[str, str]]]:
    """In the forked process: *tables* read for the first frame, with the recommendations as
    parsed (*records*: a milestone's client and whether it shows are its recommendation's).
    Each table in the two pickles of the vault's load cache (`vaultcache.table_parts`)."""
    sealer.stored[_PARENT] = records
    done = {t: _open(sealer, folder, files, t) for t in tables}
    return {t: vaultcache.table_parts(got) for t, got in done.items()}, sorted(sealer.to_reseal)


def _unpack(sealer: Sealer, found: Any, tables: list[str]) -> dict[str, LoadedTable]:
    """The tables `_read_aside` handed back ({} when it gave nothing usable: they are read
    here instead). Their opened and sealed dicts are unpickled when first needed (the glance's
    child never needs them; a conflict's owner, a write or the whole read may)."""
    out: dict[str, LoadedTable] = {}
    try:
        by_table, to_reseal = found
        for table in tables:
            first, second = by_table[table]
            out[table] = vaultcache.table_from_parts(sealer, table, first, second)
        reseal = {(t, i) for t, i in to_reseal}
    except Exception:  # not what was asked for: read here instead
        for table in out:
            sealer.stored[table] = {}
        return {}
    sealer.to_reseal |= reseal
    return out
