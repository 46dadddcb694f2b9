"""Pane 2: the open recommendations, late ones first."""

from __future__ import annotations

from decimal import Decimal

from ctotui.domain.enums import RecStatus
from ctotui.views.column_widths import LATE_MARK, compact_width
from ctotui.views.dashboard import RecRow
from ctotui.widgets.datalist_columns import Cell, Column
from ctotui.widgets.panes.base import Pane
from ctotui.widgets.panes.cells import PRIORITY_STYLE, STATUS_STYLE, money


class RecsPane(Pane[RecRow]):
    number = 2
    title = "Open recommendations"
    empty_text = "No open recommendations."

    def columns(self) -> list[Column[RecRow]]:
        def due(row: RecRow) -> Cell:
            if row.rec.due is None:
                return ""
            text = self.date_text(row.rec.due)
            return (text + LATE_MARK, "bad") if row.overdue else text

        # Whose each one is, whenever every client's are shown; a client's own list says it in
        # the pane's title instead.
        client: list[Column[RecRow]] = [
            Column(
                "client",
                "Client",
                lambda r: r.client_name,
                min_width=10,
                sort_key=lambda r: r.client_name.lower(),
            )
        ]
        return [
            Column(
                "title",
                "Recommendation",
                lambda r: self.view.text(r.rec.client, r.rec.title),
                min_width=22,
                grow=2,
                sort_key=lambda r: r.rec.title.lower(),
            ),
            *(client if self.all_clients else []),
            Column(
                "area",
                "Area",
                lambda r: r.rec.area.label,
                width=12,
                drop=5,
                sort_key=lambda r: r.rec.area.label,
            ),
            Column(
                "priority",
                "Prio",
                lambda r: (r.rec.priority.value, PRIORITY_STYLE[r.rec.priority]),
                width=8,
                drop=1,
                sort_key=lambda r: r.rec.priority.rank,
            ),
            Column(
                "status",
                "Status",
                lambda r: (r.rec.status.label, STATUS_STYLE.get(r.rec.status, "")),
                width=11,
                sort_key=lambda r: list(RecStatus).index(r.rec.status),
            ),
            Column(
                "age",
                "Age",
                lambda r: f"{r.age_days}d",
                width=self.widths.get("age", 5),
                align_right=True,
                drop=3,
                sort_key=lambda r: -r.age_days,
            ),
            Column(
                "due",
                "Due",
                due,
                width=self.date_width(late_mark=True),
                sort_key=lambda r: (r.rec.due is None, r.rec.due or self.view.today),
            ),
            Column(
                "cost",
                "Cost",
                lambda r: money(r, self.view, self.ascii_only),
                width=self.widths.get("cost", 4),
                align_right=True,
                drop=4,
                sort_key=lambda r: -(r.cost or 0),
            ),
        ]

    def measure(self, rows: list[RecRow]) -> dict[str, int]:
        oldest = 0
        largest: dict[str, Decimal] = {}
        for row in rows:
            oldest = max(oldest, row.age_days)
            if row.cost is not None and row.cost > largest.get(row.currency, -1):
                largest[row.currency] = row.cost
        cost = compact_width(largest, masked=self.view.presentation, ascii_only=self.ascii_only)
        return {"age": max(len(f"{oldest}d"), len("Age")), "cost": max(cost, len("Cost"))}

    def haystack(self, row: RecRow) -> str:
        rec = row.rec
        # What the filter matches is what is shown: in presentation mode, redacted text.
        return self.view.text(
            rec.client,
            f"{rec.title} {row.client_name} {rec.area.label} {rec.area.value} {rec.priority.value} "
            f"{rec.status.label} {self.view.person(rec.owner)} {' '.join(rec.tags)}",
        )
