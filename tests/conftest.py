"""Shared fixtures: a fixed clock, fresh data folders, and the CLI run as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ctotui.data.folder import create_folder
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock

NOW = "2026-11-27T09:00:00+00:00"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads the developer's own config, data or colour settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("CTOTUI_CONFIG", raising=False)
    monkeypatch.delenv("CTOTUI_DATA", raising=False)
    monkeypatch.delenv("CTOTUI_NOW", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder (no git)."""
    folder = tmp_path / "data"
    create_folder(folder)
    return folder


@pytest.fixture
def store(data_dir: Path, clock: FixedClock) -> Iterator[Store]:
    with Store(data_dir, clock=clock) as opened:
        yield opened


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., Result]:
    """Run `python -m ctotui ARGS` in a subprocess with a fixed clock and no user config."""

    def run(
        *args: str,
        input: str | None = None,
        env: dict[str, str] | None = None,
        entry: tuple[str, ...] = ("-m", "ctotui"),
    ) -> Result:
        """*entry* is what follows the interpreter (`-c SCRIPT` runs a wrapper instead)."""
        full_env = {
            **os.environ,
            "CTOTUI_NOW": NOW,
            "CTOTUI_CONFIG": str(tmp_path / "config.toml"),
            **(env or {}),
        }
        done = subprocess.run(
            [sys.executable, *entry, *args],
            capture_output=True,
            text=True,
            input=input,
            env=full_env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return run
