"""`ctotui check`: every problem in a data folder, each as one line that says what and where."""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ctotui.data.jsonfile import IS_A_LINK, NOT_A_FILE, TEMP_PREFIX, read_json
from ctotui.data.layout import (
    DATA_FILES,
    META_FILE,
    SCHEMA_VERSION,
    TABLES,
    VAULT_FILE,
    table_file,
)
from ctotui.data.tablefile import LoadedTable, read_table
from ctotui.data.vault_check import check_vault
from ctotui.domain.entities import BY_TABLE
from ctotui.domain.schema import Record, references
from ctotui.errors import DataError


@dataclass(slots=True)
class CheckReport:
    folder: Path
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    locked: int = 0  # a vault's clients whose key this machine does not hold

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        listed = ", ".join(f"{n} {t}" for t, n in self.counts.items() if n)
        if self.locked:
            listed += f"; vault: {self.locked} client{'s' if self.locked != 1 else ''} locked"
        return f"{self.folder}: ok ({listed or 'empty'})"


def check_folder(folder: Path) -> CheckReport:
    """Validate meta.json, every table file (JSON, shape, fields) and every reference."""
    report = CheckReport(folder)
    if not folder.is_dir():
        report.problems.append(f"{folder}: data folder not found")
        return report
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode & 0o077:
        report.warnings.append(f"{folder}: readable by other users (mode {mode:04o}); chmod 700 it")
    listed = _check_meta(folder, report)
    vault = (folder / VAULT_FILE).exists() or (folder / VAULT_FILE).is_symlink()
    loaded: dict[str, LoadedTable] = {}
    present: set[str] = set()
    for table in TABLES:
        path = folder / table_file(table)
        problem = file_problem(path, table in listed)
        if problem:
            report.problems.append(f"{path.name}: {problem}")
            continue
        with contextlib.suppress(OSError):
            file_mode = stat.S_IMODE(path.lstat().st_mode)
            if file_mode & 0o077:
                report.warnings.append(
                    f"{path.name}: readable by other users (mode {file_mode:04o}); "
                    f"chmod 600 it (ctotui does when it opens the folder for writing)"
                )
        present.add(table)
        if vault:
            continue  # checked sealed, below
        try:
            loaded[table] = read_table(folder, table, lambda e: report.problems.append(str(e)))
        except DataError as exc:
            report.problems.append(str(exc))
            continue
        report.counts[table] = len(loaded[table].typed)
    if vault:
        counts, sealer = check_vault(folder, report.problems, report.warnings, present)
        report.counts.update(counts)
        report.locked = sealer.locked_clients() if sealer is not None else 0
    behind = 0  # references to records refused above: fixing that record fixes them
    for content in loaded.values():
        for rec in content.typed.values():
            behind += _check_refs(rec, loaded, report)
        _check_unique(list(content.typed.values()), report)
    if behind:
        what = "1 reference" if behind == 1 else f"{behind} references"
        report.warnings.append(
            f"{what} to refused records not listed: they hold once those records are fixed"
        )
    for path in sorted(folder.iterdir()):
        if path.name.startswith(TEMP_PREFIX):
            report.warnings.append(
                f"{path.name}: leftover of an interrupted write (removed on next open)"
            )
        elif path.suffix == ".json" and path.name not in (*DATA_FILES, META_FILE, VAULT_FILE):
            report.warnings.append(f"{path.name}: not a ctotui file (ignored)")
    return report


def file_problem(path: Path, listed: bool) -> str:
    """What is wrong with a table file's place in the folder, or ""."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        if listed:
            return (
                "file is missing (meta.json lists it); restore it with "
                f"`git checkout -- {path.name}` in {path.parent}"
            )
        return ""
    if stat.S_ISLNK(st.st_mode):
        return IS_A_LINK
    if not stat.S_ISREG(st.st_mode):
        return NOT_A_FILE
    if st.st_uid != os.getuid():
        return "belongs to another user"
    if not os.access(path, os.W_OK):
        return "is not writable (chmod 600 it)"
    return ""


def _check_meta(folder: Path, report: CheckReport) -> frozenset[str]:
    """Check meta.json; return the tables it lists."""
    try:
        meta = read_json(folder / META_FILE)
    except DataError as exc:
        report.problems.append(str(exc))
        return frozenset()
    listed = meta.get("tables", []) if isinstance(meta, dict) else []
    if not isinstance(listed, list) or not all(isinstance(t, str) for t in listed):
        report.problems.append(f"{META_FILE}: 'tables' must be a list of table names")
        listed = []
    version = meta.get("schema_version") if isinstance(meta, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        report.problems.append(
            f"{META_FILE}: 'schema_version' must be a positive integer, got {version!r}"
        )
    elif version > SCHEMA_VERSION:
        report.problems.append(
            f"{META_FILE}: schema {version} is newer than this ctotui ({SCHEMA_VERSION}); upgrade"
        )
    return frozenset(listed)


def _check_unique(records: list[Record], report: CheckReport) -> None:
    """Two records sharing a name or codename (two clones added the same client offline): not
    broken, but every `-c NAME` now needs the id; the merge keeps both, the person chooses."""
    if not records or not records[0].UNIQUE:
        return
    seen: dict[str, Record] = {}
    for rec in records:
        for field_name in rec.UNIQUE:
            value = str(getattr(rec, field_name, "") or "").strip().casefold()
            if not value:
                continue
            first = seen.setdefault(value, rec)
            if first.id != rec.id:
                report.warnings.append(
                    f"{table_file(rec.TABLE)}: {first.id} and {rec.id} are both called "
                    f"{getattr(rec, field_name)!r}; rename one (`ctotui edit client ID --name …`)"
                )


def _check_refs(rec: Record, loaded: dict[str, LoadedTable], report: CheckReport) -> int:
    """Report *rec*'s references to records that are not there; return how many point at a
    record that is there but was refused (reported already)."""
    behind = 0
    for field_name, table, ref_id in references(rec):
        target = loaded.get(table)
        if target is None:
            continue  # that file failed to load; already reported
        if ref_id in target.refused:
            behind += 1
        elif ref_id not in target.typed:
            label = BY_TABLE[table].LABEL
            report.problems.append(
                f"{table_file(rec.TABLE)}: record {rec.id}: field '{field_name}': "
                f"no {label} with id {ref_id!r}"
            )
    return behind
