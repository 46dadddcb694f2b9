"""A stored record's tokens opened by straight-line code: one function per table and set of
fields left for later, made once (the technique of `ctotui.domain.fastparse`).

`records.Vault.open_record` used to walk the tree of a record's sealed positions
(`fields.walk`) and call a function at every leaf, which called the cipher: opening a
20,000-record vault spent more in those Python calls than in AES-SIV. The function made here
visits the same positions in the same order, copies the same dicts and lists, and calls the
cipher once per token; what it gives is exactly what the walk gives (a test compares the two on
generated, damaged and malformed records and conflicts). A conflict's kept and other values
are opened by the function made for the tree of the field they are about.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from ctotui.vault.cipher import OpenError
from ctotui.vault.fields import (
    EACH,
    Node,
    conflict_tree,
    neutral,
    record_tree,
    record_tree_without,
)

#: In *later*: every field stays sealed (`records.EVERY`).
EVERY = "*"
_TOKEN = "v1:0000000000000000:AAAAAAAAAAAAAAAAAAAAAA"  # `neutral` gives one stand-in per kind

Opener = Callable[..., Any]


class Locked(Exception):
    """A record this machine cannot open (no key for it)."""


@cache
def opener(table: str, later: frozenset[str]) -> Opener:
    """The function that opens a stored record of *table*, leaving the fields in *later*
    sealed (`records.Vault.open_record` says how), called as
    ``run(body, ciphers, cipher_of, head, take, put, place, result)``."""
    every = EVERY in later
    tree = record_tree(table) if every or not later else record_tree_without(table, later)
    return _make(table, tree, later, every)


@cache
def conflict_opener(table: str, field: str, later: frozenset[str]) -> Opener:
    """The same for a conflict's kept or other value of *field* of *table*: every position of
    its tree (`fields.conflict_tree`) is visited, those named in *later* neutralised."""
    return _make(f"{table}.{field} in a conflict", conflict_tree(table, field), later, False)


def _make(label: str, tree: Node, later: frozenset[str], every: bool) -> Opener:
    lines: list[str] = []
    names: dict[str, Any] = {}
    maker = _Maker(lines, names, later, every or EVERY in later)
    lines.append("def run(v0, ciphers, cipher_of, head, take, put, place, result):")
    out = maker.node(tree, "v0", 1)
    lines.append(f"    return {out}")
    namespace: dict[str, Any] = {"Locked": Locked, "OpenError": OpenError, **names}
    exec(compile("\n".join(lines), f"<ctotui opener of {label}>", "exec"), namespace)
    run: Opener = namespace["run"]
    return run


class _Maker:
    def __init__(
        self, lines: list[str], names: dict[str, Any], later: frozenset[str], every: bool
    ) -> None:
        self.lines = lines
        self.names = names
        self.later = later
        self.every = every
        self.count = 0

    def var(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def emit(self, depth: int, text: str) -> None:
        self.lines.append("    " * depth + text)

    def node(self, node: Node, value: str, depth: int) -> str:
        """Code at *depth* that leaves in the variable it returns *value* with every leaf of
        *node* opened (`fields.walk`)."""
        if type(node) is tuple:
            return self.leaf(node[0], node[1], value, depth)
        if not node:
            return value  # nothing sealed here
        out = self.var("o")
        if EACH in node:
            inner = node[EACH]
            item = self.var("i")
            self.emit(depth, f"if isinstance({value}, list):")
            function = self.function(inner, item)
            new = self.var("n")
            self.emit(depth + 1, f"{new} = [{function}({item}) for {item} in {value}]")
            self.emit(
                depth + 1,
                f"{out} = {new} if any(a is not b for a, b in zip({new}, {value})) else {value}",
            )
            self.emit(depth, "else:")
            self.emit(depth + 1, f"{out} = {value}")
            return out
        self.emit(depth, f"{out} = {value}")
        self.emit(depth, f"if isinstance({value}, dict):")
        for step, sub in node.items():
            old = self.var("v")
            self.emit(depth + 1, f"if {step!r} in {value}:")
            self.emit(depth + 2, f"{old} = {value}[{step!r}]")
            new = self.node(sub, old, depth + 2)
            self.emit(depth + 2, f"if {new} is not {old}:")
            self.emit(depth + 3, f"if {out} is {value}:")
            self.emit(depth + 4, f"{out} = dict({value})")
            self.emit(depth + 3, f"{out}[{step!r}] = {new}")
        return out

    def function(self, node: Node, item: str) -> str:
        """A nested function opening one list element (a comprehension takes an expression)."""
        name = self.var("each")
        start = len(self.lines)
        self.emit(1, f"def {name}({item}):")
        out = self.node(node, item, 2)
        self.emit(2, f"return {out}")
        # Defined once, ahead of its use: move the function's lines to the top of `run`.
        body = self.lines[start:]
        del self.lines[start:]
        self.lines[1:1] = body
        return name

    def leaf(self, dotted: str, kind: str, value: str, depth: int) -> str:
        """One sealed position: a token is opened (or neutralised when left for later); any
        other value that is not empty is noted as in the clear."""
        new = self.var("n")
        cipher = self.var("c")
        emit = self.emit
        shaped = f'{value}[:3] == "v1:" and {value}[19:20] == ":"'  # `fields.is_token`
        emit(depth, f"if {value}.__class__ is str and {shaped}:")
        emit(depth + 1, f"{cipher} = ciphers.get({value}[3:19]) or cipher_of({value}[3:19])")
        emit(depth + 1, f"if {cipher} is None:")
        emit(depth + 2, "raise Locked")
        if self.every or dotted in self.later:
            stand_in = neutral(_TOKEN, dotted, kind)  # `fields.neutral`: one per kind
            emit(depth + 1, f"{new} = {value}" if stand_in is _TOKEN else f"{new} = {stand_in!r}")
        else:
            path = self.var("p")
            self.names[path] = dotted.encode("utf-8")
            key = f"({value}, place[0], place[1], {dotted!r})"
            emit(depth + 1, f"{new} = take.pop({key}, None) if take is not None else None")
            emit(depth + 1, f"if {new} is None:")
            emit(depth + 2, "try:")
            emit(depth + 3, f"{new} = {cipher}.open_at({value}, [*head, {path}])")
            emit(depth + 2, "except OpenError as exc:")
            emit(depth + 3, f"result.damaged.append(({dotted!r}, str(exc)))")
            emit(depth + 3, f"{new} = {value}")
            emit(depth + 2, "else:")
            emit(depth + 3, f"if put is not None and {new}.__class__ is str:")
            emit(depth + 4, f"put[{key}] = {new}")
        emit(depth, "else:")
        emit(depth + 1, f'if {value} is not None and {value} != "":')
        emit(depth + 2, "result.in_clear = True")
        emit(depth + 1, f"{new} = {value}")
        return new
