"""ctotui as it is used on a jump box: `ctotui demo` over `ssh -t` inside tmux.

One private sshd on loopback serves the module; each TERM gets its own tmux session. The screen
is read with `capture-pane`, the colours with `capture-pane -e`, and tmux's own pane flags say
whether the app asked for the mouse. Skipped (with the reason) only when sshd or tmux cannot
be had; see tests/terminal/sshd.py.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from terminal.sshd import Sshd, Tmux, Unavailable, start_sshd

REPO = Path(__file__).resolve().parents[2]
# Colour escapes as tmux re-encodes them: 24-bit, 256-colour.
TRUECOLOUR = re.compile(r"\x1b\[[0-9;]*[34]8;2;")
COLOURS_256 = re.compile(r"\x1b\[[0-9;]*[34]8;5;")
TABS = ("1 Clients", "2 Recs", "3 Progress", "4 Calendar")


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    try:
        server = start_sshd(tmp_path_factory.mktemp("sshd"))
    except Unavailable as why:
        pytest.skip(f"no sshd on loopback: {why}")
    yield server
    server.stop()


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    server = Tmux(f"ctotui-e2e-{os.getpid()}")
    yield server
    server.kill()


def _start(
    sshd: Sshd, tmux: Tmux, tmp_path: Path, term: str, size: tuple[int, int], *options: str
) -> str:
    remote = " ".join(
        [
            f"cd {shlex.quote(str(REPO))} &&",
            "env",
            f"XDG_CONFIG_HOME={shlex.quote(str(tmp_path / 'config'))}",
            shlex.quote(sys.executable),
            "-m ctotui",
            *options,
            "demo;",
            'echo "ctotui exited with $?"',
        ]
    )
    # The pane is the user's terminal; ssh passes TERM on, as it does from a laptop.
    command = shlex.join(["env", f"TERM={term}", *sshd.ssh_command(), remote])
    session = "jump"
    tmux.new_session(session, *size, command)
    return session


def _dashboard_ready(text: str) -> bool:
    # Textual paints in several writes; wait for the header, a whole pane box and the footer.
    lines = text.rstrip("\n").splitlines()
    return (
        len(lines) > 3
        and lines[0].lstrip().startswith("ctotui")
        and "─ 1 Clients" in text
        and "╰" in text
        and "palette" in lines[-1]
    )


def _second_title(text: str) -> str:
    """The start of the second recommendation's title, as the list shows it."""
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if "Recommendation" in line)
    row = lines[header + 2].strip("│| ")
    return re.split(r"…| {2}", row)[0].strip()


@pytest.mark.parametrize(
    ("term", "sixteen"),
    [
        ("xterm-256color", False),
        ("screen-256color", False),
        ("tmux-256color", False),
        ("xterm", True),
        ("linux", True),
    ],
)
def test_dashboard_over_ssh_in_tmux(
    sshd: Sshd, tmux: Tmux, tmp_path: Path, term: str, sixteen: bool
) -> None:
    session = _start(sshd, tmux, tmp_path, term, (80, 24))
    text = tmux.wait_for(session, _dashboard_ready, f"the dashboard with TERM={term}")

    # 80x24: the compact layout, one pane at a time with the others as tabs; footer last.
    assert "demo" in text.splitlines()[0] and "overdue" in text.splitlines()[0]
    assert all(tab in text for tab in TABS)
    assert "─ 1 Clients" in text
    assert "palette" in text.splitlines()[-1]
    # Over SSH (SSH_CONNECTION is set) the mouse stays off: nothing to split into an input.
    assert tmux.show(session, "#{mouse_any_flag}") == "0"
    # Colour depth follows TERM: the ANSI theme's 16 colours, or 256 (COLORTERM does not
    # travel over ssh), never 24-bit.
    coloured = tmux.run("capture-pane", "-p", "-e", "-t", session)
    assert not TRUECOLOUR.search(coloured)
    assert bool(COLOURS_256.search(coloured)) is not sixteen

    tmux.keys(session, "2")
    text = tmux.wait_for(session, lambda t: "─ 2 Open recommendations" in t, "pane 2")
    second = _second_title(text)
    tmux.keys(session, "j", "Enter")
    tmux.wait_for(
        session, lambda t: t.splitlines()[0].find(second) > 0, f"the detail of {second!r}"
    )
    tmux.keys(session, "Escape")
    tmux.wait_for(session, lambda t: "─ 2 Open recommendations" in t, "back on the dashboard")

    tmux.keys(session, "q")
    assert "ctotui exited with 0" in tmux.wait_dead(session)


def test_four_panes_on_a_wide_terminal(sshd: Sshd, tmux: Tmux, tmp_path: Path) -> None:
    session = _start(sshd, tmux, tmp_path, "tmux-256color", (160, 45))
    text = tmux.wait_for(session, _dashboard_ready, "the dashboard at 160x45")
    for title in (
        "1 Clients",
        "2 Open recommendations",
        "3 Implementation progress",
        "4 Budget & provisioning calendar",
    ):
        assert f"─ {title}" in text
    tmux.keys(session, "q")
    assert "ctotui exited with 0" in tmux.wait_dead(session)


def test_ascii_on_the_linux_console(sshd: Sshd, tmux: Tmux, tmp_path: Path) -> None:
    """`--ascii` for a console font without half of Unicode: not one other character."""
    session = _start(sshd, tmux, tmp_path, "linux", (100, 30), "--ascii")
    text = tmux.wait_for(
        session, lambda t: "+- 1 Clients" in t and "palette" in t, "the ASCII dashboard"
    )
    assert text.isascii(), sorted({c for c in text if not c.isascii()})
    tmux.keys(session, "2", "enter")
    text = tmux.wait_for(session, lambda t: "Estimated cost" in t, "a recommendation's detail")
    assert text.isascii() and "EUR" in text
    tmux.keys(session, "Escape", "q")
    assert "ctotui exited with 0" in tmux.wait_dead(session)


@pytest.mark.parametrize("gap_ms", [0, 30, 50, 80])
def test_escape_then_a_key_is_never_lost(
    sshd: Sshd, tmux: Tmux, tmp_path: Path, gap_ms: int
) -> None:
    """Escape followed quickly by a key arrives as one sequence (alt+key) over ssh: the app
    takes it apart, so Escape closes the detail screen and the key acts on the dashboard."""
    session = _start(sshd, tmux, tmp_path, "tmux-256color", (120, 40))
    tmux.wait_for(session, _dashboard_ready, "the dashboard at 120x40")
    tmux.keys(session, "2", "Enter")
    tmux.wait_for(session, lambda t: "Estimated cost" in t, "a recommendation's detail")
    tmux.keys(session, "Escape", "z", gap=gap_ms / 1000)
    tmux.wait_for(
        session,
        lambda t: "─ 2 Open recommendations" in t and "─ 1 Clients" not in t,
        f"the dashboard with pane 2 zoomed (Escape, {gap_ms} ms, z)",
    )
    tmux.keys(session, "q")
    assert "ctotui exited with 0" in tmux.wait_dead(session)
