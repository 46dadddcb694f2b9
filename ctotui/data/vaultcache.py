"""The load cache of a vault folder: not written for now (nothing opened lands on disk)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ctotui.data.sealing import Sealer
    from ctotui.data.tablefile import LoadedTable


def read(folder: Path, table: str, stamp: Any, sealer: Sealer) -> LoadedTable | None:
    return None


def refresh(folder: Path) -> list[str]:
    return []
