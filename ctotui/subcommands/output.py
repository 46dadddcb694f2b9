"""Plain-text tables and JSON for the command line (no colour: output is often piped or mailed)."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from ctotui.domain.schema import OBJS, TAGS, TEXT, Record, field_specs, to_record


def short_id(rec_id: str) -> str:
    """The last 8 characters: the random part of a ULID, unique enough to type back."""
    return rec_id[-8:]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Aligned columns; on a terminal the widest column is cut (with …) to fit the width."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    if out.isatty():
        budget = shutil.get_terminal_size((100, 24)).columns
        while sum(widths) + 2 * (len(widths) - 1) > budget and max(widths) > 12:
            widest = widths.index(max(widths))
            widths[widest] -= 1
    lines = [headers, *rows]
    for row in lines:
        cells = [_fit(cell, widths[i]) for i, cell in enumerate(row)]
        out.write("  ".join(cells).rstrip() + "\n")


def _fit(text: str, width: int) -> str:
    if len(text) > width:
        return text[: width - 1] + "…"
    return text.ljust(width)


def record_json(rec: Record, **extra: Any) -> dict[str, Any]:
    """A record for `--json`: id, stamps, every field by its stored name, then derived fields.

    Every record of a kind has the same keys, empty fields included ("" for text, [] for lists,
    null otherwise), so a script can rely on them.
    """
    stored = to_record(rec, with_meta=False)
    fields: dict[str, Any] = {}
    for name, s in field_specs(type(rec)).items():
        key = s.key or name
        empty: Any = "" if s.kind == TEXT else [] if s.kind in (TAGS, OBJS) else None
        fields[key] = stored.get(key, empty)
    return {
        "id": rec.id,
        "created_at": rec.created_at,
        "updated_at": rec.updated_at,
        **fields,
        **extra,
    }


def print_json(data: Any, out: TextIO = sys.stdout) -> None:
    out.write(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n")
