"""The merge driver as git runs it: junk sides fail loudly and leave the working file alone."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ctotui.data.jsonfile import canonical_bytes
from ctotui.domain.entities import Client
from ctotui.errors import CtoError
from ctotui.sync.conflicts import read_pending
from ctotui.sync.run import run_sync
from tests.sync.conftest import Clone, git

ID = "01JD0000000000000000000001"
T1 = "2026-11-27T09:00:00.000000Z"
T2 = "2026-11-27T10:00:00.000000Z"


def table_bytes(**records: dict[str, object]) -> bytes:
    return canonical_bytes({"clients": records})


def client(stamp: str, **fields: object) -> dict[str, object]:
    return {"name": "Acme", "created_at": T1, "updated_at": stamp, **fields}


def run_driver(
    folder: Path, base: bytes, ours: bytes, theirs: bytes
) -> subprocess.CompletedProcess[str]:
    for name, data in (("O", base), ("A", ours), ("B", theirs)):
        (folder / name).write_bytes(data)
    return subprocess.run(
        [sys.executable, "-m", "ctotui", "merge-driver", "O", "A", "B", "clients.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def worktree(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    return tmp_path


def test_driver_merges_into_ours_and_parks_conflicts_idempotently(worktree: Path) -> None:
    base = table_bytes(**{ID: client(T1)})
    ours = table_bytes(**{ID: client(T2, health="red")})
    theirs = table_bytes(**{ID: client(T1, health="amber", sector="retail")})
    done = run_driver(worktree, base, ours, theirs)
    assert done.returncode == 0, done.stderr
    merged = json.loads((worktree / "A").read_bytes())["clients"][ID]
    assert (merged["health"], merged["sector"], merged["updated_at"]) == ("red", "retail", T2)
    assert (worktree / "A").read_bytes() == canonical_bytes({"clients": {ID: merged}})
    first = read_pending(worktree)
    assert [(c["field"], c["kept"], c["other"]) for c in first.values()] == [
        ("health", "red", "amber")
    ]
    again = run_driver(worktree, base, ours, theirs)
    assert again.returncode == 0
    assert read_pending(worktree) == first


def test_empty_base_is_an_empty_table_when_both_sides_added_the_file(worktree: Path) -> None:
    other = "01JD0000000000000000000002"
    done = run_driver(
        worktree,
        b"",
        table_bytes(**{ID: client(T1)}),
        table_bytes(**{other: client(T2, name="Beta")}),
    )
    assert done.returncode == 0, done.stderr
    assert set(json.loads((worktree / "A").read_bytes())["clients"]) == {ID, other}


@pytest.mark.parametrize(
    ("junk", "message"),
    [
        (
            b'{\n<<<<<<< HEAD\n  "clients": {}\n=======\n>>>>>>> x\n}\n',
            "unresolved git merge conflict marker",
        ),
        (b'{\n  "clients": {\n    "01JD0000000000000000000001": {\n      "na', "truncated write?"),
        (b"", "file is empty"),
        (b'{"events": {}}\n', "expected"),
        (b'{"clients": {"01JD0000000000000000000009": {"name": 5}}}\n', "expected text"),
    ],
)
def test_junk_from_their_side_fails_and_leaves_ours_untouched(
    worktree: Path, junk: bytes, message: str
) -> None:
    ours = table_bytes(**{ID: client(T2, health="red")})
    done = run_driver(worktree, table_bytes(**{ID: client(T1)}), ours, junk)
    assert done.returncode != 0
    assert message in done.stderr
    assert "clients.json (theirs)" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert (worktree / "A").read_bytes() == ours
    assert read_pending(worktree) == {}


def test_driver_refuses_a_file_that_is_not_a_table(worktree: Path) -> None:
    (worktree / "O").write_bytes(b"{}")
    done = subprocess.run(
        [sys.executable, "-m", "ctotui", "merge-driver", "O", "O", "O", "notes.txt"],
        cwd=worktree,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "notes.txt: not a ctotui table file" in done.stderr


def commit_junk(clone: Clone, junk: bytes) -> None:
    """Someone bypassed ctotui and committed a broken clients.json."""
    (clone.path / "clients.json").write_bytes(junk)
    git(clone.path, "commit", "-q", "-am", "hand edit")
    git(clone.path, "push", "-q", "origin", "main")


@pytest.mark.parametrize(
    "junk",
    [
        b'{\n  "clients": {\n<<<<<<< HEAD\n=======\n>>>>>>> theirs\n  }\n}\n',
        b'{\n  "clients": {\n    "01JD',
    ],
    ids=["conflict-markers", "truncated"],
)
def test_git_reports_a_conflict_for_a_junk_file_and_keeps_ours(
    make_clones: Callable[[int], list[Clone]], junk: bytes
) -> None:
    a, b = make_clones(2)
    client_id = a.insert(Client(name="Acme"))
    a.sync()
    b.sync()
    commit_junk(b, junk)
    a.update(Client, client_id, health="red")
    git(a.path, "commit", "-q", "-am", "local edit")
    ours = (a.path / "clients.json").read_bytes()
    pulled = a.pull(check=False)
    assert pulled.returncode != 0
    assert "ctotui: clients.json (theirs)" in pulled.stderr
    assert "CONFLICT" in pulled.stdout + pulled.stderr
    assert (a.path / "clients.json").read_bytes() == ours
    assert "clients.json" in git(a.path, "diff", "--name-only", "--diff-filter=U").stdout


def test_sync_aborts_a_merge_the_driver_refuses(make_clones: Callable[[int], list[Clone]]) -> None:
    a, b = make_clones(2)
    client_id = a.insert(Client(name="Acme"))
    a.sync()
    b.sync()
    commit_junk(b, b'{\n  "clients": {\n<<<<<<< HEAD\n=======\n>>>>>>> x\n  }\n}\n')
    a.update(Client, client_id, health="red")
    with pytest.raises(CtoError) as caught:
        run_sync(a.path)
    message = str(caught.value)
    assert "merging origin/main failed" in message
    assert "unresolved git merge conflict marker" in message
    assert "merge was aborted" in message
    assert "\n" not in message
    assert not (a.path / ".git" / "MERGE_HEAD").exists()
    assert a.record("clients", client_id)["health"] == "red"
    assert git(a.path, "status", "--porcelain").stdout == ""  # the local edit was committed
