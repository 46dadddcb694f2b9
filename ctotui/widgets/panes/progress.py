"""Pane 3: implementation progress of what is accepted or in progress, with a bar each."""

from __future__ import annotations

from ctotui.views.bars import progress_bar
from ctotui.views.dashboard import ProgressRow
from ctotui.widgets.datalist_columns import Cell, Column
from ctotui.widgets.panes.base import Pane

BAR_WIDTH = 10


class ProgressPane(Pane[ProgressRow]):
    number = 3
    title = "Implementation progress"
    empty_text = "Nothing accepted or in progress."

    def _bar(self, percent: int) -> str:
        return progress_bar(percent, BAR_WIDTH, ascii_only=self.ascii_only, digits=3)

    def columns(self) -> list[Column[ProgressRow]]:
        def flags(row: ProgressRow) -> Cell:
            if row.overdue:
                return ("overdue", "bad")
            if row.stale:
                return ("stale", "warn")
            return ""

        def next_due(row: ProgressRow) -> Cell:
            if row.next_due is None:
                return ""
            text = self.date_text(row.next_due)
            return (text, "bad") if row.next_due < self.view.today else text

        return [
            Column(
                "title",
                "Recommendation",
                lambda r: self.view.text(r.rec.client, r.rec.title),
                min_width=14,
                grow=2,
                sort_key=lambda r: r.rec.title.lower(),
            ),
            *(
                [
                    Column(
                        "client",
                        "Client",
                        lambda r: r.client_name,
                        width=12,
                        drop=2,
                        sort_key=lambda r: r.client_name.lower(),
                    )
                ]
                if self.all_clients
                else []
            ),
            Column(
                "progress",
                "Progress",
                lambda r: (self._bar(r.percent), "good" if r.percent == 100 else ""),
                width=15,
                sort_key=lambda r: r.percent,
            ),
            Column(
                "next",
                "Next milestone",
                lambda r: self.view.text(r.rec.client, r.next_title),
                min_width=10,
                drop=5,
            ),
            Column(
                "next_due",
                "Due",
                next_due,
                width=self.date_width(),
                drop=1,
                sort_key=lambda r: (r.next_due is None, r.next_due or self.view.today),
            ),
            Column("owner", "Owner", lambda r: self.view.person(r.rec.owner), width=10, drop=6),
            Column(
                "flags", "Flags", flags, width=7, sort_key=lambda r: (not r.overdue, not r.stale)
            ),
        ]

    def haystack(self, row: ProgressRow) -> str:
        flags = ("overdue " if row.overdue else "") + ("stale" if row.stale else "")
        owner = self.view.person(row.rec.owner)
        text = f"{row.rec.title} {row.client_name} {row.next_title} {owner} {flags}"
        return self.view.text(row.rec.client, text)
