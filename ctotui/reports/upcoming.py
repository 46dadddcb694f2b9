"""Dated items in a window, for the reports, from the agenda (recurring events expanded,
exceptions applied, renewal cancel-by dates included)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ctotui.data.store import Store
from ctotui.domain.agenda import AgendaKind
from ctotui.domain.entities import Event
from ctotui.domain.enums import EventKind
from ctotui.services.calendar import agenda_items

#: The calendar a client report shows: money and contract dates, not meetings.
REPORT_KINDS = frozenset({EventKind.BUDGET, EventKind.PROVISIONING, EventKind.RENEWAL})

_LABELS = {
    AgendaKind.CANCEL_BY: "cancel-by",
    AgendaKind.RECOMMENDATION: "recommendation due",
    AgendaKind.MILESTONE: "milestone due",
}


@dataclass(frozen=True, slots=True)
class DateItem:
    day: date
    kind: AgendaKind
    title: str
    client_id: str
    ends: date | None = None  # a cancel-by's contract end
    amount: Decimal | None = None
    currency: str | None = None

    @property
    def kind_label(self) -> str:
        return _LABELS.get(self.kind, self.kind.label)

    @property
    def what(self) -> str:
        if self.kind == AgendaKind.CANCEL_BY and self.ends is not None:
            return f"{self.title} (contract ends {self.ends.isoformat()})"
        return self.title


def upcoming_dates(
    store: Store,
    client_ids: Collection[str],
    start: date,
    end: date,
    *,
    kinds: Collection[EventKind] | None = None,
    with_due: bool = False,
) -> list[DateItem]:
    """Items of *client_ids* dated *start*..*end* (inclusive), in agenda order.

    *kinds* limits the events (and their cancel-by dates) to those kinds (default: all);
    *with_due* adds the due dates of open recommendations and of their open milestones.
    """
    items = []
    for item in agenda_items(store, start, end, today=start, client=list(client_ids)):
        event = store.find(Event, item.source_id) if item.source_table == Event.TABLE else None
        if event is None and not with_due:
            continue
        if event is not None and kinds is not None and event.kind not in kinds:
            continue
        items.append(
            DateItem(
                item.date,
                item.kind,
                item.title,
                item.client,
                ends=item.end if item.kind == AgendaKind.CANCEL_BY else None,
                amount=event.amount if event else None,
                currency=event.currency if event else None,
            )
        )
    return items
