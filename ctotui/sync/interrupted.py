"""A sync killed in the middle of its merge: put the clone back as it was before that merge.

A sync commits local changes before it merges, so undoing its merge loses nothing: the next sync
merges again. Before `git merge`, sync notes in the git folder the HEAD it merges into and the
commit it merges in; the note goes when the merge is committed or aborted. Found by a later sync
(or by opening the app), it means the sync died in between:

* git had recorded the merge (MERGE_HEAD is that commit): the working tree holds the whole
  merge, so it is finished as `ctotui resolve` finishes one (repair, record, check, commit) —
  not aborted: a person's own `git pull` of the same commit looks just the same, and aborting
  that could drop edits it kept;
* HEAD had moved on (the merge or the fast-forward was done): nothing to undo;
* otherwise git died while writing the working tree: each data file that differs from HEAD and
  is what that merge would have written there — the other side's file, the driver's merge, a cut
  short or missing file — is put back from HEAD. A file that is none of those was edited since
  (the app may write as soon as the killed sync's lock is gone), and stays.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ctotui.data.jsonfile import atomic_write_bytes
from ctotui.data.layout import DATA_FILES
from ctotui.errors import CtoError
from ctotui.sync.conflicts import discard_pending, git_dir
from ctotui.sync.gitcmd import git, git_blob
from ctotui.sync.repair import table_records

MERGING = "ctotui-sync-merge"


def _note(folder: Path) -> Path:
    return git_dir(folder) / MERGING


def begin_merge(folder: Path, head: str | None, theirs: str) -> None:
    """Note the merge a sync is about to run (the caller holds the sync and write locks)."""
    atomic_write_bytes(_note(folder), f"{head or '-'} {theirs}\n".encode())


def end_merge(folder: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(_note(folder))


def recover_merge(folder: Path) -> bool:
    """Finish or undo the merge of a sync that was killed; True when there was one.

    The caller holds the sync lock (so that sync is not running) and the write lock, and has
    cleared git's stale locks.
    """
    try:
        head, theirs = _note(folder).read_text(encoding="utf-8").split()
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError, ValueError):
        end_merge(folder)  # not a note this code wrote: nothing to go by
        return False
    merge_head = git(folder, "rev-parse", "--verify", "--quiet", "MERGE_HEAD").out.strip()
    current = git(folder, "rev-parse", "--verify", "--quiet", "HEAD").out.strip()
    if merge_head == theirs:
        from ctotui.sync.finish import finish_merge

        end_merge(folder)
        finish_merge(folder)  # folds what the driver parked, with the merge's own conflicts
        return True
    undone = not merge_head and head != "-" and current == head and _put_back(folder, head, theirs)
    discard_pending(folder)
    end_merge(folder)
    return undone


def _put_back(folder: Path, head: str, theirs: str) -> bool:
    base = git(folder, "merge-base", head, theirs).out.strip()
    restored = []
    for name in DATA_FILES:
        ours = git_blob(folder, f"{head}:{name}")
        if ours is None:
            continue
        try:
            now: bytes | None = (folder / name).read_bytes()
        except FileNotFoundError:
            now = None
        if now == ours:
            continue
        sides = (
            (git_blob(folder, f"{base}:{name}") if base else None) or b"",
            ours,
            git_blob(folder, f"{theirs}:{name}"),
        )
        if now is None or _written_by_merge(now, name, *sides):
            atomic_write_bytes(folder / name, ours)
            restored.append(name)
    if restored:
        git(folder, "reset", "-q", "--", *restored)
    return bool(restored)


def _written_by_merge(
    now: bytes, name: str, base: bytes, ours: bytes, theirs: bytes | None
) -> bool:
    """True when *now* is what merging *theirs* into *ours* writes to the file: theirs, the
    driver's merge, or a file cut short."""
    if now == theirs or table_records(now, name.removesuffix(".json")) is None:
        return True
    if theirs is None:
        return False
    from ctotui.sync.driver import merge_bytes

    try:
        return merge_bytes(base, ours, theirs, name).data == now
    except CtoError:
        return False
