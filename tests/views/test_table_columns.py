"""How a previewed table's columns share the width."""

from __future__ import annotations

from ctotui.views.table_columns import grid_columns, natural_widths


def test_short_columns_keep_their_width_and_long_ones_share_the_rest() -> None:
    rows = [
        ["Recommendation", "Status", "Next milestone", "Due"],
        ["Move telephony to unified communications", "in progress", "Pilot with the sales", ""],
        ["Hire a security lead", "accepted", "", "2026-11-20"],
    ]
    widths = natural_widths(rows)
    assert widths == [40, 11, 20, 10]
    assert grid_columns(widths) == "40fr auto 20fr auto"


def test_a_table_of_short_columns_is_all_auto_and_lines_count_alone() -> None:
    assert natural_widths([["Date", "What"], ["2026-12-01", "one\ntwo lines"]]) == [10, 9]
    assert grid_columns([10, 9]) == "auto auto"
