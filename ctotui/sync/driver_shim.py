"""The merge driver's shim: a small sh script in the clone's git folder that finds a ctotui.

git config holds one fixed command per clone (`COMMAND`), naming no interpreter and no folder:
at merge time it asks git where the git folder is, so a moved data folder still merges, and runs
the shim there. The shim runs the interpreter that last opened the folder (ctotui rewrites it at
each start), else `ctotui` on PATH, else fails with one line naming the fix. Rebuilding or moving
ctotui's virtualenv therefore breaks nothing once any ctotui has been run again, and `check` and
`sync` say so while nothing can run it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shlex
import shutil
import stat
import sys
import tempfile
from pathlib import Path

import ctotui
from ctotui.sync.errors import SyncError

SHIM = "ctotui/merge-driver"  # under the git common folder, shared by every worktree
SETUP_HINT = "run `ctotui sync --setup`"
# git substitutes %O %A %B (temporary file names) and %P (the path, quoted by git itself), and
# runs the command through sh. A shim gone (a git folder copied without it, `.git/ctotui`
# removed) gets one line naming the fix in the output of a plain `git pull`, not sh's "not
# found".
COMMAND = (
    f'd="$(git rev-parse --git-common-dir)/{SHIM}"; '
    'if [ -x "$d" ]; then exec "$d" %O %A %B %P; fi; '
    'echo "ctotui: the merge driver $d cannot be run; open the folder with ctotui once, or'
    ' run \\`ctotui sync --setup\\`" >&2; exit 1'
)
# What ctotui registered before: the shim alone (moved onto COMMAND at the next start).
PREVIOUS = (f'"$(git rev-parse --git-common-dir)/{SHIM}" %O %A %B %P',)
# What ctotui registered before the shim: an absolute interpreter that a new venv removes.
OLD_SUFFIX = " -m ctotui merge-driver %O %A %B %P"

_RECORDED = re.compile(r"^(py|pkg)=(.*)$", re.MULTILINE)


def shim_text(python: str, package: str) -> str:
    """The shim for an interpreter and the ctotui package it imports.

    `-P` keeps the data folder (git runs drivers there) off `sys.path`, so a `ctotui/` planted
    in it is never imported; a `ctotui` found on PATH is run only by an absolute path."""
    return (
        "#!/bin/sh\n"
        "# ctotui's git merge driver (merge.ctotui.driver runs it, and says so when it is\n"
        "# gone). ctotui rewrites this file at each start; edits are lost.\n"
        f"py={shlex.quote(python)}\n"
        f"pkg={shlex.quote(package)}\n"
        'if [ -x "$py" ] && [ -f "$pkg" ]; then exec "$py" -P -m ctotui merge-driver "$@"; fi\n'
        "c=$(command -v ctotui 2>/dev/null) && case $c in\n"
        '/*) exec "$c" merge-driver "$@" ;;\n'
        "esac\n"
        'echo "ctotui: the merge driver cannot find ctotui (not at $py, not on PATH);'
        ' run \\`ctotui sync --setup\\`" >&2\n'
        "exit 1\n"
    )


def current_text() -> str:
    """The shim this process would write: its own interpreter and package."""
    return shim_text(sys.executable or "", str(Path(ctotui.__file__).resolve()))


def recorded(text: str) -> tuple[str, str]:
    """The (interpreter, package) a shim's text names; ("", "") for what is not ctotui's."""
    found: dict[str, str] = {}
    for key, value in _RECORDED.findall(text):
        with contextlib.suppress(ValueError):
            words = shlex.split(value)
            found[key] = words[0] if len(words) == 1 else ""
    return found.get("py", ""), found.get("pkg", "")


def common_dir(folder: Path) -> Path:
    """The clone's git common folder (what `git rev-parse --git-common-dir` prints), read from
    the files git keeps, without starting git (this runs at every start)."""
    gitdir = folder / ".git"
    if gitdir.is_file():
        text = gitdir.read_text(encoding="utf-8").strip()
        if text.startswith("gitdir:"):
            target = Path(text.removeprefix("gitdir:").strip())
            gitdir = target if target.is_absolute() else folder / target
    with contextlib.suppress(OSError):
        common = Path((gitdir / "commondir").read_text(encoding="utf-8").strip())
        gitdir = common if common.is_absolute() else gitdir / common
    return gitdir


def shim_path(folder: Path) -> Path:
    return common_dir(folder) / SHIM


def _refused(path: Path) -> SyncError:
    return SyncError(
        f"{path}: is a symbolic link; ctotui does not write through links "
        f"(remove it, then {SETUP_HINT})"
    )


def read_shim(path: Path) -> str | None:
    """The shim's text; None when there is none. Raises SyncError for a link in its place."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refused(path) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read(65536).decode("utf-8", "replace")


def write_shim(folder: Path) -> bool:
    """Write this process's shim (0700) unless it is already there; True when written.

    Atomic (a temporary file renamed over it), so git never runs half a script; a link at the
    shim's path or its folder is refused, never written through."""
    path = shim_path(folder)
    text = current_text()
    home = path.parent
    if home.is_symlink():
        raise _refused(home)
    if read_shim(path) == text and os.access(path, os.X_OK):
        return False
    home.mkdir(mode=0o700, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".merge-driver-", dir=home)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o700)
        if path.is_symlink():
            # os.replace would swap the link itself, not its target; still, a link there is
            # someone else's doing and is left for the person to look at.
            raise _refused(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return True


def shim_problem(folder: Path) -> str | None:
    """Why the shim cannot run a ctotui (for `check` and `sync`), or None."""
    path = shim_path(folder)
    where = f"{folder}: the merge driver"
    linked = next((link for link in (path.parent, path) if link.is_symlink()), None)
    try:
        text = None if linked else read_shim(path)
    except SyncError:  # a link put there since
        linked = path
    except OSError as exc:
        return f"{where} {path} cannot be read ({exc.strerror}); {SETUP_HINT}"
    if linked:
        return f"{where} {linked} is a symbolic link; remove it, then {SETUP_HINT}"
    if text is None:
        return f"{where} {path} is missing; {SETUP_HINT}"
    if not os.access(path, os.X_OK):
        return f"{where} {path} is not executable; {SETUP_HINT}"
    python, package = recorded(text)
    if python and os.access(python, os.X_OK) and os.path.isfile(package):
        return None
    on_path = shutil.which("ctotui")
    if on_path and os.path.isabs(on_path):
        return None
    return f"{where} cannot find ctotui (not at {python or '?'}, not on PATH); {SETUP_HINT}"
