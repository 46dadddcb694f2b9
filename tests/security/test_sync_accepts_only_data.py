"""Sync accepts only data: a commit that brings anything else (a planted cache or lock, a link,
an executable, a changed .gitattributes) is refused before it touches the working tree."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from support import snapshot
from sync.conftest import Clone, git

from ctotui.data import loadcache
from ctotui.data.store import Store
from ctotui.domain.entities import Client
from ctotui.sync.incoming import ForeignCommit
from ctotui.sync.rescue import resolve_merge


class Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def push_by_hand(clone: Clone, message: str) -> None:
    """What a compromised laptop pushes: a commit made with git, not with ctotui."""
    git(clone.path, "add", "-A", "-f", ".")
    git(clone.path, "commit", "-q", "-m", message)
    git(clone.path, "push", "-q", "origin", "main")


def plant(clone: Clone, kind: str, marker: Path) -> None:
    path = clone.path
    if kind == "cache":
        (path / ".ctotui-cache").mkdir()
        (path / ".ctotui-cache" / "clients.pickle").write_bytes(pickle.dumps(Payload(marker)))
    elif kind == "link":
        (path / "clients.json").unlink()
        (path / "clients.json").symlink_to(Path.home() / ".bashrc")
    elif kind == "executable":
        (path / "notes.json").chmod(0o755)
        git(path, "config", "core.fileMode", "true")
    elif kind == "attributes":
        (path / ".gitattributes").write_text("*.json -merge\n")
    elif kind == "hook-like file":
        (path / "post-merge").write_text("#!/bin/sh\ntouch x\n")


@pytest.mark.parametrize("kind", ["cache", "link", "executable", "attributes", "hook-like file"])
def test_a_foreign_commit_is_refused_and_nothing_is_merged(
    make_clones: Callable[[int], list[Clone]], tmp_path: Path, kind: str
) -> None:
    a, b = make_clones(2)
    b.insert(Client(name="Mine"))
    b.sync()
    a.sync()
    marker = tmp_path / "ran"
    plant(a, kind, marker)
    push_by_hand(a, f"planted {kind}")
    b.insert(Client(name="Local edit"))
    before = snapshot(b.path)
    with pytest.raises(ForeignCommit) as refused:
        b.sync()
    message = str(refused.value)
    assert message.startswith("origin/main ") and "nothing was merged" in message
    assert "\n" not in message
    assert snapshot(b.path) == before  # the local edit is committed, nothing came in
    assert not (b.path / ".ctotui-cache").exists() and not (b.path / "post-merge").exists()
    assert not (b.path / "clients.json").is_symlink()
    with Store(b.path, use_cache=True) as store:
        assert {c.name for c in store.all(Client)} == {"Mine", "Local edit"}
    loadcache.refresh(b.path)
    assert not marker.exists()


def test_resolve_refuses_a_plain_pull_that_brought_a_foreign_file(
    make_clones: Callable[[int], list[Clone]], tmp_path: Path
) -> None:
    a, b = make_clones(2)
    plant(a, "cache", tmp_path / "ran")
    push_by_hand(a, "planted cache")
    b.insert(Client(name="Local"))
    git(b.path, "add", "-A")
    git(b.path, "commit", "-q", "-m", "local")
    # A plain pull puts the planted file into the working tree; resolve must take it out.
    git(b.path, "pull", "-q", "--no-rebase", "--no-commit")
    assert (b.path / ".git" / "MERGE_HEAD").exists() and (b.path / ".ctotui-cache").exists()
    with pytest.raises(ForeignCommit):
        resolve_merge(b.path)
    assert not (b.path / ".git" / "MERGE_HEAD").exists()
    assert not (b.path / ".ctotui-cache").exists()


def test_sync_commits_only_ctotuis_files(make_clones: Callable[[int], list[Clone]]) -> None:
    (a,) = make_clones(1)
    (a.path / "stray.txt").write_text("not data\n")
    a.insert(Client(name="Acme"))
    a.sync()
    tracked = git(a.path, "ls-files").stdout.split()
    assert "stray.txt" not in tracked and "clients.json" in tracked


@pytest.mark.parametrize("name", [".gitattributes", ".gitignore"])
def test_setup_never_writes_through_a_linked_repository_file(
    make_clones: Callable[[int], list[Clone]], tmp_path: Path, name: str
) -> None:
    """A commit made by hand can make `.gitattributes` a link to any file of the user's; a new
    clone's `sync --setup` refuses it instead of appending its lines to that file."""
    from ctotui.sync.errors import SyncError
    from ctotui.sync.setup import setup_sync

    [a] = make_clones(1)
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    (a.path / name).unlink()
    (a.path / name).symlink_to(victim)
    push_by_hand(a, "a link in place of a repository file")
    remote = git(a.path, "remote", "get-url", "origin").stdout.strip()
    clone = tmp_path / "new"
    git(tmp_path, "clone", "-q", remote, str(clone))
    with pytest.raises(SyncError) as caught:
        setup_sync(clone)
    assert str(caught.value) == (
        f"{clone / name}: is a symbolic link; ctotui does not follow links "
        "(put the file itself there)"
    )
    assert victim.read_text() == "precious\n"
