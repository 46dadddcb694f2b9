"""A generated practice made a vault, and what its dashboard shows: the first-frame tests build
the dashboard from a whole read and from a first frame's read and compare the two."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctotui.data.layout import TABLES
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import BY_TABLE, Recommendation
from ctotui.views.dashboard import Snapshot
from tests.vault.conftest import T0


def first_frame(folder: Path, *, split: bool = False) -> Store:
    store = Store(folder, clock=FixedClock(T0), defer=True)
    assert store.loading and store.load_first_frame(split=split)
    return store


def shown(snap: Snapshot) -> dict[str, Any]:
    """Everything of a snapshot the dashboard shows, every row of every client's lists."""
    return {
        "clients": [(r.name, r.open, r.overdue, r.next_date, r.next_title) for r in snap.clients],
        "recs": {
            k: [
                (rec_key(r.rec), r.client_name, r.age_days, r.overdue, r.cost, r.currency)
                for r in rows
            ]
            for k, rows in snap.recs.items()
        },
        "progress": {
            k: [
                (
                    rec_key(r.rec),
                    r.rec.owner,
                    r.client_name,
                    r.percent,
                    r.next_title,
                    r.next_due,
                    r.next_id,
                    r.overdue,
                    r.stale,
                    r.milestones_done,
                    r.milestones_total,
                )
                for r in rows
            ]
            for k, rows in snap.progress.items()
        },
        "agenda": snap.agenda,
        "names": snap.names,
        "attention": snap.attention,
    }


def rec_key(rec: Recommendation) -> tuple[Any, ...]:
    return (rec.id, rec.title, rec.priority, rec.due, rec.status, rec.area, rec.client)


def whole_read(folder: Path) -> dict[str, tuple[dict[str, Any], list[Any]]]:
    with Store(folder, clock=FixedClock(T0)) as store:
        return {t: (store.raw(t), store.all(BY_TABLE[t])) for t in TABLES}
