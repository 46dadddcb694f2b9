"""The detail screens' frame: one record's sections in a scrolling body, around one list.

A subclass names its record type, yields its sections (`Static`s with the class "section", and
the list made by `make_list`), and draws its presenter's rows in `reload`. The frame mounts,
focuses the list, closes when the record is deleted and redraws on a change of data or view.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer

from ctotui.data.store import Change
from ctotui.domain.schema import Record
from ctotui.screens.base import CtoScreen
from ctotui.widgets.attention import AttentionBar
from ctotui.widgets.datalist import DataList


class DetailScreen(CtoScreen):
    """One record: its summary, its list (milestones, recommendations), its sections."""

    RECORD: ClassVar[type[Record]]

    detail_list = getters.query_one(".detail-list", DataList)

    DEFAULT_CSS = """
    DetailScreen #body { padding: 0 1; }
    DetailScreen .section { margin-top: 1; height: auto; }
    DetailScreen .detail-list {
        height: auto; max-height: 14; border: round $panel-lighten-2;
        &:focus { border: round $primary; }
    }
    """

    def __init__(self, record_id: str) -> None:
        super().__init__()
        self.record_id = record_id

    def record(self) -> Any:
        """The record shown, as stored now (None once deleted)."""
        return self.cto.store.find(self.RECORD, self.record_id)

    def compose(self) -> ComposeResult:
        yield AttentionBar()
        with VerticalScroll(id="body"):
            yield from self.sections()
        yield Footer()

    def sections(self) -> ComposeResult:
        """The body, top to bottom; the list among them comes from `make_list`."""
        raise NotImplementedError

    def make_list(self, data_list: DataList[Any], title: str) -> DataList[Any]:
        data_list.add_class("detail-list")
        data_list.border_title = title
        return data_list

    def on_mount(self) -> None:
        self.reload()
        self.detail_list.focus()

    def data_changed(self, change: Change) -> None:
        if not self.leave_if_gone(self.record()):
            self.reload()
