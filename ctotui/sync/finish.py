"""Finishing a merge git left in progress, with ctotui's rules: what `ctotui resolve` does.

A plain `git pull` in a clone without the driver stops with conflict markers; git still holds
the three versions of each conflicted file as index stages 1 (base), 2 (ours) and 3 (theirs).
They are merged again by record, dangling references repaired, conflicts recorded, the result
checked and committed. A sync killed after git recorded its merge leaves the same state, and is
finished the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctotui.data.check import check_folder
from ctotui.data.jsonfile import atomic_write_bytes
from ctotui.data.layout import DATA_FILES
from ctotui.sync import gitrepo
from ctotui.sync.commit import mark_checked, stage_all
from ctotui.sync.conflicts import add_pending, fold_pending
from ctotui.sync.driver import merge_bytes
from ctotui.sync.errors import UnresolvedStateError
from ctotui.sync.gitcmd import git_blob, git_ok
from ctotui.sync.heal import mark_whole
from ctotui.sync.repair import merge_sources, restore_references
from ctotui.sync.repo import driver_problem, merge_in_progress, unmerged_paths


@dataclass(frozen=True, slots=True)
class Finished:
    files: int  # conflicted files merged again
    restored: tuple[str, ...]
    conflicts: int  # new conflicts to review
    set_up: bool  # the merge driver was not set up in this clone, and now is


def _empty_table(name: str) -> bytes:
    return f'{{"{name.removesuffix(".json")}": {{}}}}\n'.encode()


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def finish_merge(folder: Path) -> Finished:
    """Merge every conflicted data file with ctotui's rules and commit the merge (the caller
    holds the sync and write locks). Raises UnresolvedStateError when that cannot pass `check`."""
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
    set_up = driver_problem(folder) is not None
    if set_up:
        gitrepo.configure_clone(folder)
    message = f"ctotui: merge resolved ({plural(len(new), 'conflict')} to review)"
    if not merge_in_progress(folder):
        message = message.replace("merge resolved", "conflicted files resolved")
    gitrepo.commit(folder, message)
    mark_checked(folder)
    mark_whole(folder)
    return Finished(len(conflicted), tuple(restored), len(new), set_up)
