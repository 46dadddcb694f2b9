"""Sync accepts only data: incoming commits that bring anything else are refused before merging.

A commit pushed from a compromised laptop could add a file ctotui would read (a planted cache, a
lock, a journal), a symbolic link that a later write follows, an executable, or a changed
`.gitattributes` that turns the merge driver off. Before the fetched branch is merged (or
fast-forwarded), what it changes relative to what we have is listed; anything but the files
ctotui owns, with plain modes and `.gitattributes`/`.gitignore` exactly as ctotui writes them,
stops the sync with one line — nothing merged into the working tree.
"""

from __future__ import annotations

from pathlib import Path

from ctotui.data.layout import DATA_FILES, GITIGNORE, META_FILE, VAULT_FILE
from ctotui.sync import gitrepo
from ctotui.sync.errors import SyncError
from ctotui.sync.gitcmd import git, git_blob

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's id of the empty tree
OWNED = frozenset((*DATA_FILES, META_FILE, VAULT_FILE, ".gitattributes", ".gitignore"))
REGULAR = "100644"
AS_WRITTEN = {".gitattributes": gitrepo.ATTRIBUTES, ".gitignore": GITIGNORE}


class ForeignCommit(SyncError):
    """The remote brings something that is not ctotui data."""


def refuse_foreign(folder: Path, base: str | None, theirs: str, label: str) -> None:
    """Raise ForeignCommit when *theirs* changes, relative to *base*, anything but data."""
    done = git(
        folder, "diff", "--raw", "-z", "--no-renames", "--no-abbrev", base or EMPTY_TREE, theirs
    )
    fields = done.out.split("\0")
    for meta, path in zip(fields[::2], fields[1::2], strict=False):
        if not meta.startswith(":"):
            continue
        _old_mode, new_mode, _old, _new, status = meta[1:].split()
        problem = _problem(folder, theirs, path, new_mode, status)
        if problem:
            raise ForeignCommit(
                f"{label} {problem}; ctotui syncs only its data files, so nothing was merged "
                f"(see `git log --stat {label}`; if it is yours, remove it there and push again)"
            )


def _problem(folder: Path, theirs: str, path: str, mode: str, status: str) -> str:
    shown = repr(path)
    if status.startswith("D"):
        return ""  # a deletion brings nothing in (whether the data stays whole, check says)
    if path not in OWNED:
        return f"adds or changes {shown}, which is not a ctotui data file"
    if mode == "120000":
        return f"makes {shown} a symbolic link"
    if mode == "160000":
        return f"makes {shown} a submodule"
    if mode != REGULAR:
        return f"makes {shown} executable (mode {mode})"
    wanted = AS_WRITTEN.get(path)
    if wanted is not None and git_blob(folder, f"{theirs}:{path}") != wanted.encode():
        return f"changes {shown} from what ctotui writes"
    return ""
