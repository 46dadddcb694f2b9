"""Upcoming dates for the fourth pane, from the domain's agenda (recurring series expanded,
exceptions applied, cancel-by dates raised ahead of the contract end)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ctotui.data.store import Store
from ctotui.domain.agenda import AgendaItem, CalendarIndex
from ctotui.domain.entities import Client

if TYPE_CHECKING:
    from ctotui.views.dashboard import Viewpoint


# Not frozen: a frozen dataclass sets each field through object.__setattr__, six times slower,
# and the dashboard makes one row per overdue or upcoming date (20,000+ on a big folder).
@dataclass(slots=True)
class AgendaRow:
    day: date
    kind: str  # an AgendaKind value: event kinds, "recommendation", "milestone", "cancel_by"
    title: str
    client_id: str
    client_name: str
    overdue: bool
    source_table: str
    source_id: str
    key: str
    series_date: date | None = None


def agenda_rows(store: Store, view: Viewpoint, client_ids: set[str]) -> list[AgendaRow]:
    """Overdue items (any age) and dated items in the next `view.agenda_days`, by date."""
    today = view.today
    horizon = today + timedelta(days=view.agenda_days)
    clients = {c.id: c for c in store.all(Client) if c.id in client_ids}
    names = {cid: view.client_name(c) for cid, c in clients.items()}
    items = CalendarIndex.of(store).items(
        today, horizon, today=today, client=client_ids, include_overdue=True
    )
    return [_row(item, names) for item in items]


def _row(item: AgendaItem, names: dict[str, str]) -> AgendaRow:
    return AgendaRow(
        item.date,
        item.kind.value,
        item.title,
        item.client,
        names.get(item.client, "?"),
        item.overdue,
        item.source_table,
        item.source_id,
        item.key,
        item.series_date,
    )
