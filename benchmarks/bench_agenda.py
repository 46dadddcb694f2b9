"""How long a 90-day agenda takes over 5,000 events, 1,000 of them recurring series.

    .venv/bin/python benchmarks/bench_agenda.py [--events 5000] [--series 1000] [--dir DIR]

Writes a throwaway data folder (30 clients, the events, 600 recommendations with 1,200
milestones, an exception on 300 series), or with --dir reads an existing one (the big folder
of `generate.py`), opens it with the real Store, then times:
- cold: the first agenda after a change (indexing the store included);
- warm: the next ones (what a redraw of the agenda pane or month grid costs);
- one client's month grid, the header's alert counts, and the .ics export.
Target: a cold 90-day agenda under 100 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pendulum

from ctotui.data.folder import create_folder
from ctotui.data.jsonfile import write_json
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import (
    Client,
    Event,
    EventException,
    Milestone,
    Recommendation,
)
from ctotui.domain.enums import EventKind, RecStatus
from ctotui.domain.ids import exception_id, new_ulid
from ctotui.domain.occurrences import series_dates
from ctotui.domain.schema import to_record
from ctotui.ics.export import calendar_ics
from ctotui.services.calendar import agenda_items, alert_summary

TODAY = date(2026, 11, 27)
STAMP = "2026-11-27T09:00:00.000000Z"
RULES = [
    "monthly",
    "quarterly",
    "yearly",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "quarterly;BYMONTHDAY=-1",
    "FREQ=MONTHLY;INTERVAL=6",
    "FREQ=YEARLY;BYMONTH=1,7",
    "FREQ=MONTHLY;COUNT=36",
    "FREQ=MONTHLY;UNTIL=20281231",
    "FREQ=YEARLY;INTERVAL=2",
]


def _day(rng: random.Random, years_back: int, years_ahead: int) -> pendulum.Date:
    offset = rng.randint(-365 * years_back, 365 * years_ahead)
    day = TODAY + timedelta(days=offset)
    return pendulum.Date(day.year, day.month, day.day)


def _due(rng: random.Random) -> pendulum.Date:
    """A target date from two months ago to a year ahead: some overdue, most not yet."""
    day = TODAY + timedelta(days=rng.randint(-60, 365))
    return pendulum.Date(day.year, day.month, day.day)


def _body(rec: Any) -> dict[str, Any]:
    return {**to_record(rec, with_meta=False), "created_at": STAMP, "updated_at": STAMP}


def build_folder(folder: Path, events: int, series: int, recs: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    create_folder(folder)
    kinds = list(EventKind)
    clients = {
        new_ulid(): Client(name=f"Client {n}", fiscal_year_start=rng.randint(1, 12))
        for n in range(30)
    }
    client_ids = list(clients)
    tables: dict[str, dict[str, Any]] = {t: {} for t in ("events", "event_exceptions")}
    recurring: list[tuple[str, Event]] = []
    for n in range(events):
        client = rng.choice(client_ids)
        fields: dict[str, Any] = {
            "client": client,
            "title": f"Event {n}",
            "kind": rng.choice(kinds),
        }
        if n < series:
            if n % 10 == 0:
                fields.update(date=_day(rng, 5, 0), fiscal_offset_days=rng.randint(-120, 60))
            else:
                fields.update(date=_day(rng, 8, 0), rrule=rng.choice(RULES))
        else:
            fields["date"] = _day(rng, 3, 3)
        if n % 7 == 0:
            fields.update(end=fields["date"].add(days=rng.randint(0, 400)), notice_days=90)
        event = Event(**fields)
        rec_id = new_ulid()
        tables["events"][rec_id] = _body(event)
        if event.rrule:
            recurring.append((rec_id, event))
    # Skip the next occurrence of 300 series.
    for rec_id, event in rng.sample(recurring, min(300, len(recurring))):
        upcoming = series_dates(event, TODAY, TODAY + timedelta(days=800))
        if upcoming:
            day = pendulum.Date(upcoming[0].year, upcoming[0].month, upcoming[0].day)
            skipped = EventException(event=rec_id, date=day, skip=True)
            tables["event_exceptions"][exception_id(rec_id, day)] = _body(skipped)
    rec_bodies: dict[str, Any] = {}
    milestones: dict[str, Any] = {}
    statuses = [RecStatus.PROPOSED, RecStatus.ACCEPTED, RecStatus.IN_PROGRESS, RecStatus.VERIFIED]
    for n in range(recs):
        rec = Recommendation(
            client=rng.choice(client_ids),
            title=f"Recommendation {n}",
            status=rng.choice(statuses),
            due=_due(rng),
        )
        rec_id = new_ulid()
        rec_bodies[rec_id] = _body(rec)
        for m in range(2):
            milestone = Milestone(recommendation=rec_id, title=f"Step {m}", due=_due(rng))
            milestones[new_ulid()] = _body(milestone)
    write_json(folder / "clients.json", {"clients": {i: _body(c) for i, c in clients.items()}})
    tables.update(recommendations=rec_bodies, milestones=milestones)
    for table, records in tables.items():
        write_json(folder / f"{table}.json", {table: records})


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float, float, object]:
    """Best and median wall-clock ms, median CPU ms (steadier on a busy machine), last result."""
    laps, cpu = [], []
    result: object = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = action()
        laps.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return min(laps), statistics.median(laps), statistics.median(cpu), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--series", type=int, default=1000)
    parser.add_argument("--recs", type=int, default=600, help="recommendations (2 milestones each)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--dir", type=Path, help="an existing data folder (e.g. from generate.py) to read instead"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ctotui-bench-") as tmp:
        folder = args.dir or Path(tmp) / "data"
        if args.dir is None:
            build_folder(folder, args.events, args.series, args.recs)
        store = Store(folder, clock=FixedClock("2026-11-27T09:00:00+00:00"))
        horizon = TODAY + timedelta(days=90)
        client = store.all(Client)[0].id

        def cold() -> list[object]:
            store.version += 1  # what any change does: the next call re-indexes the store
            return list(agenda_items(store, TODAY, horizon, today=TODAY, include_overdue=True))

        def warm() -> list[object]:
            return list(agenda_items(store, TODAY, horizon, today=TODAY, include_overdue=True))

        def month() -> list[object]:
            low, high = date(2027, 2, 1), date(2027, 2, 28)
            return list(agenda_items(store, low, high, today=TODAY, client=client))

        rows = [
            ("90-day agenda, cold (index built)", *timed(cold, args.repeat)),
            ("90-day agenda, warm", *timed(warm, args.repeat)),
            ("one client's month", *timed(month, args.repeat)),
            ("alert counts (14 days)", *timed(lambda: alert_summary(store, TODAY), args.repeat)),
            (
                ".ics export, all clients",
                *timed(
                    lambda: calendar_ics(store, now=store.clock.now()), max(3, args.repeat // 5)
                ),
            ),
        ]
        events = store.all(Event)
        print(
            f"{folder if args.dir else 'generated'}: {len(events)} events "
            f"({sum(e.recurring for e in events)} recurring series), "
            f"{len(store.all(EventException))} exceptions, {len(store.all(Recommendation))} "
            f"recommendations, {len(store.all(Milestone))} milestones; "
            f"Python {sys.version.split()[0]}"
        )
        for label, best, median, cpu, result in rows:
            size = f"{len(result)} items" if isinstance(result, list) else ""
            print(
                f"  {label:<36} best {best:6.1f} ms  median {median:6.1f} ms  "
                f"(cpu {cpu:6.1f} ms)  {size}"
            )
        cold_median = rows[0][2]
        verdict = "under" if cold_median < 100 else "OVER"
        print(f"target: cold 90-day agenda < 100 ms (median): {verdict} ({cold_median:.1f} ms)")
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
