"""`ctotui check` on a vault: its structure with or without keys, its content where they are.

Without a key, every record's plain fields are checked (ids, references, dates, statuses) and
every sealed value must at least be shaped like one. With a client's key, that client's records
are opened and checked whole; a sealed value that does not open is a problem naming the record
and the field — never a crash.
"""

from __future__ import annotations

from pathlib import Path

from ctotui.data.jsonfile import read_data_file
from ctotui.data.layout import TABLES, table_file
from ctotui.data.sealing import LOAD_ORDER, Sealer
from ctotui.data.tablefile import LoadedTable
from ctotui.domain.entities import BY_TABLE
from ctotui.domain.schema import REF, field_specs
from ctotui.errors import CtoError, DataError
from ctotui.vault import fields
from ctotui.vault.keys import load_keys
from ctotui.vault.manifest import read_manifest
from ctotui.vault.records import Vault


def check_vault(
    folder: Path, problems: list[str], warnings: list[str], present: set[str]
) -> tuple[dict[str, int], Sealer | None]:
    """Check the sealed tables of *folder* that are *present*; returns the counts of records
    (open and locked) per table, and the sealer (None when vault.json itself is bad)."""
    try:
        manifest = read_manifest(folder)
    except CtoError as exc:
        problems.append(str(exc))
        return {}, None
    assert manifest is not None
    sealer = Sealer(Vault(manifest, load_keys(warnings)))
    loaded: dict[str, LoadedTable] = {}
    for table in LOAD_ORDER:
        if table not in present:
            continue
        path = folder / table_file(table)
        try:
            loaded[table] = sealer.parse(
                read_data_file(path), table, path.name, lambda e: problems.append(str(e))
            )
        except DataError as exc:
            problems.append(str(exc))
            continue
        sealer.install(table, loaded[table])
    problems.extend(sealer.problems)
    _check_tokens(sealer, problems, warnings)
    _check_refs(sealer, loaded, problems)
    for client in sealer.stored["clients"]:
        if not manifest.key_of(client):
            warnings.append(
                f"clients.json: client {client} has no key in vault.json (added where the folder "
                "was not a vault yet?): its records stay in the clear until `ctotui vault init`"
            )
    return {t: len(c.sealed or {}) for t, c in loaded.items()}, sealer


def _check_tokens(sealer: Sealer, problems: list[str], warnings: list[str]) -> None:
    in_clear = 0
    for table in TABLES:
        for rec_id, body in sealer.stored[table].items():
            for path, token in fields.tokens(table, body):
                if not fields.well_formed(token):
                    problems.append(
                        f"{table_file(table)}: record {rec_id}: field '{path}': not a well-formed "
                        "sealed value; restore it from git"
                    )
            if fields.owner(table, rec_id, body, sealer.lookup):
                in_clear += bool(fields.plain_values(table, body))
    if in_clear:
        warnings.append(
            f"{in_clear} record(s) hold values in the clear in sealed fields (merged from a clone "
            "that was not a vault yet?); they are sealed at their next save where the key is, "
            "or now with `ctotui vault init`"
        )


def _check_refs(sealer: Sealer, loaded: dict[str, LoadedTable], problems: list[str]) -> None:
    for table in loaded:
        refs = [
            (s.key or name, s.ref)
            for name, s in field_specs(BY_TABLE[table]).items()
            if s.kind == REF and s.ref
        ]
        for rec_id, body in sealer.stored[table].items():
            for key, target in refs:
                value = body.get(key)
                dangling = isinstance(value, str) and value not in sealer.stored[target]
                if target in loaded and value and dangling:
                    problems.append(
                        f"{table_file(table)}: record {rec_id}: field '{key}': no "
                        f"{BY_TABLE[target].LABEL} with id {value!r}"
                    )
