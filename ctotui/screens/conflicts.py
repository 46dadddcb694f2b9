"""Review the clashes a sync resolved on its own: keep the merged value or take the other one.

A same-field clash was settled by the later edit; the losing value is kept here until the
consultant confirms or reverses the choice, one key per conflict.

| Key | Action |
|---|---|
| `1` | keep the merged value (the conflict is cleared) |
| `2` | use the other value instead (written into the record) |
| `escape` | back |
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Static

from ctotui.data.store import Store
from ctotui.domain.money import MASK
from ctotui.screens.base import CtoScreen
from ctotui.sync.api import ConflictView, Keep, conflict_views, resolve_conflict
from ctotui.views.dashboard import Viewpoint
from ctotui.views.redaction import is_amount, record_client
from ctotui.widgets.attention import AttentionBar
from ctotui.widgets.datalist import DataList
from ctotui.widgets.datalist_columns import Column
from ctotui.widgets.detail_tables import label_grid


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ") if stamp else ""


def _edited(stamp: str, by: str) -> str:
    return f"edited {_when(stamp)} by {by}" if by else f"edited {_when(stamp)}"


def shown_conflicts(store: Store, view: Viewpoint) -> list[ConflictView]:
    """The conflicts as they may be shown: in presentation mode, each value is redacted as a
    text of its record's client, and amounts are masked."""
    views = conflict_views(store)
    if not view.presentation:
        return views
    shown = []
    for row in views:
        client = record_client(store, row.table, row.record)

        def text(value: str, client: str | None = client) -> str:
            return view.text(client, value)

        amount = is_amount(row.table, row.field)
        shown.append(
            replace(
                row,
                record_label=text(row.record_label),
                kept=MASK if amount else text(row.kept),
                other=MASK if amount else text(row.other),
                note=text(row.note),
                kept_by=text(row.kept_by),
                other_by=text(row.other_by),
            )
        )
    return shown


class ConflictsScreen(CtoScreen):
    BINDING_GROUP_TITLE = "Sync conflicts"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="conflicts.back"),
        Binding("1", "resolve('kept')", "Keep merged", id="conflicts.keep"),
        Binding("2", "resolve('other')", "Use other", id="conflicts.other"),
    ]

    DEFAULT_CSS = """
    ConflictsScreen #conflicts { height: 1fr; border: round $primary; }
    ConflictsScreen #detail {
        height: auto; max-height: 12; padding: 0 1; border: round $panel-lighten-2;
    }
    """

    def compose(self) -> ComposeResult:
        columns: list[Column[ConflictView]] = [
            Column("record", "Record", lambda c: c.record_label, min_width=16),
            Column(
                "field",
                "Field",
                lambda c: "(deleted vs edited)" if c.field == "*" else c.field,
                width=18,
            ),
            Column("kept", "Merged value", lambda c: (c.kept, "good"), min_width=12),
            Column("other", "Other value", lambda c: (c.other, "warn"), min_width=12),
        ]
        listing: DataList[ConflictView] = DataList(
            columns,
            key=lambda c: c.id,
            haystack=lambda c: f"{c.record_label} {c.field}",
            empty_text="No conflicts to review.",
            ascii_only=self.cto.ascii_only,
            id="conflicts",
        )
        listing.border_title = "Conflicts from sync"
        listing.border_subtitle = "1 keeps the merged value · 2 uses the other one"
        yield AttentionBar()
        with Vertical():
            yield listing
            yield Static(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#conflicts", DataList).focus()

    def reload(self) -> None:
        listing = self.query_one("#conflicts", DataList)
        listing.set_rows(shown_conflicts(self.cto.store, self.cto.view))
        self.attention_label = "· conflicts"
        self.show_attention()
        self._show_detail()

    def on_data_list_highlighted(self, event: DataList.Highlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        row = self.query_one("#conflicts", DataList).highlighted
        detail = self.query_one("#detail", Static)
        if not isinstance(row, ConflictView):
            detail.update("Nothing to review: every sync clash has been settled.")
            return
        rows = [
            ("Record", row.record_label),
            (
                "Field",
                "the whole record (deleted on one side, edited on the other)"
                if row.field == "*"
                else row.field,
            ),
            ("Merged value", f"{row.kept}   ({_edited(row.kept_updated_at, row.kept_by)})"),
            ("Other value", f"{row.other}   ({_edited(row.other_updated_at, row.other_by)})"),
        ]
        if row.note:
            rows.append(("Note", row.note))
        detail.update(label_grid(rows))

    def action_resolve(self, keep: Keep) -> None:
        row = self.query_one("#conflicts", DataList).highlighted
        if not isinstance(row, ConflictView) or not self.cto.can_edit():
            return
        label = "kept the merged value" if keep == "kept" else "used the other value"
        self.cto.save(
            lambda: resolve_conflict(self.cto.store, row.id, keep),
            success=f"{row.record_label}: {label}",
        )
