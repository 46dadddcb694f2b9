"""Running git, and making a data folder a repository that merges with ctotui's driver."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from pathlib import Path

from ctotui.data.jsonfile import atomic_write_bytes, write_json
from ctotui.data.layout import DATA_FILES, GITIGNORE, VAULT_FILE
from ctotui.errors import CtoError
from ctotui.sync import driver_shim

DRIVER_NAME = "ctotui"
ATTRIBUTES = "".join(f"{name} merge={DRIVER_NAME}\n" for name in (*DATA_FILES, VAULT_FILE))
GIT_ENV = {
    # Never let git open an editor or a password prompt we cannot show.
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_EDITOR": "true",
    "GIT_MERGE_AUTOEDIT": "no",
}


class GitError(CtoError):
    """A git command failed; the message carries git's own first line."""


def git_available() -> bool:
    return shutil.which("git") is not None


def run_git(folder: Path, *args: str, check: bool = True, timeout: float = 120) -> str:
    """Run `git -C folder args`; return stdout, or raise GitError with git's message."""
    if not git_available():
        raise GitError("git is not installed (install git to sync the data folder)")
    env = {**os.environ, **GIT_ENV}
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} timed out after {timeout:.0f} s") from None
    if check and done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()
        first = next((line for line in message if line.strip()), f"exit code {done.returncode}")
        raise GitError(f"git {args[0]} failed: {first.removeprefix('fatal: ').strip()}")
    return done.stdout


def configure_clone(folder: Path) -> None:
    """Register the merge driver in this clone (git config is not versioned, so every clone)."""
    driver_shim.write_shim(folder)
    run_git(folder, "config", f"merge.{DRIVER_NAME}.name", "ctotui per-record JSON merge")
    run_git(folder, "config", f"merge.{DRIVER_NAME}.driver", driver_shim.COMMAND)
    info = folder / ".git" / "info"
    info.mkdir(parents=True, exist_ok=True)
    # Also in info/attributes: a checkout of an old commit without .gitattributes still merges
    # with the driver.
    atomic_write_bytes(info / "attributes", ATTRIBUTES.encode("utf-8"))


def refresh_driver(folder: Path) -> str:
    """At each start on a clone: point its merge driver's shim at this ctotui, and move a clone
    registered with an earlier command (an interpreter's absolute path, or the shim without a
    word when it is gone) onto today's. Returns a warning line, or "" (also when this user
    cannot write the clone: check and sync say why).

    The usual case, a shim already naming this ctotui, costs a read of it and starts no git."""
    if not (folder / ".git").exists():
        return ""
    try:
        with contextlib.suppress(CtoError):
            if driver_shim.read_shim(driver_shim.shim_path(folder)) == driver_shim.current_text():
                return ""
        if not git_available():
            return ""
        key = f"merge.{DRIVER_NAME}.driver"
        command = run_git(folder, "config", "--get", key, check=False).strip()
        if command == driver_shim.COMMAND:
            driver_shim.write_shim(folder)
        elif command in driver_shim.PREVIOUS or command.endswith(driver_shim.OLD_SUFFIX):
            driver_shim.write_shim(folder)
            run_git(folder, "config", key, driver_shim.COMMAND)
        # Not registered, or a command someone chose: `check` says so, sync refuses; not ours.
    except CtoError as exc:
        return str(exc)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return ""
        where = exc.filename or folder
        return f"{where}: could not refresh the merge driver ({exc.strerror or exc})"
    return ""


def write_repo_files(folder: Path) -> None:
    # By rename, so a link planted in their place is replaced, never written through.
    atomic_write_bytes(folder / ".gitignore", GITIGNORE.encode("utf-8"))
    atomic_write_bytes(folder / ".gitattributes", ATTRIBUTES.encode("utf-8"))


def init_repo(folder: Path) -> None:
    """`git init` the data folder, register the merge driver and commit the empty layout."""
    if not (folder / ".git").exists():
        run_git(folder, "init", "-q")
        run_git(folder, "symbolic-ref", "HEAD", "refs/heads/main")
    write_repo_files(folder)
    configure_clone(folder)
    for name in DATA_FILES:
        path = folder / name
        if not path.exists():
            write_json(path, {name.removesuffix(".json"): {}})
    run_git(folder, "add", "-A")
    if run_git(folder, "status", "--porcelain"):
        commit(folder, "ctotui: new data folder")


def identity_args(folder: Path) -> list[str]:
    """`-c user.name=… -c user.email=…` when git has no identity configured, else nothing."""
    name = run_git(folder, "config", "user.name", check=False).strip()
    email = run_git(folder, "config", "user.email", check=False).strip()
    args = []
    if not name:
        args += ["-c", "user.name=ctotui"]
    if not email:
        args += ["-c", "user.email=ctotui@localhost"]
    return args


def commit(folder: Path, message: str) -> None:
    run_git(folder, *identity_args(folder), "commit", "-q", "-m", message)
