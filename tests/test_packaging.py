"""The wheel carries the bundled themes and every sample data file, and nothing else of them;
the source archive carries what its Makefile needs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _force_include() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapping: dict[str, str] = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    return mapping


def test_every_sample_data_file_goes_into_the_wheel() -> None:
    mapping = _force_include()
    for path in sorted((ROOT / "sample_data").glob("*.json")):
        key = f"sample_data/{path.name}"
        assert mapping.get(key) == f"ctotui/_bundled/{key}", f"{key} missing from the wheel"
    listed = {k for k in mapping if k.startswith("sample_data/")}
    assert all((ROOT / k).is_file() for k in listed)


def test_themes_go_into_the_wheel() -> None:
    assert _force_include()["themes"] == "ctotui/_bundled/themes"


# --- the archives, built for real ---------------------------------------------------------------


def _build(target: str, out: Path) -> Path:
    """Build the *target* ("sdist" or "wheel") with the project's build backend into *out*."""
    done = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", target, "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [built] = out.iterdir()
    return built


def test_the_source_archive_holds_what_its_makefile_needs(tmp_path: Path) -> None:
    archive = _build("sdist", tmp_path / "dist")
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    [unpacked] = (tmp_path / "unpacked").iterdir()
    names = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    assert {"Makefile", "constraints.txt", "pyproject.toml", "README.md"} <= names
    # Every target's prerequisites resolve (a missing constraints.txt stops `make` here)…
    if shutil.which("make"):
        done = subprocess.run(
            ["make", "-n", "demo", "test", "format", "docs", "bench"],
            cwd=unpacked,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    # …and every file a recipe or the README's tests read is there.
    makefile = (unpacked / "Makefile").read_text(encoding="utf-8")
    for path in re.findall(r"(?<![\w$(])[\w-]+(?:/[\w.-]+)+\.(?:py|md|txt|toml)\b", makefile):
        assert path in names, f"the Makefile reads {path}, which the source archive lacks"
    assert {f"docs/{p.name}" for p in (ROOT / "docs").iterdir() if p.is_file()} <= names
    assert not [n for n in names if "__pycache__" in n or n.startswith((".venv/", ".ci/"))]
    if (ROOT / ".git").exists() and shutil.which("git"):
        tracked = subprocess.run(
            ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        # The whole repository but the CI script, which runs the Makefile on a clean clone.
        missing = {p for p in tracked if not p.startswith(".ci/") and (ROOT / p).is_file()} - names
        assert missing == set()


def test_the_wheel_carries_the_bundled_files_and_no_tests(tmp_path: Path) -> None:
    wheel = _build("wheel", tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "ctotui/_bundled/sample_data/clients.json" in names
    assert "ctotui/_bundled/themes/ctotui-dark.toml" in names
    assert "ctotui/cli.py" in names and "ctotui/ctotui.tcss" in names
    assert not [n for n in names if n.startswith(("tests/", "sample_data/")) or ".lock" in n]
