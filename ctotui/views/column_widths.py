"""How wide the columns of dates, counts and amounts must be — no Textual here.

A number cut with an ellipsis ("131…" for 13,148 open) says something false, and so does a date
("15 Nov 20…"): such columns are as wide as the longest text they can hold, and the text columns
beside them give way instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import lru_cache

from ctotui.domain.dates import format_date
from ctotui.domain.money import MASK, SYMBOLS, format_money

LATE_MARK = " !"  # after a date that has passed (the recommendations' Due column)


@lru_cache(maxsize=16)
def date_width(fmt: str) -> int:
    """The longest date *fmt* writes: every month, every weekday, two-digit days (the 22nd to
    the 28th of each month cover the seven weekdays and the longest ordinals)."""
    return max(
        len(format_date(date(2026, month, day), fmt))
        for month in range(1, 13)
        for day in range(22, 29)
    )


def count_width(largest: int, header: str) -> int:
    """A column of counts up to *largest*, under *header*."""
    return max(len(str(largest)), len(header))


def _symbol(currency: str, ascii_only: bool) -> str:
    # As `format_compact` writes it: "$" is ASCII already, other signs become the code.
    if ascii_only and currency != "USD":
        return currency
    return SYMBOLS.get(currency, currency + " ")


def compact_width(largest: dict[str, Decimal], *, masked: bool, ascii_only: bool) -> int:
    """The longest `format_compact` text of any amount up to *largest* (per currency):
    "€999", "€99.5k", "€1000k", "€123.4M"."""
    if not largest:
        return 0
    if masked:
        return len(MASK)
    widest = 0
    for currency, amount in largest.items():
        value = abs(amount)
        # From 1,000 up anything below may be there too: "12.5k" and "1000k" are five long.
        small = value < 1000
        digits = len(f"{value:.0f}") if small else max(5, len(f"{value / 1_000_000:.1f}M"))
        widest = max(widest, len(_symbol(currency, ascii_only)) + digits + (amount < 0))
    return widest


def money_width(
    amounts: Iterable[tuple[Decimal | None, str]], *, masked: bool, ascii_only: bool
) -> int:
    """The longest `format_money` text of *amounts* ((amount, currency) pairs)."""
    return max(
        (
            len(format_money(amount, currency, masked=masked, ascii_only=ascii_only))
            for amount, currency in amounts
            if amount is not None
        ),
        default=0,
    )
