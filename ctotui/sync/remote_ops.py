"""Talking to the remote: fetch and push, with git's failures sorted into what a user can act on."""

from __future__ import annotations

from pathlib import Path

from ctotui.sync.errors import NetworkError, RemoteRejectedError, SyncError
from ctotui.sync.gitcmd import GitResult, git, network_env
from ctotui.sync.housekeeping import local_bare_remote, local_path
from ctotui.sync.repo import Remote, remote_url

NETWORK_TIMEOUT = 120.0

_UNREACHABLE = (
    "could not resolve",
    "connection refused",
    "connection timed out",
    "operation timed out",
    "timed out",
    "network is unreachable",
    "no route to host",
    "connection reset",
    "connection closed",
    "failed to connect",
    "unable to access",
)
_LOGIN = (
    "permission denied",
    "host key verification failed",
    "authentication failed",
    "could not read username",
    "terminal prompts disabled",
)
_NOT_A_REPO = ("does not appear to be a git repository", "repository not found", "not found")


def _detail(done: GitResult) -> str:
    """The most telling line of git's stderr (ssh's own complaint beats git's summary)."""
    lines = [line.strip() for line in done.err.splitlines() if line.strip()]
    for line in lines:
        low = line.lower()
        if any(key in low for key in (*_UNREACHABLE, *_LOGIN)):
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return done.first_line()


def classify(folder: Path, remote: Remote, done: GitResult, action: str) -> SyncError:
    """A one-line error for a failed fetch or push (*action*: "fetch from" or "push to")."""
    url = remote_url(folder, remote)
    detail = _detail(done)
    low = done.err.lower()
    if any(key in low for key in _LOGIN):
        return RemoteRejectedError(
            f"cannot log in to {remote.name} ({url}): {detail}; ctotui never asks for a "
            "password: load your ssh key into the agent (`ssh-add`) or set up a git credential "
            "helper, then sync again"
        )
    if any(key in low for key in _UNREACHABLE):
        return NetworkError(f"cannot reach {remote.name} ({url}): {detail} (network down?)")
    if any(key in low for key in _NOT_A_REPO):
        return NetworkError(
            f"cannot {action} {remote.name}: {url} is not a git repository (or does not exist)"
        )
    return NetworkError(f"cannot {action} {remote.name} ({url}): {detail}")


def fetch(folder: Path, remote: Remote) -> SyncError | None:
    """Fetch the remote branch; return the error instead of raising (local commits go first)."""
    refspec = f"+refs/heads/{remote.branch}:{remote.ref}"
    done = git(
        folder,
        "fetch",
        "-q",
        "--no-tags",
        remote.name,
        refspec,
        env=network_env(folder),
        timeout=NETWORK_TIMEOUT,
    )
    if done.ok or "couldn't find remote ref" in done.err.lower():
        return None  # an empty remote has no branch yet: the push will create it
    return classify(folder, remote, done, "fetch from")


def push(folder: Path, remote: Remote, branch: str) -> None:
    """Push HEAD to the remote branch (and make it the upstream of a branch that has none)."""
    args = ["push", "-q", "--porcelain"]
    if not git(folder, "config", "--get", f"branch.{branch}.remote").out.strip():
        args.append("--set-upstream")
    done = git(
        folder,
        *pack_options(folder, remote),
        *args,
        remote.name,
        f"HEAD:refs/heads/{remote.branch}",
        env=network_env(folder),
        timeout=NETWORK_TIMEOUT,
    )
    if done.ok:
        _point_head_at(folder, remote)
        return
    text = f"{done.out}\n{done.err}"
    if "[rejected]" in text and ("fetch first" in text or "non-fast-forward" in text):
        error = RemoteRejectedError(
            f"{remote.label} kept moving while syncing (someone else is pushing); sync again"
        )
        error.retry = True
        raise error
    if "[remote rejected]" in text or "[rejected]" in text:
        reason = next(
            (
                line.split("(", 1)[-1].rstrip(")")
                for line in text.splitlines()
                if "rejected]" in line and "(" in line
            ),
            done.first_line(),
        )
        raise RemoteRejectedError(
            f"{remote.name} ({remote_url(folder, remote)}) rejected the push: {reason}"
        )
    raise classify(folder, remote, done, "push to")


# To a remote on this machine (a path, a mounted drive) nothing is saved by sending a delta: git
# would spend ~0.5 s finding the one record that changed in a 25 MB table, and the remote as long
# unpacking it. Whole objects, lightly compressed, go in a third of that; the local remote is
# repacked after the push (`housekeeping`), deltas included. Over a network the default stays.
LOCAL_PACK = ("-c", "pack.window=0", "-c", "pack.compression=1")


def pack_options(folder: Path, remote: Remote) -> tuple[str, ...]:
    """git's options for a push to *remote*: `LOCAL_PACK` to a bare remote of this user here."""
    return LOCAL_PACK if local_bare_remote(folder, remote.name) is not None else ()


def _point_head_at(folder: Path, remote: Remote) -> None:
    """Make a bare remote's HEAD name the branch sync pushes, when it names none that exists.

    `git init --bare` points HEAD at `master` (or init.defaultBranch) while sync pushes `main`;
    a `git clone` of such a remote checks out nothing. git cannot change a remote's HEAD over
    the wire, so only a remote on this machine is fixed here; a clone of any other is set up by
    `ctotui sync --setup`, which checks out the branch itself.
    """
    path = local_path(folder, remote_url(folder, remote))
    if path is None or not path.is_dir():
        return
    git_dir = git(path, "rev-parse", "--absolute-git-dir").out.strip()
    if not git_dir or Path(git_dir).resolve() != path.resolve():
        return  # not a bare repository (a working clone's HEAD is its own business)
    if git(path, "rev-parse", "--verify", "--quiet", "HEAD").ok:
        return  # it names a branch that exists: someone's choice, left alone
    if git(path, "rev-parse", "--verify", "--quiet", f"refs/heads/{remote.branch}").ok:
        git(path, "symbolic-ref", "HEAD", f"refs/heads/{remote.branch}")
