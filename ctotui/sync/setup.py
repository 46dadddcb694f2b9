"""`ctotui sync --setup`: make an existing clone (or a plain data folder) merge with ctotui.

git config is not versioned, so every clone needs this once: `git clone` copies
`.gitattributes` but not the `merge.ctotui.driver` setting it refers to, and without the setting
git silently falls back to a text merge.
"""

from __future__ import annotations

import os
from pathlib import Path

from ctotui.data.jsonfile import IS_A_LINK, atomic_write_bytes
from ctotui.data.layout import DATA_FILES, GITIGNORE, META_FILE
from ctotui.sync import gitrepo
from ctotui.sync.errors import NoGitError, NotARepoError, SyncError
from ctotui.sync.gitcmd import git, git_ok
from ctotui.sync.repo import is_repo


def _own_file(path: Path) -> None:
    """Refuse a link or a non-file where ctotui reads and writes a repository file: a commit
    can make `.gitattributes` a link to any file of this user's."""
    if path.is_symlink():
        raise SyncError(f"{path}: {IS_A_LINK}")
    if path.exists() and not path.is_file():
        raise SyncError(f"{path}: is not a regular file")


def _missing_lines(path: Path, wanted: str) -> list[str]:
    _own_file(path)
    try:
        have = set(path.read_text(encoding="utf-8").splitlines())
    except FileNotFoundError:
        have = set()
    return [line for line in wanted.splitlines() if line and line not in have]


def _append(path: Path, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    # By rename: a link put there after the check above is replaced, never written through.
    atomic_write_bytes(path, (text + "".join(f"{line}\n" for line in lines)).encode("utf-8"))


def _check_out_remote_data(folder: Path) -> str:
    """In a clone that checked out nothing (its remote's HEAD named a branch that does not
    exist: `git init --bare` says master, ctotui pushes main), check out the remote branch that
    holds the data. Returns what was done ("" if nothing)."""
    if git(folder, "rev-parse", "--verify", "--quiet", "HEAD").ok:
        return ""  # a clone with commits of its own is not touched
    refs = git(folder, "for-each-ref", "--format=%(refname)", "refs/remotes/").out.split()
    with_data = [
        ref.removeprefix("refs/remotes/")
        for ref in refs
        if ref.count("/") >= 3
        and not ref.endswith("/HEAD")
        and git(folder, "cat-file", "-e", f"{ref}:{META_FILE}").ok
    ]
    if not with_data:
        return ""
    # main if there is one, else the only one: two branches of data is a choice for the person.
    chosen = next((r for r in with_data if r.split("/", 1)[1] == "main"), None)
    if chosen is None and len(with_data) == 1:
        chosen = with_data[0]
    if chosen is None:
        return ""
    branch = chosen.split("/", 1)[1]
    if (
        branch.startswith("-")
        or not git(folder, "checkout", "-q", "-b", branch, "--track", chosen).ok
    ):
        return ""
    return f"checked out {branch} from {chosen.split('/', 1)[0]}; "


def setup_sync(folder: Path | str) -> str:
    """Register the merge driver in this clone; returns what was done, in one line."""
    folder = Path(folder).expanduser()
    if not gitrepo.git_available():
        raise NoGitError("git is not installed; install git to sync the data folder")
    checked_out = ""
    if not (folder / META_FILE).exists() and is_repo(folder):
        checked_out = _check_out_remote_data(folder)
    if not (folder / META_FILE).exists() and is_repo(folder) and git(folder, "remote").out.strip():
        raise NotARepoError(
            f"{folder}: this clone holds no ctotui data yet (none was pushed to its remote: "
            "run `ctotui sync` where the data is, then `git pull` here)"
        )
    if not (folder / META_FILE).exists():
        raise NotARepoError(f"{folder}: not a ctotui data folder (create one with `ctotui init`)")
    # NDA data: a fresh clone under umask 022 is readable by everyone on a shared jump box.
    os.chmod(folder, 0o700)
    for name in (*DATA_FILES, META_FILE):
        path = folder / name
        if path.is_file() and not path.is_symlink():
            path.chmod(0o600)
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
    return f"{folder}: {checked_out}merge driver set up (sync with `ctotui sync`)"
