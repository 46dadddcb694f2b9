"""Whatever git did to the folder, leave it whole: the repair that follows every merge path.

git can merge the data files without ctotui watching: a plain `git pull` (a merge commit, or a
fast-forward over uncommitted edits), `git pull --rebase`, a `git merge` by hand. The driver
still merges each file by record, but one file at a time: a client deleted on one clone while
another added a recommendation to it merges into a dangling reference, and `check`, `resolve`
and `sync` would all refuse the folder. `heal` runs the repair `ctotui sync` runs inside its own
merges (`repair.restore_references`: restore what is still referred to, record each restore as a
conflict) wherever a merge can have happened: `ctotui sync` before it looks at local data,
`ctotui resolve`, and opening the app.

Opening the app calls it, so it must cost nothing when git did nothing: a marker in the git
folder keeps the git state (HEAD, the branch ref, the index, by inode, time and size) in which the
folder was last found whole. Every git command that merges, checks out or moves HEAD changes one
of them; ctotui's own writes change none, and cannot leave a dangling reference.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from ctotui.data.jsonfile import atomic_write_bytes
from ctotui.data.lock import write_lock
from ctotui.errors import CtoError
from ctotui.sync.conflicts import count_pending, fold_pending, git_dir
from ctotui.sync.gitrepo import git_available
from ctotui.sync.repo import is_repo

WHOLE_MARKER = "ctotui-whole"
# Opening the app does not wait long for a folder another process is writing: it heals next time.
OPEN_LOCK_WAIT = 2.0


@dataclass(frozen=True, slots=True)
class HealResult:
    restored: tuple[str, ...] = ()  # one line per record brought back
    new_conflicts: int = 0  # conflict records added (restores and parked merge clashes)
    cleaned: tuple[str, ...] = ()  # leftovers of a killed git removed (locks, scratch copies)
    skipped: str = ""  # why nothing was looked at (a sync is running, merge markers), or ""

    @property
    def changed(self) -> bool:
        return bool(self.restored or self.new_conflicts)


def git_state(folder: Path) -> str:
    """What every merge, checkout or move of HEAD changes: HEAD, its branch ref, packed refs,
    the index and MERGE_HEAD, each by inode, modification time and size (no git call)."""
    gdir = git_dir(folder)
    names = ["HEAD", "packed-refs", "index", "MERGE_HEAD"]
    with contextlib.suppress(OSError, UnicodeDecodeError):
        head = (gdir / "HEAD").read_text(encoding="utf-8").strip()
        if head.startswith("ref: "):
            names.append(head.removeprefix("ref: ").strip())
    parts = []
    for name in names:
        try:
            st = os.stat(gdir / name)
            parts.append(f"{name} {st.st_ino} {st.st_mtime_ns} {st.st_size}")
        except OSError:
            parts.append(f"{name} -")
    return "\n".join(parts) + "\n"


def _marker(folder: Path) -> Path:
    return git_dir(folder) / WHOLE_MARKER


def mark_whole(folder: Path) -> None:
    """Remember that the folder is whole in git's current state (the caller checked it)."""
    with contextlib.suppress(OSError):
        atomic_write_bytes(_marker(folder), git_state(folder).encode("utf-8"))


def _known_whole(folder: Path) -> bool:
    try:
        return _marker(folder).read_text(encoding="utf-8") == git_state(folder)
    except (OSError, UnicodeDecodeError):
        return False


def heal_locked(folder: Path) -> HealResult:
    """Repair the working tree after whatever git did; the caller holds the write lock.

    Quick when git has done nothing since the folder was last found whole. Restores from the
    commits the last merge joined (`repair.merge_sources`), so every clone healing the same
    merge writes the same bytes; folds conflicts the merge driver parked into `conflicts.json`.
    """
    if _known_whole(folder) and not count_pending(folder):
        return HealResult()
    from ctotui.sync.repair import dangling, merge_sources, read_tables, restore_references
    from ctotui.sync.repo import unmerged_paths

    if unmerged_paths(folder):
        return HealResult(skipped="files are marked as conflicted in git; run `ctotui resolve`")
    restored = restore_references(folder, merge_sources(folder))
    new = fold_pending(folder)
    tables = read_tables(folder)
    if tables is not None and not dangling(tables):
        mark_whole(folder)
    return HealResult(tuple(restored), len(new))


def heal_folder(folder: Path | str) -> HealResult:
    """Opening a folder: clear what a killed sync left, then repair what a plain git merge did.

    Never waits for a running sync (it heals the folder itself) and hardly for the write lock;
    raises only `CtoError`s (a folder that cannot be written, say), which a caller may ignore.
    """
    folder = Path(folder).expanduser()
    if not is_repo(folder) or not git_available():
        return HealResult()
    from ctotui.sync.interrupted import recover_merge
    from ctotui.sync.leftovers import SyncBusyError, clear_leftovers, sync_lock

    try:
        with sync_lock(folder, wait=0.0):
            # A git still at work in the folder (or one this system cannot see) skips it all.
            cleaned = tuple(clear_leftovers(folder))
            with write_lock(folder, OPEN_LOCK_WAIT):
                recover_merge(folder)
                result = heal_locked(folder)
    except SyncBusyError as busy:
        return HealResult(skipped=str(busy))
    return HealResult(result.restored, result.new_conflicts, cleaned, result.skipped)


def heal_on_open(folder: Path | str) -> None:
    """Before the dashboard opens *folder*: `heal_folder`, where a locked or read-only folder
    skips it (the dashboard then opens read-only and says why)."""
    with contextlib.suppress(CtoError):
        heal_folder(folder)
