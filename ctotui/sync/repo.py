"""What state a data folder's repository is in: set up for the driver, mid-merge, which remote."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from ctotui.data.layout import META_FILE
from ctotui.sync import driver_shim
from ctotui.sync.conflicts import git_dir
from ctotui.sync.errors import NoGitError, NotARepoError, NotSetUpError, UnresolvedStateError
from ctotui.sync.gitcmd import git
from ctotui.sync.gitrepo import DRIVER_NAME, git_available

# Seconds sync waits for the data folder's write lock (a save in progress, the dashboard's
# own writes) before giving up with a message.
LOCK_TIMEOUT = 15.0

PROBE_FILE = "clients.json"  # any data file: all carry the same attribute
SETUP_HINT = driver_shim.SETUP_HINT


@dataclass(frozen=True, slots=True)
class Remote:
    name: str
    branch: str  # the branch on the remote

    @property
    def ref(self) -> str:
        return f"refs/remotes/{self.name}/{self.branch}"

    @property
    def label(self) -> str:
        return f"{self.name}/{self.branch}"


def is_repo(folder: Path) -> bool:
    return (folder / ".git").exists()


def require_repo(folder: Path) -> None:
    """Raise unless git is there and *folder* is a ctotui data folder with a repository."""
    if not git_available():
        raise NoGitError("git is not installed; install git to sync the data folder")
    if not (folder / META_FILE).exists():
        raise NotARepoError(f"{folder}: not a ctotui data folder (create one with `ctotui init`)")
    if not is_repo(folder):
        raise NotARepoError(f"{folder}: not a git repository; {SETUP_HINT} to make it one")


def driver_problem(folder: Path) -> str | None:
    """Why git would not merge this clone's data files with ctotui's driver, or None."""
    command = git(folder, "config", "--get", f"merge.{DRIVER_NAME}.driver").out.strip()
    if not command:
        return f"{folder}: the ctotui merge driver is not set up in this clone; {SETUP_HINT}"
    if command == driver_shim.COMMAND or command in driver_shim.PREVIOUS:
        problem = driver_shim.shim_problem(folder)
        if problem:
            return problem
    else:
        try:
            program = shlex.split(command)[0]
        except (ValueError, IndexError):
            program = ""
        if command.endswith(driver_shim.OLD_SUFFIX):
            # Written unquoted: a venv path with a space or a quote is the whole prefix.
            program = command.removesuffix(driver_shim.OLD_SUFFIX)
        if "/" in program and not Path(program).exists():
            return f"{folder}: the merge driver points at a missing {program}; {SETUP_HINT}"
    attr = git(folder, "check-attr", "merge", "--", PROBE_FILE).out.strip()
    if not attr.endswith(f": {DRIVER_NAME}"):
        return f"{folder}: {PROBE_FILE} is not mapped to the ctotui merge driver; {SETUP_HINT}"
    return None


def require_driver(folder: Path) -> None:
    problem = driver_problem(folder)
    if problem:
        raise NotSetUpError(problem)


def merge_in_progress(folder: Path) -> bool:
    return (git_dir(folder) / "MERGE_HEAD").exists()


def state_problem(folder: Path) -> str | None:
    """Why the repository cannot be synced as it stands (mid-merge, detached …), or None."""
    gdir = git_dir(folder)
    if (gdir / "MERGE_HEAD").exists():
        return (
            f"{folder}: a git merge is in progress (a plain `git pull`?); "
            "run `ctotui resolve` to finish it with ctotui's merge"
        )
    for marker, what in (
        ("rebase-merge", "rebase"),
        ("rebase-apply", "rebase"),
        ("CHERRY_PICK_HEAD", "cherry-pick"),
        ("REVERT_HEAD", "revert"),
    ):
        if (gdir / marker).exists():
            return f"{folder}: a git {what} is in progress; finish or abort it with git first"
    if git(folder, "ls-files", "--unmerged").out.strip():
        return f"{folder}: files are marked as conflicted in git; run `ctotui resolve`"
    if current_branch(folder) is None:
        return f"{folder}: git is not on a branch (detached HEAD); `git switch main` first"
    return None


def unmerged_paths(folder: Path) -> list[str]:
    """Files git marks as conflicted (a merge that stopped with conflict markers)."""
    out = git(folder, "ls-files", "--unmerged", "-z").out
    return sorted({entry.split("\t", 1)[1] for entry in out.split("\0") if "\t" in entry})


def require_clean_state(folder: Path) -> None:
    problem = state_problem(folder)
    if problem:
        raise UnresolvedStateError(problem)


def current_branch(folder: Path) -> str | None:
    done = git(folder, "symbolic-ref", "--quiet", "--short", "HEAD")
    return (done.out.strip() or None) if done.ok else None


def has_commits(folder: Path) -> bool:
    return git(folder, "rev-parse", "--verify", "--quiet", "HEAD").ok


def find_remote(folder: Path, branch: str) -> Remote | None:
    """The branch's upstream, else `origin` (or the only remote) under the same branch name."""
    name = git(folder, "config", "--get", f"branch.{branch}.remote").out.strip()
    merge = git(folder, "config", "--get", f"branch.{branch}.merge").out.strip()
    if name and name != "." and merge.startswith("refs/heads/"):
        return Remote(name, merge.removeprefix("refs/heads/"))
    remotes = git(folder, "remote").out.split()
    if "origin" in remotes:
        return Remote("origin", branch)
    if len(remotes) == 1:
        return Remote(remotes[0], branch)
    return None


def remote_url(folder: Path, remote: Remote) -> str:
    return git(folder, "remote", "get-url", remote.name).out.strip() or remote.name


def rev(folder: Path, spec: str) -> str | None:
    done = git(folder, "rev-parse", "--verify", "--quiet", spec + "^{commit}")
    return done.out.strip() if done.ok else None
