"""Pane 4: the budget and provisioning calendar, overdue dates first, then the next 90 days."""

from __future__ import annotations

from ctotui.domain.agenda import AgendaItem, AgendaKind
from ctotui.domain.dates import relative_days
from ctotui.views.agenda_rows import days_late
from ctotui.views.dashboard import Viewpoint
from ctotui.widgets.datalist_columns import Cell, Column
from ctotui.widgets.panes.base import Pane
from ctotui.widgets.panes.cells import KIND_STYLE, KIND_TEXT


class AgendaPane(Pane[AgendaItem]):
    number = 4
    title = "Budget & provisioning calendar"
    empty_text = "No dates in the next 90 days."

    def __init__(self, view: Viewpoint, *, ascii_only: bool = False, id: str | None = None) -> None:
        self.names: dict[str, str] = {}  # client id -> name as shown (set with the rows)
        super().__init__(view, ascii_only=ascii_only, id=id)

    def _kind(self, row: AgendaItem) -> Cell:
        kind = row.kind.value
        return (KIND_TEXT.get(kind, kind), KIND_STYLE.get(kind, "muted"))

    def _what(self, row: AgendaItem) -> Cell:
        title = self.view.text(row.client, row.title)
        if row.kind is not AgendaKind.CANCEL_BY:
            return title
        # The cancel-by of a contract has the contract's title: without the Kind column (too
        # narrow beside the others) the row says what it is, and a missed one how late it is.
        if not self.list.shows("kind"):
            late = f", {days_late(row.date, self.view.today)}" if row.overdue else ""
            title = f"{AgendaKind.CANCEL_BY.label}{late}: {title}"
        return (title, "bad") if row.overdue else title

    def columns(self) -> list[Column[AgendaItem]]:
        def when(row: AgendaItem) -> Cell:
            text = self.date_text(row.date)
            return (text, "bad") if row.overdue else text

        def rel(row: AgendaItem) -> Cell:
            if row.overdue:
                return (days_late(row.date, self.view.today), "bad")
            text = relative_days(row.date, self.view.today)
            return (
                (text, "warn")
                if (row.date - self.view.today).days <= self.view.alert_window_days
                else text
            )

        return [
            Column("date", "Date", when, width=self.date_width(), sort_key=lambda r: r.date),
            Column("when", "When", rel, width=9, drop=3),
            Column(
                "kind",
                "Kind",
                self._kind,
                width=12,
                drop=2,
                sort_key=lambda r: r.kind,
            ),
            Column(
                "title",
                "What",
                self._what,
                min_width=16,
                grow=2,
                sort_key=lambda r: r.title.lower(),
            ),
            *(
                [
                    Column(
                        "client",
                        "Client",
                        lambda r: self.names.get(r.client, "?"),
                        min_width=8,
                        drop=1,
                        sort_key=lambda r: self.names.get(r.client, "?").lower(),
                    )
                ]
                if self.all_clients
                else []
            ),
        ]

    def haystack(self, row: AgendaItem) -> str:
        name = self.names.get(row.client, "?")
        late = " late overdue" if row.overdue else ""
        return self.view.text(
            row.client,
            f"{row.title} {row.kind.value} {row.kind.label}{late} {name} {row.date.isoformat()}",
        )
