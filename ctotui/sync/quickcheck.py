"""The count and check of a commit when HEAD already passed `check`: only what changed is parsed.

`ctotui check` of the 20,000-recommendation folder parses 33 MB of JSON and types 47,000
records, and counting the changes parsed the changed file and HEAD's copy once more: most of a
sync that commits one edit. When this clone noted that HEAD passed `check` (`commit.CHECKED_NOTE`,
written only after a real check, tagged with `validator_tag` so other code's note is not
trusted), a data file whose bytes are HEAD's blob needs no parse, and a changed one is parsed
once, for the count and for `check_changed`, which types only the records that differ.

`scan` answers with the record counts of the commit (what `summary.working_changes` counts) and
a verdict: clean, or "not sure" (a problem) on which the caller runs the full `check_folder`, so
every message a sync shows is the full check's own. Outside its premise — a vault, meta.json or
.gitattributes changed, a file missing, added, a link, not ours or not writable — it answers
None and the caller counts and checks the slow way.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO

import ctotui
from ctotui.data import record_prints
from ctotui.data.check import file_problem
from ctotui.data.check_changed import (
    ChangedTable,
    checked_records,
    compare,
    compare_prints,
    passes,
    working_records,
)
from ctotui.data.jsonfile import read_data_file
from ctotui.data.layout import META_FILE, SCHEMA_VERSION, TABLES, VAULT_FILE, table_file
from ctotui.data.record_prints import fingerprint
from ctotui.errors import DataError
from ctotui.sync.conflicts import git_dir
from ctotui.sync.gitcmd import git
from ctotui.sync.gitrepo import GIT_ENV
from ctotui.sync.summary import Changes

Working = dict[str, bytes | None]  # each table file's bytes (None: no such file)
NAMES = (*map(table_file, TABLES), META_FILE)  # the files whose content `check` reads
# Where the code that decides what passes `check` lives.
_VALIDATING = ("domain", "data/check.py", "data/check_changed.py", "data/tablefile.py",
               "data/jsonfile.py", "data/layout.py", "data/record_prints.py",
               "sync/quickcheck.py")  # fmt: skip


@cache
def validator_tag() -> str:
    """A digest of the version, the schema version and the source of the validating code: a
    note that HEAD passed `check` counts only for the code that checked it."""
    digest = hashlib.sha256(f"{ctotui.__version__}/{SCHEMA_VERSION}".encode())
    root = Path(ctotui.__file__).parent
    for name in _VALIDATING:
        where = root / name
        for path in sorted(where.glob("*.py")) if where.is_dir() else [where]:
            try:
                digest.update(f"{name}/{path.name}\0".encode() + path.read_bytes())
            except OSError:
                digest.update(f"{name}/{path.name}: unreadable\0".encode())
    return digest.hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Scan:
    """What the working tree changes since HEAD, and whether it surely passes `check`."""

    changes: Changes
    clean: bool  # False: not sure (run the full check)
    # The blob id of each data file and meta.json as checked: the verdict holds for a commit
    # of exactly these (not of what an outside writer saved meanwhile).
    blobs: dict[str, str] = field(default_factory=dict)

    def holds_for(self, staged: Mapping[str, str]) -> bool:
        """Whether the verdict is clean and *staged* (name -> blob id) is what was checked."""
        return self.clean and all(staged.get(name) == self.blobs.get(name) for name in NAMES)


def blob_id(data: bytes) -> str:
    """The id git gives a blob of *data*."""
    digest = hashlib.sha1(f"blob {len(data)}\0".encode(), usedforsecurity=False)
    digest.update(data)
    return digest.hexdigest()


def scan(folder: Path, head: str) -> Scan | None:
    """The changes since *head*, which passed `check`, and the verdict; None when the
    shortcut's premise does not hold."""
    tree = _tree(folder, head)
    if tree is None or VAULT_FILE in tree or os.path.lexists(folder / VAULT_FILE):
        return None
    for name in (META_FILE, ".gitattributes"):
        if _working_id(folder / name) != tree.get(name):
            return None
    try:
        meta = json.loads(read_data_file(folder / META_FILE))
    except (DataError, ValueError, RecursionError):
        return None
    listed = meta.get("tables", []) if isinstance(meta, dict) else []
    if not isinstance(listed, list):
        return None
    working: Working = {}
    ids = {META_FILE: tree[META_FILE]}  # what is checked, by name: see `Scan.blobs`
    changed: list[str] = []
    for table in TABLES:
        name = table_file(table)
        path = folder / name
        if file_problem(path, table in listed) or os.path.lexists(path) != (name in tree):
            return None
        if name in tree:
            try:
                working[table] = read_data_file(path)
            except DataError:
                return None
            ids[name] = blob_id(working[table] or b"")
            if ids[name] != tree[name]:
                changed.append(table)
        else:
            working[table] = None
    with _storing(folder, [table_file(t) for t in changed]):
        return _scan_changed(folder, tree, working, changed, ids)


def _scan_changed(
    folder: Path, tree: dict[str, str], working: Working, changed: list[str], ids: dict[str, str]
) -> Scan | None:
    with _blobs(folder, [tree[table_file(t)] for t in changed]) as blobs:
        # git reads HEAD's copies while the working files are parsed.
        fresh = {table: working_records(table, working[table] or b"") for table in changed}
        heads = blobs()
    if heads is None:
        return None
    kept = record_prints.load(folder, validator_tag())
    tables: dict[str, ChangedTable] = {}
    changes = Changes()
    for table in changed:
        new, parsed = fresh[table]
        blob = heads[tree[table_file(table)]]
        prints = {rec_id: fingerprint(body) for rec_id, body in new.items()} if parsed else None
        entry = kept.pop(table, None)
        found = None
        if prints is not None and entry is not None and entry.blob == tree[table_file(table)]:
            found = compare_prints(table, entry, blob, new, prints)
        if found is None:
            old = checked_records(table, blob)
            if old is None:
                return None
            found = compare(table, old, new, parsed)
        if prints is not None:
            raw = working[table] or b""
            kept[table] = record_prints.make(ids[table_file(table)], raw, new, prints)
        tables[table] = found
        changes.before[table] = found.before
        for verb, count in found.counts.items():
            if count:
                changes.counts[(table, verb)] += count
    clean = passes(tables, working)
    if clean:  # the files about to be committed: the next sync compares with them
        record_prints.save(folder, validator_tag(), kept)
    return Scan(changes, clean, ids)


@contextlib.contextmanager
def _storing(folder: Path, names: list[str]) -> Iterator[None]:
    """Meanwhile, have git store the changed files as objects: compressing a 25 MB file is a
    quarter of a second that `git add` then skips (it finds the object stored)."""
    if not names:
        yield
        return
    proc = subprocess.Popen(
        ["git", "-C", str(folder), "hash-object", "-w", "--", *names],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **GIT_ENV},
    )
    try:
        yield
    finally:
        proc.wait()


def _tree(folder: Path, head: str) -> dict[str, str] | None:
    """The blob id of each of ctotui's files in *head*; None if one is not a plain file."""
    names = (*map(table_file, TABLES), META_FILE, VAULT_FILE, ".gitattributes")
    done = git(folder, "--no-optional-locks", "ls-tree", "-z", head, "--", *names)
    if not done.ok:
        return None
    tree: dict[str, str] = {}
    for entry in filter(None, done.out.split("\0")):
        info, _, name = entry.partition("\t")
        mode, kind, oid = [*info.split(), "", "", ""][:3]
        if kind != "blob" or mode not in ("100644", "100755"):
            return None
        tree[name] = oid
    return tree


def _working_id(path: Path) -> str | None:
    """The blob id of a file of the working tree; None if absent, "?" if it cannot be read."""
    if not os.path.lexists(path):
        return None
    try:
        return blob_id(read_data_file(path))
    except DataError:
        return "?"


@contextlib.contextmanager
def _blobs(folder: Path, oids: list[str]) -> Iterator[Callable[[], dict[str, bytes] | None]]:
    """Start reading some blobs by one `git cat-file --batch`, into an unnamed file in the git
    folder (into a pipe, git would wait for the reader, busy parsing, to empty it); give a
    function that waits for them (None if git could not give one)."""
    wanted = list(dict.fromkeys(oids))
    with tempfile.TemporaryFile(dir=git_dir(folder)) as out:
        proc = subprocess.Popen(
            ["git", "-C", str(folder), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **GIT_ENV},
        )
        try:
            assert proc.stdin is not None
            with proc.stdin as feed:
                feed.write("".join(f"{oid}\n" for oid in wanted).encode())
            yield lambda: _collect(proc, out, wanted)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()


def _collect(
    proc: subprocess.Popen[bytes], out: IO[bytes], oids: list[str]
) -> dict[str, bytes] | None:
    if proc.wait(timeout=120) != 0:
        return None
    out.seek(0)
    data, pos, found = out.read(), 0, {}
    for oid in oids:
        end = data.find(b"\n", pos)
        header = data[pos:end].split() if end >= 0 else []
        if len(header) != 3 or header[0] != oid.encode() or header[1] != b"blob":
            return None
        size = int(header[2])
        found[oid] = data[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    return found
