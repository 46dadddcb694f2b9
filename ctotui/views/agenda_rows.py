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
from ctotui.domain.agenda import AgendaItem, CalendarIndex

if TYPE_CHECKING:
    from ctotui.views.dashboard import Viewpoint


def agenda_rows(store: Store, view: Viewpoint, client_ids: set[str]) -> list[AgendaItem]:
    """Overdue items (any age) and dated items in the next `view.agenda_days`, by date."""
    today = view.today
    horizon = today + timedelta(days=view.agenda_days)
    return CalendarIndex.of(store).items(
        today, horizon, today=today, client=client_ids, include_overdue=True
    )
