"""The store's vault side (see `ctotui.data.sealing`): a mixin, so store.py stays readable."""

from __future__ import annotations

from typing import Any

from ctotui.data.canonical import TableEncoder
from ctotui.data.folder import DataFolder, file_stamp
from ctotui.data.layout import VAULT_FILE
from ctotui.data.sealing import Sealer
from ctotui.data.storage import FolderStorage
from ctotui.domain.clock import Clock


class VaultMixin:
    """What the store does for a vault: counts, locks, sealing each change."""

    _sealer: Sealer | None
    _storage: FolderStorage
    _encoders: dict[str, TableEncoder]
    _dirty: set[str]
    _disk: DataFolder
    _depth: int
    clock: Clock
    read_only_reason: Any
    folder: Any

    def _touch(self, table: str, rec_id: str) -> None:
        raise NotImplementedError

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
