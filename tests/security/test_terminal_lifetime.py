"""The jump-box process doesn't outlive its terminal: no dashboard without one, and a hang-up or
a SIGTERM ends it cleanly — locks released, a demo's copy removed."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ctotui.data.store import Store
from ctotui.domain.entities import Client

REPO = Path(__file__).resolve().parents[2]


def test_no_dashboard_without_a_terminal(data_dir: Path, cli: Any) -> None:
    Store(data_dir).insert(Client(name="Acme"))
    started = time.monotonic()
    done = cli("--data", str(data_dir))  # stdin and stdout are pipes, as in `ssh host ctotui`
    assert done.code == 2 and done.out == ""
    assert done.err == (
        "ctotui: the dashboard needs a terminal (standard input is not one); over ssh use "
        "`ssh -t HOST ctotui`, or run a command such as `ctotui agenda`\n"
    )
    assert time.monotonic() - started < 20
    demo = cli("demo")
    assert demo.code == 2 and "needs a terminal" in demo.err


def start_in_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, int]:
    """Start `ctotui ARGS` on a new pseudo-terminal; return (pid, the terminal's master fd)."""
    pid, master = pty.fork()
    if pid == 0:  # the child: becomes the dashboard
        os.execve(sys.executable, [sys.executable, "-m", "ctotui", *args], env)
    return pid, master


def read_until(master: int, wanted: bytes, timeout: float = 60) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"never drew {wanted!r}: {seen[-400:]!r}"
        ready, _, _ = select.select([master], [], [], remaining)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    return seen


def wait_exit(pid: int, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError("still running after the signal")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CTOTUI")}
    env.update(
        TERM="xterm-256color",
        TMPDIR=str(tmp_path / "tmp"),
        CTOTUI_NOW="2026-11-27T09:00:00+00:00",
        PYTHONPATH=str(REPO),
    )
    (tmp_path / "tmp").mkdir()
    return env


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_a_hang_up_ends_the_dashboard_and_frees_the_folder(
    data_dir: Path, env: dict[str, str], signum: int
) -> None:
    Store(data_dir).insert(Client(name="Acme"))
    pid, master = start_in_a_terminal(["--data", str(data_dir)], env)
    try:
        read_until(master, b"Acme")
        held = Store(data_dir, session=True)
        assert held.read_only  # the dashboard holds the folder
        held.close()
        os.kill(pid, signum)
        status = wait_exit(pid)
    finally:
        os.close(master)
    assert not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL)
    again = Store(data_dir, session=True)
    assert not again.read_only, again.read_only_reason  # the session lock is released
    again.close()


def test_a_hang_up_removes_the_demo_copy(tmp_path: Path, env: dict[str, str]) -> None:
    pid, master = start_in_a_terminal(["demo"], env)
    try:
        read_until(master, b"Clients")
        copies = list((tmp_path / "tmp").glob("ctotui-demo-*"))
        assert len(copies) == 1
        os.kill(pid, signal.SIGHUP)
        wait_exit(pid)
    finally:
        os.close(master)
    assert not copies[0].exists()


def test_the_cli_exits_when_its_pipe_is_closed(data_dir: Path) -> None:
    Store(data_dir).insert(Client(name="Acme"))
    done = subprocess.run(
        [sys.executable, "-m", "ctotui", "--data", str(data_dir), "list", "clients"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0 and b"Acme" in done.stdout
