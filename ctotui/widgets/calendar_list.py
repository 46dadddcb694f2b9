"""The calendar's agenda list: week (or month, or day) header rows, then the items.

No column sorts: the order is the calendar's, and a sort would tear the headers from their
weeks.
"""

from __future__ import annotations

from datetime import date

from ctotui.domain.agenda import AgendaKind
from ctotui.views.calendar_rows import KIND_LETTERS, CalendarRow, short_date
from ctotui.widgets.datalist import DataList
from ctotui.widgets.datalist_columns import Cell, Column
from ctotui.widgets.panes.cells import KIND_STYLE

SHORT_LABELS = {AgendaKind.RECOMMENDATION: "rec due"}


def calendar_list(today: date, ascii_only: bool) -> DataList[CalendarRow]:
    # "↻" is missing from many terminal fonts (the Linux console's among them): words instead.
    recurring_mark = " (r)"

    def when(row: CalendarRow) -> Cell:
        if row.is_header:
            return (row.header, "strong")
        text = short_date(row.day)
        if row.item is not None and row.item.overdue:
            return (text, "bad")
        return (text, "accent") if row.day == today else text

    def mark(row: CalendarRow) -> Cell:
        # The grid's letter, never dropped: the kind is readable in the narrowest list.
        if row.item is None:
            return "" if row.is_header else ("-", "muted")
        item = row.item
        if item.overdue:
            return (KIND_LETTERS[item.kind] + "!", "bad")
        return (KIND_LETTERS[item.kind], KIND_STYLE.get(item.kind.value, ""))

    def kind(row: CalendarRow) -> Cell:
        if row.is_header:
            return ""
        if row.item is None:
            return ("skipped", "muted")
        item = row.item
        text = SHORT_LABELS.get(item.kind, item.kind.label)
        return (text, "bad") if item.overdue else (text, KIND_STYLE.get(item.kind.value, "muted"))

    def what(row: CalendarRow) -> Cell:
        if row.is_header:
            return (row.title, "muted")
        if row.item is None:
            return (f"{row.title} · u restores", "muted")
        item = row.item
        text = item.title + (recurring_mark if item.recurring else "")
        if item.kind is AgendaKind.CANCEL_BY and item.end is not None:
            text += f" · ends {short_date(item.end).strip()}"
            if item.overdue:  # missed: how late first, and what clears it last
                text = f"{(today - item.date).days}d late: {text} · A acknowledges"
        elif item.series_date is not None and item.series_date != item.date:
            text += f" · moved from {short_date(item.series_date).strip()}"
        if item.auto_renew:
            text += " · auto-renews"
        if item.time:
            text = f"{item.time} {text}"
        return text

    def haystack(row: CalendarRow) -> str:
        if row.item is None:
            return f"{row.header} {row.title} {row.client_name}"
        return f"{row.item.title} {row.item.kind.label} {row.client_name}"

    data_list: DataList[CalendarRow] = DataList(
        [
            Column("date", "Date", when, width=10),
            Column("mark", "", mark, width=2),
            Column("kind", "Kind", kind, width=12, drop=3),
            Column("what", "What", what, min_width=14),
            Column("client", "Client", lambda r: r.client_name, width=13, drop=2),
        ],
        key=lambda r: r.key,
        haystack=haystack,
        empty_text="No dates here: n adds one on the selected day.",
        ascii_only=ascii_only,
        id="agenda",
    )
    return data_list
