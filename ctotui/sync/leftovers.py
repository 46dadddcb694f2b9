"""One sync at a time per clone, and what a killed git leaves behind.

`kill -9` of a sync (or of any git command) leaves git's lock files — `.git/index.lock`, a ref's
`.lock` — after which every git command that needs them fails; a merge killed while the driver
ran leaves git's `.merge_file_XXXXXX` scratch copies (plaintext copies of whole tables) in the
data folder. Both are removed once it is certain that no git is still working on the repository:

* ctotui's own syncs are ruled out by the sync lock, which every sync holds from start to end
  (a flock, so the kernel drops it when its process dies; in the git folder, where git never
  carries it);
* any other git — a plain `git pull` in another pane, an editor's git — is looked for in /proc:
  this user's processes named `git` or `git-*` whose working folder is in the clone or its git
  folder, or whose `GIT_DIR` points there. Another user cannot write into the 0700 folder;
* a lock younger than `FRESH_SECONDS` is given that long to go away by itself first (a git the
  scan cannot see, in another PID namespace, would be that quick to finish or be long-lived);
* without /proc (macOS), nothing is deleted: the message names the file to delete.

A git that starts after the scan cannot hold a lock that still exists (git creates locks with
O_EXCL), so deleting the stale file races with no one.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ctotui.data.lock import FolderLock
from ctotui.sync.conflicts import git_dir
from ctotui.sync.errors import SyncError

SYNC_LOCK = "ctotui-sync.lock"
FRESH_SECONDS = 2.0
# git's own lock files in the git folder (plus every `refs/**.lock`); never ctotui's locks.
GIT_LOCKS = (
    "index.lock",
    "HEAD.lock",
    "ORIG_HEAD.lock",
    "MERGE_HEAD.lock",
    "AUTO_MERGE.lock",
    "FETCH_HEAD.lock",
    "packed-refs.lock",
    "config.lock",
    "shallow.lock",
)
SCRATCH = re.compile(r"\.merge_file_[A-Za-z0-9]{6}")


class SyncBusyError(SyncError):
    """Another sync of this clone is running, or a git command is working in it."""


@contextlib.contextmanager
def sync_lock(
    folder: Path, wait: float, say: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the clone's sync lock for a block; waits up to *wait* seconds for another sync to
    finish, then raises SyncBusyError with one line. *say* (a progress callback) hears why it
    waits."""
    lock = FolderLock(git_dir(folder) / SYNC_LOCK)
    got = lock.acquire(0.0)
    if not got and wait > 0:
        if say is not None:
            say(f"waiting for another sync of this folder ({lock.holder()}) to finish…")
        got = lock.acquire(wait)
    if not got:
        raise SyncBusyError(
            f"{folder}: another sync of this folder is running ({lock.holder()}); "
            "it will push your committed changes too, or sync again when it is done"
        )
    try:
        yield
    finally:
        lock.release()


def git_locks(folder: Path) -> list[Path]:
    """git's lock files present in *folder*'s git folder."""
    gdir = git_dir(folder)
    found = [gdir / name for name in GIT_LOCKS if os.path.lexists(gdir / name)]
    refs = gdir / "refs"
    if refs.is_dir():
        for root, _dirs, files in os.walk(refs):
            found += [Path(root) / name for name in files if name.endswith(".lock")]
    return sorted(found)


def scratch_files(folder: Path) -> list[Path]:
    """git's `.merge_file_XXXXXX` copies in the data folder (left by a killed merge)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(folder / name for name in names if SCRATCH.fullmatch(name))


def _inside(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root or path.startswith(root + os.sep) for root in roots)


def git_processes(folder: Path) -> list[str] | None:
    """ "pid N (git pull)" for each of this user's git processes working in *folder*'s
    repository; None when this system cannot tell (no /proc)."""
    proc = Path("/proc")
    if not (proc / "self" / "cwd").exists():
        return None
    roots = tuple(
        {str(p) for p in (folder.resolve(), git_dir(folder).resolve(), folder, git_dir(folder))}
    )
    uid, me = os.getuid(), os.getpid()
    found = []
    for entry in os.scandir(proc):
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            comm = (proc / entry.name / "comm").read_text().strip()
            if comm != "git" and not comm.startswith("git-"):
                continue
            cwd = os.readlink(proc / entry.name / "cwd")
            environ = (proc / entry.name / "environ").read_bytes().split(b"\0")
            cmdline = (proc / entry.name / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue  # gone meanwhile, a zombie, or not ours to read
        git_dirs = [e[8:].decode(errors="replace") for e in environ if e.startswith(b"GIT_DIR=")]
        if _inside(cwd, roots) or any(
            _inside(os.path.normpath(os.path.join(cwd, d)), roots) for d in git_dirs
        ):
            words = [w.decode(errors="replace") for w in cmdline if w][:3]
            found.append(f"pid {entry.name} ({' '.join(words) or comm})")
    return found


def _wait_until_stale(paths: list[Path]) -> list[Path]:
    """*paths* that still exist once none of them is younger than FRESH_SECONDS."""
    deadline = time.monotonic() + FRESH_SECONDS
    while True:
        left = [p for p in paths if os.path.lexists(p)]
        ages = []
        for path in left:
            with contextlib.suppress(OSError):
                ages.append(time.time() - path.lstat().st_mtime)
        if not left or min(ages, default=FRESH_SECONDS) >= FRESH_SECONDS:
            return left
        if time.monotonic() >= deadline:
            return left
        time.sleep(0.1)


def clear_leftovers(folder: Path) -> list[str]:
    """Delete git's stale locks and scratch copies; returns the names removed.

    The caller holds the sync lock. Raises SyncBusyError (one line) when a git command is still
    working in the repository, or when this system cannot tell and a lock is there.
    """
    locks, scratch = git_locks(folder), scratch_files(folder)
    if not locks and not scratch:
        return []
    locks = _wait_until_stale(locks)
    scratch = [p for p in scratch if os.path.lexists(p)]
    if not locks and not scratch:
        return []
    running = git_processes(folder)
    deadline = time.monotonic() + FRESH_SECONDS
    while running and time.monotonic() < deadline:
        time.sleep(0.1)  # a quick one (the app's status line runs `git diff`) is let finish
        running = git_processes(folder)
    if running:
        raise SyncBusyError(
            f"{folder}: git is running in this folder ({running[0]}); "
            "wait for it to finish, then sync again"
        )
    if running is None:
        if not locks:
            return []  # scratch copies of a merge that may still run: left for next time
        raise SyncBusyError(
            f"{locks[0]}: left by a git command that was interrupted (a killed sync?); if no git "
            f"command is running in {folder}, delete it (`rm '{locks[0]}'`) and sync again"
        )
    removed = []
    for path in [*locks, *scratch]:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # a symlink itself, never what it points to
            removed.append(path.name)
    return removed
