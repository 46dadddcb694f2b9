"""What a text field may hold: no character that drives the terminal or hides what a text says,
nothing longer than a long meeting note, no free JSON nested deeper than a record can be.

Checked at validation (forms, the command line, CSV import, `check`, loading a file), so a
synced file cannot bring a control character in; what still gets through is shown visibly at
every output (`ctotui.visible`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

MAX_TEXT = 100_000  # characters in one field: a long meeting note fits, a 100 MB one does not
# Characters that would drive the terminal or hide what a text says: C0 controls, DEL, C1
# controls, bidirectional overrides and isolates, and Unicode's line and paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_LINES = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def text_problem(value: str, lines: bool = False) -> str:
    """Why *value* may not be stored in a text field ("" when it may): too long, or holding a
    control character (a newline or tab only where the field has several *lines*)."""
    if len(value) > MAX_TEXT:
        return f"text longer than {MAX_TEXT:,} characters ({len(value):,})"
    if value.isprintable():
        return ""
    found = (_CONTROL_IN_LINES if lines else _CONTROL).search(value)
    if found is None:
        return ""
    char = found.group()
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "control character")
    return (
        f"contains a control character (U+{ord(char):04X} {name}) at position "
        f"{found.start() + 1}; remove it"
    )


MAX_JSON_DEPTH = 8  # a conflict keeps a field's value: a record holds nothing deeper


def json_problem(value: Any, depth: int = 0) -> str:
    """Why a free JSON value (a conflict's kept or other value) may not be stored, or ""."""
    if depth > MAX_JSON_DEPTH:
        return f"nested deeper than {MAX_JSON_DEPTH} levels"
    if isinstance(value, str):
        return text_problem(value, lines=True)
    if isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(key) or json_problem(item, depth + 1)
            if problem:
                return problem
    elif isinstance(value, list):
        for item in value:
            problem = json_problem(item, depth + 1)
            if problem:
                return problem
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**18:
        return "number out of range"
    return ""


_CONTROL_NAMES = {"\n": "LINE FEED", "\t": "TAB", "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE"}
