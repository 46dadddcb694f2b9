"""`ctotui resolve`: finish a merge that git did without ctotui, or repair what one left.

Someone ran a plain `git pull` in a clone that was never set up (or set up with a Python that
is gone): git merged the JSON as text and stopped with conflict markers. git still holds the
three versions of each conflicted file as index stages 1 (base), 2 (ours) and 3 (theirs); this
re-runs the real merge over them, records the clashes, checks the result and commits the merge.

With no merge in progress, the last one may still have broken the folder: a plain `git pull`
that merged by record but file by file (a record deleted on one side and still referred to on
the other), or a fast-forward over an uncommitted delete. The same repair as `ctotui sync`'s runs
(`heal`), and the result is committed once it passes `check`.
"""

from __future__ import annotations

from pathlib import Path

from ctotui.data.lock import write_lock
from ctotui.sync.commit import commit_local, head_problem, mark_checked
from ctotui.sync.errors import UnresolvedStateError
from ctotui.sync.finish import finish_merge, plural
from ctotui.sync.gitcmd import git
from ctotui.sync.heal import heal_locked, mark_whole
from ctotui.sync.incoming import ForeignCommit, refuse_foreign
from ctotui.sync.leftovers import sync_lock
from ctotui.sync.repo import (
    LOCK_TIMEOUT,
    merge_in_progress,
    require_repo,
    rev,
    unmerged_paths,
)
from ctotui.sync.run import SYNC_WAIT, prepare


def resolve_merge(folder: Path | str) -> str:
    """Finish whatever merge git left (with ctotui's rules), or repair what a finished one
    broke, and commit; returns one line saying what was done."""
    folder = Path(folder).expanduser()
    require_repo(folder)
    with sync_lock(folder, SYNC_WAIT):
        prepare(folder)
        with write_lock(folder, LOCK_TIMEOUT):
            if merge_in_progress(folder) or unmerged_paths(folder):
                return _finish_merge(folder)
            return _heal_and_commit(folder)


def _heal_and_commit(folder: Path) -> str:
    """No merge in progress: the last one (a plain `git pull`, a fast-forward over local edits)
    may still have left dangling references; repair them as a merge would, and commit."""
    healed = heal_locked(folder)
    summary = commit_local(folder)
    problem = head_problem(folder)
    if problem:
        raise UnresolvedStateError(
            f"{problem}; no merge can restore it: fix it by hand, then run `ctotui resolve` again"
        )
    mark_checked(folder)
    mark_whole(folder)
    parts = []
    if healed.restored:
        parts.append(f"restored {len(healed.restored)} deleted record(s) still in use")
    if healed.new_conflicts:
        parts.append(f"{plural(healed.new_conflicts, 'conflict')} to review")
    if summary:
        parts.append(f"committed {summary}")
    done = ", ".join(parts) if parts else "nothing to resolve"
    return f"{folder}: {done} (no merge in progress)"


def _finish_merge(folder: Path) -> str:
    theirs = rev(folder, "MERGE_HEAD")
    if theirs is not None:
        head = rev(folder, "HEAD")
        base = git(folder, "merge-base", head, theirs).out.strip() if head else None
        try:
            refuse_foreign(folder, base or None, theirs, "the commit being merged")
        except ForeignCommit:
            # Not ours to finish: what git pulled in must not stay in the working tree.
            git(folder, "merge", "--abort")
            raise
    done = finish_merge(folder)
    parts = [f"resolved {done.files} file(s)"]
    if done.restored:
        parts.append(f"restored {len(done.restored)} deleted record(s) still in use")
    if done.conflicts:
        parts.append(f"{plural(done.conflicts, 'conflict')} to review")
    note = "; merge driver now set up, so `git pull` merges by record from now on"
    return f"{folder}: " + ", ".join(parts) + (note if done.set_up else "")
