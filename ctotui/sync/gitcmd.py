"""git as a subprocess, with everything a sync needs to tell failures apart.

`gitrepo.run_git` raises on failure with git's first line; a sync needs the exit code and the
whole of stderr to say "network down" rather than "remote rejected", and bytes for file blobs.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ctotui.sync.errors import NoGitError, SyncError
from ctotui.sync.gitrepo import GIT_ENV, git_available

_LOCK_EXISTS = re.compile(r"Unable to create '([^']+\.lock)': File exists")
SSH_BATCH = "ssh -o BatchMode=yes -o ConnectTimeout=20"


@dataclass(frozen=True, slots=True)
class GitResult:
    code: int
    out: str
    err: str

    @property
    def ok(self) -> bool:
        return self.code == 0

    def first_line(self) -> str:
        for line in (self.err or self.out).splitlines():
            line = line.strip()
            if line and not line.startswith(("hint:", "From ", "To ")):
                return line.removeprefix("fatal: ").removeprefix("error: ").strip()
        return f"exit code {self.code}"


def _env(extra: Mapping[str, str] | None) -> dict[str, str]:
    return {**os.environ, **GIT_ENV, **(extra or {})}


def network_env(folder: Path) -> dict[str, str]:
    """Environment for fetch and push: ssh in batch mode, unless the user chose their own ssh.

    Scripts and the app cannot answer a passphrase prompt, so ssh must fail fast instead of
    hanging; a key in the user's agent still works in batch mode.
    """
    if "GIT_SSH_COMMAND" in os.environ or "GIT_SSH" in os.environ:
        return {}
    if git(folder, "config", "--get", "core.sshCommand").out.strip():
        return {}
    return {"GIT_SSH_COMMAND": SSH_BATCH}


def git(
    folder: Path,
    *args: str,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> GitResult:
    """Run `git -C folder args` and return what happened (never raises for a git failure)."""
    if not git_available():
        raise NoGitError("git is not installed; install git to sync the data folder")
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            env=_env(env),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return GitResult(124, "", f"git {args[0]} timed out after {timeout:.0f} s")
    return GitResult(done.returncode, done.stdout, done.stderr)


def git_ok(folder: Path, *args: str, timeout: float = 120) -> str:
    """Run git; return stdout, or raise SyncError with git's own first line."""
    done = git(folder, *args, timeout=timeout)
    if not done.ok:
        lock = _LOCK_EXISTS.search(done.err)
        if lock:
            # git's own line blames nobody; a second git in the clone started after sync looked.
            raise SyncError(
                f"{folder}: git {args[0]} failed: another git command holds {lock.group(1)}; "
                "wait for it to finish and sync again (a lock left by a killed git is cleared "
                "then)"
            )
        raise SyncError(f"{folder}: git {args[0]} failed: {done.first_line()}")
    return done.out


def git_blob(folder: Path, spec: str) -> bytes | None:
    """The bytes of `git show SPEC` (`HEAD:clients.json`, `:2:clients.json`), None if absent."""
    if not git_available():
        raise NoGitError("git is not installed; install git to sync the data folder")
    done = subprocess.run(
        ["git", "-C", str(folder), "show", spec],
        capture_output=True,
        env=_env(None),
        timeout=120,
        check=False,
    )
    return done.stdout if done.returncode == 0 else None
