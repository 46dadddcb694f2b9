"""DataList: a virtualised, sortable, filterable table over a plain Python list.

DataTable measures every cell on the event loop (1.4 s for 10k rows, 1.2 s per refill), so the
big panes use this instead: a `ScrollView` that renders only the visible lines from a list of
rows. Refiltering 20,000 rows is a list comprehension over prepared lower-case haystacks.

Longer than the house's 300 lines, on purpose: rows, filter, sort, cursor and drawing all work
on one visible-row list and one layout cache, and split apart each part would reach into the
others' state (Textual's own DataTable is one module too). What needs no widget — columns,
how widths are shared, how text is cut — is in `datalist_columns`.

| Key | Action |
|---|---|
| `j` / `down`, `k` / `up` | move the cursor |
| `g` / `home`, `G` / `end` | first / last row |
| `pageup` / `pagedown` | a page up / down |
| `o` / `O` | sort by the next column / reverse the sort |
| `enter` | open the highlighted row (posts `DataList.Selected`) |
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from ctotui.key_groups import MOVE, SORT
from ctotui.visible import visible
from ctotui.widgets.datalist_columns import Column, column_layout, fit

T = TypeVar("T")
HAYSTACK_DELAY = 0.3  # seconds the rows stay before their filter texts are made


class DataList(ScrollView, Generic[T], can_focus=True):
    """A cursor over rows of any type, drawn through a list of `Column`s."""

    BINDING_GROUP_TITLE = "List"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor(1)", "Down", show=False, id="list.down", group=MOVE),
        Binding("up,k", "cursor(-1)", "Up", show=False, id="list.up", group=MOVE),
        Binding("home,g", "first", "First", show=False, id="list.first", group=MOVE),
        Binding("end,G", "last", "Last", show=False, id="list.last", group=MOVE),
        Binding(
            "pagedown,ctrl+f", "page(1)", "Page down", show=False, id="list.page_down", group=MOVE
        ),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False, id="list.page_up", group=MOVE),
        Binding(
            "o", "sort_next", "Sort", tooltip="Sort by the next column", id="list.sort", group=SORT
        ),
        Binding("O", "sort_reverse", "Reverse", show=False, id="list.sort_reverse", group=SORT),
        Binding("enter", "select", "Open", tooltip="Open the highlighted row", id="list.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "datalist--header",
        "datalist--cursor",
        "datalist--cursor-blurred",
        "datalist--empty",
        "datalist--bad",
        "datalist--warn",
        "datalist--good",
        "datalist--muted",
        "datalist--accent",
        "datalist--strong",
    }

    DEFAULT_CSS = """
    DataList {
        height: 1fr;
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        & > .datalist--header { text-style: bold; color: $text-secondary; background: $panel; }
        & > .datalist--cursor { background: $primary 40%; text-style: bold; }
        & > .datalist--cursor-blurred { background: $primary 15%; }
        & > .datalist--empty { color: $text-muted; text-style: italic; }
        & > .datalist--bad { color: $ctotui-overdue; text-style: bold; }
        & > .datalist--warn { color: $ctotui-due-soon; }
        & > .datalist--good { color: $ctotui-done; }
        & > .datalist--muted { color: $text-muted; }
        & > .datalist--accent { color: $accent; }
        & > .datalist--strong { text-style: bold; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """Index of the highlighted row among the visible (filtered, sorted) rows."""

    class Highlighted(Message):
        """The cursor moved to another row (or the rows changed under it)."""

        def __init__(self, data_list: DataList[Any], row: Any | None) -> None:
            super().__init__()
            self.data_list = data_list
            self.row = row

        @property
        def control(self) -> DataList[Any]:
            return self.data_list

    class Selected(Message):
        """Enter was pressed on a row."""

        def __init__(self, data_list: DataList[Any], row: Any) -> None:
            super().__init__()
            self.data_list = data_list
            self.row = row

        @property
        def control(self) -> DataList[Any]:
            return self.data_list

    def __init__(
        self,
        columns: Sequence[Column[T]],
        *,
        key: Callable[[T], str],
        haystack: Callable[[T], str],
        empty_text: str = "Nothing here.",
        ascii_only: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = list(columns)
        self.row_key = key
        self._haystack = haystack
        self.empty_text = empty_text
        self.ascii_only = ascii_only
        self._rows: list[T] = []
        self._haystacks: list[str] | None = None  # made when a filter first needs them
        self._haystack_timer: Timer | None = None
        self._visible: list[T] = []
        self._filter = ""
        self._sort_column: str | None = None
        self._sort_reverse = False
        self._layout: list[tuple[Column[T], int]] = []
        self._layout_width = -1
        self._last_highlighted: str | None = None

    # --- data -----------------------------------------------------------------------------

    @property
    def rows(self) -> list[T]:
        """All rows, before filtering."""
        return self._rows

    @property
    def visible_rows(self) -> list[T]:
        """The rows shown, filtered and sorted."""
        return self._visible

    @property
    def highlighted(self) -> T | None:
        if 0 <= self.cursor < len(self._visible):
            return self._visible[self.cursor]
        return None

    @property
    def filter_text(self) -> str:
        return self._filter

    def set_rows(self, rows: Sequence[T]) -> None:
        """Replace the rows; the cursor stays on the same record when it is still there."""
        keep = self.highlighted
        keep_key = self.row_key(keep) if keep is not None else None
        self._rows = list(rows)
        # The filter's lower-case texts wait until a filter needs them, or the rows have stayed
        # a moment: 20,000 rows' worth take ~60 ms that neither the first frame nor a run of
        # cursor moves through the clients pane (new rows each time) should wait for. (After a
        # refresh is too soon: the app's first frame is held in a batch until its mount ends.)
        self._haystacks = None
        self._refresh_visible(keep_key)
        if self._haystack_timer is None:
            self._haystack_timer = self.set_timer(HAYSTACK_DELAY, self._haystacks_due)
        else:
            self._haystack_timer.reset()

    def _haystacks_due(self) -> None:
        self._haystack_timer = None
        self._prepare_haystacks()

    def _prepare_haystacks(self) -> list[str]:
        if self._haystacks is None:
            self._haystacks = [self._haystack(row).lower() for row in self._rows]
        return self._haystacks

    def set_columns(self, columns: Sequence[Column[T]]) -> None:
        """Replace the columns (a pane adds its Client column for all clients only)."""
        self.columns = list(columns)
        self._layout_width = -1
        self.refresh()

    def shows(self, column_key: str) -> bool:
        """Whether the column *column_key* is drawn at the list's present width."""
        layout = self._column_layout(self.scrollable_content_region.width)
        return any(column.key == column_key for column, _size in layout)

    def set_filter(self, text: str) -> None:
        """Show only rows whose text contains every word of *text* (case-insensitive)."""
        if text == self._filter:
            return
        keep = self.highlighted
        self._filter = text
        self._refresh_visible(self.row_key(keep) if keep is not None else None, keep)

    def sort_by(self, column_key: str | None, reverse: bool = False) -> None:
        keep = self.highlighted
        self._sort_column = column_key
        self._sort_reverse = reverse
        self._refresh_visible(self.row_key(keep) if keep is not None else None)

    def select_key(self, row_key: str) -> bool:
        """Move the cursor to the row with *row_key*; False when it is not visible."""
        for index, row in enumerate(self._visible):
            if self.row_key(row) == row_key:
                self.cursor = index
                return True
        return False

    def _refresh_visible(self, keep_key: str | None, keep_row: T | None = None) -> None:
        words = self._filter.lower().split()
        if len(words) == 1:
            word = words[0]  # the usual case, without a generator per row: half the time
            pairs = zip(self._rows, self._prepare_haystacks(), strict=True)
            visible = [row for row, hay in pairs if word in hay]
        elif words:
            visible = [
                row
                for row, hay in zip(self._rows, self._prepare_haystacks(), strict=True)
                if all(word in hay for word in words)
            ]
        else:
            visible = list(self._rows)
        column = self._column(self._sort_column)
        if column is not None and column.sort_key is not None:
            visible.sort(key=column.sort_key, reverse=self._sort_reverse)
        self._visible = visible
        self.virtual_size = Size(self.size.width, max(len(visible), 1) + 1)
        index = -1
        if keep_row is not None:
            # Same rows, filtered anew: find the highlighted one by identity (no key per row).
            index = next((i for i, row in enumerate(visible) if row is keep_row), -1)
        if keep_key is not None and index < 0:
            index = next(
                (i for i, row in enumerate(visible) if self.row_key(row) == keep_key),
                min(self.cursor, max(len(visible) - 1, 0)),
            )
        self.cursor = max(index, 0)
        self.refresh()

    def _column(self, key: str | None) -> Column[T] | None:
        return next((c for c in self.columns if c.key == key), None)

    # --- cursor ---------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._visible) - 1)) if self._visible else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        row = self.highlighted
        row_key = self.row_key(row) if row is not None else None
        if row_key != self._last_highlighted:
            self._last_highlighted = row_key
            self.post_message(self.Highlighted(self, row))

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        page = self._page_height()
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + page:
            self.scroll_to(y=self.cursor - page + 1, animate=False)

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._visible) - 1

    def action_page(self, direction: int) -> None:
        self.cursor += direction * self._page_height()

    def action_sort_next(self) -> None:
        sortable = [c.key for c in self.columns if c.sort_key is not None]
        if not sortable:
            return
        if self._sort_column in sortable:
            position = sortable.index(self._sort_column) + 1
            following = sortable[position] if position < len(sortable) else None
        else:
            following = sortable[0]
        self.sort_by(following, reverse=False)
        label = self._column(following).header if following else "default order"  # type: ignore[union-attr]
        self.notify(f"Sorted by {label}", timeout=1.5)

    def action_sort_reverse(self) -> None:
        if self._sort_column is not None:
            self.sort_by(self._sort_column, not self._sort_reverse)

    def action_select(self) -> None:
        row = self.highlighted
        if row is not None:
            self.post_message(self.Selected(self, row))

    def on_click(self, event: events.Click) -> None:
        row_index = int(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= row_index < len(self._visible):
            self.focus()
            self.cursor = row_index
            if event.chain == 2:
                self.action_select()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, max(len(self._visible), 1) + 1)
        self._scroll_to_cursor()

    # --- drawing --------------------------------------------------------------------------

    def _column_layout(self, width: int) -> list[tuple[Column[T], int]]:
        if width != self._layout_width:
            self._layout, self._layout_width = column_layout(self.columns, width), width
        return self._layout

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            return self._render_header(width, base)
        index = int(self.scroll_y) + y - 1
        if not self._visible:
            if y == 1:
                style = base + self.get_component_rich_style("datalist--empty")
                return Strip([Segment(fit(" " + visible(self.empty_text), width), style)], width)
            return Strip.blank(width, base)
        if index >= len(self._visible):
            return Strip.blank(width, base)
        row = self._visible[index]
        if index == self.cursor:
            name = "datalist--cursor" if self.has_focus else "datalist--cursor-blurred"
            row_style = base + self.get_component_rich_style(name)
        else:
            row_style = base
        segments: list[Segment] = []
        for position, (column, size) in enumerate(self._column_layout(width)):
            if position:
                segments.append(Segment(" ", row_style))
            cell = column.cell(row)
            text, style_name = (cell, "") if isinstance(cell, str) else cell
            style = row_style
            if style_name:
                style = row_style + self._cell_style(style_name)
            # Data that slipped past validation (a file edited by hand) is shown, never obeyed.
            text = visible(text)
            segments.append(Segment(fit(text, size, column.align_right, self.ascii_only), style))
        return Strip(segments).adjust_cell_length(width, row_style)

    def _cell_style(self, name: str) -> Style:
        return self.get_component_rich_style(f"datalist--{name}", partial=True)

    def _render_header(self, width: int, base: Style) -> Strip:
        style = base + self.get_component_rich_style("datalist--header")
        up, down = ("^", "v") if self.ascii_only else ("▲", "▼")
        segments = []
        for position, (column, size) in enumerate(self._column_layout(width)):
            if position:
                segments.append(Segment(" ", style))
            title = visible(column.header)
            if column.key == self._sort_column:
                title += down if self._sort_reverse else up
            segments.append(Segment(fit(title, size, column.align_right, self.ascii_only), style))
        return Strip(segments).adjust_cell_length(width, style)
