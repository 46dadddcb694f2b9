"""Upcoming dates for the fourth pane and the header's alert counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ctotui.data.store import Store
from ctotui.domain.entities import Client, Event, Milestone, Recommendation
from ctotui.domain.progress import is_overdue
from ctotui.domain.status import OPEN

if TYPE_CHECKING:
    from ctotui.views.dashboard import Viewpoint


@dataclass(frozen=True, slots=True)
class AgendaRow:
    day: date
    kind: str  # an EventKind value, or "recommendation", "milestone", "cancel_by"
    title: str
    client_id: str
    client_name: str
    overdue: bool
    source_table: str
    source_id: str

    @property
    def key(self) -> str:
        return f"{self.source_table}/{self.source_id}/{self.day.isoformat()}/{self.kind}"


def agenda_rows(store: Store, view: Viewpoint, client_ids: set[str]) -> list[AgendaRow]:
    """Overdue items (any age) and dated items in the next `view.agenda_days`, by date."""
    today = view.today
    horizon = date.fromordinal(today.toordinal() + view.agenda_days)
    clients = {c.id: c for c in store.all(Client) if c.id in client_ids}
    rows: list[AgendaRow] = []

    def name(client_id: str) -> str:
        return view.client_name(clients.get(client_id))

    for event in store.all(Event):
        if event.client not in clients:
            continue
        if today <= event.date <= horizon:
            rows.append(
                AgendaRow(
                    event.date,
                    event.kind.value,
                    event.title,
                    event.client,
                    name(event.client),
                    False,
                    Event.TABLE,
                    event.id,
                )
            )
    recs = {r.id: r for r in store.all(Recommendation) if r.client in clients}
    for rec in recs.values():
        if rec.due is None or rec.status not in OPEN:
            continue
        overdue = is_overdue(rec, today)
        if overdue or today <= rec.due <= horizon:
            rows.append(
                AgendaRow(
                    rec.due,
                    "recommendation",
                    rec.title,
                    rec.client,
                    name(rec.client),
                    overdue,
                    Recommendation.TABLE,
                    rec.id,
                )
            )
    for milestone in store.all(Milestone):
        owner = recs.get(milestone.recommendation)
        if owner is None or milestone.due is None or milestone.done_on is not None:
            continue
        if owner.status not in OPEN:
            continue
        overdue = milestone.due < today
        if overdue or milestone.due <= horizon:
            rows.append(
                AgendaRow(
                    milestone.due,
                    "milestone",
                    milestone.title,
                    owner.client,
                    name(owner.client),
                    overdue,
                    Milestone.TABLE,
                    milestone.id,
                )
            )
    rows.sort(key=lambda r: (r.day, r.kind, r.title))
    return rows
