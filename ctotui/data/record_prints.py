"""Fingerprints of the records of checked table files, so the next sync need not parse HEAD's copy.

Counting what a commit changes compared every record of a table with HEAD's, parsed from HEAD's
blob: a fifth of a second on the 25 MB table, each sync. The sync that commits a file parsed it
already; it keeps, by the file's blob id, a fingerprint of each record (of its stored form, type
by type: `1`, `1.0` and `true` differ) and where the record starts and ends in the file. The next
sync compares fingerprints, and reads from HEAD's blob only the few records that differ, each
checked against its fingerprint (a mismatch: the caller parses the whole blob, as before).
They are kept with the load cache (`CTOTUI_CACHE=0` keeps none: each sync parses HEAD's copy).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctotui.data import loadcache

_KEY = re.compile(r'"([0-9A-Za-z]+)"\s*:\s*')
_PLAIN = json.JSONDecoder()
# Beside the load cache, outside the data folder and under its MAC (see `loadcache`).
CACHE_NAME = "sync-checked-records"
# Beyond this many differing records, parsing the whole of HEAD's copy is as quick.
MAX_LOOKUPS = 200


def fingerprint(body: Any) -> bytes:
    """A digest of one stored record, sensitive to every type (marshal's version 2 writes each
    value by type, with no back-references)."""
    return hashlib.blake2b(marshal.dumps(body, 2), digest_size=16).digest()


@dataclass(frozen=True, slots=True)
class TablePrints:
    """One table file's records: each id's fingerprint and (start, end) in the file's bytes."""

    blob: str
    prints: dict[str, bytes]
    spans: dict[str, tuple[int, int]]

    def record(self, raw: bytes, rec_id: str) -> tuple[bool, Any]:
        """(True, the stored record *rec_id*) read from *raw*, the bytes of `blob`, or
        (False, None) if it is not found there as fingerprinted."""
        span = self.spans.get(rec_id)
        if span is None:
            return False, None
        try:
            text = raw[span[0] : span[1]].decode("utf-8")
            key = _KEY.match(text)
            if key is None or key.group(1) != rec_id:
                return False, None
            body, _ = _PLAIN.raw_decode(text, key.end())
            same = fingerprint(body) == self.prints.get(rec_id)
        except (ValueError, RecursionError, TypeError, IndexError):
            return False, None
        return (True, body) if same else (False, None)


def make(
    blob: str, raw: bytes, records: Mapping[str, Any], prints: dict[str, bytes]
) -> TablePrints:
    """The fingerprints of *records*, parsed from *raw*, and where each starts in it."""
    spans: dict[str, tuple[int, int]] = {}
    starts = []
    pos = 0
    for rec_id in records:
        found = raw.find(f'"{rec_id}"'.encode("utf-8", "surrogatepass"), pos)
        if found < 0:
            break  # not where a record should be: the lookups fail, and the caller parses
        starts.append((rec_id, found))
        pos = found + 1
    ends = [start for _, start in starts[1:]] + [len(raw)]
    for (rec_id, start), end in zip(starts, ends, strict=True):
        spans[rec_id] = (start, end)
    return TablePrints(blob, prints, spans)


def load(folder: Path, tag: str) -> dict[str, TablePrints]:
    """The fingerprints kept for data folder *folder* by code of *tag* (none if other code, or
    anyone but this user's ctotui on this machine, wrote them)."""
    payload = loadcache.read_sealed(folder, CACHE_NAME, {"tag": tag})
    try:
        data = marshal.loads(bytes(payload)) if payload is not None else None
    except (ValueError, EOFError, TypeError):
        return {}
    found = {}
    for table, entry in data.items() if isinstance(data, dict) else ():
        with contextlib.suppress(TypeError, ValueError):
            blob, prints, spans = entry
            if isinstance(blob, str) and isinstance(prints, dict) and isinstance(spans, dict):
                found[table] = TablePrints(blob, prints, spans)
    return found


def save(folder: Path, tag: str, tables: Mapping[str, TablePrints]) -> None:
    """Keep *tables*' fingerprints (a lost write costs the next sync a parse)."""
    entries = {t: (p.blob, p.prints, p.spans) for t, p in tables.items()}
    with contextlib.suppress(OSError, ValueError):
        loadcache.write_sealed(folder, CACHE_NAME, {"tag": tag}, marshal.dumps(entries, 2))
