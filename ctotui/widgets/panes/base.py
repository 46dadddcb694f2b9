"""A dashboard pane: a numbered, titled box around a DataList, with filter-as-you-type.

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
from textual.content import Content
from textual.widgets import Input

from ctotui.domain.dates import format_date
from ctotui.views.column_widths import LATE_MARK, date_width
from ctotui.views.dashboard import Viewpoint
from ctotui.visible import visible
from ctotui.widgets.datalist import DataList
from ctotui.widgets.datalist_columns import Column
from ctotui.widgets.text_input import TextInput

T = TypeVar("T")


class FilterInput(TextInput):
    """The pane's filter line; `enter` returns to the list, `escape` clears the filter."""

    BINDING_GROUP_TITLE = "Filter line"
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

    BINDING_GROUP_TITLE = "Pane"
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
        self.client_label = ""  # the selected client as shown; "" while all clients are shown
        # Columns sized from the rows shown (counts, amounts): never cut, whatever they hold.
        self.widths: dict[str, int] = {}
        self._shape: tuple[object, ...] = ()
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

    @property
    def all_clients(self) -> bool:
        return not self.client_label

    def show_client(self, label: str) -> None:
        """Say in the title whose rows these are (*label*: a client as shown, "" for all)."""
        self.client_label = label
        title = f"{self.number} {self.title}"
        self.border_title = Content(visible(f"{title} · {label}" if label else title))

    def set_rows(self, rows: list[T]) -> None:
        self.widths = self.measure(rows)
        # What the columns depend on besides each row's text: rebuilt only when it changes.
        shape = (self.all_clients, self.view.date_format, self.view.presentation, self.widths)
        if shape != self._shape:
            self._shape = shape
            self.list.set_columns(self.columns())
        self.list.set_rows(rows)
        self._update_subtitle()

    def measure(self, rows: list[T]) -> dict[str, int]:
        """Widths of the columns sized from *rows* (counts, amounts), by column key."""
        return {}

    def date_width(self, late_mark: bool = False) -> int:
        """A date column's width in the configured format (and room for " !" after a date
        that has passed)."""
        return date_width(self.view.date_format) + (len(LATE_MARK) if late_mark else 0)

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
