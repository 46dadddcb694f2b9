"""Upcoming dates for the fourth pane, from the domain's agenda (recurring series expanded,
exceptions applied, cancel-by dates raised ahead of the contract end).

The pane shows the domain's `AgendaItem`s as they are: a big folder has tens of thousands of
overdue items, and copying each into a row object of our own cost a tenth of a second of the
first frame. Client names come from the snapshot's `names`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from ctotui.data.store import Store
from ctotui.domain.agenda import AgendaItem
from ctotui.domain.agenda_items import sort_key
from ctotui.domain.missed import missed_cancel_bys
from ctotui.services.calendar import calendar_index

if TYPE_CHECKING:
    from ctotui.views.dashboard import Viewpoint

# How far back the pane lists overdue tasks. Older ones are still counted in the header and
# flagged in the recommendations and progress panes; listing years of them here buried the
# coming dates (and cost a tenth of a second of the first frame on a 20,000-item folder).
# A missed cancel-by is listed however old it is: it stays until its contract's renewal date
# (at most the longest notice period away) or until acknowledged, so there are never many.
OVERDUE_LOOKBACK_DAYS = 90


def days_late(day: date, today: date) -> str:
    """How late an overdue item is: "11d late"."""
    return f"{(today - day).days}d late"


def agenda_rows(store: Store, view: Viewpoint, client_ids: set[str]) -> list[AgendaItem]:
    """Every missed cancel-by, other items overdue for up to `OVERDUE_LOOKBACK_DAYS` and dated
    items in the next `view.agenda_days`, by date."""
    today = view.today
    low = today - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    index = calendar_index(store)
    items = index.items(
        low, today + timedelta(days=view.agenda_days), today=today, client=client_ids
    )
    # From the past only what is still owed: a meeting last month is history, not a date.
    rows = [item for item in items if item.overdue or item.date >= today]
    older = [item for item in missed_cancel_bys(index, today, client_ids) if item.date < low]
    if older:
        rows = sorted([*older, *rows], key=sort_key)
    return rows


def overdue_total(store: Store, view: Viewpoint, client_ids: set[str]) -> int:
    """Every overdue item, of any age, missed cancel-by dates included (the header's count)."""
    return calendar_index(store).overdue_count(view.today, client=client_ids)
