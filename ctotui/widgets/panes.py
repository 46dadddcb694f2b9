"""The four panes of the dashboard: a titled box around a DataList, with filter-as-you-type.

| Key | Action |
|---|---|
| `/` | filter the pane's list as you type (`enter` keeps the filter, `escape` clears it) |
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input

from ctotui.domain.agenda import AgendaItem
from ctotui.domain.dates import format_date, relative_days
from ctotui.domain.enums import Health, Priority, RecStatus
from ctotui.domain.money import format_compact
from ctotui.views.dashboard import ClientRow, ProgressRow, RecRow, Viewpoint
from ctotui.widgets.datalist import Cell, Column, DataList

T = TypeVar("T")

PRIORITY_STYLE = {
    Priority.CRITICAL: "bad",
    Priority.HIGH: "warn",
    Priority.MEDIUM: "",
    Priority.LOW: "muted",
}
HEALTH_STYLE = {Health.GREEN: "good", Health.AMBER: "warn", Health.RED: "bad"}
STATUS_STYLE = {
    RecStatus.DRAFT: "muted",
    RecStatus.PROPOSED: "accent",
    RecStatus.ACCEPTED: "strong",
    RecStatus.DEFERRED: "muted",
    RecStatus.IN_PROGRESS: "strong",
}


class FilterInput(Input):
    """The pane's filter line; `enter` returns to the list, `escape` clears the filter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter", id="filter.clear"),
        Binding("enter", "done", "Keep filter", id="filter.done"),
        Binding("down", "done", "To the list", show=False, id="filter.down"),
    ]

    DEFAULT_CSS = """
    FilterInput {
        dock: bottom;
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
        display: none;
        &.-active { display: block; }
        &:focus { border: none; }
    }
    """

    def action_clear(self) -> None:
        self.value = ""
        pane = self.parent
        if isinstance(pane, Pane):
            pane.close_filter()

    def action_done(self) -> None:
        pane = self.parent
        if isinstance(pane, Pane):
            pane.close_filter(keep=True)


class Pane(Vertical, Generic[T]):
    """A numbered, titled pane holding one DataList."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash", "filter", "Filter", tooltip="Filter this list as you type", id="pane.filter"
        ),
    ]

    DEFAULT_CSS = """
    Pane {
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        border-subtitle-color: $text-muted;
        padding: 0;
        height: 1fr;
        &:focus-within {
            border: round $primary;
            border-title-color: $text;
            border-title-style: bold;
        }
    }
    """

    number: ClassVar[int] = 0
    title: ClassVar[str] = ""
    empty_text: ClassVar[str] = "Nothing here."

    def __init__(self, view: Viewpoint, *, ascii_only: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = view
        self.ascii_only = ascii_only
        self.list: DataList[T] = DataList(
            self.columns(),
            key=self.row_key,
            haystack=self.haystack,
            empty_text=self.empty_text,
            ascii_only=ascii_only,
        )
        self.border_title = f"{self.number} {self.title}"

    def compose(self) -> ComposeResult:
        yield self.list
        yield FilterInput(placeholder="filter: words to match, escape clears")

    # Subclasses say how rows look and what text a filter matches.
    def columns(self) -> list[Column[T]]:
        raise NotImplementedError

    def row_key(self, row: T) -> str:
        return str(getattr(row, "key"))  # noqa: B009 - every row type has a key property

    def haystack(self, row: T) -> str:
        raise NotImplementedError

    def set_rows(self, rows: list[T]) -> None:
        self.list.set_rows(rows)
        self._update_subtitle()

    def _update_subtitle(self) -> None:
        shown, total = len(self.list.visible_rows), len(self.list.rows)
        text = f"{shown}" if shown == total else f"{shown} of {total}"
        if self.list.filter_text:
            text += f" · /{self.list.filter_text}"
        self.border_subtitle = text

    def action_filter(self) -> None:
        box = self.query_one(FilterInput)
        box.add_class("-active")
        box.value = self.list.filter_text
        box.focus()

    def close_filter(self, keep: bool = False) -> None:
        box = self.query_one(FilterInput)
        if not keep or not box.value:
            box.value = ""
            self.list.set_filter("")
            box.remove_class("-active")
        self.list.focus()
        self._update_subtitle()

    @on(Input.Changed)
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.list.set_filter(event.value)
        self._update_subtitle()

    def focus_list(self) -> None:
        self.list.focus()

    @property
    def highlighted(self) -> T | None:
        return self.list.highlighted

    def date_text(self, day: Any) -> str:
        return format_date(day, self.view.date_format)


def _money(row: RecRow, view: Viewpoint, ascii_only: bool = False) -> str:
    return (
        format_compact(row.cost, row.currency, masked=view.presentation, ascii_only=ascii_only)
        if row.cost is not None
        else ""
    )


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
                width=4,
                align_right=True,
                sort_key=lambda r: (r.client is not None, -r.open),
            ),
            Column(
                "overdue",
                "Late",
                overdue,
                width=4,
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

    def haystack(self, row: ClientRow) -> str:
        if row.client is None:
            return "all clients"
        c = row.client
        return f"{row.name} {c.status.value} {c.health.value} {c.role.label} {c.sector}"


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
                lambda r: r.rec.title,
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
                lambda r: _money(r, self.view, self.ascii_only),
                width=9 if self.ascii_only else 7,  # "EUR12.5k" instead of "€12.5k"
                align_right=True,
                drop=3,
                sort_key=lambda r: -(r.cost or 0),
            ),
        ]

    def haystack(self, row: RecRow) -> str:
        rec = row.rec
        return (
            f"{rec.title} {row.client_name} {rec.area.label} {rec.area.value} {rec.priority.value} "
            f"{rec.status.label} {self.view.person(rec.owner)} {' '.join(rec.tags)}"
        )


class ProgressPane(Pane[ProgressRow]):
    number = 3
    title = "Implementation progress"
    empty_text = "Nothing accepted or in progress."

    def bar(self, percent: int, width: int = 10) -> str:
        filled = percent * width // 100
        full, empty = ("#", "-") if self.ascii_only else ("█", "░")
        return full * filled + empty * (width - filled) + f" {percent:>3}%"

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
                lambda r: r.rec.title,
                min_width=14,
                grow=2,
                sort_key=lambda r: r.rec.title.lower(),
            ),
            Column(
                "client",
                "Client",
                lambda r: r.client_name,
                width=12,
                drop=2,
                sort_key=lambda r: r.client_name.lower(),
            ),
            Column(
                "progress",
                "Progress",
                lambda r: (self.bar(r.percent), "good" if r.percent == 100 else ""),
                width=15,
                sort_key=lambda r: r.percent,
            ),
            Column("next", "Next milestone", lambda r: r.next_title, min_width=10, drop=5),
            Column(
                "next_due",
                "Due",
                next_due,
                width=10,
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
        return f"{row.rec.title} {row.client_name} {row.next_title} {owner} {flags}"


KIND_STYLE = {
    "budget": "accent",
    "renewal": "warn",
    "cancel_by": "bad",
    "recommendation": "strong",
}
# Short words for the narrow Kind column; the rest are shown as they are.
KIND_TEXT = {"recommendation": "rec due", "milestone": "milestone", "cancel_by": "cancel-by"}


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

    def columns(self) -> list[Column[AgendaItem]]:
        def when(row: AgendaItem) -> Cell:
            text = self.date_text(row.date)
            return (text, "bad") if row.overdue else text

        def rel(row: AgendaItem) -> Cell:
            text = relative_days(row.date, self.view.today)
            if row.overdue:
                return (text, "bad")
            return (
                (text, "warn")
                if (row.date - self.view.today).days <= self.view.alert_window_days
                else text
            )

        return [
            Column("date", "Date", when, width=10, sort_key=lambda r: r.date),
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
                "title", "What", lambda r: r.title, min_width=12, sort_key=lambda r: r.title.lower()
            ),
            Column(
                "client",
                "Client",
                lambda r: self.names.get(r.client, "?"),
                width=12,
                drop=1,
                sort_key=lambda r: self.names.get(r.client, "?").lower(),
            ),
        ]

    def haystack(self, row: AgendaItem) -> str:
        name = self.names.get(row.client, "?")
        return f"{row.title} {row.kind.value} {name} {row.date.isoformat()}"
