"""Committing the data folder, and the guard that nothing failing `check` is ever pushed.

A commit can reach the remote without ctotui having checked it: a plain `git pull` makes a merge
commit, a person runs `git commit`. So before every push the commit to push is checked, unless
this clone already checked that very commit; the note of the last one checked is kept in the git
folder (`CHECKED_NOTE`), so the check runs once per new commit, not once per sync.

The note also makes committing an edit quick: when it names HEAD (and the code that wrote it is
this code), `quickcheck.scan` counts and checks only what changed since HEAD; on any doubt the
full `check` runs, and its message is the one a sync shows.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from ctotui.data.check import check_folder
from ctotui.data.jsonfile import atomic_write_bytes
from ctotui.data.layout import DATA_FILES, META_FILE, VAULT_FILE
from ctotui.sync import gitrepo
from ctotui.sync.conflicts import fold_pending, git_dir
from ctotui.sync.errors import SyncError
from ctotui.sync.gitcmd import git, git_blob, git_ok
from ctotui.sync.quickcheck import Scan, scan, validator_tag
from ctotui.sync.repo import rev
from ctotui.sync.summary import Changes, working_changes

Progress = Callable[[str], None]
# One commit may delete at most this share of a table's records (of more than MASS_MIN) unless
# the person says so with --force: an `rm` or a bad script must not become a synced wipe.
MASS_SHARE = 0.5
MASS_MIN = 10
TRACKED = (*DATA_FILES, META_FILE, VAULT_FILE, ".gitattributes", ".gitignore")
CHECKED_NOTE = "ctotui-checked"


def _quiet(_: str) -> None:
    pass


def first_problem(folder: Path) -> str | None:
    report = check_folder(folder)
    return report.problems[0] if report.problems else None


def stage_all(folder: Path) -> None:
    git_ok(folder, "add", "-A", "--", *[n for n in TRACKED if (folder / n).exists()])


def mark_checked(folder: Path) -> None:
    """Note that HEAD passes `check` (the caller just checked the tree it commits)."""
    head = rev(folder, "HEAD")
    if head:
        note = f"{head} {validator_tag()}\n"
        with contextlib.suppress(OSError):
            atomic_write_bytes(git_dir(folder) / CHECKED_NOTE, note.encode())


def _checked(folder: Path) -> str:
    """The commit this clone last checked, if the code that checked it is this very code (an
    upgraded ctotui may refuse what an older one let through)."""
    try:
        head, _, tag = (git_dir(folder) / CHECKED_NOTE).read_text(encoding="utf-8").partition(" ")
    except (OSError, UnicodeDecodeError):
        return ""
    return head if tag.strip() == validator_tag() else ""


def _scan(folder: Path, head: str | None) -> Scan | None:
    """The quick count and check of what changed since HEAD, when this clone checked HEAD."""
    if head is None or _checked(folder) != head:
        return None
    try:
        return scan(folder, head)
    except (OSError, ValueError, subprocess.SubprocessError):
        return None  # the full count and check say what went wrong, if anything


def commit_local(folder: Path, progress: Progress = _quiet, *, force: bool = False) -> str:
    """Commit the data files' changes with a summary message; return it ("" if none).

    The caller holds the write lock. Refuses to commit data that does not pass `check`, and,
    unless *force*, the deletion of most of a table's records in one commit.
    """
    fold_pending(folder)  # conflicts parked by a plain `git pull` since the last sync
    head = rev(folder, "HEAD")
    quick = _scan(folder, head)
    changes = quick.changes if quick else working_changes(folder, "HEAD" if head else None)
    if not force:
        _refuse_mass_deletion(changes)
    present = [name for name in TRACKED if (folder / name).exists()]
    git_ok(folder, "add", "-A", "--", *present)
    # Only ctotui's own files: a file someone else put in the folder (tracked or not) is never
    # committed, and a deleted data file is staged only to be refused by `check` below.
    staged = _staged(folder)
    if staged:
        git_ok(folder, "add", "-u", "--", *staged)
    if git(folder, "diff", "--cached", "--quiet").ok:
        return ""
    if changes.total:
        problem = None if quick and quick.holds_for(staged) else first_problem(folder)
        if problem:
            git(folder, "reset", "-q")
            raise SyncError(f"{problem}; fix it before syncing (nothing was committed)")
    summary = changes.describe() or "data folder files"
    progress(f"committing {summary}…")
    gitrepo.commit(folder, f"ctotui: {summary}")
    if changes.total:
        mark_checked(folder)
    return summary


def _staged(folder: Path) -> dict[str, str]:
    """The blob id of each of ctotui's files in the index, by name."""
    listed = git(folder, "ls-files", "-s", "-z", "--", *TRACKED).out.split("\0")
    staged = {}
    for entry in filter(None, listed):
        info, _, name = entry.partition("\t")
        parts = info.split()
        staged[name] = parts[1] if len(parts) > 1 else ""
    return staged


def _refuse_mass_deletion(changes: Changes) -> None:
    for (table, verb), count in sorted(changes.counts.items()):
        before = changes.before.get(table, 0)
        if verb == "deleted" and count > MASS_MIN and count > MASS_SHARE * before:
            name = f"{table}.json"
            raise SyncError(
                f"{name}: this commit would delete {count} of {before} {table}; nothing was "
                f"committed (if that is what you meant, run `ctotui sync --force`; to get them "
                f"back, `git checkout -- {name}`)"
            )


def head_problem(folder: Path) -> str | None:
    """The first `check` problem of the data HEAD holds (not of the working tree), or None."""
    dirty = git(folder, "status", "--porcelain", "--untracked-files=all", "--", *TRACKED)
    if not dirty.out.strip():
        return first_problem(folder)
    with tempfile.TemporaryDirectory(prefix="ctotui-check-") as tmp:
        for name in TRACKED:
            blob = git_blob(folder, f"HEAD:{name}")
            if blob is not None:
                (Path(tmp) / name).write_bytes(blob)
        return first_problem(Path(tmp))


def verify_head(folder: Path) -> None:
    """Raise unless HEAD, which a sync is about to push, passes `check`."""
    head = rev(folder, "HEAD")
    if head is None or _checked(folder) == head:
        return
    problem = head_problem(folder)
    if problem:
        raise SyncError(
            f"{problem}; the last commit does not pass `ctotui check`, so nothing was pushed "
            "(fix the data, commit with `ctotui sync`)"
        )
    mark_checked(folder)
