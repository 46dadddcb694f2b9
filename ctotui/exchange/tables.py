"""Which tables the CSV exchange covers, their names on the command line and their natural keys.

A natural key is what a person would use to tell two records apart in a spreadsheet; a CSV row
without an id updates the record with the same key instead of adding a twin. Text in a key is
compared case-insensitively with runs of spaces collapsed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ctotui.domain.entities import BudgetLine, Client, Engagement, Event, Recommendation
from ctotui.domain.schema import Record
from ctotui.errors import CtoError


class ExchangeError(CtoError):
    """A CSV or JSON file that cannot be exported or imported as asked."""


class RowError(ValueError):
    """One CSV row that cannot be imported; the message says why."""


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()


Key = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Exchanged:
    cls: type[Record]
    aliases: tuple[str, ...]
    key_fields: tuple[str, ...]  # attribute names, shown in messages
    key: Callable[[Any], Key]


CSV_TABLES: dict[str, Exchanged] = {
    t.cls.TABLE: t
    for t in (
        Exchanged(Client, ("client",), ("name",), lambda c: (fold(c.name),)),
        Exchanged(
            Engagement,
            ("engagement",),
            ("client", "title"),
            lambda e: (e.client, fold(e.title)),
        ),
        Exchanged(
            Recommendation,
            ("recs", "rec", "recommendation"),
            ("client", "title"),
            lambda r: (r.client, fold(r.title)),
        ),
        Exchanged(
            Event,
            ("event",),
            ("client", "title", "date"),
            lambda e: (e.client, fold(e.title), e.date),
        ),
        Exchanged(
            BudgetLine,
            ("budget", "budget-lines", "budget_line"),
            ("client", "fiscal_year", "category", "description"),
            lambda b: (b.client, b.fiscal_year, b.category.value, fold(b.description)),
        ),
    )
}

TABLE_CHOICES = ", ".join(
    f"{name} ({'/'.join(t.aliases)})" if t.aliases else name for name, t in CSV_TABLES.items()
)


def csv_table(name: str) -> Exchanged:
    wanted = name.strip().lower()
    for table, exchanged in CSV_TABLES.items():
        if wanted == table or wanted in exchanged.aliases:
            return exchanged
    raise ExchangeError(f"no CSV exchange for table {name!r} (one of: {TABLE_CHOICES})")
