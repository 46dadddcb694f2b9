"""A recommendation's estimated cost turned into budget lines of its client's fiscal year."""

from __future__ import annotations

from datetime import date

from ctotui.data.store import Store
from ctotui.domain.budget import AlreadyBudgeted, lines_for
from ctotui.domain.entities import BudgetLine, Client, Recommendation


def add_lines_for(store: Store, rec_id: str, today: date) -> list[BudgetLine]:
    """Insert *rec_id*'s budget lines; refused when it already has some (AlreadyBudgeted)."""
    with store.transaction():
        rec = store.get(Recommendation, rec_id)
        linked = store.where(BudgetLine, "recommendation", rec.id)
        if linked:
            years = ", ".join(str(y) for y in sorted({line.fiscal_year for line in linked}))
            raise AlreadyBudgeted(
                f"{rec.title!r} already has {len(linked)} budget line(s) in FY {years}"
            )
        client = store.get(Client, rec.client)
        return [store.insert(line) for line in lines_for(rec, client, today)]
