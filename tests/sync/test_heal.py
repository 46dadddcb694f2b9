"""Every merge path keeps the folder whole (issue 13, item 1), with real git.

A record deleted on one clone while another adds a child to it merges file by file into a
dangling reference. `ctotui sync` repairs that inside its own merges; these tests take the other
paths — a plain `git pull` (merge commit, fast-forward over an uncommitted delete, rebase) — and
check that `resolve`, `sync` and opening the app repair it the same way, identically on every
clone, and that `sync` never pushes a commit that fails `check`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ctotui.data.check import check_folder
from ctotui.domain.entities import Client, Milestone, Recommendation
from ctotui.sync.errors import SyncError
from ctotui.sync.heal import HealResult, heal_folder
from tests.conftest import Result
from tests.sync.conftest import Clone, git

Cli = Callable[..., Result]


def commit_all(clone: Clone, message: str = "edited by hand") -> None:
    git(clone.path, "add", "-A")
    git(clone.path, "commit", "-q", "-m", message)


def problems(clone: Clone) -> list[str]:
    return check_folder(clone.path).problems


def broken_plain_pull(a: Clone, b: Clone) -> tuple[str, str]:
    """a deletes a client while b adds a recommendation to it; b then runs a plain `git pull`,
    which merges both files cleanly into a merge commit whose recommendation has no client."""
    client_id = a.insert(Client(name="Acme"))
    a.sync()
    b.sync()
    a.delete(Client, client_id)
    a.sync()
    b.clock.advance(minutes=1)
    rec_id = b.insert(Recommendation(client=client_id, title="Hire a security lead"))
    commit_all(b)
    assert b.pull().returncode == 0
    assert git(b.path, "rev-list", "--count", "--merges", "HEAD").stdout.strip() == "1"
    assert problems(b) == [
        f"recommendations.json: record {rec_id}: field 'client': no client with id '{client_id}'"
    ]
    return client_id, rec_id


def assert_restored(clone: Clone, client_id: str, rec_id: str) -> None:
    assert problems(clone) == []
    assert clone.record("clients", client_id)["name"] == "Acme"
    assert clone.record("recommendations", rec_id)["client"] == client_id
    [conflict] = clone.conflicts()
    assert (conflict["table"], conflict["record"], conflict["field"]) == ("clients", client_id, "*")
    assert "still refers to it; restored" in conflict["note"]


def assert_same_everywhere(*clones: Clone) -> None:
    heads = {c.head() for c in clones}
    assert len(heads) == 1
    for name in ("clients.json", "recommendations.json", "milestones.json", "conflicts.json"):
        assert len({(c.path / name).read_bytes() for c in clones}) == 1, name
    for clone in clones:
        assert problems(clone) == []


def test_resolve_repairs_a_merge_commit_made_by_a_plain_pull(
    cli: Cli, make_clones: Callable[[int], list[Clone]]
) -> None:
    a, b = make_clones(2)
    client_id, rec_id = broken_plain_pull(a, b)
    done = cli("--data", str(b.path), "resolve")
    assert done.code == 0, done.err
    assert done.out.strip() == (
        f"{b.path}: restored 1 deleted record(s) still in use, 1 conflict to review, "
        "committed 1 client added, 1 conflict added (no merge in progress)"
    )
    assert_restored(b, client_id, rec_id)
    assert git(b.path, "status", "--porcelain").stdout == ""
    b.sync()
    a.sync()
    assert_same_everywhere(a, b)


def test_sync_commits_the_repair_of_a_plain_pull_before_it_pushes(
    make_clones: Callable[[int], list[Clone]],
) -> None:
    a, b = make_clones(2)
    client_id, rec_id = broken_plain_pull(a, b)
    result = b.sync()
    assert result.pushed
    assert result.restored == (
        f"clients.json: restored {client_id}, still used by recommendation {rec_id}",
    )
    assert "restored 1 deleted record(s) still in use" in result.message
    assert_restored(b, client_id, rec_id)
    # What reached the remote passes `check`: a third clone takes it as it is.
    remote = Path(git(b.path, "remote", "get-url", "origin").stdout.strip())
    pushed = json.loads(git(remote, "show", "main:clients.json").stdout)
    assert client_id in pushed["clients"]
    a.sync()
    assert_same_everywhere(a, b)


def fast_forward_over_uncommitted_delete(a: Clone, b: Clone) -> tuple[str, str]:
    """a deletes a client (not committed yet) while b adds a recommendation to it and syncs;
    a's plain `git pull` fast-forwards (only recommendations.json changed) and is stuck."""
    client_id = a.insert(Client(name="Acme"))
    a.sync()
    b.sync()
    a.delete(Client, client_id)
    b.clock.advance(minutes=1)
    rec_id = b.insert(Recommendation(client=client_id, title="Hire a security lead"))
    b.sync()
    assert a.pull().returncode == 0
    assert git(a.path, "rev-list", "--count", "--merges", "HEAD").stdout.strip() == "0"
    assert len(problems(a)) == 1
    return client_id, rec_id


@pytest.mark.parametrize("path", ["sync", "resolve", "open"])
def test_a_clone_stuck_after_a_fast_forward_pull_heals_itself(
    cli: Cli, make_clones: Callable[[int], list[Clone]], path: str
) -> None:
    a, b = make_clones(2)
    client_id, rec_id = fast_forward_over_uncommitted_delete(a, b)
    if path == "sync":
        done = cli("--data", str(a.path), "sync")
        assert done.code == 0, done.err
        assert "restored 1 deleted record(s) still in use" in done.out
    elif path == "resolve":
        done = cli("--data", str(a.path), "resolve")
        assert done.code == 0, done.err
        assert "restored 1 deleted record(s) still in use" in done.out
    else:
        healed = heal_folder(a.path)
        assert len(healed.restored) == 1 and healed.new_conflicts == 1
        assert heal_folder(a.path).restored == ()  # whole now: nothing more to do
    assert_restored(a, client_id, rec_id)
    a.sync()
    b.sync()
    assert_same_everywhere(a, b)


def test_opening_the_app_heals_a_cascade_delete_against_a_new_milestone(
    make_clones: Callable[[int], list[Clone]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ctotui import app as app_module
    from ctotui.config import Settings

    a, b = make_clones(2)
    client_id = a.insert(Client(name="Acme"))
    rec_id = a.insert(Recommendation(client=client_id, title="Replace the ERP"))
    a.sync()
    b.sync()
    a.delete(Client, client_id, cascade=True)  # the client and its recommendation
    a.sync()
    b.clock.advance(minutes=1)
    milestone_id = b.insert(Milestone(recommendation=rec_id, title="Pick a vendor"))
    commit_all(b)
    assert b.pull().returncode == 0
    assert len(problems(b)) == 1
    seen: dict[str, Any] = {}

    def fake_run(self: Any, **kwargs: Any) -> None:
        seen["rec"] = self.store.get(Recommendation, rec_id).title

    monkeypatch.setattr(app_module.CtoApp, "run", fake_run)
    assert app_module.run_app(b.path, Settings()) == 0
    assert seen["rec"] == "Replace the ERP"
    assert problems(b) == []
    assert b.record("milestones", milestone_id)["recommendation"] == rec_id
    assert {(c["table"], c["record"]) for c in b.conflicts()} == {
        ("recommendations", rec_id),
        ("clients", client_id),
    }
    b.sync()
    a.sync()
    assert_same_everywhere(a, b)


def test_two_clones_healing_the_same_broken_commit_write_the_same_bytes(
    make_clones: Callable[[int], list[Clone]],
) -> None:
    a, b, c = make_clones(3)
    client_id, _ = broken_plain_pull(a, b)
    git(b.path, "push", "-q", "origin", "HEAD:main")  # the broken merge reaches the remote
    for clone in (a, c):
        assert clone.pull().returncode == 0
        assert heal_folder(clone.path).restored
    for name in ("clients.json", "conflicts.json"):
        assert (a.path / name).read_bytes() == (c.path / name).read_bytes()
    # b heals its own copy of the broken merge too (before it pulls): the same repair again.
    for clone in (a, c, b, a, c):
        clone.sync()
    assert_same_everywhere(a, b, c)
    assert [x["record"] for x in a.conflicts()] == [client_id]


def test_a_rebasing_pull_is_healed_from_the_commit_before_the_delete(
    make_clones: Callable[[int], list[Clone]],
) -> None:
    a, b = make_clones(2)
    client_id = a.insert(Client(name="Acme"))
    a.sync()
    b.sync()
    a.delete(Client, client_id)
    commit_all(a, "delete Acme")
    rec_id = b.insert(Recommendation(client=client_id, title="Hire a security lead"))
    b.sync()
    git(a.path, "pull", "-q", "--rebase")
    assert len(problems(a)) == 1
    assert len(heal_folder(a.path).restored) == 1
    assert_restored(a, client_id, rec_id)


def test_sync_never_pushes_a_commit_that_fails_check(
    cli: Cli, make_clones: Callable[[int], list[Clone]]
) -> None:
    a, b = make_clones(2)
    a.insert(Client(name="Acme"))
    a.sync()
    b.sync()
    remote = Path(git(b.path, "remote", "get-url", "origin").stdout.strip())
    before = git(remote, "rev-parse", "main").stdout
    records = json.loads((b.path / "clients.json").read_text())
    [body] = records["clients"].values()
    body["health"] = "purple"  # edited by hand, committed with git: never checked by ctotui
    (b.path / "clients.json").write_text(json.dumps(records, indent=2))
    commit_all(b)
    done = cli("--data", str(b.path), "sync")
    assert done.code == 2
    [line] = done.err.splitlines()
    assert "field 'health': unknown value 'purple'" in line
    assert "the last commit does not pass `ctotui check`, so nothing was pushed" in line
    assert git(remote, "rev-parse", "main").stdout == before
    with pytest.raises(SyncError, match="nothing was pushed"):
        b.sync()


def test_opening_a_folder_git_did_not_touch_reads_no_table(
    make_clones: Callable[[int], list[Clone]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the app must cost nothing when git did nothing since the folder was whole."""
    import ctotui.sync.repair as repair

    [a] = make_clones(1)
    client_id = a.insert(Client(name="Acme"))
    a.sync()

    def must_not_run(*_: object) -> None:
        raise AssertionError("the tables were read")

    monkeypatch.setattr(repair, "read_tables", must_not_run)
    monkeypatch.setattr(repair, "restore_references", must_not_run)
    a.update(Client, client_id, health="red")  # ctotui's own writes leave no dangling reference
    assert heal_folder(a.path) == HealResult()
    git(a.path, "commit", "-q", "-am", "by hand")  # git moved HEAD: the folder is looked at
    with pytest.raises(AssertionError, match="the tables were read"):
        heal_folder(a.path)
