"""Conflicts a plain `git pull` parked in the git folder, made into records when a folder opens.

Its own small module: opening the dashboard needs only this of sync, and importing all of
`ctotui.sync.api` would be paid by every start.
"""

from __future__ import annotations

from pathlib import Path

from ctotui.data.lock import write_lock
from ctotui.sync.conflicts import count_pending, fold_pending
from ctotui.sync.repo import LOCK_TIMEOUT, is_repo


def collect_parked_conflicts(folder: Path | str) -> int:
    """Record in `conflicts.json` what the merge driver parked during a plain `git pull`;
    returns how many new conflicts that made (0 quickly when nothing is parked)."""
    folder = Path(folder).expanduser()
    if not is_repo(folder) or not count_pending(folder):
        return 0
    with write_lock(folder, LOCK_TIMEOUT):
        return len(fold_pending(folder))
