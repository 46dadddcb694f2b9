"""A private sshd on loopback and a private tmux server, for driving ctotui as a user would.

The sshd runs as the current user on a free port, with its own host key and one client key in a
temporary folder; it reads no system configuration. Nothing is installed unless a tool is
missing, we are root and apt-get exists (a CI container); otherwise the caller skips.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SSHD_CANDIDATES = ("/usr/sbin/sshd", "/usr/bin/sshd", "/usr/local/sbin/sshd")
PACKAGES = {"sshd": "openssh-server", "ssh": "openssh-client", "tmux": "tmux"}


class Unavailable(Exception):
    """sshd or tmux cannot be had here; the message is the skip reason."""


def find_sshd() -> str | None:
    found = shutil.which("sshd")
    return found or next((p for p in SSHD_CANDIDATES if os.access(p, os.X_OK)), None)


def ensure_tools() -> str:
    """The sshd path, installing openssh-server / tmux with apt-get when missing and allowed."""
    missing = [tool for tool in ("ssh", "tmux") if shutil.which(tool) is None]
    if find_sshd() is None:
        missing.append("sshd")
    if missing:
        if os.geteuid() != 0 or shutil.which("apt-get") is None:
            raise Unavailable(f"{', '.join(missing)} missing and cannot be installed here")
        packages = sorted({PACKAGES[tool] for tool in missing})
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", *packages]):
            done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
            if done.returncode != 0:
                raise Unavailable(f"apt-get could not install {packages}: {done.stderr[-300:]}")
    sshd = find_sshd()
    if sshd is None or shutil.which("tmux") is None:
        raise Unavailable("openssh-server or tmux still missing after apt-get")
    return sshd


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _keygen(path: Path) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True, timeout=30
    )


@dataclass
class Sshd:
    folder: Path
    port: int
    process: subprocess.Popen[bytes]

    def ssh_command(self, *, tty: bool = True) -> list[str]:
        """`ssh -t` to this server as the current user, trusting it without a prompt."""
        return [
            "ssh",
            "-F",
            "/dev/null",
            *(["-t"] if tty else []),
            "-i",
            str(self.folder / "client"),
            "-p",
            str(self.port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            "localhost",
        ]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_sshd(folder: Path) -> Sshd:
    sshd = ensure_tools()
    _keygen(folder / "hostkey")
    _keygen(folder / "client")
    (folder / "authorized_keys").write_text((folder / "client.pub").read_text())
    (folder / "authorized_keys").chmod(0o600)
    port = free_port()
    (folder / "sshd_config").write_text(
        f"Port {port}\n"
        "ListenAddress 127.0.0.1\n"
        f"HostKey {folder / 'hostkey'}\n"
        f"PidFile {folder / 'sshd.pid'}\n"
        f"AuthorizedKeysFile {folder / 'authorized_keys'}\n"
        "PubkeyAuthentication yes\n"
        "PasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\n"
        "UsePAM no\n"
        # The temporary folder's modes are the test's, not a home directory's.
        "StrictModes no\n"
        "PermitRootLogin prohibit-password\n"
        "LogLevel ERROR\n"
    )
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation dir
    log = (folder / "sshd.log").open("wb")
    process = subprocess.Popen(
        [sshd, "-D", "-e", "-f", str(folder / "sshd_config")], stdout=log, stderr=log
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Unavailable(f"sshd exited: {(folder / 'sshd.log').read_text()[-300:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                server = Sshd(folder, port, process)
                check = subprocess.run(
                    [*server.ssh_command(tty=False), "true"],
                    capture_output=True,
                    text=True,
                    timeout=30,
                )
                if check.returncode != 0:
                    server.stop()
                    raise Unavailable(f"ssh to the private sshd failed: {check.stderr[-300:]}")
                return server
        time.sleep(0.05)
    process.kill()
    raise Unavailable("sshd did not listen within 10 s")


class Tmux:
    """One private tmux server (its own socket, no user config)."""

    def __init__(self, name: str) -> None:
        self.base = ["tmux", "-L", name, "-f", "/dev/null"]

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [*self.base, *args], capture_output=True, text=True, timeout=30, check=True
        )
        return done.stdout

    def new_session(self, session: str, width: int, height: int, command: str) -> None:
        self.run("new-session", "-d", "-s", session, "-x", str(width), "-y", str(height), command)
        self.run("set-option", "-t", session, "remain-on-exit", "on")
        self.run("set-option", "-sg", "escape-time", "10")

    def screen(self, session: str) -> str:
        return self.run("capture-pane", "-p", "-t", session)

    def keys(self, session: str, *keys: str, gap: float = 0.12) -> None:
        """Send *keys* one by one, *gap* seconds apart; with no gap, in one write (as a laggy
        link delivers them: Escape then x reads as alt+x, which the app must take apart)."""
        if not gap:
            self.run("send-keys", "-t", session, *keys)
            return
        for key in keys:
            self.run("send-keys", "-t", session, key)
            time.sleep(gap)

    def show(self, session: str, fmt: str) -> str:
        return self.run("display-message", "-p", "-t", session, fmt).strip()

    def wait_for(
        self, session: str, ready: Callable[[str], bool], what: str, timeout: float = 30
    ) -> str:
        """The pane's text once *ready* says so; AssertionError with the screen otherwise."""
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen(session)
            if ready(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"waited {timeout:.0f}s for {what}; the pane shows:\n{text}")

    def wait_dead(self, session: str, timeout: float = 15) -> str:
        """The pane's last screen once its program has exited (remain-on-exit keeps it).

        tmux sometimes marks the pane dead before it reaps the process, so the exit status is
        not asked of tmux: the remote command prints its own.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.show(session, "#{pane_dead}") == "1":
                # With the scrollback: what the shell printed after the app left the screen.
                return self.run("capture-pane", "-p", "-S", "-100", "-t", session)
            time.sleep(0.1)
        raise AssertionError(f"still running after {timeout:.0f}s:\n{self.screen(session)}")

    def kill(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, timeout=30, check=False)
