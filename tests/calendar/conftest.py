"""Calendar test data: two clients and a quick way to add events to the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pendulum
import pytest

from ctotui.data.store import Store
from ctotui.domain.entities import Client, Event
from ctotui.domain.enums import EventKind

NewEvent = Callable[..., Event]


@pytest.fixture
def acme(store: Store) -> Client:
    """A client whose fiscal year starts in July."""
    return store.insert(Client(name="Acme", fiscal_year_start=7))


@pytest.fixture
def globex(store: Store) -> Client:
    return store.insert(Client(name="Globex", codename="Blue Heron"))


@pytest.fixture
def new_event(store: Store) -> NewEvent:
    """`new_event(client, "QBR", "2026-01-31", kind="meeting", rrule="quarterly", …)`."""

    def make(client: Client, title: str, day: str, **fields: Any) -> Event:
        for name in ("end",):
            if isinstance(fields.get(name), str):
                fields[name] = pendulum.Date.fromisoformat(fields[name])
        if isinstance(fields.get("kind"), str):
            fields["kind"] = EventKind(fields["kind"])
        return store.insert(
            Event(client=client.id, title=title, date=pendulum.Date.fromisoformat(day), **fields)
        )

    return make
