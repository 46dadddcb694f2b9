"""Helpers shared by the data, domain and CLI tests (not fixtures: plain functions)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import pty
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ctotui.data.lock import SESSION_LOCK, WRITE_LOCK

LOCK_FILES = {WRITE_LOCK, SESSION_LOCK}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a data folder (not .git, not the lock files) and its bytes."""
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name not in LOCK_FILES
    }


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- running as root ----------------------------------------------------------------------------
# Tests often run as root in containers, where file modes are not enforced: root has
# CAP_DAC_OVERRIDE. Linux capabilities belong to a thread, so a test can drop that one capability
# from its own *effective* set for a block (and take it back), which makes `chmod 0500` bite for
# root too. A subprocess can also drop it from its *permitted* set, after which even `access()`
# (which checks root against the permitted set) reports the folder as not writable.

_CAP_VERSION_3 = 0x20080522
_DAC_CAPS = (1 << 1) | (1 << 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _capabilities() -> tuple[_CapHeader, ctypes.Array[_CapData]]:
    libc = ctypes.CDLL(None, use_errno=True)
    header = _CapHeader(_CAP_VERSION_3, 0)
    data = (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget failed")
    return header, data


def _set_capabilities(header: _CapHeader, data: ctypes.Array[_CapData]) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")


@contextlib.contextmanager
def modes_enforced() -> Iterator[None]:
    """Within the block, file modes apply to this thread even when it runs as root."""
    if os.geteuid() != 0:
        yield
        return
    header, data = _capabilities()
    saved = data[0].effective
    data[0].effective &= ~_DAC_CAPS
    _set_capabilities(header, data)
    try:
        yield
    finally:
        header, data = _capabilities()
        data[0].effective = saved
        _set_capabilities(header, data)


def can_enforce_modes() -> bool:
    """True when a read-only folder really refuses a new file inside `modes_enforced`."""
    if sys.platform != "linux" and os.geteuid() == 0:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ro"
        folder.mkdir(mode=0o500)
        try:
            with modes_enforced():
                (folder / "probe").write_bytes(b"")
        except PermissionError:
            return True
        except OSError:
            return False
        finally:
            folder.chmod(0o700)
        return False


#: `python -c DROP_PRIVILEGES_AND_RUN ARGS…` runs `ctotui ARGS…` with file modes enforced for the
#: whole process, root or not (the capability is dropped from the permitted set too).
DROP_PRIVILEGES_AND_RUN = f"""
import ctypes, os, sys
if os.geteuid() == 0:
    class H(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]
    class D(ctypes.Structure):
        _fields_ = [("e", ctypes.c_uint32), ("p", ctypes.c_uint32), ("i", ctypes.c_uint32)]
    libc = ctypes.CDLL(None, use_errno=True)
    h, d = H({_CAP_VERSION_3}, 0), (D * 2)()
    assert libc.capget(ctypes.byref(h), d) == 0
    d[0].e &= ~{_DAC_CAPS}
    d[0].p &= ~{_DAC_CAPS}
    assert libc.capset(ctypes.byref(h), d) == 0
from ctotui.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def stderr_on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """`python -m ctotui *args*` with stderr on a pseudo-terminal and stdout on a pipe: its exit
    code, its stdout, and every byte the terminal was sent (carriage returns and all)."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ctotui", *args],
            stdout=subprocess.PIPE,
            stderr=follower,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **env},
            timeout=120,
            check=False,
        )
    finally:
        os.close(follower)
    shown = b""
    with contextlib.suppress(OSError):  # the terminal closes with the process
        while chunk := os.read(leader, 4096):
            shown += chunk
    os.close(leader)
    return done.returncode, done.stdout.decode(), shown.decode()
