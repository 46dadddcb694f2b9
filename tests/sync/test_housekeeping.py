"""The history stays small (issue 16, item 4): once loose objects pile up, a sync repacks the
clone in the background, and a bare remote on this machine that this user owns as well; a
remote behind a URL is left to its host. Real git, a bare remote, two clones."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ctotui.domain.entities import Client
from ctotui.sync import housekeeping, remote_ops
from ctotui.sync.housekeeping import local_bare_remote
from ctotui.sync.repo import Remote
from tests.sync.conftest import Clone, git


def loose_count(repo: Path) -> int:
    for line in git(repo, "count-objects", "-v").stdout.splitlines():
        key, _, value = line.partition(":")
        if key == "count":
            return int(value)
    raise AssertionError("no count in git count-objects -v")


def wait_packed(repo: Path) -> int:
    """The loose objects left once the background repack is done (up to 30 s)."""
    for _ in range(300):
        if loose_count(repo) == 0:
            return 0
        time.sleep(0.1)
    return loose_count(repo)


def test_a_sync_past_the_limit_repacks_the_clone_and_the_local_remote(
    make_clones: Callable[[int], list[Clone]], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = make_clones(2)
    remote = Path(git(a.path, "remote", "get-url", "origin").stdout.strip())
    git(remote, "config", "receive.unpackLimit", "1000")  # as on a default remote: loose
    a.insert(Client(name="Acme"))
    a.sync()
    assert loose_count(a.path) > 0 and loose_count(remote) > 0  # below the limit: left alone
    monkeypatch.setattr(housekeeping, "LOOSE_LIMIT_KB", 0)
    a.insert(Client(name="Borealis"))
    a.sync()
    assert wait_packed(a.path) == 0
    assert wait_packed(remote) == 0
    b.sync()  # the packed remote still serves every commit
    assert {c["name"] for c in b.table("clients").values()} == {"Acme", "Borealis"}


def test_only_a_bare_repository_of_this_user_on_this_machine_counts(
    make_clones: Callable[[int], list[Clone]], tmp_path: Path
) -> None:
    a, b = make_clones(2)
    remote = Path(git(a.path, "remote", "get-url", "origin").stdout.strip())
    assert local_bare_remote(a.path, "origin") == remote
    for url, expected in [
        (f"file://{remote}", remote),
        ("ssh://jump.example/srv/clients.git", None),
        ("jump.example:clients.git", None),
        ("https://git.example/clients.git", None),
        (str(b.path), None),  # a clone with a working tree is not a bare repository
        (str(tmp_path / "missing.git"), None),
    ]:
        git(a.path, "remote", "set-url", "origin", url)
        assert local_bare_remote(a.path, "origin") == expected, url
        # A push sends whole objects only where no network is crossed (see remote_ops).
        local = remote_ops.LOCAL_PACK if expected else ()
        assert remote_ops.pack_options(a.path, Remote("origin", "main")) == local, url
