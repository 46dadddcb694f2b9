"""The one progress bar every screen draws: a recommendation's progress, a budget's use.

Blocks and a percentage in words, so the bar still reads without colour; `--ascii` draws it
with `#` and `-`. Over 100% (a budget overrun) the bar is full and the number says by how much.
"""

from __future__ import annotations


def progress_bar(percent: int, width: int, *, ascii_only: bool = False, digits: int = 0) -> str:
    """`██████░░░░ 60%`: *width* cells of bar, then *percent* right-aligned in *digits*."""
    filled = max(0, min(percent, 100)) * width // 100
    full, empty = ("#", "-") if ascii_only else ("█", "░")
    return full * filled + empty * (width - filled) + f" {percent:>{digits}}%"
