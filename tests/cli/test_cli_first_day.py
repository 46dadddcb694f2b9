"""A new user's first steps, as the README gives them: `init` makes the folder the default, and
a second machine gets the data with a plain `git clone` and `ctotui sync --setup`."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def ok(done: Any) -> str:
    assert (done.code, done.err) == (0, ""), done.err
    return str(done.out)


def git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
    )


def test_init_makes_the_folder_the_default_when_none_is_configured(
    tmp_path: Path, cli: Any
) -> None:
    config = tmp_path / "config.toml"  # the cli fixture's CTOTUI_CONFIG: not there yet
    home = Path.home()
    folder = home / "clients"
    out = ok(cli("init", str(folder)))
    assert out == (
        f"created data folder {folder}\n"
        f'made it the default data folder (data_folder = "~/clients" in {config})\n'
    )
    assert 'data_folder = "~/clients"\n' in config.read_text()
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    # The very next command, without --data, finds it.
    ok(cli("add", "client", "Halvorsen Freight"))
    assert "Halvorsen Freight" in ok(cli("list", "clients"))
    assert list(json.loads((folder / "clients.json").read_text())["clients"])


def test_init_leaves_a_configured_default_alone_and_says_how(tmp_path: Path, cli: Any) -> None:
    config = tmp_path / "config.toml"
    config.write_text('# mine\ndata_folder = "~/practice"  # the real one\n')
    other = tmp_path / "scratch"
    out = ok(cli("init", "--no-git", str(other)))
    assert out == (
        f"created data folder {other}\n"
        f"the default data folder is still ~/practice; to use this one, pass --data {other} "
        f'or put data_folder = "{other}" in {config}\n'
    )
    assert config.read_text() == '# mine\ndata_folder = "~/practice"  # the real one\n'
    # Initialising the default itself says nothing more.
    out = ok(cli("init", "--no-git", str(Path.home() / "practice")))
    assert out == f"created data folder {Path.home() / 'practice'}\n"


def test_init_with_ctotui_data_set(tmp_path: Path, cli: Any) -> None:
    elsewhere = tmp_path / "elsewhere"
    folder = tmp_path / "new"
    out = ok(cli("init", "--no-git", str(folder), env={"CTOTUI_DATA": str(elsewhere)}))
    assert out == (
        f"created data folder {folder}\n"
        f"CTOTUI_DATA points at {elsewhere}: set CTOTUI_DATA={folder} to use this folder\n"
    )
    assert not (tmp_path / "config.toml").exists()


def test_a_second_machine_clones_a_remote_made_with_plain_git_init_bare(
    tmp_path: Path, cli: Any
) -> None:
    remote = tmp_path / "clients.git"
    # Plain `git init --bare` names master (or init.defaultBranch) as HEAD; sync pushes main.
    assert (
        git("-c", "init.defaultBranch=master", "init", "-q", "--bare", str(remote)).returncode == 0
    )
    first = tmp_path / "laptop"
    ok(cli("init", str(first)))
    ok(cli("--data", str(first), "add", "client", "Halvorsen Freight"))
    assert git("remote", "add", "origin", f"file://{remote}", cwd=first).returncode == 0
    assert ok(cli("--data", str(first), "sync")).startswith("synced: committed")
    # sync pointed the remote's HEAD at the branch it pushed, so a clone checks it out.
    assert git("symbolic-ref", "HEAD", cwd=remote).stdout == "refs/heads/main\n"
    second = tmp_path / "desktop"
    cloned = git("clone", "-q", f"file://{remote}", str(second))
    assert cloned.returncode == 0 and cloned.stderr == ""
    # The second machine has a config of its own, with no data folder in it yet.
    config = tmp_path / "desktop.toml"
    desktop = {"CTOTUI_CONFIG": str(config)}
    assert ok(cli("--data", str(second), "sync", "--setup", env=desktop)) == (
        f"{second}: merge driver set up (sync with `ctotui sync`)\n"
        f'made it the default data folder (data_folder = "{second}" in {config})\n'
    )
    assert "Halvorsen Freight" in ok(cli("list", "clients", env=desktop))
    assert ok(cli("sync", env=desktop)) == "up to date with origin/main\n"


def test_sync_setup_checks_out_the_data_of_a_clone_that_got_nothing(
    tmp_path: Path, cli: Any
) -> None:
    # A remote whose HEAD names a branch that is not there (pushed to by hand, or by an older
    # ctotui over ssh, where sync cannot change the remote's HEAD): `git clone` checks out nothing.
    remote = tmp_path / "clients.git"
    git("-c", "init.defaultBranch=master", "init", "-q", "--bare", str(remote))
    first = tmp_path / "laptop"
    ok(cli("init", str(first)))
    ok(cli("--data", str(first), "add", "client", "Halvorsen Freight"))
    ok(cli("--data", str(first), "sync"))
    assert git("push", "-q", str(remote), "main", cwd=first).returncode == 0
    second = tmp_path / "desktop"
    cloned = git("clone", "-q", str(remote), str(second))
    assert "remote HEAD refers to nonexistent ref" in cloned.stderr
    assert ok(cli("--data", str(second), "sync", "--setup")) == (
        f"{second}: checked out main from origin; merge driver set up (sync with `ctotui sync`)\n"
    )
    assert "Halvorsen Freight" in ok(cli("--data", str(second), "list", "clients"))
    ok(cli("--data", str(second), "add", "client", "Beta"))
    assert ok(cli("--data", str(second), "sync")).endswith("pushed to origin/main\n")


def test_sync_setup_in_a_clone_of_an_empty_remote(tmp_path: Path, cli: Any) -> None:
    remote = tmp_path / "clients.git"
    git("init", "-q", "--bare", str(remote))
    second = tmp_path / "desktop"
    git("clone", "-q", str(remote), str(second))
    done = cli("--data", str(second), "sync", "--setup")
    assert (done.code, done.err) == (
        2,
        f"ctotui: {second}: this clone holds no ctotui data yet (none was pushed to its "
        "remote: run `ctotui sync` where the data is, then `git pull` here)\n",
    )
