"""The store's vault side (see `ctotui.data.sealing`): a mixin, so store.py stays readable."""

from __future__ import annotations

import threading
from typing import Any

from ctotui.data.canonical import TableEncoder
from ctotui.data.folder import DataFolder, file_stamp
from ctotui.data.layout import TABLES, VAULT_FILE, table_file
from ctotui.data.sealing import LOAD_ORDER, Sealer
from ctotui.data.storage import FolderStorage
from ctotui.data.tablefile import LoadedTable
from ctotui.domain.clock import Clock
from ctotui.errors import CtoError


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

    def load_first_frame(self) -> bool:
        """A vault opened deferred with no glance to draw: read the tables not read yet with
        only what the dashboard's first frame shows opened (`ctotui.vault.first_frame`), so
        that frame is drawn from the store at a fraction of the AES-SIV work. Their files'
        stamps are not recorded: `load_rest`, and any transaction before it, read them again
        whole (and report damage) before anything else reads or writes them. False, with
        nothing changed, when this is not such a store or a file does not read (the whole
        read then says why)."""
        sealer = self._sealer
        if sealer is None or not self.loading:
            return False
        with self._mutex:
            try:
                with self._disk.consistent():
                    stamped = self._disk.stamps
                    loaded = {
                        t: sealer.load(self.folder, t, first_frame=True)
                        for t in LOAD_ORDER
                        if t not in stamped and (self.folder / table_file(t)).exists()
                    }
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
