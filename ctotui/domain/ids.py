"""ULID record ids.

Records are keyed by ULIDs rather than TinyDB's counting integers: two clones inserting while
offline would both create id "21", whereas ULIDs from different machines never collide. ULIDs
also sort by creation time, which keeps files and diffs in a stable, meaningful order.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from datetime import date

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# The first character is at most 7: 26 base-32 digits hold 130 bits, a ULID only 128.
_ULID = re.compile(r"[0-7][0-9A-HJKMNP-TV-Z]{25}")
_lock = threading.Lock()
_last_ms = -1
_last_random = 0


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def new_ulid(now_ms: int | None = None) -> str:
    """A new 26-character ULID, monotonic within this process.

    Within one millisecond the random part is incremented rather than redrawn, so ids made in a
    burst (an import, a benchmark) still sort in creation order.
    """
    global _last_ms, _last_random
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    with _lock:
        if ms <= _last_ms:
            ms = _last_ms
            rand = (_last_random + 1) & ((1 << 80) - 1)
        else:
            rand = int.from_bytes(os.urandom(10), "big")
        _last_ms, _last_random = ms, rand
    return _encode(ms, 10) + _encode(rand, 16)


def is_ulid(value: object) -> bool:
    """True when *value* looks like a ULID (26 Crockford base-32 characters)."""
    # A compiled pattern: checked for every id and reference of a table file as it loads.
    return isinstance(value, str) and _ULID.fullmatch(value) is not None


def derived_id(key: str) -> str:
    """A ULID-shaped id that every clone derives alike from *key* (so two clones making "the
    same" record offline make one record, and merging them keeps one)."""
    digest = hashlib.sha256(key.encode()).digest()
    # 128 bits in 26 base-32 characters leave the top two bits zero: the first character is
    # 0-7, as in a real ULID.
    return _encode(int.from_bytes(digest[:16], "big"), 26)


def exception_id(event_id: str, series_date: date) -> str:
    """The id of the exception to one occurrence of a series: (series id, occurrence date)."""
    return derived_id(f"{event_id}/{series_date.isoformat()}")
