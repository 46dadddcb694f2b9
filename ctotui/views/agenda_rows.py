"""Upcoming dates for the fourth pane, from the domain's agenda (recurring series expanded,
exceptions applied, cancel-by dates raised ahead of the contract end).

The pane shows the domain's `AgendaItem`s as they are: a big folder has tens of thousands of
overdue items, and copying each into a row object of our own cost a tenth of a second of the
first frame. Client names come from the snapshot's `names`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from ctotui.data.store import Store
from ctotui.domain.agenda import AgendaItem
from ctotui.services.calendar import calendar_index

if TYPE_CHECKING:
    from ctotui.views.dashboard import Viewpoint

# How far back the pane lists overdue items. Older ones are still counted in the header and
# flagged in the recommendations and progress panes; listing years of them here buried the
# coming dates (and cost a tenth of a second of the first frame on a 20,000-item folder).
OVERDUE_LOOKBACK_DAYS = 90


def agenda_rows(store: Store, view: Viewpoint, client_ids: set[str]) -> list[AgendaItem]:
    """Items overdue for up to `OVERDUE_LOOKBACK_DAYS` and dated items in the next
    `view.agenda_days`, by date."""
    today = view.today
    items = calendar_index(store).items(
        today - timedelta(days=OVERDUE_LOOKBACK_DAYS),
        today + timedelta(days=view.agenda_days),
        today=today,
        client=client_ids,
    )
    # From the past only what is still owed: a meeting last month is history, not a date.
    return [item for item in items if item.overdue or item.date >= today]


def overdue_total(store: Store, view: Viewpoint, client_ids: set[str]) -> int:
    """Every overdue item, of any age (the header's count)."""
    return calendar_index(store).overdue_count(view.today, client=client_ids)
