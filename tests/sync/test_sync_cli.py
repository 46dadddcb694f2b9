"""`ctotui sync` from the command line: the happy path, and one clear line for each failure."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from ctotui.data.folder import create_folder
from ctotui.domain.entities import Client
from ctotui.sync import gitrepo
from tests.conftest import Result
from tests.sync.conftest import Clone, bare_remote, git

Cli = Callable[..., Result]


def one_line_error(result: Result) -> str:
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("ctotui: ")
    return lines[0]


def test_init_sync_setup_and_sync_between_two_clones(cli: Cli, tmp_path: Path) -> None:
    remote = bare_remote(tmp_path / "remote.git")
    laptop, jumpbox = tmp_path / "laptop", tmp_path / "jumpbox"
    assert cli("init", str(laptop)).code == 0
    git(laptop, "remote", "add", "origin", str(remote))
    assert cli("--data", str(laptop), "add", "client", "Acme").code == 0
    assert cli("--data", str(laptop), "add", "client", "Beta").code == 0
    first = cli("--data", str(laptop), "sync")
    assert first.code == 0, first.err
    assert first.out.strip() == "synced: committed 2 clients added; pushed to origin/main"
    assert git(laptop, "log", "-1", "--format=%s").stdout.strip() == "ctotui: 2 clients added"

    git(tmp_path, "clone", "-q", str(remote), str(jumpbox))
    not_set_up = cli("--data", str(jumpbox), "sync")
    assert "merge driver is not set up in this clone; run `ctotui sync --setup`" in one_line_error(
        not_set_up
    )
    setup = cli("--data", str(jumpbox), "sync", "--setup")
    assert setup.code == 0, setup.err
    assert "merge driver set up" in setup.out
    assert (jumpbox.stat().st_mode & 0o077) == 0
    assert cli("--data", str(jumpbox), "add", "rec", "Renew the firewall", "-c", "Acme").code == 0
    synced = cli("--data", str(jumpbox), "sync")
    assert synced.out.strip() == "synced: committed 1 rec added; pushed to origin/main"
    back = cli("--data", str(laptop), "sync")
    assert back.out.strip() == "synced: pulled changes from origin/main"
    assert (laptop / "recommendations.json").read_bytes() == (
        jumpbox / "recommendations.json"
    ).read_bytes()
    assert cli("--data", str(laptop), "sync").out.strip() == "up to date with origin/main"


def test_no_remote_only_commits_and_says_so(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    cli("init", str(folder))
    cli("--data", str(folder), "add", "client", "Acme")
    result = cli("--data", str(folder), "sync")
    assert result.code == 0
    assert result.out.strip() == (
        "committed 1 client added; no remote to sync with "
        "(add one with `git remote add origin URL`)"
    )
    assert git(folder, "status", "--porcelain").stdout == ""


def test_not_a_repository_then_setup_makes_one(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    cli("init", "--no-git", str(folder))
    line = one_line_error(cli("--data", str(folder), "sync"))
    assert (
        line == f"ctotui: {folder}: not a git repository; run `ctotui sync --setup` to make it one"
    )
    assert cli("--data", str(folder), "sync", "--setup").code == 0
    assert cli("--data", str(folder), "sync").code == 0


def test_no_git_installed(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    cli("init", "--no-git", str(folder))
    empty = tmp_path / "bin"
    empty.mkdir()
    for args in (("sync",), ("sync", "--setup"), ("resolve",)):
        result = cli("--data", str(folder), *args, env={"PATH": str(empty)})
        assert (
            one_line_error(result)
            == "ctotui: git is not installed; install git to sync the data folder"
        )


def test_push_rejected_by_the_remote(cli: Cli, make_clones: Callable[[int], list[Clone]]) -> None:
    [a] = make_clones(1)
    remote = Path(git(a.path, "remote", "get-url", "origin").stdout.strip())
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'read-only archive' >&2\nexit 1\n")
    hook.chmod(0o755)
    a.insert(Client(name="Acme"))
    line = one_line_error(cli("--data", str(a.path), "sync"))
    assert "rejected the push: pre-receive hook declined" in line
    assert "your changes are committed locally (1 client added)" in line
    assert git(a.path, "status", "--porcelain").stdout == ""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("{tmp}/gone.git", "{tmp}/gone.git is not a git repository (or does not exist)"),
        ("ssh://nonexistent.invalid/data.git", "Could not resolve hostname nonexistent.invalid"),
    ],
    ids=["missing-path", "unknown-host"],
)
def test_unreachable_remote_commits_locally_and_says_why(
    cli: Cli, tmp_path: Path, url: str, expected: str
) -> None:
    folder = tmp_path / "data"
    cli("init", str(folder))
    git(folder, "remote", "add", "origin", url.format(tmp=tmp_path))
    cli("--data", str(folder), "add", "client", "Acme")
    line = one_line_error(cli("--data", str(folder), "sync"))
    assert expected.format(tmp=tmp_path) in line
    assert line.endswith("your changes are committed locally (1 client added)")
    assert git(folder, "status", "--porcelain").stdout == ""


def test_merge_left_by_a_plain_git_pull_is_reported(
    cli: Cli, make_clones: Callable[[int], list[Clone]]
) -> None:
    a, b = make_clones(2)
    client_id = a.insert(Client(name="Acme"))
    a.sync()
    b.sync()
    git(b.path, "config", "--remove-section", "merge.ctotui")  # a clone never set up
    a.update(Client, client_id, name="Acme Corp")
    a.sync()
    b.update(Client, client_id, name="Acme Ltd")
    git(b.path, "commit", "-q", "-am", "edit")
    assert b.pull(check=False).returncode != 0  # a text merge: conflict markers
    line = one_line_error(cli("--data", str(b.path), "sync"))
    assert "a git merge is in progress" in line
    assert "run `ctotui resolve`" in line


def test_invalid_local_data_is_not_committed(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    cli("init", str(folder))
    (folder / "clients.json").write_text('{"clients": {"01JD0000000000000000000001": {}}}\n')
    line = one_line_error(cli("--data", str(folder), "sync"))
    assert "field 'name': is required" in line
    assert line.endswith("fix it before syncing (nothing was committed)")
    assert git(folder, "log", "--oneline").stdout.count("\n") == 1


def fake_ssh(folder: Path, name: str) -> Path:
    """An ssh that logs its arguments and fails like an unreachable host."""
    log = folder / f"{name}.log"
    script = folder / name
    script.write_text(
        f'#!/bin/sh\necho "$@" >> {log}\n'
        "echo 'ssh: connect to host example.invalid port 22: Network is unreachable' >&2\n"
        "exit 255\n"
    )
    script.chmod(0o755)
    return log


def test_ssh_runs_in_batch_mode_unless_the_user_chose_an_ssh_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ctotui.sync.errors import NetworkError
    from ctotui.sync.run import run_sync

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    default_log = fake_ssh(bin_dir, "ssh")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    folder = tmp_path / "data"
    create_folder(folder)
    gitrepo.init_repo(folder)
    git(folder, "remote", "add", "origin", "ssh://example.invalid/data.git")
    with pytest.raises(NetworkError) as caught:
        run_sync(folder)
    assert str(caught.value) == (
        "cannot reach origin (ssh://example.invalid/data.git): ssh: connect to host "
        "example.invalid port 22: Network is unreachable (network down?)"
    )
    assert "BatchMode=yes" in default_log.read_text()

    own_log = fake_ssh(bin_dir, "my-ssh")
    git(folder, "config", "core.sshCommand", str(bin_dir / "my-ssh"))
    with pytest.raises(NetworkError):
        run_sync(folder)
    assert "BatchMode" not in own_log.read_text()
