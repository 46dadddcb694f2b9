"""`ctotui sync --setup`: make an existing clone (or a plain data folder) merge with ctotui.

git config is not versioned, so every clone needs this once: `git clone` copies
`.gitattributes` but not the `merge.ctotui.driver` setting it refers to, and without the setting
git silently falls back to a text merge.
"""

from __future__ import annotations

import os
from pathlib import Path

from ctotui.data.layout import GITIGNORE, META_FILE
from ctotui.sync import gitrepo
from ctotui.sync.errors import NoGitError, NotARepoError
from ctotui.sync.gitcmd import git, git_ok
from ctotui.sync.repo import is_repo


def _missing_lines(path: Path, wanted: str) -> list[str]:
    try:
        have = set(path.read_text(encoding="utf-8").splitlines())
    except FileNotFoundError:
        have = set()
    return [line for line in wanted.splitlines() if line and line not in have]


def _append(path: Path, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "".join(f"{line}\n" for line in lines), encoding="utf-8")


def setup_sync(folder: Path | str) -> str:
    """Register the merge driver in this clone; returns what was done, in one line."""
    folder = Path(folder).expanduser()
    if not gitrepo.git_available():
        raise NoGitError("git is not installed; install git to sync the data folder")
    if not (folder / META_FILE).exists():
        raise NotARepoError(f"{folder}: not a ctotui data folder (create one with `ctotui init`)")
    # NDA data: a fresh clone under umask 022 is readable by everyone on a shared jump box.
    os.chmod(folder, 0o700)
    if not is_repo(folder):
        gitrepo.init_repo(folder)
        return f"{folder}: made a git repository with the ctotui merge driver"
    gitrepo.configure_clone(folder)
    changed = []
    for name, wanted in ((".gitattributes", gitrepo.ATTRIBUTES), (".gitignore", GITIGNORE)):
        lines = _missing_lines(folder / name, wanted)
        if lines:
            _append(folder / name, lines)
            changed.append(name)
    if changed:
        git_ok(folder, "add", "--", *changed)
        if not git(folder, "diff", "--cached", "--quiet", "--", *changed).ok:
            gitrepo.commit(folder, "ctotui: merge driver attributes")
    return f"{folder}: merge driver set up (sync with `ctotui sync`)"
