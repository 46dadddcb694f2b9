"""What the dashboard's first frame shows, kept beside the load cache: a first frame that costs
the same on a decade of data as on a week of it.

A glance is the dashboard as it opens — every client row, the first rows of the other three
panes for all clients, how many rows each has, the names and the header's counts — taken from a
`Snapshot` built from the whole store. It is kept like the load cache (`ctotui.data.loadcache`:
outside the data folder, under this machine's MAC, checked before anything is decoded, decoded
with an allow-list of classes) and trusted only for exactly the files it was made from (every
table file, meta.json and vault.json by inode, mtime and size), the same code, and the same
view (day, presentation mode, currency, date format, the stale and alert windows). A vault's
glance is encrypted as its load cache is (`ctotui.data.vaultcache`: AES-256-GCM under a key
derived from this machine's cache key and every vault key it holds, the key ids in its header),
so it is exactly as readable as those keys, and a glance made with other keys is not used.

The dashboard draws the glance, the store reads the rest in the background, and the panes get
their full rows when it is done; the header says "loading…" until then.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pickle
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from ctotui.data import loadcache, vaultcache
from ctotui.data.folder import file_stamp
from ctotui.data.layout import DATA_FILES, META_FILE, TABLES, VAULT_FILE, table_file
from ctotui.domain import agenda_items
from ctotui.views import dashboard
from ctotui.views.dashboard import Attention, ClientRow, ProgressRow, RecRow, Snapshot, Viewpoint

if TYPE_CHECKING:
    from datetime import date

    from ctotui.config import Settings
    from ctotui.data.sealing import Sealer

T = TypeVar("T")
FORMAT = 2
HEAD_ROWS = 100  # rows kept of each pane: a terminal 200 lines tall shows no more
# A smaller folder loads in less time than a glance saves (the tests lower it).
_MIN = os.environ.get("CTOTUI_GLANCE_MIN_BYTES", "")
MIN_BYTES = int(_MIN) if _MIN.isdigit() else 2 * 1024 * 1024

_fingerprint: str | None = None


class RowsHead(Sequence[T], Generic[T]):
    """The first rows of a longer list: as long as the whole list, but only the first
    `len(head)` can be read (the rest arrive with the full load)."""

    def __init__(self, head: list[T], total: int) -> None:
        self.head = head
        self.total = max(total, len(head))

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return self.head[index]
        if index < 0:
            index += self.total
        if not 0 <= index < len(self.head):
            raise IndexError("not loaded yet")
        return self.head[index]

    def __iter__(self) -> Iterator[T]:
        return iter(self.head)


@dataclass(slots=True)
class Glance:
    clients: list[ClientRow]
    clients_total: int
    recs: list[RecRow]
    recs_total: int
    progress: list[ProgressRow]
    progress_total: int
    agenda: list[agenda_items.AgendaItem]
    agenda_total: int
    names: dict[str, str]
    attention: Attention

    @classmethod
    def of(cls, snap: Snapshot, rows: int = HEAD_ROWS) -> Glance:
        recs, progress, agenda = snap.for_client("")
        return cls(
            list(snap.clients[:rows]),
            len(snap.clients),
            list(recs[:rows]),
            len(recs),
            list(progress[:rows]),
            len(progress),
            list(agenda[:rows]),
            len(agenda),
            dict(snap.names),
            snap.attention,
        )

    def snapshot(self, view: Viewpoint) -> Snapshot:
        """The dashboard's snapshot as far as the first frame needs it: all clients' rows."""
        return Snapshot(
            view,
            clients=RowsHead(self.clients, self.clients_total),  # type: ignore[arg-type]
            recs={"": RowsHead(self.recs, self.recs_total)},  # type: ignore[dict-item]
            progress={"": RowsHead(self.progress, self.progress_total)},  # type: ignore[dict-item]
            agenda={"": RowsHead(self.agenda, self.agenda_total)},  # type: ignore[dict-item]
            names=dict(self.names),
            attention=self.attention,
        )


def deferrable(folder: Path) -> bool:
    """True when *folder* is big enough to open from a glance, and caches are on (the app asks
    here, so that only the views and the store know of the load cache); a big vault opens
    deferred even without them (its first frame then opens only what it shows)."""
    return (loadcache.enabled() or (folder / VAULT_FILE).exists()) and worth_it(folder)


def worth_it(folder: Path) -> bool:
    """True when the folder is big enough for a glance to shorten its start."""
    total = 0
    for name in DATA_FILES:
        with contextlib.suppress(OSError):
            total += (folder / name).stat().st_size
    return total >= MIN_BYTES


def fingerprint() -> str:
    """The load cache's code fingerprint, and the views' sources (they make the rows)."""
    global _fingerprint
    if _fingerprint is None:
        digest = hashlib.blake2b(loadcache.code_fingerprint().encode(), digest_size=16)
        for source in sorted(Path(dashboard.__file__).parent.glob("*.py")):
            with contextlib.suppress(OSError):
                digest.update(source.name.encode() + b"\0" + source.read_bytes())
        _fingerprint = digest.hexdigest()
    return _fingerprint


def view_key(view: Viewpoint) -> list[Any]:
    return [
        view.today.isoformat(),
        view.presentation,
        view.focus_client,
        view.currency,
        view.date_format,
        view.stale_after_days,
        view.alert_window_days,
        view.agenda_days,
    ]


def _header(stamps: dict[str, Any], view: Viewpoint, sealer: Sealer | None) -> list[Any]:
    header = [FORMAT, fingerprint(), files_of(stamps), view_key(view)]
    if sealer is not None:
        header.append(vaultcache.key_ids(sealer))
    return header


def file_name(view: Viewpoint, *, vault: bool = False) -> str:
    """The cache file of the glance for *view*. A vault's has a suffix of its own: a plain
    `.pickle` beside a vault was made before it was one (in the clear) and is removed."""
    key = json.dumps(view_key(view)).encode()
    suffix = vaultcache.SUFFIX if vault else ".pickle"
    return f"glance-{hashlib.blake2b(key, digest_size=8).hexdigest()}{suffix}"


def _allowed() -> dict[tuple[str, str], type[Any]]:
    allowed = dict(loadcache._allowed_classes())
    rows: tuple[type[Any], ...] = (Glance, ClientRow, RecRow, ProgressRow, Attention)
    for cls in (*rows, agenda_items.AgendaItem, agenda_items.AgendaKind):
        allowed[(cls.__module__, cls.__name__)] = cls
    return allowed


class _Unpickler(pickle.Unpickler):
    ALLOWED: dict[tuple[str, str], type[Any]] | None = None

    def find_class(self, module: str, name: str) -> Any:
        if _Unpickler.ALLOWED is None:
            _Unpickler.ALLOWED = _allowed()
        found = _Unpickler.ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a ctotui glance")
        return found


def unpickle(payload: bytes) -> Any:
    """*payload* unpickled with only a glance's classes allowed (records, rows, dates)."""
    return _Unpickler(io.BytesIO(payload)).load()


def read(
    folder: Path, stamps: dict[str, Any], view: Viewpoint, sealer: Sealer | None = None
) -> Glance | None:
    """The glance made from files with exactly *stamps* for *view* (a vault's: with the keys
    *sealer* holds), or None."""
    if not set(TABLES) <= stamps.keys():
        return None
    header = _header(stamps, view, sealer)
    name = file_name(view, vault=sealer is not None)
    payload: bytes | memoryview | None = loadcache.read_sealed(folder, name, header)
    if payload is not None and sealer is not None:
        payload = vaultcache.open_payload(sealer, json.dumps(header).encode(), payload)
    if payload is None:
        return None
    try:
        glance = _Unpickler(io.BytesIO(payload)).load()
    except Exception:
        return None
    return glance if isinstance(glance, Glance) else None


def write(
    folder: Path,
    stamps: dict[str, Any],
    view: Viewpoint,
    glance: Glance,
    sealer: Sealer | None = None,
) -> bool:
    """Keep *glance*, made from files with *stamps* for *view* (a vault's: encrypted, see the
    top); False when it may not be kept."""
    header = _header(stamps, view, sealer)
    payload: bytes | None = pickle.dumps(glance, pickle.HIGHEST_PROTOCOL)
    if sealer is not None:
        payload = vaultcache.seal_payload(sealer, json.dumps(header).encode(), payload or b"")
    if payload is None:
        return False
    return loadcache.write_sealed(
        folder, file_name(view, vault=sealer is not None), header, payload
    )


# --- what the app and the background refresh share ------------------------------------------


def view_for(
    settings: Settings, today: date, *, presentation: bool | None = None, focus: str | None = None
) -> Viewpoint:
    """How the dashboard looks at the data with *settings* on *today* (as it opens: no focus,
    presentation mode as configured)."""
    return Viewpoint(
        today=today,
        presentation=settings.presentation_mode if presentation is None else presentation,
        focus_client=focus,
        currency=settings.currency,
        date_format=settings.date_format,
        stale_after_days=settings.stale_after_days,
        alert_window_days=settings.alert_window_days,
    )


def current_stamps(folder: Path) -> dict[str, Any]:
    """The files of *folder* as they are now, named as `Store.loaded_stamps` names them."""
    stamps: dict[str, Any] = {t: file_stamp(folder / table_file(t)) for t in TABLES}
    stamps[META_FILE] = file_stamp(folder / META_FILE)
    stamps[VAULT_FILE] = file_stamp(folder / VAULT_FILE)
    return stamps


def fresh(folder: Path, prefix: str = "glance-") -> set[str]:
    """The names (starting with *prefix*) of *folder*'s glances made from its files as they
    are now. From their unauthenticated headers: enough to tell which are stale, never
    trusted for anything else (`read` checks a glance before it is used)."""
    files = files_of(current_stamps(folder))
    headers = loadcache.sealed_headers(folder, prefix)
    return {p.name for p, h in headers.items() if isinstance(h, list) and h[2:3] == [files]}


def files_of(stamps: dict[str, Any]) -> list[Any]:
    """*stamps* as a glance's header lists them."""
    return sorted([name, list(stamp) if stamp else None] for name, stamp in stamps.items())
