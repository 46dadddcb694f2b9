"""Fuzzing the table files: whatever a crash, a bad merge or an attacker leaves in one, every
command answers with one line (or, for `check`, one line per problem) and exit 2, never a
traceback, never a raw escape on the terminal, and writes nothing."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import snapshot

from ctotui.cli import main
from ctotui.data.layout import DATA_FILES

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
NASTY = [
    b"\x1b]2;PWNED\x07",
    b"NaN",
    b"9" * 400,
    b'"x": 1, "x": 2',
    b"\xff\xfe",
    b"<<<<<<< HEAD\n",
    b"[" * 2000,
    b"\\u001b[2J",
    b"\x00",
    b'{"a":',
]

# check's line for a reference to a record that does not exist.
DANGLING = re.compile(r": field '\w+': no [\w ]+ with id '[^']*'$")


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@st.composite
def damage(draw: st.DrawFn, original: bytes) -> bytes:
    position = draw(st.integers(0, max(0, len(original) - 1)))
    kind = draw(st.sampled_from(["cut", "flip", "insert", "nasty", "duplicate line"]))
    if kind == "cut":
        return original[:position]
    if kind == "flip":
        byte = draw(st.integers(0, 255))
        return original[:position] + bytes([byte]) + original[position + 1 :]
    if kind == "insert":
        return original[:position] + draw(st.binary(min_size=1, max_size=8)) + original[position:]
    if kind == "nasty":
        return original[:position] + draw(st.sampled_from(NASTY)) + original[position:]
    lines = original.split(b"\n")
    line = draw(st.integers(0, len(lines) - 1))
    return b"\n".join([*lines[: line + 1], lines[line], *lines[line + 1 :]])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), name=st.sampled_from(sorted(DATA_FILES)))
def test_a_damaged_table_file_is_one_line_exit_2_and_nothing_written(
    tmp_path: Path, data: st.DataObject, name: str
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    for path in SAMPLE.glob("*.json"):
        shutil.copyfile(path, folder / path.name)
        (folder / path.name).chmod(0o600)
    original = (folder / name).read_bytes()
    (folder / name).write_bytes(data.draw(damage(original)))
    before = snapshot(folder)

    code, out, err = run("--data", str(folder), "check")
    for text in (out, err):
        assert "Traceback" not in text and "\x1b" not in text and "\x07" not in text
    if code == 0:
        return  # a harmless change (a digit in a note, say): nothing to refuse
    assert code == 2
    assert snapshot(folder) == before
    problems = [line for line in err.splitlines() if not line.startswith("ctotui: ")]
    if problems and all(DANGLING.search(line) for line in problems):
        # The file still parses; only a reference points nowhere (a flipped id). The folder
        # opens, like git after `fsck` finds a dangling object: reading works, check reports.
        for args in (("list", "clients"), ("agenda",), ("report", "--all")):
            code, out, err = run("--data", str(folder), *args)
            assert code == 0, (args, err)
            assert "\x1b" not in err + out and "Traceback" not in err
            assert snapshot(folder) == before
        return
    for args in (("list", "clients"), ("add", "client", "Probe"), ("agenda",)):
        code, out, err = run("--data", str(folder), *args)
        assert code == 2, (args, err)
        assert err.count("\n") == 1 and err.startswith("ctotui: "), (args, err)
        assert "\x1b" not in err + out and "Traceback" not in err
        assert snapshot(folder) == before
