"""Skipping, moving and retitling one occurrence stores one exception record, never copies."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ctotui.data.store import Store
from ctotui.domain.entities import Client, Event, EventException
from ctotui.domain.ids import exception_id, is_ulid
from ctotui.domain.schema import from_record
from ctotui.errors import ValidationError
from ctotui.services import deleting
from ctotui.services.calendar import calendar_index
from ctotui.services.occurrences import (
    edit_occurrence,
    exceptions_by_date,
    move_occurrence,
    restore_occurrence,
    skip_occurrence,
)

NewEvent = Callable[..., Event]
YEAR = (date(2027, 1, 1), date(2027, 12, 31))


@pytest.fixture
def qbr(acme: Client, new_event: NewEvent) -> Event:
    """Quarter-end QBRs: 31 Mar, 30 Jun, 30 Sep, 31 Dec."""
    return new_event(acme, "QBR", "2027-03-31", kind="meeting", rrule="quarterly;BYMONTHDAY=-1")


def shown(store: Store, event: Event, low: date = YEAR[0], high: date = YEAR[1]) -> list[str]:
    return [
        f"{o.date.isoformat()} {o.title}"
        + (f" (from {o.series_date.isoformat()})" if o.moved else "")
        for o in calendar_index(store).occurrences(event, low, high)
    ]


def test_the_exception_id_is_derived_from_series_and_date() -> None:
    first = exception_id("01JBQ5ZP7X0000000000000000", date(2027, 6, 30))
    assert first == exception_id("01JBQ5ZP7X0000000000000000", date(2027, 6, 30))
    assert is_ulid(first)
    assert first != exception_id("01JBQ5ZP7X0000000000000000", date(2027, 9, 30))
    assert first != exception_id("01JBQ5ZP7X0000000000000001", date(2027, 6, 30))
    many = {exception_id("01JBQ5ZP7X0000000000000000", date(2027, 1, d)) for d in range(1, 32)}
    assert len(many) == 31 and all(is_ulid(i) for i in many)


def test_skipping_one_occurrence(store: Store, qbr: Event, data_dir: Path) -> None:
    skip_occurrence(store, qbr, date(2027, 6, 30))
    assert shown(store, qbr) == ["2027-03-31 QBR", "2027-09-30 QBR", "2027-12-31 QBR"]
    stored = json.loads((data_dir / "event_exceptions.json").read_text())["event_exceptions"]
    assert list(stored) == [exception_id(qbr.id, date(2027, 6, 30))]
    assert stored[exception_id(qbr.id, date(2027, 6, 30))]["skip"] is True
    assert len(store.all(Event)) == 1  # no copies of the series


def test_skipping_twice_is_one_record(store: Store, qbr: Event) -> None:
    skip_occurrence(store, qbr, date(2027, 6, 30))
    skip_occurrence(store, qbr, date(2027, 6, 30))
    assert len(store.all(EventException)) == 1


def test_moving_an_occurrence_to_another_day(store: Store, qbr: Event) -> None:
    move_occurrence(store, qbr, date(2027, 6, 30), date(2027, 7, 2))
    assert shown(store, qbr) == [
        "2027-03-31 QBR",
        "2027-07-02 QBR (from 2027-06-30)",
        "2027-09-30 QBR",
        "2027-12-31 QBR",
    ]
    # Moved into a window its series date is not in, and out of the one it is in.
    assert shown(store, qbr, date(2027, 7, 1), date(2027, 7, 31)) == [
        "2027-07-02 QBR (from 2027-06-30)"
    ]
    assert shown(store, qbr, date(2027, 6, 1), date(2027, 6, 30)) == []


def test_moving_back_home_removes_the_exception(store: Store, qbr: Event) -> None:
    move_occurrence(store, qbr, date(2027, 6, 30), date(2027, 7, 2))
    assert move_occurrence(store, qbr, date(2027, 6, 30), date(2027, 6, 30)) is None
    assert store.all(EventException) == []
    assert shown(store, qbr)[1] == "2027-06-30 QBR"


def test_retitling_one_occurrence(store: Store, qbr: Event) -> None:
    edit_occurrence(store, qbr, date(2027, 12, 31), title="QBR with the new CFO", notes="Agenda?")
    occ = calendar_index(store).occurrences(qbr, date(2027, 12, 1), date(2027, 12, 31))
    assert [(o.title, o.notes) for o in occ] == [("QBR with the new CFO", "Agenda?")]
    assert shown(store, qbr)[0] == "2027-03-31 QBR"


def test_restoring_an_occurrence(store: Store, qbr: Event) -> None:
    skip_occurrence(store, qbr, date(2027, 6, 30))
    assert restore_occurrence(store, qbr, date(2027, 6, 30)) is True
    assert restore_occurrence(store, qbr, date(2027, 6, 30)) is False
    assert len(shown(store, qbr)) == 4


def test_only_a_date_of_the_series_can_have_an_exception(store: Store, qbr: Event) -> None:
    with pytest.raises(ValidationError, match="has no occurrence on 2027-06-29") as caught:
        skip_occurrence(store, qbr, date(2027, 6, 29))
    assert caught.value.field == "date"


def test_a_one_off_event_has_no_exceptions(store: Store, acme: Client, new_event: NewEvent) -> None:
    once = new_event(acme, "Audit", "2027-05-10")
    with pytest.raises(ValidationError, match="is not recurring; edit the event itself"):
        skip_occurrence(store, once, date(2027, 5, 10))


def test_an_exception_left_behind_by_a_changed_rule_is_ignored(store: Store, qbr: Event) -> None:
    skip_occurrence(store, qbr, date(2027, 6, 30))
    move_occurrence(store, qbr, date(2027, 9, 30), date(2027, 10, 4))
    changed = store.update(Event, qbr.id, rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15")
    assert shown(store, changed) == [
        "2027-03-31 QBR",
        "2027-06-15 QBR",
        "2027-09-15 QBR",
        "2027-12-15 QBR",
    ]
    assert set(exceptions_by_date(store, qbr.id)) == {date(2027, 6, 30), date(2027, 9, 30)}


def test_an_exception_cannot_be_skipped_and_moved() -> None:
    with pytest.raises(ValidationError) as caught:
        from_record(
            EventException,
            exception_id("01JBQ5ZP7X0000000000000000", date(2027, 6, 30)),
            {
                "event": "01JBQ5ZP7X0000000000000000",
                "date": "2027-06-30",
                "skip": True,
                "moved_to": "2027-07-01",
            },
        )
    assert caught.value.field == "moved_to"


def test_deleting_the_series_takes_its_exceptions(store: Store, qbr: Event) -> None:
    skip_occurrence(store, qbr, date(2027, 6, 30))
    removed = deleting.delete(store, Event, qbr.id, cascade=True)
    assert {r.TABLE for r in removed} == {"events", "event_exceptions"}
    assert store.all(EventException) == []
