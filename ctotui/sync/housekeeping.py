"""Keeping the data folder's git history small.

Each commit of an edit to a 25 MB table file stores a new ~4 MB compressed copy of it as a loose
object, and `git gc --auto` waits for thousands of them: a year of syncing grew `.git` by
gigabytes. Packed, the versions are stored as deltas of each other (a one-field edit costs a few
hundred bytes), so once the loose objects pass `LOOSE_LIMIT` a full repack runs — in the
background, detached, so no sync waits for it (measured on the 20,000-recommendation folder: a
repack takes about 2 s; loose objects: 60 MB per 15 edits; repacked each time: no growth).

A bare remote on a path of this machine (a folder on a NAS, a USB disk, the jump box's own
`clients.git`) unpacks every push into the same loose objects and grows by the same 4 MB an edit,
so once it is ours to write it gets the same repack. A remote behind a URL is its host's
business (GitHub, GitLab and Gitea repack their own).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ctotui.sync.gitcmd import git

LOOSE_LIMIT_KB = 16 * 1024  # the loose objects of about four edits of the big table


def loose_kb(folder: Path) -> int:
    """The size of the loose objects, in KiB (`git count-objects -v`)."""
    for line in git(folder, "count-objects", "-v").out.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "size" and value.strip().isdigit():
            return int(value)
    return 0


def repack_when_due(folder: Path) -> bool:
    """Start a background repack if the loose objects pass the limit; True if one started."""
    if loose_kb(folder) < LOOSE_LIMIT_KB:
        return False
    with contextlib.suppress(OSError):
        subprocess.Popen(
            ["git", "-C", str(folder), "repack", "-a", "-d", "-q"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not killed with the terminal, no sync waits for it
            close_fds=True,
        )
        return True
    return False


def local_path(folder: Path, url: str) -> Path | None:
    """The folder of a remote on this machine (a path or a file:// URL), else None."""
    if url.startswith("file://"):
        return Path(unquote(urlsplit(url).path))
    if "://" in url or ":" in url.split("/", 1)[0]:
        return None  # ssh://, https://, or scp-like host:path
    path = Path(url).expanduser()
    return path if path.is_absolute() else folder / path


def local_bare_remote(folder: Path, remote: str) -> Path | None:
    """The remote's folder when it is a bare repository on this machine that this user owns."""
    url = git(folder, "remote", "get-url", remote).out.strip()
    path = local_path(folder, url) if url else None
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    bare = (
        (path / "objects").is_dir() and (path / "HEAD").is_file() and not (path / ".git").exists()
    )
    if not bare or info.st_uid != os.getuid() or not os.access(path / "objects", os.W_OK):
        return None
    return path
