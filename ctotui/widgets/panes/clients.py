"""Pane 1: the clients, with "All clients" first; moving through it filters the other panes."""

from __future__ import annotations

from ctotui.domain.dates import relative_days
from ctotui.views.column_widths import count_width
from ctotui.views.dashboard import ClientRow
from ctotui.widgets.datalist_columns import Cell, Column
from ctotui.widgets.panes.base import Pane
from ctotui.widgets.panes.cells import HEALTH_STYLE


class ClientsPane(Pane[ClientRow]):
    number = 1
    title = "Clients"
    empty_text = "No clients yet: press n to add one."

    def columns(self) -> list[Column[ClientRow]]:
        def health(row: ClientRow) -> Cell:
            if row.client is None:
                return ""
            return (row.client.health.value, HEALTH_STYLE[row.client.health])

        def overdue(row: ClientRow) -> Cell:
            return (str(row.overdue), "bad") if row.overdue else ("0", "muted")

        def next_date(row: ClientRow) -> Cell:
            if row.next_date is None:
                return ""
            return relative_days(row.next_date, self.view.today)

        return [
            Column(
                "name",
                "Client",
                lambda r: (r.name, "strong") if r.client is None else r.name,
                min_width=12,
                sort_key=lambda r: (r.client is not None, r.name.lower()),
            ),
            Column(
                "status",
                "Status",
                lambda r: r.client.status.value if r.client else "",
                width=8,
                drop=3,
            ),
            Column("health", "Health", health, width=6, drop=2),
            Column(
                "role", "Role", lambda r: r.client.role.label if r.client else "", width=16, drop=5
            ),
            Column(
                "open",
                "Open",
                lambda r: str(r.open),
                width=self.widths.get("open", 4),
                align_right=True,
                sort_key=lambda r: (r.client is not None, -r.open),
            ),
            Column(
                "overdue",
                "Late",
                overdue,
                width=self.widths.get("overdue", 4),
                align_right=True,
                sort_key=lambda r: (r.client is not None, -r.overdue),
            ),
            Column(
                "next",
                "Next",
                next_date,
                width=9,
                drop=4,
                sort_key=lambda r: (r.client is not None, r.next_date or self.view.today.max),
            ),
        ]

    def measure(self, rows: list[ClientRow]) -> dict[str, int]:
        # "All clients" holds the sums: 13,148 open is five digits, not "131…".
        return {
            "open": count_width(max((r.open for r in rows), default=0), "Open"),
            "overdue": count_width(max((r.overdue for r in rows), default=0), "Late"),
        }

    def haystack(self, row: ClientRow) -> str:
        if row.client is None:
            return "all clients"
        c = row.client
        text = f"{row.name} {c.status.value} {c.health.value} {c.role.label} {c.sector}"
        return self.view.text(c.id, text)
