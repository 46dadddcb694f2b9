"""`ctotui sync`: commit local changes, fetch, merge with the driver, check, push.

The folder's write lock is held while committing and merging (so the dashboard or a cron
`ctotui add` waits a moment instead of writing into a half-done merge), never across the
network. Any failure between `git merge` and its commit aborts the merge: local data is never
lost or left half-merged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ctotui.data.check import check_folder
from ctotui.data.layout import DATA_FILES, META_FILE
from ctotui.data.lock import write_lock
from ctotui.sync import gitrepo, remote_ops
from ctotui.sync.conflicts import discard_pending, fold_pending
from ctotui.sync.errors import MergeFailedError, RemoteRejectedError, SyncError
from ctotui.sync.gitcmd import git, git_ok
from ctotui.sync.repair import restore_references
from ctotui.sync.repo import (
    LOCK_TIMEOUT,
    Remote,
    current_branch,
    find_remote,
    has_commits,
    require_clean_state,
    require_driver,
    require_repo,
    rev,
)
from ctotui.sync.summary import working_changes

Progress = Callable[[str], None]
PUSH_ATTEMPTS = 3
TRACKED = (*DATA_FILES, META_FILE, ".gitattributes", ".gitignore")


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


def _first_problem(folder: Path) -> str | None:
    report = check_folder(folder)
    return report.problems[0] if report.problems else None


def commit_local(folder: Path, progress: Progress = _quiet) -> str:
    """Commit the data files' changes with a summary message; return it ("" if none).

    The caller holds the write lock. Refuses to commit data that does not pass `check`.
    """
    fold_pending(folder)  # conflicts parked by a plain `git pull` since the last sync
    ref = "HEAD" if has_commits(folder) else None
    changes = working_changes(folder, ref)
    present = [name for name in TRACKED if (folder / name).exists()]
    git_ok(folder, "add", "-A", "--", *present)
    git_ok(folder, "add", "-u")
    if git(folder, "diff", "--cached", "--quiet").ok:
        return ""
    if changes.total:
        problem = _first_problem(folder)
        if problem:
            git(folder, "reset", "-q")
            raise SyncError(f"{problem}; fix it before syncing (nothing was committed)")
    summary = changes.describe() or "data folder files"
    progress(f"committing {summary}…")
    gitrepo.commit(folder, f"ctotui: {summary}")
    return summary


@dataclass(slots=True)
class _Merged:
    pulled: bool = False
    conflicts: int = 0
    restored: tuple[str, ...] = ()


def merge_remote(folder: Path, remote: Remote, progress: Progress = _quiet) -> _Merged:
    """Merge the fetched remote branch into HEAD (the caller holds the write lock)."""
    theirs = rev(folder, remote.ref)
    head = rev(folder, "HEAD")
    if theirs is None or theirs == head:
        return _Merged()
    if head is not None and git(folder, "merge-base", "--is-ancestor", theirs, head).ok:
        return _Merged()
    if head is None or git(folder, "merge-base", "--is-ancestor", head, theirs).ok:
        return _fast_forward(folder, remote, theirs, head, progress)
    progress(f"merging {remote.label}…")
    discard_pending(folder)
    done = git(
        folder, "merge", "-q", "--no-commit", "--no-ff", "--allow-unrelated-histories", theirs
    )
    try:
        if not done.ok:
            raise MergeFailedError(
                f"{folder}: merging {remote.label} failed: {_merge_failure(folder, done.err)}; "
                "the merge was aborted and your local data is unchanged"
            )
        base = git(folder, "merge-base", "HEAD", "MERGE_HEAD").out.strip()
        restored = restore_references(folder, [r for r in ("HEAD", "MERGE_HEAD", base) if r])
        new = fold_pending(folder)
        git_ok(folder, "add", "-A", "--", *[n for n in TRACKED if (folder / n).exists()])
        problem = _first_problem(folder)
        if problem:
            raise MergeFailedError(
                f"{folder}: the merge with {remote.label} does not pass `ctotui check`: {problem}; "
                "the merge was aborted and your local data is unchanged"
            )
        message = f"ctotui: merge {remote.label}"
        if new:
            message += f" ({len(new)} conflict{'s' if len(new) != 1 else ''} to review)"
        gitrepo.commit(folder, message)
    except BaseException:
        git(folder, "merge", "--abort")
        discard_pending(folder)
        raise
    return _Merged(True, len(new), tuple(restored))


def _fast_forward(
    folder: Path, remote: Remote, theirs: str, head: str | None, progress: Progress
) -> _Merged:
    progress(f"updating from {remote.label}…")
    git_ok(folder, "merge", "-q", "--ff-only", theirs)
    problem = _first_problem(folder)
    if problem:
        if head is not None:
            git(folder, "reset", "-q", "--keep", head)
        raise MergeFailedError(
            f"{folder}: the data on {remote.label} does not pass `ctotui check`: {problem}; "
            "your local data is unchanged"
        )
    return _Merged(pulled=True)


def _merge_failure(folder: Path, stderr: str) -> str:
    """The driver's own message if it failed, else the files git could not merge."""
    for line in stderr.splitlines():
        if line.startswith("ctotui: "):
            return line.removeprefix("ctotui: ").strip()
    conflicted = git(folder, "diff", "--name-only", "--diff-filter=U").out.split()
    if conflicted:
        return "conflicts in " + ", ".join(conflicted)
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[0].removeprefix("fatal: ").removeprefix("error: ") if lines else "git merge failed"


def run_sync(folder: Path | str, progress: Progress | None = None) -> SyncResult:
    """Sync the data folder with its remote (or only commit when it has none).

    Raises a `SyncError` subclass with a one-line message when it cannot finish; whatever was
    committed before the failure stays committed, and a failed merge is aborted.
    """
    say = progress or _quiet
    folder = Path(folder).expanduser()
    require_repo(folder)
    require_clean_state(folder)
    require_driver(folder)
    branch = current_branch(folder)
    assert branch is not None  # require_clean_state refuses a detached HEAD
    remote = find_remote(folder, branch)
    if remote is None:
        with write_lock(folder, LOCK_TIMEOUT):
            summary = commit_local(folder, say)
        done = f"committed {summary}" if summary else "nothing to commit"
        return SyncResult(
            f"{done}; no remote to sync with (add one with `git remote add origin URL`)",
            committed=bool(summary),
            summary=summary,
        )
    summaries: list[str] = []
    merged = _Merged()
    pushed = False
    say(f"fetching from {remote.name}…")
    fetched = remote_ops.fetch(folder, remote)
    for attempt in range(PUSH_ATTEMPTS):
        with write_lock(folder, LOCK_TIMEOUT):
            summary = commit_local(folder, say)
            if summary:
                summaries.append(summary)
            if fetched is not None:
                raise _committed_note(fetched, summaries)
            step = merge_remote(folder, remote, say)
        merged = _Merged(
            merged.pulled or step.pulled,
            merged.conflicts + step.conflicts,
            merged.restored + step.restored,
        )
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
    git(folder, "gc", "--auto", "-q")
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


def _message(remote: Remote, summary: str, merged: _Merged, pushed: bool) -> str:
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
