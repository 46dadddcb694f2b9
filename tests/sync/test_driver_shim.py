"""The merge driver survives a new venv: git runs a shim in the clone's git folder that finds a
ctotui, ctotui refreshes it at each start, and `check` and `sync` name the fix when it cannot.

"The venv" here is a real one (`python -m venv`) in a temporary folder, seeing the test's
packages through a .pth file: deleting it removes the interpreter the shim recorded.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from ctotui.domain.entities import Client
from ctotui.sync import driver_shim
from ctotui.sync.gitrepo import refresh_driver
from tests.sync.conftest import Clone, git

HINT = "run `ctotui sync --setup`"


def make_venv(path: Path) -> Path:
    """A virtualenv at *path* that imports ctotui from this checkout; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    [packages] = list(path.glob("lib/python*/site-packages"))
    calls = "".join(f"; site.addsitedir({d!r})" for d in site.getsitepackages())
    (packages / "ctotui-test.pth").write_text(f"import site{calls}\n")
    return path / "bin" / "python"


def bare_path() -> str:
    """A PATH with git and sh but no ctotui."""
    dirs = {str(Path(shutil.which(tool) or "/usr/bin/" + tool).parent) for tool in ("git", "sh")}
    path = os.pathsep.join(sorted(dirs))
    assert shutil.which("ctotui", path=path) is None, f"a ctotui is installed in {path}"
    return path


def with_ctotui(bin_dir: Path, python: Path) -> str:
    """bare_path() plus a folder holding a `ctotui` command run by *python*."""
    bin_dir.mkdir(exist_ok=True)
    script = bin_dir / "ctotui"
    script.write_text(f'#!/bin/sh\nexec "{python}" -m ctotui "$@"\n')
    script.chmod(0o755)
    return f"{bin_dir}{os.pathsep}{bare_path()}"


def run(python: Path, *args: str, path: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path, "CTOTUI_CONFIG": str(cwd / "config.toml")}
    return subprocess.run(
        [str(python), "-m", "ctotui", *args], capture_output=True, text=True, env=env, cwd=cwd
    )


def clash(a: Clone, b: Clone) -> str:
    """The same client edited on both clones (health on a, pushed; sector on b, committed):
    merging it needs the driver."""
    client_id = a.insert(Client(name="Acme"))
    a.sync()
    b.sync()
    a.update(Client, client_id, health="red")
    a.sync()
    b.update(Client, client_id, sector="retail")
    git(b.path, "commit", "-q", "-am", "local edit")
    return client_id


def pull(clone: Clone, path: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path}
    return subprocess.run(
        ["git", "-C", str(clone.path), "pull", "-q", "--no-rebase", "--no-edit"],
        capture_output=True, text=True, env=env,
    )  # fmt: skip


def merged_by_record(clone: Clone, client_id: str) -> None:
    record = clone.record("clients", client_id)
    assert (record["name"], record["health"], record["sector"]) == ("Acme", "red", "retail")
    assert git(clone.path, "status", "--porcelain").stdout == ""


@pytest.fixture
def venvs(tmp_path: Path) -> Path:
    where = tmp_path / "py env's"  # a space and a quote in every recorded path
    where.mkdir()
    return where


def recorded_python(clone: Clone) -> str:
    return driver_shim.recorded(driver_shim.shim_path(clone.path).read_text())[0]


def venv_replaced(b: Clone, old_at: Path, new_at: Path, tmp_path: Path) -> tuple[Path, Path]:
    """ctotui run once from a venv at *old_at* (its shim records that interpreter), that venv
    removed, and a new one made at *new_at*: a rebuilt venv. Returns both interpreters."""
    old = make_venv(old_at)
    done = run(old, "--data", str(b.path), "list", "clients", path=bare_path(), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert recorded_python(b) == str(old)
    shutil.rmtree(old_at)
    return old, make_venv(new_at)


def test_registering_writes_a_private_shim_and_a_command_naming_no_path(
    pair: tuple[Clone, Clone],
) -> None:
    _, b = pair
    command = git(b.path, "config", "--get", "merge.ctotui.driver").stdout.strip()
    assert command == driver_shim.COMMAND
    assert "/" not in command.split("$(git rev-parse --git-common-dir)")[0]  # no path of ours
    assert "$(git rev-parse --git-common-dir)/ctotui/merge-driver" in command
    shim = b.path / ".git" / "ctotui" / "merge-driver"
    assert oct(shim.stat().st_mode & 0o777) == "0o700"
    assert oct(shim.parent.stat().st_mode & 0o777) == "0o700"
    assert recorded_python(b) == sys.executable
    stamp = shim.stat().st_mtime_ns
    assert refresh_driver(b.path) == ""
    assert shim.stat().st_mtime_ns == stamp  # the same content is not written again


def test_a_rebuilt_venv_merges_through_ctotui_on_path_or_sync_names_the_fix(
    pair: tuple[Clone, Clone], venvs: Path, tmp_path: Path
) -> None:
    a, b = pair
    client_id = clash(a, b)
    old, new = venv_replaced(b, venvs / "old venv", venvs / "new venv", tmp_path)

    # Nothing reachable: sync refuses before touching anything, naming the fix.
    head = b.head()
    done = run(new, "--data", str(b.path), "sync", path=bare_path(), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"ctotui: {b.path}: the merge driver cannot find ctotui (not at {old}, not on PATH); {HINT}"
    ]
    assert b.head() == head
    checked = run(new, "check", str(b.path), path=bare_path(), cwd=tmp_path)
    assert checked.returncode == 0  # a warning, as a loose folder mode is
    assert checked.stderr.splitlines() == [
        f"ctotui: warning: {b.path}: the merge driver cannot find ctotui (not at {old}, "
        f"not on PATH); {HINT}"
    ]

    # A plain `git pull` still merges by record: the shim finds the `ctotui` on PATH.
    pulled = pull(b, with_ctotui(tmp_path / "bin", new))
    assert pulled.returncode == 0, pulled.stderr
    merged_by_record(b, client_id)
    assert len(git(b.path, "log", "-1", "--format=%P").stdout.split()) == 2


def test_running_ctotui_once_from_the_new_venv_lets_sync_merge(
    pair: tuple[Clone, Clone], venvs: Path, tmp_path: Path
) -> None:
    a, b = pair
    client_id = clash(a, b)
    _old, new = venv_replaced(b, venvs / "old", venvs / "elsewhere" / "new", tmp_path)
    assert run(new, "--data", str(b.path), "sync", path=bare_path(), cwd=tmp_path).returncode == 2

    shown = run(new, "--data", str(b.path), "list", "clients", path=bare_path(), cwd=tmp_path)
    assert shown.returncode == 0 and shown.stderr == ""
    assert recorded_python(b) == str(new)
    synced = run(new, "--data", str(b.path), "sync", path=bare_path(), cwd=tmp_path)
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.strip() == "synced: pulled changes from origin/main; pushed to origin/main"
    merged_by_record(b, client_id)


def test_a_moved_folder_still_merges(pair: tuple[Clone, Clone], tmp_path: Path) -> None:
    a, b = pair
    client_id = clash(a, b)
    moved = Clone(b.path.parent / "moved 'here'", b.clock)
    b.path.rename(moved.path)
    pulled = pull(moved, bare_path())
    assert pulled.returncode == 0, pulled.stderr
    merged_by_record(moved, client_id)


def test_a_clone_registered_with_an_interpreter_path_moves_to_the_shim(
    pair: tuple[Clone, Clone], venvs: Path, tmp_path: Path
) -> None:
    a, b = pair
    client_id = clash(a, b)
    old = make_venv(venvs / "old")
    git(b.path, "config", "merge.ctotui.driver", f"{old} -m ctotui merge-driver %O %A %B %P")
    shutil.rmtree(driver_shim.shim_path(b.path).parent)
    shutil.rmtree(venvs / "old")
    done = run(Path(sys.executable), "--data", str(b.path), "sync", path=bare_path(), cwd=tmp_path)
    assert done.stderr.splitlines() == [
        f"ctotui: {b.path}: the merge driver points at a missing {old}; {HINT}"
    ]
    shown = run(Path(sys.executable), "--data", str(b.path), "list", "clients", path=bare_path(),
                cwd=tmp_path)  # fmt: skip
    assert shown.returncode == 0 and shown.stderr == ""
    command = git(b.path, "config", "--get", "merge.ctotui.driver").stdout.strip()
    assert command == driver_shim.COMMAND
    assert recorded_python(b) == sys.executable
    pulled = pull(b, bare_path())
    assert pulled.returncode == 0, pulled.stderr
    merged_by_record(b, client_id)


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        ("unregister", "the ctotui merge driver is not set up in this clone"),
        ("delete the shim", "the merge driver {shim} is missing"),
        ("old command", "the merge driver points at a missing /gone/venv/bin/python"),
    ],
)
def test_check_warns_when_the_driver_cannot_run(
    pair: tuple[Clone, Clone], tmp_path: Path, damage: str, says: str
) -> None:
    _, b = pair
    shim = driver_shim.shim_path(b.path)
    if damage == "unregister":
        git(b.path, "config", "--unset", "merge.ctotui.driver")
    elif damage == "delete the shim":
        shim.unlink()
    else:
        command = "/gone/venv/bin/python -m ctotui merge-driver %O %A %B %P"
        git(b.path, "config", "merge.ctotui.driver", command)
    python = Path(sys.executable)
    done = run(python, "check", str(b.path), path=bare_path(), cwd=tmp_path)
    assert done.returncode == 0
    warning = f"ctotui: warning: {b.path}: {says.format(shim=shim)}; {HINT}"
    assert done.stderr.splitlines() == [warning]
    assert done.stdout.strip().startswith(f"{b.path}: ok")
    # The fix it names works, and check is quiet again.
    setup = run(python, "--data", str(b.path), "sync", "--setup", path=bare_path(), cwd=tmp_path)
    assert setup.returncode == 0, setup.stderr
    assert run(python, "check", str(b.path), path=bare_path(), cwd=tmp_path).stderr == ""


@pytest.mark.parametrize("planted", ["the shim", "its folder"])
def test_a_link_planted_at_the_shim_is_refused_not_written_through(
    pair: tuple[Clone, Clone], tmp_path: Path, planted: str
) -> None:
    _, b = pair
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    shim = driver_shim.shim_path(b.path)
    link = shim if planted == "the shim" else shim.parent
    shutil.rmtree(shim.parent)
    if planted == "the shim":
        shim.parent.mkdir(mode=0o700)
        link.symlink_to(victim)
    else:
        victim.unlink()
        victim.mkdir()
        (victim / "merge-driver").write_text("precious\n")
        link.symlink_to(victim)
    python = Path(sys.executable)
    shown = run(python, "--data", str(b.path), "list", "clients", path=bare_path(), cwd=tmp_path)
    assert shown.returncode == 0
    refused = (
        f"{link}: is a symbolic link; ctotui does not write through links (remove it, then {HINT})"
    )
    assert shown.stderr.splitlines() == [f"ctotui: warning: {refused}"]
    setup = run(python, "--data", str(b.path), "sync", "--setup", path=bare_path(), cwd=tmp_path)
    assert setup.returncode == 2
    assert setup.stderr.splitlines() == [f"ctotui: {refused}"]
    assert link.is_symlink()
    written = victim if planted == "the shim" else victim / "merge-driver"
    assert written.read_text() == "precious\n"
    checked = run(python, "check", str(b.path), path=bare_path(), cwd=tmp_path)
    assert checked.stderr.splitlines() == [
        f"ctotui: warning: {b.path}: the merge driver {link} is a symbolic link; "
        f"remove it, then {HINT}"
    ]


def test_a_ctotui_package_planted_in_the_data_folder_is_never_imported(
    pair: tuple[Clone, Clone], tmp_path: Path
) -> None:
    """git runs the driver in the data folder; `python -m ctotui` would import from there."""
    a, b = pair
    client_id = clash(a, b)
    marker = tmp_path / "ran"
    planted = b.path / "ctotui"
    planted.mkdir()
    (planted / "__init__.py").write_text("")
    (planted / "__main__.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    pulled = pull(b, bare_path())
    assert pulled.returncode == 0, pulled.stderr
    assert not marker.exists()
    record = b.record("clients", client_id)
    assert (record["health"], record["sector"]) == ("red", "retail")


def test_the_shim_lives_in_the_common_git_folder_of_a_linked_worktree(
    pair: tuple[Clone, Clone], tmp_path: Path
) -> None:
    _, b = pair
    linked = tmp_path / "linked"
    git(b.path, "worktree", "add", "-q", "-b", "other", str(linked))
    common = git(linked, "rev-parse", "--git-common-dir").stdout.strip()
    assert driver_shim.shim_path(linked).resolve() == (linked / common).resolve() / driver_shim.SHIM


def test_a_plain_pull_without_the_shim_says_what_to_do_and_loses_nothing(
    pair: tuple[Clone, Clone], tmp_path: Path
) -> None:
    """The shim gone (a git folder copied without it): git's pull runs the registered command,
    which says in one line what to do instead of sh's "not found"; opening the folder once
    puts the shim back and `ctotui resolve` finishes the merge."""
    a, b = pair
    client_id = clash(a, b)
    shutil.rmtree(driver_shim.shim_path(b.path).parent)
    pulled = pull(b, bare_path())
    assert pulled.returncode != 0
    line = (  # git names its folder from the top of the clone, where it runs the driver
        "ctotui: the merge driver .git/ctotui/merge-driver cannot be run; open the folder "
        f"with ctotui once, or {HINT}"
    )
    assert line in pulled.stderr.splitlines(), pulled.stderr
    assert "not found" not in pulled.stderr
    python = Path(sys.executable)
    done = run(python, "--data", str(b.path), "resolve", path=bare_path(), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    merged_by_record(b, client_id)


def test_a_clone_registered_with_the_shim_alone_moves_to_the_command_that_speaks(
    pair: tuple[Clone, Clone], tmp_path: Path
) -> None:
    a, b = pair
    client_id = clash(a, b)
    git(b.path, "config", "merge.ctotui.driver", driver_shim.PREVIOUS[0])
    shim = driver_shim.shim_path(b.path)
    shim.write_text(shim.read_text().replace("ctotui rewrites", "an older ctotui rewrote"))
    checked = run(Path(sys.executable), "check", str(b.path), path=bare_path(), cwd=tmp_path)
    assert checked.returncode == 0 and checked.stderr == ""
    shown = run(Path(sys.executable), "--data", str(b.path), "list", "clients", path=bare_path(),
                cwd=tmp_path)  # fmt: skip
    assert shown.returncode == 0 and shown.stderr == ""
    command = git(b.path, "config", "--get", "merge.ctotui.driver").stdout.strip()
    assert command == driver_shim.COMMAND
    pulled = pull(b, bare_path())
    assert pulled.returncode == 0, pulled.stderr
    merged_by_record(b, client_id)
