"""Edit config.toml in place: change only the lines whose value changed, keep every comment.

tomli-w writes a fresh document and drops the user's comments, so the settings screen edits the
existing text instead: a changed `key = value` line keeps its trailing comment, a new key goes
after the last key of its table, a removed key loses its line, a new table is appended. This
covers the flat layout ctotui's config uses (top-level keys and one level of tables such as
`[keymap]`). Anything more elaborate (multi-line values, dotted keys, arrays of tables) makes
`update_toml_text` return None, and the caller rewrites the whole file.

The result is always checked by parsing it back: a line edit that would not give exactly the
wanted data is never written.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import tomli_w

_BARE = r"[A-Za-z0-9_-]+"
_KEY = rf"(?:{_BARE}|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
KEY_LINE = re.compile(rf"^(\s*)({_KEY})(\s*=\s*)(.*?)(\r?\n)?$")
HEADER_LINE = re.compile(rf"^\s*\[\s*({_KEY})\s*\]\s*(?:#.*)?(\r?\n)?$")
ANY_HEADER = re.compile(r"^\s*\[")
ROOT = ""


@dataclass
class _Table:
    """Where one table's lines are: its header, and each key's line."""

    header: int | None = None  # line index of `[name]`; None for the root table
    end: int = 0  # index just past the table's last line (before the next header)
    keys: dict[str, int] = field(default_factory=dict)
    last_key: int | None = None


def _unquote(key: str) -> str:
    if key[0] in "\"'":
        parsed = tomllib.loads(f"k = {key}")["k"]
        return str(parsed)
    return key


def _index(lines: list[str]) -> dict[str, _Table] | None:
    """Each simple table's layout, or None when a line is beyond simple editing."""
    tables: dict[str, _Table] = {ROOT: _Table()}
    current = tables[ROOT]
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        header = HEADER_LINE.match(line)
        if header:
            current.end = number
            name = _unquote(header.group(1))
            if name in tables:
                return None
            current = tables[name] = _Table(header=number)
            continue
        if ANY_HEADER.match(line):
            return None  # [a.b] or [[array]]: not a layout ctotui writes
        key = KEY_LINE.match(line)
        if key is None or _value_span(key.group(4)) is None:
            return None  # a dotted key, or a value that continues on the next line
        current.keys[_unquote(key.group(2))] = number
        current.last_key = number
    current.end = len(lines)
    return tables


def _value_span(rest: str) -> int | None:
    """Length of the TOML value at the start of *rest* (before a comment), None if multi-line."""
    if rest.startswith(('"""', "'''")):
        return None
    if rest.startswith('"'):
        match = re.match(r'"(?:[^"\\]|\\.)*"', rest)
        return match.end() if match else None
    if rest.startswith("'"):
        end = rest.find("'", 1)
        return end + 1 if end > 0 else None
    value = rest.split("#", 1)[0].rstrip()
    if not value:
        return None
    try:
        tomllib.loads(f"k = {value}")
    except tomllib.TOMLDecodeError:
        return None  # an array or inline table spread over lines
    return len(value)


def key_text(key: str) -> str:
    """*key* as written in TOML: bare when it can be, quoted otherwise ("app.quit")."""
    return key if re.fullmatch(_BARE, key) else key_line(key, 0).rsplit(" = ", 1)[0]


def key_line(key: str, value: Any) -> str:
    """`key = value` as tomli-w writes it (keys quoted when they need to be)."""
    return tomli_w.dumps({key: value}).rstrip("\n")


def _replace_value(line: str, key: str, value: Any) -> str:
    match = KEY_LINE.match(line)
    assert match is not None
    span = _value_span(match.group(4))
    assert span is not None
    tail = match.group(4)[span:]  # the spaces and the comment after the value
    newline = match.group(5) or ""
    return f"{match.group(1)}{key_line(key, value)}{tail}{newline}"


class _Editor:
    """Line edits collected first and applied from the bottom up, so indexes stay valid."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.replace: dict[int, str] = {}
        self.delete: set[int] = set()
        self.insert: dict[int, list[str]] = {}
        self.append: list[str] = []

    def insert_after(self, table: _Table, text: str) -> None:
        anchor = table.last_key if table.last_key is not None else table.header
        # An empty root table: after the leading comments, before the first [table].
        position = table.end if anchor is None else anchor + 1
        self.insert.setdefault(position, []).append(text + "\n")

    def edit_table(self, table: _Table, old: dict[str, Any], new: dict[str, Any]) -> bool:
        for key, value in new.items():
            if isinstance(value, dict):
                return False  # a table inside a table: rewrite the whole file instead
            if key in old and old[key] == value:
                continue
            if key in table.keys:
                line = table.keys[key]
                self.replace[line] = _replace_value(self.lines[line], key, value)
            else:
                self.insert_after(table, key_line(key, value))
        for key in old.keys() - new.keys():
            if key not in table.keys:
                return False
            self.delete.add(table.keys[key])
        return True

    def text(self) -> str:
        out: list[str] = []
        for number, line in enumerate(self.lines):
            out.extend(self.insert.get(number, []))
            if number in self.delete:
                continue
            out.append(self.replace.get(number, line))
        out.extend(self.insert.get(len(self.lines), []))
        if self.append:
            if out and not out[-1].endswith("\n"):
                out[-1] += "\n"
            out.extend(self.append)
        return "".join(out)


def update_toml_text(text: str, new: dict[str, Any]) -> str | None:
    """*text* changed to hold exactly *new*, editing only the lines that differ.

    Returns None when the document is laid out in a way this cannot edit safely (the caller
    then writes the whole file with tomli-w).
    """
    try:
        old = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    lines = text.splitlines(keepends=True)
    tables = _index(lines)
    if tables is None:
        return None
    editor = _Editor(lines)
    root_old = {k: v for k, v in old.items() if not isinstance(v, dict)}
    root_new = {k: v for k, v in new.items() if not isinstance(v, dict)}
    if root_old.keys() & {k for k, v in new.items() if isinstance(v, dict)}:
        return None  # a plain key turned into a table
    if not editor.edit_table(tables[ROOT], root_old, root_new):
        return None
    for name, value in new.items():
        if not isinstance(value, dict):
            continue
        before = old.get(name, {})
        if before == value:
            continue
        if not isinstance(before, dict):
            return None
        if name in tables:
            if not editor.edit_table(tables[name], before, value):
                return None
        elif before:
            return None  # a table written some other way (inline, dotted keys)
        else:
            editor.append.append(f"\n[{key_text(name)}]\n")
            editor.append.extend(key_line(k, v) + "\n" for k, v in value.items())
    for name in old.keys() - new.keys():
        if not isinstance(old[name], dict):
            continue
        table = tables.get(name)
        if table is None or table.header is None:
            return None
        editor.delete.update(range(table.header, table.end))
    result = editor.text()
    try:
        if tomllib.loads(result) != new:
            return None
    except tomllib.TOMLDecodeError:
        return None
    return result
