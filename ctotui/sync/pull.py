"""Bringing the fetched remote branch in: a fast-forward, or a merge with the driver.

Either is all or nothing: a result that does not pass `check` (after the reference repair) is
undone and local data stays as it was. A note in the git folder marks the merge while it runs,
so a sync killed in the middle is undone by the next one (`interrupted`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctotui.data.layout import DATA_FILES
from ctotui.sync import gitrepo
from ctotui.sync.commit import Progress, first_problem, mark_checked, stage_all
from ctotui.sync.conflicts import discard_pending, fold_pending
from ctotui.sync.errors import MergeFailedError
from ctotui.sync.gitcmd import git, git_ok
from ctotui.sync.incoming import refuse_foreign
from ctotui.sync.interrupted import begin_merge, end_merge
from ctotui.sync.repair import merge_sources, restore_references
from ctotui.sync.repo import Remote, rev


@dataclass(slots=True)
class Merged:
    pulled: bool = False
    conflicts: int = 0
    restored: tuple[str, ...] = ()

    def __add__(self, other: Merged) -> Merged:
        return Merged(
            self.pulled or other.pulled,
            self.conflicts + other.conflicts,
            self.restored + other.restored,
        )


def _conflicts_note(count: int) -> str:
    return f"{count} conflict{'s' if count != 1 else ''} to review"


def merge_remote(folder: Path, remote: Remote, progress: Progress) -> Merged:
    """Merge the fetched remote branch into HEAD (the caller holds the sync and write locks)."""
    theirs = rev(folder, remote.ref)
    head = rev(folder, "HEAD")
    if theirs is None or theirs == head:
        return Merged()
    if head is not None and git(folder, "merge-base", "--is-ancestor", theirs, head).ok:
        return Merged()
    base = git(folder, "merge-base", head, theirs).out.strip() if head else None
    refuse_foreign(folder, base or None, theirs, remote.label)
    begin_merge(folder, head, theirs)
    try:
        if head is None or git(folder, "merge-base", "--is-ancestor", head, theirs).ok:
            return _fast_forward(folder, remote, theirs, head, progress)
        return _merge(folder, remote, theirs, progress)
    finally:
        end_merge(folder)


def _merge(folder: Path, remote: Remote, theirs: str, progress: Progress) -> Merged:
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
        restored = restore_references(folder, merge_sources(folder))
        new = fold_pending(folder)
        stage_all(folder)
        problem = first_problem(folder)
        if problem:
            raise MergeFailedError(
                f"{folder}: the merge with {remote.label} does not pass `ctotui check`: {problem}; "
                "the merge was aborted and your local data is unchanged"
            )
        message = f"ctotui: merge {remote.label}"
        if new:
            message += f" ({_conflicts_note(len(new))})"
        gitrepo.commit(folder, message)
    except BaseException:
        git(folder, "merge", "--abort")
        discard_pending(folder)
        raise
    mark_checked(folder)
    return Merged(True, len(new), tuple(restored))


def _fast_forward(
    folder: Path, remote: Remote, theirs: str, head: str | None, progress: Progress
) -> Merged:
    progress(f"updating from {remote.label}…")
    git_ok(folder, "merge", "-q", "--ff-only", theirs)
    restored: list[str] = []
    new: list[str] = []
    problem = first_problem(folder)
    if problem:
        # What the remote holds may be a merge an older ctotui or a plain `git pull` pushed with
        # a dangling reference: repaired here, as any merge is, and the repair pushed.
        restored = restore_references(folder, merge_sources(folder))
        new = fold_pending(folder)
        problem = first_problem(folder) if restored else problem
    if problem:
        discard_pending(folder)
        if restored:  # the repair's writes go first, or `reset --keep` refuses to move
            listed = git(folder, "ls-tree", "--name-only", "HEAD", "--", *DATA_FILES).out.split()
            git(folder, "checkout", "-q", "HEAD", "--", *listed)
        if head is not None:
            git(folder, "reset", "-q", "--keep", head)
        raise MergeFailedError(
            f"{folder}: the data on {remote.label} does not pass `ctotui check`: {problem}; "
            "your local data is unchanged"
        )
    if restored:
        stage_all(folder)
        gitrepo.commit(
            folder,
            f"ctotui: restored {len(restored)} deleted record(s) still in use "
            f"({_conflicts_note(len(new))})",
        )
    mark_checked(folder)
    return Merged(True, len(new), tuple(restored))


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
