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

import contextlib
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
FILTERS_KEPT = 32  # recent filters whose rows are kept (backspace shows them again at once)


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

    # No repaint of its own: `watch_cursor` repaints the two rows that changed, not the list.
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)
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
        self._rows: Sequence[T] = []
        self._haystacks: list[str] | None = None  # made when a filter first needs them
        self._haystack_timer: Timer | None = None
        # The rows shown (indices into the rows, filtered and sorted; None: all, as they are),
        # the words that chose them, and the orders of recent filters of the same rows.
        self._order: list[int] | None = None
        self._order_words: tuple[str, ...] = ()
        self._orders: dict[tuple[str, ...], list[int]] = {}
        self._visible: Sequence[T] = []
        self._filter = ""
        self._sort_column: str | None = None
        self._sort_reverse = False
        self._layout: list[tuple[Column[T], int]] = []
        self._layout_width = -1
        self._last_highlighted: str | None = None
        # Styles by name ("" is the widget's own), worked out once until the styles change:
        # each costs a walk up the widget's ancestors, and a frame asked for dozens.
        self._styles: dict[str, Style] = {}

    # --- data -----------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[T]:
        """All rows, before filtering."""
        return self._rows

    @property
    def visible_rows(self) -> Sequence[T]:
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
        """Replace the rows; the cursor stays on the same record when it is still there.

        A list is copied; any other sequence is kept as it is, and may be longer than what it
        lets be read (the first rows of a list still loading: the rest draw blank meanwhile).
        """
        keep = self.highlighted
        keep_key = self.row_key(keep) if keep is not None else None
        self._rows = list(rows) if isinstance(rows, list) else rows
        # The filter's lower-case texts wait until a filter needs them, or the rows have stayed
        # a moment: 20,000 rows' worth take ~60 ms that neither the first frame nor a run of
        # cursor moves through the clients pane (new rows each time) should wait for. (After a
        # refresh is too soon: the app's first frame is held in a batch until its mount ends.)
        self._haystacks = None
        self._orders.clear()
        self._order = None
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
        keep = self.cursor if self._visible else None
        self._filter = text
        self._refresh_visible(None, keep)

    def sort_by(self, column_key: str | None, reverse: bool = False) -> None:
        keep = self.highlighted
        self._sort_column = column_key
        self._sort_reverse = reverse
        self._orders.clear()
        self._order = None
        self._refresh_visible(self.row_key(keep) if keep is not None else None)

    def select_key(self, row_key: str) -> bool:
        """Move the cursor to the row with *row_key*; False when it is not visible."""
        for index, row in enumerate(self._visible):
            if self.row_key(row) == row_key:
                self.cursor = index
                return True
        return False

    def _filtered(self, words: tuple[str, ...]) -> list[int] | None:
        """Indices into the rows of those shown for *words*, in the order shown (None: all
        rows as they are). A filter typed one more letter at a time looks only at the rows the
        previous one showed, and going back to an earlier filter looks at none."""
        found = self._orders.get(words)
        if found is not None:
            return found
        hays = self._prepare_haystacks()
        previous = self._order
        if previous is not None and all(any(o in n for n in words) for o in self._order_words):
            candidates: Sequence[int] = previous  # every row the new filter shows, in order
            presorted = True
        else:
            candidates = range(len(self._rows))
            presorted = False
        if len(words) == 1:
            word = words[0]  # the usual case, without a generator per row: half the time
            order = [i for i in candidates if word in hays[i]]
        elif words:
            order = [i for i in candidates if all(w in hays[i] for w in words)]
        else:
            order = list(candidates)
        column = self._column(self._sort_column)
        if not presorted and column is not None and column.sort_key is not None:
            key, rows = column.sort_key, self._rows
            order.sort(key=lambda i: key(rows[i]), reverse=self._sort_reverse)
        if len(self._orders) >= FILTERS_KEPT:
            self._orders.pop(next(iter(self._orders)))
        self._orders[words] = order
        return order

    def _refresh_visible(self, keep_key: str | None, keep_cursor: int | None = None) -> None:
        # *keep_cursor*: the same rows, filtered anew; the highlighted one is found by its
        # position among the rows (no key per row).
        keep_at = None
        if keep_cursor is not None:
            keep_at = keep_cursor if self._order is None else self._order[keep_cursor]
        words = tuple(self._filter.lower().split())
        column = self._column(self._sort_column)
        if words or (column is not None and column.sort_key is not None):
            order: list[int] | None = self._filtered(words)
        else:
            order = None
        self._order, self._order_words = order, words
        rows = self._rows
        visible: Sequence[T]
        if order is None:
            visible = list(rows) if isinstance(rows, list) else rows
        else:
            visible = [rows[i] for i in order]
        self._visible = visible
        self.virtual_size = Size(self.size.width, max(len(visible), 1) + 1)
        index = -1
        if keep_at is not None:
            if order is None:
                index = keep_at
            else:
                with contextlib.suppress(ValueError):
                    index = order.index(keep_at)
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
        if self._scroll_to_cursor(immediate=True) or old == new:
            self.refresh()
        else:
            # Only the two rows whose look changed are drawn again (line 0 is the header).
            self.refresh_line(old + 1)
            self.refresh_line(new + 1)
        row = self.highlighted
        row_key = self.row_key(row) if row is not None else None
        if row_key != self._last_highlighted:
            self._last_highlighted = row_key
            self.post_message(self.Highlighted(self, row))

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self, immediate: bool = False) -> bool:
        """Scroll so the cursor's row is shown; True when that takes a scroll. *immediate*: in
        this frame (a key's), not after it (one frame to paint, not two)."""
        page = self._page_height()
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=immediate)
        elif self.cursor >= top + page:
            self.scroll_to(y=self.cursor - page + 1, animate=False, immediate=immediate)
        else:
            return False
        return True

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
        self._styles.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._styles.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

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
        base = self._style("")
        if y == 0:
            return self._render_header(width, base)
        index = int(self.scroll_y) + y - 1
        if not self._visible:
            if y == 1:
                style = base + self._style("datalist--empty")
                return Strip([Segment(fit(" " + visible(self.empty_text), width), style)], width)
            return Strip.blank(width, base)
        try:
            row = self._visible[index]
        except IndexError:  # past the end, or not loaded yet
            return Strip.blank(width, base)
        if index == self.cursor:
            name = "datalist--cursor" if self.has_focus else "datalist--cursor-blurred"
            row_style = base + self._style(name)
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
        return self._style(name, partial=True)

    def _style(self, name: str, partial: bool = False) -> Style:
        key = f"{name}/p" if partial else name
        style = self._styles.get(key)
        if style is None:
            if not name:
                style = self.rich_style
            elif partial:
                style = self.get_component_rich_style(f"datalist--{name}", partial=True)
            else:
                style = self.get_component_rich_style(name)
            self._styles[key] = style
        return style

    def _render_header(self, width: int, base: Style) -> Strip:
        style = base + self._style("datalist--header")
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
