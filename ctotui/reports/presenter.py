"""How one client's data is shown: by name, or in presentation mode (`--redact`).

Presentation mode is for a shared screen in front of someone else: the codename replaces the
name, amounts are masked, and people (contacts, owners) and notes are left out by the report
builders. Titles often carry the client's name ("Replace the Acme ERP" for Acme Logistics), so
free text is scrubbed of the full name and of its first word, unless that word is too short or
too common to stand for the client ("The", "First", …).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from ctotui.domain.entities import Client
from ctotui.domain.money import format_money


class Presenter:
    def __init__(self, client: Client, *, redact: bool, default_currency: str = "EUR") -> None:
        self.client = client
        self.redact = redact
        self.currency = client.currency or default_currency
        self.name = client.display_name(presentation=redact)
        self._real_name = _name_pattern(client.name) if redact else None

    def text(self, value: str) -> str:
        """Free text of this client's records, with the real name swapped out when redacting."""
        if self._real_name is None:
            return value
        return self._real_name.sub(self.name, value)

    def money(self, amount: Decimal | None, currency: str | None = None) -> str:
        return format_money(amount, currency or self.currency, masked=self.redact)


# Words too generic to stand for a client on their own.
_GENERIC = (
    "the new first global united national international city bank group best north south "
    "east west central general royal"
)
_COMMON_WORDS = frozenset(_GENERIC.split())


def _name_pattern(name: str) -> re.Pattern[str] | None:
    words = name.split()
    if not words:
        return None
    variants = [" ".join(words)]
    first = words[0].strip(".,&-")
    if len(words) > 1 and len(first) >= 4 and first.lower() not in _COMMON_WORDS:
        variants.append(first)
    alternatives = "|".join(re.escape(v) for v in variants)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def day(value: date | None) -> str:
    return value.isoformat() if value else ""
