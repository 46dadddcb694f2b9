"""DataList's fast paths give the rows the plain definition gives: a filter typed one letter at a
time (narrowed from the rows shown), a filter typed again (kept), with and without a sort; a
cursor move keeps its row and repaints only what changed."""

from __future__ import annotations

import random
from dataclasses import dataclass

from textual.app import App, ComposeResult

from ctotui.themes import app_variable_defaults
from ctotui.widgets.datalist import DataList
from ctotui.widgets.datalist_columns import Column

WORDS = ["alpha", "beta", "gamma", "delta", "alp", "bet", "security", "secure", "cure", "ta"]


@dataclass
class Row:
    key: str
    text: str
    rank: int


def _rows(count: int, seed: int) -> list[Row]:
    pick = random.Random(seed)
    return [
        Row(f"r{i}", " ".join(pick.choice(WORDS) for _ in range(3)), pick.randrange(5))
        for i in range(count)
    ]


class ListApp(App[None]):
    def __init__(self, rows: list[Row]) -> None:
        super().__init__()
        self.rows = rows

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return app_variable_defaults(self.current_theme)

    def compose(self) -> ComposeResult:
        yield DataList(
            [
                Column("text", "Text", lambda r: r.text, sort_key=lambda r: r.text),
                Column("rank", "Rank", lambda r: str(r.rank), width=4, sort_key=lambda r: r.rank),
            ],
            key=lambda r: r.key,
            haystack=lambda r: r.text.upper(),
        )

    def on_mount(self) -> None:
        self.query_one(DataList).set_rows(self.rows)


def _expected(rows: list[Row], text: str, sort: str | None, reverse: bool) -> list[str]:
    words = text.lower().split()
    shown = [r for r in rows if all(w in r.text.lower() for w in words)]
    if sort == "text":
        shown.sort(key=lambda r: r.text, reverse=reverse)
    elif sort == "rank":
        shown.sort(key=lambda r: r.rank, reverse=reverse)
    return [r.key for r in shown]


async def test_filter_typed_and_deleted_matches_the_definition() -> None:
    rows = _rows(600, seed=7)
    app = ListApp(rows)
    async with app.run_test(size=(80, 20)) as pilot:
        lst = app.query_one(DataList)
        pick = random.Random(3)
        for sort, reverse in ((None, False), ("rank", False), ("text", True), ("rank", True)):
            lst.sort_by(sort, reverse)
            for phrase in ("security ta", "alp beta", "cure gamma", "ta ta"):
                steps = [phrase[: i + 1] for i in range(len(phrase))]
                steps += [phrase[:i] for i in range(len(phrase) - 1, -1, -1)]
                steps += pick.sample(steps, 6)  # jumps back and forth, as edits do
                for text in steps:
                    highlighted = lst.highlighted
                    lst.set_filter(text)
                    assert [r.key for r in lst.visible_rows] == _expected(
                        rows, text, sort, reverse
                    ), (sort, reverse, text)
                    if highlighted is not None and highlighted in lst.visible_rows:
                        assert lst.highlighted is highlighted  # the cursor keeps its row
                    lst.cursor = pick.randrange(max(len(lst.visible_rows), 1))
        await pilot.pause()


async def test_new_rows_forget_the_kept_filters() -> None:
    first, second = _rows(300, seed=1), _rows(300, seed=2)
    app = ListApp(first)
    async with app.run_test(size=(80, 20)):
        lst = app.query_one(DataList)
        lst.set_filter("alp")
        lst.set_filter("")
        lst.set_rows(second)
        lst.set_filter("alp")
        assert [r.key for r in lst.visible_rows] == _expected(second, "alp", None, False)
        assert all(r in second for r in lst.visible_rows)


async def test_cursor_move_repaints_two_rows_without_a_scroll() -> None:
    app = ListApp(_rows(300, seed=5))
    async with app.run_test(size=(80, 20)) as pilot:
        lst = app.query_one(DataList)
        lst.focus()
        await pilot.pause()
        drawn: list[int] = []
        render_line = lst.render_line

        def counting(y: int):  # type: ignore[no-untyped-def]
            drawn.append(y)
            return render_line(y)

        lst.render_line = counting  # type: ignore[method-assign]
        await pilot.press("j")
        await pilot.pause()
        assert lst.cursor == 1
        assert sorted(set(drawn)) == [1, 2]  # the row left and the row reached; no other
        drawn.clear()
        await pilot.press("G")  # a jump that scrolls repaints the list
        await pilot.pause()
        assert lst.cursor == 299
        assert len(set(drawn)) > 2
