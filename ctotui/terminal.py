"""What the terminal can show: colour depth, and the characters ctotui draws with.

Characters. ctotui's own text uses ASCII, box drawing (U+2500-257F), block elements
(U+2580-259F) and the few marks in `SAFE_MARKS`: all of them are in WGL4, the glyph set every
common terminal font covers (DejaVu Sans Mono, Consolas, Menlo, Terminus, the Linux console's
Lat15/Uni fonts). `--ascii` (or `ascii = true`) goes further: `AsciiFilter` rewrites every
line Textual draws, ours and Textual's own widgets alike, into plain ASCII of the same width,
so nothing is left for a terminal or font to mangle. Money shows its code ("EUR 12,500")
instead of a sign there, because a sign and a code differ in width.
"""

# ruff: noqa: RUF001 - this module is about look-alike characters and their ASCII stand-ins

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from rich.cells import get_character_cell_size
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

# Beyond box drawing and block elements, the marks ctotui's text may use outside --ascii, and
# the arrows of Textual's Select. All in WGL4; the Linux console's 256-glyph fonts lack … — €
# and say so with a box: that is what --ascii is for.
SAFE_MARKS = frozenset("·•…→—–€£¥▲▼")


def is_safe_char(char: str) -> bool:
    """True for a character every common terminal font has (see the module docstring)."""
    return char.isascii() or "\u2500" <= char <= "\u259f" or char in SAFE_MARKS


def poor_terminal(env: Mapping[str, str] | None = None) -> bool:
    """True on a 16-colour terminal: TERM=xterm or linux over SSH, and no COLORTERM.

    Textual's own rule: COLORTERM=truecolor/24bit gives 24-bit colour, a TERM with "256color"
    gives 256, anything else 16.
    """
    env = os.environ if env is None else env
    term = env.get("TERM", "")
    return not env.get("COLORTERM") and "256color" not in term and "truecolor" not in term


def _ascii_table() -> dict[int, str]:
    table: dict[int, str] = {}

    def put(chars: str, replacement: str) -> None:
        for char in chars:
            table[ord(char)] = replacement

    # Box drawing: every line becomes - or |, every corner, tee and cross becomes +.
    for code in range(0x2500, 0x2580):
        table[code] = "+"
    put("─━┄┅┈┉╌╍═╴╶╸╺╼╾", "-")
    put("│┃┆┇┊┋╎╏║╵╷╹╻╽╿", "|")
    put("╱", "/")
    put("╲", "\\")
    put("╳", "X")
    # Block elements: partial blocks are drawn by their colour, so a space keeps the shape;
    # the full block of a progress bar or a scrollbar thumb is a #.
    for code in range(0x2580, 0x25A0):
        table[code] = " "
    put("█▓", "#")
    put("▒", ":")
    put("░", ".")
    # Punctuation and symbols seen in ctotui and Textual's widgets.
    put("…", "~")
    put("·", "-")
    put("•●◦∙", "*")
    put("—–‐‑‒―−", "-")
    put("→▶►▸⟶", ">")
    put("←◀◄◂⟵", "<")
    put("↑▲▴", "^")
    put("↓▼▾", "v")
    put("↔", "-")
    put("‘’‚′", "'")
    put("“”„″", '"')
    put("✓✔☑", "v")
    put("✗✘☒×", "x")
    put("☐□■", " ")
    put("€", "E")  # only if a sign slips through; money itself is written with its code
    put("£", "L")
    put("¥", "Y")
    put("\u00a0", " ")
    return table


ASCII_TABLE = _ascii_table()


def to_ascii(text: str) -> str:
    """*text* in plain ASCII, each character replaced by one of the same width."""
    if text.isascii():
        return text
    text = text.translate(ASCII_TABLE)
    if text.isascii():
        return text
    return "".join(char if char.isascii() else _fallback(char) for char in text)


@lru_cache(maxsize=4096)
def _fallback(char: str) -> str:
    """A letter without its accent (names in the data: "é" is "e"), else a ? per cell."""
    width = get_character_cell_size(char)
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if c.isascii())
    return plain if len(plain) == width else "?" * width


class AsciiFilter(LineFilter):
    """Rewrites every drawn line into ASCII (the `--ascii` option)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            segment if segment.text.isascii() else Segment(to_ascii(segment.text), *segment[1:])
            for segment in segments
        ]
