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

from ctotui.data.check import check_folder
from ctotui.data.jsonfile import atomic_write_bytes
from ctotui.data.layout import DATA_FILES
from ctotui.data.lock import write_lock
from ctotui.sync import gitrepo
from ctotui.sync.commit import commit_local, head_problem, mark_checked, stage_all
from ctotui.sync.conflicts import add_pending, fold_pending
from ctotui.sync.driver import merge_bytes
from ctotui.sync.errors import UnresolvedStateError
from ctotui.sync.gitcmd import git_blob, git_ok
from ctotui.sync.heal import heal_locked, mark_whole
from ctotui.sync.leftovers import sync_lock
from ctotui.sync.repair import merge_sources, restore_references
from ctotui.sync.repo import (
    LOCK_TIMEOUT,
    driver_problem,
    merge_in_progress,
    require_repo,
    unmerged_paths,
)
from ctotui.sync.run import SYNC_WAIT, prepare


def _empty_table(name: str) -> bytes:
    return f'{{"{name.removesuffix(".json")}": {{}}}}\n'.encode()


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


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
        parts.append(f"{_plural(healed.new_conflicts, 'conflict')} to review")
    if summary:
        parts.append(f"committed {summary}")
    done = ", ".join(parts) if parts else "nothing to resolve"
    return f"{folder}: {done} (no merge in progress)"


def _finish_merge(folder: Path) -> str:
    conflicted = unmerged_paths(folder)
    foreign = [name for name in conflicted if name not in DATA_FILES]
    if foreign:
        raise UnresolvedStateError(
            f"{folder}: {foreign[0]} is not a ctotui data file; resolve it with git "
            "(edit, `git add`), then run `ctotui resolve` again"
        )
    for name in conflicted:
        base = git_blob(folder, f":1:{name}") or b""
        ours = git_blob(folder, f":2:{name}") or _empty_table(name)
        theirs = git_blob(folder, f":3:{name}") or _empty_table(name)
        merged = merge_bytes(base, ours, theirs, name)
        add_pending(folder, merged.conflicts)
        atomic_write_bytes(folder / name, merged.data)
        git_ok(folder, "add", "--", name)
    restored = restore_references(folder, merge_sources(folder))
    new = fold_pending(folder)
    stage_all(folder)
    report = check_folder(folder)
    if report.problems:
        raise UnresolvedStateError(
            f"{report.problems[0]}; fix it and run `ctotui resolve` again "
            "(or give up the merge with `git merge --abort`)"
        )
    setup_note = ""
    if driver_problem(folder):
        gitrepo.configure_clone(folder)
        setup_note = "; merge driver now set up, so `git pull` merges by record from now on"
    n = len(new)
    message = f"ctotui: merge resolved ({_plural(n, 'conflict')} to review)"
    if merge_in_progress(folder):
        gitrepo.commit(folder, message)
    else:
        gitrepo.commit(folder, message.replace("merge resolved", "conflicted files resolved"))
    mark_checked(folder)
    mark_whole(folder)
    parts = [f"resolved {len(conflicted)} file(s)"]
    if restored:
        parts.append(f"restored {len(restored)} deleted record(s) still in use")
    if n:
        parts.append(f"{_plural(n, 'conflict')} to review")
    return f"{folder}: " + ", ".join(parts) + setup_note
