"""The README tells the truth: its key table is the code's, its quick start is two commands."""

from __future__ import annotations

import re
from pathlib import Path

from ctotui.keys import key_rows, markdown_table, readme_table

README = Path(__file__).resolve().parent.parent / "README.md"


def test_key_table_matches_the_real_bindings() -> None:
    assert readme_table(README.read_text(encoding="utf-8")) == markdown_table(), (
        "README key table is stale: run `.venv/bin/python -m ctotui.keys README.md`"
    )


def test_every_binding_id_is_unique_per_section_and_documented() -> None:
    rows = key_rows()
    ids = [(row.section, row.binding_id) for row in rows]
    assert len(ids) == len(set(ids))
    table = readme_table(README.read_text(encoding="utf-8"))
    for row in rows:
        assert row.description in table


def test_quick_start_is_the_two_make_commands() -> None:
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick, re.S)
    assert block is not None
    commands = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    assert [c for c in commands if c] == ["make demo", "make test"]
