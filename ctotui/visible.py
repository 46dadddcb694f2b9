"""Text that reaches a terminal, a report or a spreadsheet shows every character for what it is.

Control characters in a client's name (`ESC ] 2 ; … BEL` retitles a terminal, `ESC ] 52` fills
the clipboard) or bidirectional overrides (which make a text read differently from what it
holds) are refused when data is validated; anything that reaches an output some other way — a
typed argument echoed in an error, a file edited by hand, git's own messages — goes through
`visible` first, which writes each such character as an escape: `\\x1b`, `\\u202e`.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

_ANY = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Newline, tab and a carriage return that ends a line (CRLF, as .ics and CSV write) are kept.
_KEEP_LINES = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, lines: bool = False) -> str:
    """*text* with every control character written as an escape; newlines and tabs are kept
    when *lines* (a multi-line output such as a report), escaped otherwise (one line)."""
    if text.isprintable():
        return text
    return (_KEEP_LINES if lines else _ANY).sub(_escape, text)


class VisibleStream:
    """A text stream whose every write goes through `visible` (lines kept): the command line's
    stdout and stderr, so no path through it can put a raw escape on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text, lines=True))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    @property
    def underlying(self) -> TextIO:
        return self._stream


def rewrite_line(stream: TextIO, text: str, width: int = 0) -> int:
    """*text* (made visible) over the line a terminal's *stream* shows, after a carriage return
    of ctotui's own (one in *text* would be escaped, as every control character is), padded
    over the *width* a longer line before it took; returns the width taken now. A progress
    line: for a terminal only."""
    raw = stream.underlying if isinstance(stream, VisibleStream) else stream
    line = visible(text)
    raw.write("\r" + line.ljust(width))
    raw.flush()
    return max(width, len(line))
