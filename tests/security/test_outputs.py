"""Outputs never land on data: no export or report writes into the data folder (or its .git),
through a link, or over an existing file without --force."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from support import snapshot

from ctotui.data.store import Store
from ctotui.domain.entities import Client

WRITERS = {
    "csv": ("export", "csv", "clients"),
    "json": ("export", "json"),
    "ics": ("export", "ics"),
}


def command(kind: str, target: Path | str) -> tuple[str, ...]:
    if kind == "report":
        return ("report", "--all", "--out", str(target))
    return (*WRITERS[kind], str(target))


@pytest.fixture
def folder(data_dir: Path) -> Path:
    Store(data_dir).insert(Client(name="Acme"))
    subprocess.run(["git", "init", "-q", str(data_dir)], check=True)
    return data_dir


KINDS = [*WRITERS, "report"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["clients.json", "meta.json", ".git/config", "new.csv"])
def test_nothing_is_written_into_the_data_folder(
    folder: Path, cli: Any, kind: str, name: str
) -> None:
    before = snapshot(folder)
    git_config = (folder / ".git" / "config").read_bytes()
    done = cli("--data", str(folder), *command(kind, folder / name), "--force")
    assert done.code == 2
    assert done.err.startswith(f"ctotui: {folder / name}: is inside the data folder {folder}")
    assert snapshot(folder) == before
    assert (folder / ".git" / "config").read_bytes() == git_config
    # Nor by a relative path that climbs back into it.
    sneaky = folder.parent / "elsewhere" / ".." / folder.name / name
    (folder.parent / "elsewhere").mkdir(exist_ok=True)
    assert cli("--data", str(folder), *command(kind, sneaky), "--force").code == 2
    assert snapshot(folder) == before


@pytest.mark.parametrize("kind", KINDS)
def test_no_write_through_a_link_or_over_a_file_without_force(
    folder: Path, tmp_path: Path, cli: Any, kind: str
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    link = tmp_path / "out.link"
    link.symlink_to(victim)
    done = cli("--data", str(folder), *command(kind, link), "--force")
    assert (done.code, done.err) == (
        2,
        f"ctotui: {link}: is a symbolic link; ctotui does not write through links\n",
    )
    assert victim.read_text() == "precious\n" and link.is_symlink()

    existing = tmp_path / "existing.out"
    existing.write_text("mine\n")
    refused = cli("--data", str(folder), *command(kind, existing))
    assert (refused.code, refused.err) == (
        2,
        f"ctotui: {existing}: already exists; add --force to replace it\n",
    )
    assert existing.read_text() == "mine\n"
    replaced = cli("--data", str(folder), *command(kind, existing), "--force")
    assert replaced.code == 0, replaced.err
    assert existing.read_text() != "mine\n"
