"""Real git in temporary folders: a bare remote and clones set up the way a user sets them up.

No test depends on the developer's git config: identity comes from the environment, and global
and system config files are switched off.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ctotui.data.folder import create_folder
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.schema import Record
from ctotui.services import deleting
from ctotui.sync import gitrepo
from ctotui.sync.run import SyncResult, run_sync
from ctotui.sync.setup import setup_sync

T0 = "2026-11-27T09:00:00+00:00"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.invalid",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture(autouse=True)
def _git_identity(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    empty = tmp_path_factory.mktemp("gitconfig") / "config"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GIT_SSH_COMMAND", raising=False)
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=False
    )
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
    return done


def bare_remote(path: Path) -> Path:
    git(path.parent, "init", "-q", "--bare", "-b", "main", str(path))
    return path


@dataclass
class Clone:
    """One machine's data folder, edited through the Store with its own clock."""

    path: Path
    clock: FixedClock

    def store(self) -> Store:
        return Store(self.path, clock=self.clock)

    def insert(self, rec: Record) -> str:
        with self.store() as store:
            return store.insert(rec).id

    def update(self, cls: type[Record], rec_id: str, **changes: Any) -> None:
        with self.store() as store:
            store.update(cls, rec_id, **changes)

    def delete(self, cls: type[Record], rec_id: str, *, cascade: bool = False) -> None:
        with self.store() as store:
            deleting.delete(store, cls, rec_id, cascade=cascade)

    def sync(self) -> SyncResult:
        return run_sync(self.path)

    def pull(self, check: bool = True) -> subprocess.CompletedProcess[str]:
        return git(self.path, "pull", "-q", "--no-rebase", "--no-edit", check=check)

    def table(self, table: str) -> dict[str, dict[str, Any]]:
        data = json.loads((self.path / f"{table}.json").read_text(encoding="utf-8"))
        records: dict[str, dict[str, Any]] = data[table]
        return records

    def record(self, table: str, rec_id: str) -> dict[str, Any]:
        return self.table(table)[rec_id]

    def conflicts(self) -> list[dict[str, Any]]:
        return list(self.table("conflicts").values())

    def head(self) -> str:
        return git(self.path, "rev-parse", "HEAD").stdout.strip()


def first_clone(remote: Path, path: Path, clock: FixedClock) -> Clone:
    """What `ctotui init DIR` does, then `git remote add` and a first sync."""
    create_folder(path)
    gitrepo.init_repo(path)
    git(path, "remote", "add", "origin", str(remote))
    clone = Clone(path, clock)
    clone.sync()
    return clone


def next_clone(remote: Path, path: Path, clock: FixedClock) -> Clone:
    """What a user does on a second machine: `git clone`, then `ctotui sync --setup`."""
    git(path.parent, "clone", "-q", str(remote), str(path))
    setup_sync(path)
    return Clone(path, clock)


@pytest.fixture
def make_clones(tmp_path: Path) -> Callable[[int], list[Clone]]:
    def make(count: int) -> list[Clone]:
        remote = bare_remote(tmp_path / "remote.git")
        clones = [first_clone(remote, tmp_path / "c0", FixedClock(T0))]
        for i in range(1, count):
            clones.append(next_clone(remote, tmp_path / f"c{i}", FixedClock(T0)))
        return clones

    return make


@pytest.fixture
def pair(make_clones: Callable[[int], list[Clone]]) -> Iterator[tuple[Clone, Clone]]:
    a, b = make_clones(2)
    yield a, b
