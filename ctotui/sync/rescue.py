"""`ctotui resolve`: finish a merge that git did without ctotui's driver.

Someone ran a plain `git pull` in a clone that was never set up (or set up with a Python that
is gone): git merged the JSON as text and stopped with conflict markers. git still holds the
three versions of each conflicted file as index stages 1 (base), 2 (ours) and 3 (theirs); this
re-runs the real merge over them, records the clashes, checks the result and commits the merge.
"""

from __future__ import annotations

from pathlib import Path

from ctotui.data.check import check_folder
from ctotui.data.jsonfile import atomic_write_bytes
from ctotui.data.layout import DATA_FILES
from ctotui.data.lock import write_lock
from ctotui.sync import gitrepo
from ctotui.sync.conflicts import add_pending, fold_pending
from ctotui.sync.driver import merge_bytes
from ctotui.sync.errors import UnresolvedStateError
from ctotui.sync.gitcmd import git, git_blob, git_ok
from ctotui.sync.repair import restore_references
from ctotui.sync.repo import LOCK_TIMEOUT, driver_problem, merge_in_progress, require_repo
from ctotui.sync.run import TRACKED, commit_local


def unmerged_files(folder: Path) -> list[str]:
    out = git(folder, "ls-files", "--unmerged", "-z").out
    paths = {entry.split("\t", 1)[1] for entry in out.split("\0") if "\t" in entry}
    return sorted(paths)


def _empty_table(name: str) -> bytes:
    return f'{{"{name.removesuffix(".json")}": {{}}}}\n'.encode()


def resolve_merge(folder: Path | str) -> str:
    """Merge every conflicted data file with ctotui's rules and conclude the merge."""
    folder = Path(folder).expanduser()
    require_repo(folder)
    with write_lock(folder, LOCK_TIMEOUT):
        if not merge_in_progress(folder) and not unmerged_files(folder):
            summary = commit_local(folder)
            done = f"committed {summary}" if summary else "nothing to resolve"
            return f"{folder}: {done} (no merge in progress)"
        conflicted = unmerged_files(folder)
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
        revs = ["HEAD"]
        if merge_in_progress(folder):
            revs.append("MERGE_HEAD")
            base_rev = git(folder, "merge-base", "HEAD", "MERGE_HEAD").out.strip()
            if base_rev:
                revs.append(base_rev)
        restored = restore_references(folder, revs)
        new = fold_pending(folder)
        git_ok(folder, "add", "-A", "--", *[n for n in TRACKED if (folder / n).exists()])
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
        message = f"ctotui: merge resolved ({n} conflict{'s' if n != 1 else ''} to review)"
        if merge_in_progress(folder):
            gitrepo.commit(folder, message)
        else:
            gitrepo.commit(folder, message.replace("merge resolved", "conflicted files resolved"))
    parts = [f"resolved {len(conflicted)} file(s)"]
    if restored:
        parts.append(f"restored {len(restored)} deleted record(s) still in use")
    if n:
        parts.append(f"{n} conflict{'s' if n != 1 else ''} to review")
    return f"{folder}: " + ", ".join(parts) + setup_note
