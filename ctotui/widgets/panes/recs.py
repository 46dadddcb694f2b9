"""Pane 2: the open recommendations, late ones first."""

from __future__ import annotations

from ctotui.domain.enums import RecStatus
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
            return (text + " !", "bad") if row.overdue else text

        return [
            Column(
                "title",
                "Recommendation",
                lambda r: self.view.text(r.rec.client, r.rec.title),
                min_width=22,
                sort_key=lambda r: r.rec.title.lower(),
            ),
            Column(
                "client",
                "Client",
                lambda r: r.client_name,
                width=14,
                drop=2,
                sort_key=lambda r: r.client_name.lower(),
            ),
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
                width=5,
                align_right=True,
                drop=4,
                sort_key=lambda r: -r.age_days,
            ),
            Column(
                "due",
                "Due",
                due,
                width=12,
                sort_key=lambda r: (r.rec.due is None, r.rec.due or self.view.today),
            ),
            Column(
                "cost",
                "Cost",
                lambda r: money(r, self.view, self.ascii_only),
                width=9 if self.ascii_only else 7,  # "EUR12.5k" instead of "€12.5k"
                align_right=True,
                drop=3,
                sort_key=lambda r: -(r.cost or 0),
            ),
        ]

    def haystack(self, row: RecRow) -> str:
        rec = row.rec
        # What the filter matches is what is shown: in presentation mode, redacted text.
        return self.view.text(
            rec.client,
            f"{rec.title} {row.client_name} {rec.area.label} {rec.area.value} {rec.priority.value} "
            f"{rec.status.label} {self.view.person(rec.owner)} {' '.join(rec.tags)}",
        )
