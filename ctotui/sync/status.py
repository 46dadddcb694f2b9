"""What the header shows about sync: unsynced changes, conflicts to review, what blocks a sync.

Cheap enough to call every few seconds: a handful of fast git commands, no network, and the
record-level diff is only recomputed when a data file or the reference commit changed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ctotui.sync.conflicts import FILE as CONFLICTS_FILE
from ctotui.sync.conflicts import TABLE as CONFLICTS_TABLE
from ctotui.sync.conflicts import count_pending
from ctotui.sync.gitrepo import git_available
from ctotui.sync.repo import (
    current_branch,
    driver_problem,
    find_remote,
    is_repo,
    merge_in_progress,
    rev,
    state_problem,
)
from ctotui.sync.summary import Changes, changed_files, file_changes, records_in

FileStamp = tuple[int, int, int] | None


@dataclass(frozen=True, slots=True)
class SyncStatus:
    git_available: bool
    is_repo: bool
    has_remote: bool
    remote: str  # "origin/main", or "" without a remote
    driver_ok: bool
    merge_in_progress: bool
    unsynced_changes: int  # records added, updated or deleted that the remote does not have
    conflicts: int  # conflicts waiting for review (recorded plus parked by a plain `git pull`)
    problem: str  # one line saying what blocks `sync` and how to fix it, or ""

    @property
    def can_sync(self) -> bool:
        return not self.problem


def _stamp(path: Path) -> FileStamp:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class _Cache:
    """Per-file record diffs and conflict counts, reused while the file and ref are unchanged."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.diffs: dict[tuple[str, str, str, FileStamp], Changes] = {}
        self.conflicts: dict[str, tuple[FileStamp, int]] = {}

    def changes(self, folder: Path, ref: str | None) -> int:
        total = 0
        wanted = set()
        for name in changed_files(folder, ref):
            key = (str(folder), ref or "", name, _stamp(folder / name))
            wanted.add(key)
            with self.lock:
                found = self.diffs.get(key)
            if found is None:
                found = file_changes(folder, ref, name)
                with self.lock:
                    self.diffs[key] = found
            total += found.total
        with self.lock:
            for key in [k for k in self.diffs if k[0] == str(folder) and k not in wanted]:
                del self.diffs[key]
        return total

    def conflict_count(self, folder: Path) -> int:
        path = folder / CONFLICTS_FILE
        stamp = _stamp(path)
        with self.lock:
            cached = self.conflicts.get(str(folder))
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            count = len(records_in(path.read_bytes(), CONFLICTS_TABLE))
        except OSError:
            count = 0
        with self.lock:
            self.conflicts[str(folder)] = (stamp, count)
        return count


_cache = _Cache()


def sync_status(folder: Path | str) -> SyncStatus:
    """The sync state of a data folder, for the header line and before offering a sync."""
    folder = Path(folder).expanduser()
    if not git_available():
        return SyncStatus(
            False, False, False, "", False, False, 0, _cache.conflict_count(folder),
            "git is not installed; install git to sync the data folder",
        )  # fmt: skip
    if not is_repo(folder):
        return SyncStatus(
            True, False, False, "", False, False, 0, _cache.conflict_count(folder),
            f"{folder}: not a git repository; run `ctotui sync --setup` to make it one",
        )  # fmt: skip
    driver = driver_problem(folder)
    state = state_problem(folder)
    branch = current_branch(folder)
    remote = find_remote(folder, branch) if branch else None
    ref = None
    if remote is not None:
        ref = rev(folder, remote.ref)
    if ref is None:
        ref = rev(folder, "HEAD")
    return SyncStatus(
        git_available=True,
        is_repo=True,
        has_remote=remote is not None,
        remote=remote.label if remote else "",
        driver_ok=driver is None,
        merge_in_progress=merge_in_progress(folder),
        unsynced_changes=_cache.changes(folder, ref),
        conflicts=_cache.conflict_count(folder) + count_pending(folder),
        problem=state or driver or "",
    )
