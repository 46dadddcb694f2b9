"""The README tells the truth: its key table is the code's, its quick start is two commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.binding import Binding

from ctotui.keys import DuplicateBindingId, _sections, key_rows, markdown_table, readme_table

README = Path(__file__).resolve().parent.parent / "README.md"


def test_key_table_matches_the_real_bindings() -> None:
    assert readme_table(README.read_text(encoding="utf-8")) == markdown_table(), (
        "README key table is stale: run `.venv/bin/python -m ctotui.keys README.md`"
    )


def test_every_binding_id_is_unique_per_section_and_documented() -> None:
    rows = key_rows()  # raises DuplicateBindingId on a shared id
    ids = [(row.section, row.binding_id) for row in rows]
    assert len(ids) == len(set(ids))
    table = readme_table(README.read_text(encoding="utf-8"))
    for row in rows:
        assert row.description in table


def test_every_key_is_a_binding_with_an_id() -> None:
    missing = [
        f"{section}: {cls.__name__} {getattr(binding, 'key', binding)!r}"
        for section, classes in _sections()
        for cls in classes
        for binding in getattr(cls, "BINDINGS", [])
        if not isinstance(binding, Binding) or not binding.id
    ]
    assert missing == []


class _Pane:
    BINDINGS = [Binding("n", "new", "New", id="pane.new")]


class _Screen:
    BINDINGS = [
        Binding("d", "delete", "Delete", id="screen.delete"),
        Binding("a", "add", "Add", id="pane.new"),
    ]


class _Twice:
    BINDINGS = [Binding("x", "one", "One", id="x.one"), Binding("y", "two", "Two", id="x.one")]


def test_two_bindings_sharing_an_id_in_a_section_are_an_error() -> None:
    with pytest.raises(DuplicateBindingId) as shared:
        key_rows(sections=[("Dashboard", [_Pane, _Screen])])
    assert str(shared.value) == (
        "Dashboard: binding id 'pane.new' is used by both _Pane and _Screen"
    )
    with pytest.raises(DuplicateBindingId) as twice:
        key_rows(sections=[("Lists", [_Twice])])
    assert str(twice.value) == "Lists: binding id 'x.one' is used twice in _Twice"


def test_the_same_id_in_two_sections_is_allowed() -> None:
    # One id on two screens is one remappable action (Escape leaves either detail screen).
    rows = key_rows(sections=[("Dashboard", [_Pane]), ("Client", [_Screen])])
    assert [(r.section, r.binding_id, r.keys) for r in rows] == [
        ("Dashboard", "pane.new", "n"),
        ("Client", "screen.delete", "d"),
        ("Client", "pane.new", "a"),
    ]


def test_quick_start_is_the_two_make_commands() -> None:
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick, re.S)
    assert block is not None
    commands = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    assert [c for c in commands if c] == ["make demo", "make test"]
