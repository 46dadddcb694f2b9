"""Editing one occurrence of a recurring event: skip it, move it, retitle it, or undo that.

Only an `EventException` is stored, keyed by the series and the occurrence's date in it; the
occurrences themselves are never copied. Its id is derived from that key
(`ctotui.domain.ids.exception_id`), so two clones that skip the same occurrence offline write
the same record, and merging them keeps one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ctotui.data.store import Store
from ctotui.domain.dates import to_pendulum
from ctotui.domain.entities import Client, Event, EventException
from ctotui.domain.ids import exception_id
from ctotui.domain.occurrences import is_series_date
from ctotui.errors import ValidationError


def exceptions_by_date(store: Store, event_id: str) -> dict[date, EventException]:
    """The exceptions of one series, by the series date they change."""
    return {x.date: x for x in store.where(EventException, "event", event_id)}


def skip_occurrence(store: Store, event: Event, series_date: date) -> EventException:
    """Leave one occurrence out (the series goes on)."""
    saved = _save(store, event, series_date, skip=True, moved_to=None)
    assert saved is not None
    return saved


def move_occurrence(
    store: Store, event: Event, series_date: date, to: date
) -> EventException | None:
    """Hold one occurrence on another day (its own day again: back where the series has it)."""
    return _save(store, event, series_date, skip=False, moved_to=None if to == series_date else to)


def edit_occurrence(
    store: Store, event: Event, series_date: date, *, title: str = "", notes: str = ""
) -> EventException | None:
    """Give one occurrence its own title and/or notes ("" goes back to the series')."""
    return _save(store, event, series_date, title=title or None, notes=notes or None)


def restore_occurrence(store: Store, event: Event, series_date: date) -> bool:
    """Drop the exception of one occurrence; True if there was one."""
    rec_id = exception_id(event.id, series_date)
    if store.find(EventException, rec_id) is None:
        return False
    store.delete(EventException, rec_id)
    return True


def _save(store: Store, event: Event, series_date: date, **changes: Any) -> EventException | None:
    """Create or change the exception; one that no longer changes anything is deleted."""
    _require_series_date(store, event, series_date)
    rec_id = exception_id(event.id, series_date)
    with store.transaction():
        if store.find(EventException, rec_id) is None:
            fields = {k: v for k, v in changes.items() if v is not None}
            saved = EventException(
                id=rec_id, event=event.id, date=to_pendulum(series_date), **fields
            )
            if _changes_nothing(saved):
                return None
            return store.insert(saved)
        saved = store.update(EventException, rec_id, **changes)
        if _changes_nothing(saved):
            store.delete(EventException, rec_id)
            return None
        return saved


def _changes_nothing(exception: EventException) -> bool:
    return not (exception.skip or exception.moved_to or exception.title or exception.notes)


def _require_series_date(store: Store, event: Event, series_date: date) -> None:
    if not event.recurring:
        raise ValidationError(event.where, "is not recurring; edit the event itself")
    client = store.find(Client, event.client)
    fiscal_start = client.fiscal_year_start if client is not None else 1
    if not is_series_date(event, series_date, fiscal_start):
        raise ValidationError(
            event.where, f"has no occurrence on {series_date.isoformat()}", "date"
        )
