"""Everything the app needs from sync, in one import (no Textual here or below).

    from ctotui.sync.api import run_sync, sync_status, resolve_conflict, conflict_views

* `sync_status(folder)` — cheap (a few local git commands, cached diffs): call it every few
  seconds for the header ("3 unsynced changes", "1 conflict to review") and `problem`.
* `run_sync(folder, progress)` — blocking (network): run it in a worker thread; *progress*
  receives one-line messages; raises a `SyncError` (one-line message) when it cannot finish.
  Afterwards call `store.reload_if_changed()`.
* `conflict_views(store)` / `resolve_conflict(store, id, "kept" | "other")` — the review screen.
* `heal_folder(folder)` — repair whatever git did since the last look (a plain `git pull` that
  left a dangling reference or parked conflicts, a killed sync); call it when opening a folder,
  before the store (the app does), or later followed by `store.reload_if_changed()`.
* `collect_parked_conflicts(folder)` — only the parked conflicts part of that.
"""

from __future__ import annotations

from ctotui.sync.errors import (
    MergeFailedError,
    NetworkError,
    NoGitError,
    NotARepoError,
    NotSetUpError,
    RemoteRejectedError,
    SyncError,
    UnresolvedStateError,
)
from ctotui.sync.heal import HealResult, heal_folder
from ctotui.sync.parked import collect_parked_conflicts
from ctotui.sync.rescue import resolve_merge
from ctotui.sync.review import ConflictView, Keep, conflict_views, resolve_conflict, value_text
from ctotui.sync.run import Progress, SyncResult, run_sync
from ctotui.sync.setup import setup_sync
from ctotui.sync.status import SyncStatus, sync_status

__all__ = [
    "ConflictView",
    "HealResult",
    "Keep",
    "MergeFailedError",
    "NetworkError",
    "NoGitError",
    "NotARepoError",
    "NotSetUpError",
    "Progress",
    "RemoteRejectedError",
    "SyncError",
    "SyncResult",
    "SyncStatus",
    "UnresolvedStateError",
    "collect_parked_conflicts",
    "conflict_views",
    "heal_folder",
    "resolve_conflict",
    "resolve_merge",
    "run_sync",
    "setup_sync",
    "sync_status",
    "value_text",
]
