"""The README is executable truth: every shell block of README.md and docs/*.md runs as written.

Each line of each ```sh block runs, in order, in one bash per line that keeps the working folder
of the line before (as a person typing them in one terminal would), in a temporary HOME with no
config and no data folder. A line must exit 0, unless its comment says `# expect: error`: then it
must be refused the ctotui way, with exit code 2.

Markers, written as an HTML comment on the line before a block (invisible in the rendered page):

- `<!-- readme-test: skip (why) -->`: the block is not run (it opens the dashboard, is the test
  suite itself, or installs from the network). The reason is required.
- `<!-- readme-test: second machine -->`: the block runs as on another machine, in a HOME of
  its own (the same jump box).

What a test cannot reach is stood in for, and only that:

- the jump box is a folder: `ssh://jumpbox/~/X` becomes `file://JUMPBOX/X`, and a line
  `ssh jumpbox COMMAND` runs COMMAND in that folder;
- `ctotui` is this checkout's, run by the interpreter running the tests, on a fixed clock
  (the sample practice's 27 November 2026), so relative dates mean the same every run;
- without `jq` installed, `| jq FILTER` becomes a check that the output is JSON.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MARKER = re.compile(r"<!--\s*readme-test:\s*(?P<what>skip|second machine)\b(?P<rest>.*?)-->")
FENCE = re.compile(r"^```(\w*)\s*$")
EXPECT_ERROR = re.compile(r"#\s*expect:\s*error\b")
NOW = "2026-11-27T09:00:00+00:00"


@dataclass(frozen=True)
class Line:
    where: str  # file:line, for the failure message
    command: str
    machine: str  # "first" or "second"
    expect_error: bool


@dataclass(frozen=True)
class Block:
    where: str
    language: str
    lines: list[tuple[int, str]]
    marker: str  # "", "skip" or "second machine"
    reason: str


def blocks(path: Path) -> list[Block]:
    """The fenced blocks of one Markdown file, each with the marker just above it."""
    found: list[Block] = []
    text = path.read_text(encoding="utf-8").splitlines()
    number = 0
    while number < len(text):
        opening = FENCE.match(text[number])
        if opening is None:
            number += 1
            continue
        start = number
        body: list[tuple[int, str]] = []
        number += 1
        while number < len(text) and not text[number].startswith("```"):
            body.append((number + 1, text[number]))
            number += 1
        above = text[start - 1] if start > 0 else ""
        marked = MARKER.search(above)
        found.append(
            Block(
                f"{path.relative_to(ROOT)}:{start + 1}",
                opening.group(1),
                body,
                marked.group("what") if marked else "",
                marked.group("rest").strip() if marked else "",
            )
        )
        number += 1
    return found


def commands(block: Block, name: str) -> list[Line]:
    """The block's commands: continuation lines joined, blank and comment-only lines left out."""
    out: list[Line] = []
    pending = ""
    first = 0
    for number, text in block.lines:
        if not pending:
            first = number
        if text.rstrip().endswith("\\"):
            pending += text.rstrip()[:-1] + " "
            continue
        command = (pending + text).strip()
        pending = ""
        if not command or command.startswith("#"):
            continue
        machine = "second" if block.marker == "second machine" else "first"
        out.append(Line(f"{name}:{first}", command, machine, bool(EXPECT_ERROR.search(command))))
    return out


def all_lines() -> tuple[list[Line], list[Block]]:
    lines: list[Line] = []
    skipped: list[Block] = []
    for path in DOCUMENTS:
        for block in blocks(path):
            if block.language != "sh":
                continue
            if block.marker == "skip":
                skipped.append(block)
                continue
            lines += commands(block, str(path.relative_to(ROOT)))
    return lines, skipped


def rewrite(command: str, jumpbox: Path) -> str:
    """The stand-ins the module docstring lists, and nothing else."""
    command = command.replace("ssh://jumpbox/~/", f"file://{jumpbox}/")
    if command.startswith("ssh jumpbox "):
        command = f"cd {shlex.quote(str(jumpbox))} && {command.removeprefix('ssh jumpbox ')}"
    if shutil.which("jq") is None:
        command = re.sub(
            r"\|\s*jq\s+(?:-\w+\s+)*'[^']*'",
            f"| {shlex.quote(sys.executable)} -m json.tool >/dev/null",
            command,
        )
    return command


def _shim(folder: Path) -> Path:
    """A `ctotui` on PATH that is this checkout's, run by this interpreter."""
    folder.mkdir()
    script = folder / "ctotui"
    script.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m ctotui "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


def test_every_block_is_run_or_says_why_not() -> None:
    lines, skipped = all_lines()
    assert len(lines) >= 20, "the README lost its examples"
    for block in skipped:
        assert block.reason.startswith("(") and len(block.reason) > 5, (
            f"{block.where}: a skipped block says why, e.g. <!-- readme-test: skip (why) -->"
        )
    # Every marker sits right above a block it applies to (a stray one is a typo).
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(text):
            if "readme-test" in line:
                assert MARKER.search(line), f"{path.name}:{number + 1}: unknown marker {line!r}"
                assert number + 1 < len(text) and text[number + 1].startswith("```sh"), (
                    f"{path.name}:{number + 1}: a marker goes on the line just above a ```sh block"
                )


@pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash"
)
def test_the_readme_runs_as_written(tmp_path: Path) -> None:
    lines, _ = all_lines()
    homes = {"first": tmp_path / "home", "second": tmp_path / "second-home"}
    for home in homes.values():
        home.mkdir()
    cwd = dict(homes)
    jumpbox = tmp_path / "jumpbox"
    jumpbox.mkdir()
    bin_dir = _shim(tmp_path / "bin")
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CTOTUI_", "XDG_", "GIT_")) and key != "NO_COLOR"
    }
    for line in lines:
        home = homes[line.machine]
        env = {
            **base,
            "HOME": str(home),
            "PATH": f"{bin_dir}{os.pathsep}{base.get('PATH', '')}",
            "CTOTUI_NOW": NOW,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        where_file = tmp_path / "cwd"
        # pipefail: `ctotui list … | jq …` fails when ctotui does, not only when jq does.
        script = (
            "set -o pipefail\n"
            f"cd {shlex.quote(str(cwd[line.machine]))} || exit 99\n"
            f"{rewrite(line.command, jumpbox)}\n"
            f"status=$?\npwd > {shlex.quote(str(where_file))}\nexit $status\n"
        )
        done = subprocess.run(
            ["bash", "-c", script],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        cwd[line.machine] = Path(where_file.read_text().strip())
        shown = f"{line.where}: {line.command}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
        if line.expect_error:
            assert done.returncode == 2, shown
            assert done.stderr.count("\n") == 1 and done.stderr.startswith("ctotui: "), shown
        else:
            assert done.returncode == 0, shown
            assert "Traceback" not in done.stderr, shown
