"""`canonical_bytes`, byte for byte, about twice as fast, for the merge driver's big tables.

`json.dumps(indent=2)` cannot use the C encoder, and its pure-Python one (a generator per
nesting level, many small yields) dominated the driver's time on a 20,000-record file. This is
the same layout written as one recursive function that joins whole lines; strings go through
the C `encode_basestring`, exactly as `json.dumps(ensure_ascii=False)` does. The test suite
checks it against `canonical_bytes` on generated data.
"""

from __future__ import annotations

from json.encoder import encode_basestring  # the C version when available, as json uses
from typing import Any

_INF = float("inf")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INF:
        return "Infinity"
    if value == -_INF:
        return "-Infinity"
    return float.__repr__(value)


def _encode(value: Any, pad: str) -> str:
    """*value* as `json.dumps(indent=2, sort_keys=True)` writes it on a line indented by *pad*."""
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = pad + "  "
        items = ",\n".join(
            f"{inner}{encode_basestring(key)}: {_encode(item, inner)}"
            for key, item in sorted(value.items())
        )
        return f"{{\n{items}\n{pad}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = pad + "  "
        items = ",\n".join(inner + _encode(item, inner) for item in value)
        return f"[\n{items}\n{pad}]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def json_bytes(data: Any) -> bytes:
    """The same bytes as `ctotui.data.jsonfile.canonical_bytes(data)` for parsed JSON data
    (string keys)."""
    return (_encode(data, "") + "\n").encode("utf-8")


def table_bytes(table: str, records: dict[str, dict[str, Any]]) -> bytes:
    """The canonical bytes of a table file holding *records*."""
    return json_bytes({table: records})
