"""`ctotui sync`: commit local changes, fetch, merge with the driver, check, push.

One sync at a time per clone: a second one waits for the first (`leftovers.sync_lock`), and
clears what a killed one left (git's stale locks, scratch copies, a half-done merge) before it
starts. The folder's write lock is held while healing, committing and merging (so the dashboard
or a cron `ctotui add` waits a moment instead of writing into a half-done merge), never across
the network. Any failure between `git merge` and its commit aborts the merge: local data is
never lost or left half-merged. Whatever git did since the last sync (a plain `git pull`) is
repaired first (`heal`), and no commit that fails `check` is pushed (`commit.verify_head`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctotui.data import undolog
from ctotui.data.lock import write_lock
from ctotui.sync import remote_ops
from ctotui.sync.commit import Progress, commit_local, verify_head
from ctotui.sync.errors import RemoteRejectedError, SyncError
from ctotui.sync.heal import heal_locked, mark_whole
from ctotui.sync.housekeeping import local_bare_remote, repack_when_due
from ctotui.sync.interrupted import recover_merge
from ctotui.sync.leftovers import clear_leftovers, sync_lock
from ctotui.sync.pull import Merged, merge_remote
from ctotui.sync.repo import (
    LOCK_TIMEOUT,
    Remote,
    current_branch,
    find_remote,
    require_clean_state,
    require_driver,
    require_repo,
    rev,
)

__all__ = ["Progress", "SyncResult", "commit_local", "run_sync"]

PUSH_ATTEMPTS = 3
# How long a sync waits for another sync of the same clone (a cron job, the app's) to finish.
SYNC_WAIT = 60.0


@dataclass(frozen=True, slots=True)
class SyncResult:
    message: str  # one line for the status bar / the terminal
    committed: bool = False
    pulled: bool = False
    pushed: bool = False
    new_conflicts: int = 0
    summary: str = ""  # what was committed: "2 recs updated, 1 event added"
    restored: tuple[str, ...] = ()


def _quiet(_: str) -> None:
    pass


def prepare(folder: Path) -> None:
    """Before a sync or a resolve (the caller holds the sync lock): clear what a killed sync or
    git left behind, and undo a merge a killed sync left half done."""
    clear_leftovers(folder)
    with write_lock(folder, LOCK_TIMEOUT):
        recover_merge(folder)


def run_sync(
    folder: Path | str, progress: Progress | None = None, *, force: bool = False
) -> SyncResult:
    """Sync the data folder with its remote (or only commit when it has none).

    Raises a `SyncError` subclass with a one-line message when it cannot finish; whatever was
    committed before the failure stays committed, and a failed merge is aborted.
    """
    say = progress or _quiet
    folder = Path(folder).expanduser()
    require_repo(folder)
    with sync_lock(folder, SYNC_WAIT, say):
        prepare(folder)
        require_clean_state(folder)
        require_driver(folder)
        result = _sync(folder, say, force)
    # The undo log reaches back to the last sync: what is synced is undone by a new change.
    with write_lock(folder, LOCK_TIMEOUT):
        undolog.clear(folder)
    return result


def _sync(folder: Path, say: Progress, force: bool) -> SyncResult:
    branch = current_branch(folder)
    assert branch is not None  # require_clean_state refuses a detached HEAD
    remote = find_remote(folder, branch)
    if remote is None:
        with write_lock(folder, LOCK_TIMEOUT):
            healed = heal_locked(folder)
            summary = commit_local(folder, say, force=force)
        repack_when_due(folder)
        done = f"committed {summary}" if summary else "nothing to commit"
        if healed.restored:
            done += f" (restored {len(healed.restored)} deleted record(s) still in use)"
        return SyncResult(
            f"{done}; no remote to sync with (add one with `git remote add origin URL`)",
            committed=bool(summary),
            summary=summary,
            restored=healed.restored,
        )
    summaries: list[str] = []
    merged = Merged()
    pushed = False
    say(f"fetching from {remote.name}…")
    fetched = remote_ops.fetch(folder, remote)
    for attempt in range(PUSH_ATTEMPTS):
        with write_lock(folder, LOCK_TIMEOUT):
            if not attempt:
                healed = heal_locked(folder)
                merged += Merged(False, healed.new_conflicts, healed.restored)
            summary = commit_local(folder, say, force=force)
            if summary:
                summaries.append(summary)
            if fetched is not None:
                raise _committed_note(fetched, summaries)
            try:
                # Nothing that fails `check` leaves this clone, whoever made the commit.
                verify_head(folder)
            except SyncError as exc:
                raise _committed_note(exc, summaries) from None
            merged += merge_remote(folder, remote, say)
            mark_whole(folder)
        if rev(folder, "HEAD") == rev(folder, remote.ref):
            break
        say(f"pushing to {remote.label}…")
        try:
            remote_ops.push(folder, remote, branch)
        except RemoteRejectedError as exc:
            if not exc.retry or attempt == PUSH_ATTEMPTS - 1:
                raise _committed_note(exc, summaries) from None
            say(f"{remote.label} moved meanwhile; fetching again…")
            fetched = remote_ops.fetch(folder, remote)
            continue
        pushed = True
        break
    repack_when_due(folder)
    bare = local_bare_remote(folder, remote.name) if pushed else None
    if bare is not None:
        repack_when_due(bare)
    summary = ", ".join(summaries)
    return SyncResult(
        _message(remote, summary, merged, pushed),
        committed=bool(summary),
        pulled=merged.pulled,
        pushed=pushed,
        new_conflicts=merged.conflicts,
        summary=summary,
        restored=merged.restored,
    )


def _committed_note(error: SyncError, summaries: list[str]) -> SyncError:
    """The same error, saying that local changes were committed and are safe."""
    if summaries:
        error.args = (f"{error}; your changes are committed locally ({', '.join(summaries)})",)
    return error


def _message(remote: Remote, summary: str, merged: Merged, pushed: bool) -> str:
    parts = []
    if summary:
        parts.append(f"committed {summary}")
    if merged.pulled:
        parts.append(f"pulled changes from {remote.label}")
    if merged.restored:
        parts.append(f"restored {len(merged.restored)} deleted record(s) still in use")
    if pushed:
        parts.append(f"pushed to {remote.label}")
    if merged.conflicts:
        n = merged.conflicts
        parts.append(f"{n} new conflict{'s' if n != 1 else ''} to review")
    if not parts:
        return f"up to date with {remote.label}"
    return "synced: " + "; ".join(parts)
