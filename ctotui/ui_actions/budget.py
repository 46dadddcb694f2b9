"""Budget keys used outside the budget view: a recommendation's cost into budget lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctotui.domain.entities import BudgetLine, Client, Recommendation
from ctotui.domain.fiscal import fiscal_year_label
from ctotui.services.budget_lines import add_lines_for

if TYPE_CHECKING:
    from ctotui.app import CtoApp


def rec_to_budget(app: CtoApp, rec_id: str) -> None:
    """Turn a recommendation's estimated cost into budget lines (once)."""
    if not app.can_edit():
        return
    rec = app.store.get(Recommendation, rec_id)
    title = app.view.text(rec.client, rec.title)  # redacted in presentation mode
    linked = app.store.where(BudgetLine, "recommendation", rec_id)
    if linked:
        years = ", ".join(sorted({str(line.fiscal_year) for line in linked}))
        app.notify(
            f"{title!r} already has {len(linked)} budget line(s) (FY {years}); "
            "edit them in the budget view instead.",
            title="Already in the budget",
            severity="warning",
        )
        return
    cost = rec.estimated_cost
    if cost is None or not (cost.one_time or cost.recurring):
        app.notify(
            f"{title!r} has no estimated cost: e adds a one-time or per-year cost.",
            severity="warning",
        )
        return
    client = app.store.get(Client, rec.client)

    def done(lines: list[BudgetLine]) -> None:
        if lines:
            label = fiscal_year_label(lines[0].fiscal_year, client.fiscal_year_start)
            kinds = " and ".join(line.spend.label for line in lines)
            app.notify(f"Added {kinds} to the {label} budget", timeout=4)

    app.save(lambda: add_lines_for(app.store, rec_id, app.clock.today()), done=done)
