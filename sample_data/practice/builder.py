"""The machinery behind the sample practice: the real Store, a clock that walks through the
practice's history, and ids drawn from a seeded generator so every build gives the same bytes.

Each record is written at the moment it happened (`Builder.at`), so created_at / updated_at and
the status histories are real stamps in the past, and a recommendation left alone for weeks is
genuinely stale on the dashboard.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

import pendulum

from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.dates import parse_iso_date, to_pendulum
from ctotui.domain.entities import (
    BudgetLine,
    Client,
    Cost,
    Event,
    Milestone,
    Note,
    Recommendation,
)
from ctotui.domain.enums import BudgetCategory, EventKind, RecStatus, Spend
from ctotui.domain.recurrence import fiscal_dates
from ctotui.domain.schema import Record
from ctotui.domain.status import change_status
from ctotui.services.occurrences import edit_occurrence, move_occurrence, skip_occurrence

R = TypeVar("R", bound=Record)

#: "Today" for the sample practice: nothing in it happens on or after this instant.
TODAY = pendulum.datetime(2026, 11, 27, 9, 0, tz="UTC")
SEED = 20261127
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def ulid_at(moment: pendulum.DateTime, rng: random.Random) -> str:
    """A ULID whose time part is *moment* and whose random part comes from *rng*."""
    ms = moment.int_timestamp * 1000 + moment.microsecond // 1000
    return _encode(ms, 10) + _encode(rng.getrandbits(80), 16)


def day(text: str) -> pendulum.Date:
    """A date written as YYYY-MM-DD."""
    return parse_iso_date(text)


def money(amount: int | str) -> Decimal:
    return Decimal(amount)


def cost(one_time: int | None = None, recurring: int | None = None, currency: str = "EUR") -> Cost:
    """An estimated cost: one-time and per-year recurring, in whole currency units."""
    return Cost(
        one_time=None if one_time is None else Decimal(one_time),
        recurring=None if recurring is None else Decimal(recurring),
        currency=currency,
    )


@dataclass(frozen=True, slots=True)
class Step:
    """One dated event in a recommendation's life: a status move (with its note) or an edit."""

    on: str
    to: RecStatus | None
    note: str = ""
    changes: dict[str, Any] = field(default_factory=dict)


def move(on: str, to: RecStatus, note: str, **changes: Any) -> Step:
    return Step(on, to, note, changes)


def edit(on: str, **changes: Any) -> Step:
    return Step(on, None, "", changes)


@dataclass(frozen=True, slots=True)
class Ms:
    """A milestone: created with the plan (or on *created*), done on *done* if given."""

    title: str
    due: str
    weight: int = 1
    done: str | None = None
    owner: str = ""
    created: str | None = None


class Builder:
    """Writes the practice through a Store, moving a FixedClock to each moment it describes."""

    def __init__(self, store: Store, seed: int = SEED) -> None:
        self.store = store
        self.rng = random.Random(seed)
        self.clock = FixedClock(TODAY.subtract(years=3))
        store.clock = self.clock

    # --- time -------------------------------------------------------------------------------

    def at(self, when: str) -> None:
        """Move the clock to *when*: "2026-03-02 14:30", or a day (a working-hours time is drawn).

        The clock may go back between stories (each record's own steps move forward), but never
        reaches the sample's today.
        """
        if " " in when:
            moment = pendulum.parse(when.replace(" ", "T"), tz="UTC")
            assert isinstance(moment, pendulum.DateTime)
        elif when == self.clock.today().isoformat():
            self._tick()  # the same sitting: time moves on
            return
        else:
            d = day(when)
            minutes = self.rng.randrange(8 * 60, 17 * 60)
            moment = pendulum.datetime(d.year, d.month, d.day, tz="UTC").add(minutes=minutes)
        self._set(moment)

    def _set(self, moment: pendulum.DateTime) -> None:
        if moment >= TODAY:
            raise ValueError(f"{moment} is not in the sample's past (today is {TODAY})")
        self.clock = FixedClock(moment)
        self.store.clock = self.clock

    def _tick(self) -> None:
        """A few minutes pass between two things done at the same sitting."""
        self._set(self.clock.now().add(minutes=self.rng.randint(2, 11)))

    # --- records ----------------------------------------------------------------------------

    def add(self, rec: R, on: str | None = None) -> R:
        """Insert *rec* now (or at *on*) with a deterministic id."""
        if on is not None:
            self.at(on)
        self._tick()
        rec.id = ulid_at(self.clock.now(), self.rng)
        return self.store.insert(rec)

    def update(self, cls: type[R], rec_id: str, on: str, **changes: Any) -> R:
        self.at(on)
        return self.store.update(cls, rec_id, **changes)

    def rec(
        self,
        rec: Recommendation,
        *,
        created: str,
        steps: Sequence[Step] = (),
        milestones: Sequence[Ms] = (),
    ) -> Recommendation:
        """A recommendation drafted on *created* that then walks through *steps* (in order,
        through the real status machine), with milestones planned when it was accepted."""
        stored = self.add(rec, on=created)
        for step in steps:
            if step.on < created:
                raise ValueError(f"{rec.title}: step on {step.on} is before {created}")
            self.at(step.on)
            changes: dict[str, Any] = dict(step.changes)
            if step.to is not None:
                changes = {**change_status(stored, step.to, self.clock, step.note), **changes}
            stored = self.store.update(Recommendation, stored.id, **changes)
        planned_on = next(
            (s.on for s in steps if s.to in (RecStatus.ACCEPTED, RecStatus.IN_PROGRESS)), created
        )
        self._milestones(stored, milestones, planned_on)
        return stored

    def yearly(self, client: Client, kind: EventKind, dates: Sequence[tuple[str, str]]) -> None:
        """Recurring yearly events (budget cycle dates): (title, first date) pairs."""
        for title, first in dates:
            start = day(first)
            rule = f"FREQ=YEARLY;BYMONTH={start.month};BYMONTHDAY={start.day}"
            self.add(Event(client=client.id, kind=kind, title=title, date=start, rrule=rule))

    def fiscal(
        self, client: Client, kind: EventKind, since: str, dates: Sequence[tuple[str, int]]
    ) -> None:
        """Yearly events relative to the client's fiscal-year start: (title, offset in days)
        pairs, each series starting with its first date on or after *since*."""
        low = day(since)
        for title, offset in dates:
            first = fiscal_dates(client.fiscal_year_start, offset, low, low.add(years=2))[0]
            self.add(
                Event(
                    client=client.id,
                    kind=kind,
                    title=title,
                    date=to_pendulum(first),
                    fiscal_offset_days=offset,
                )
            )

    def move_occurrence(self, event: Event, series_date: str, to: str, on: str) -> None:
        """Hold one occurrence of a recurring event on another day (an exception, not a copy)."""
        self.at(on)
        move_occurrence(self.store, event, day(series_date), day(to))

    def skip_occurrence(self, event: Event, series_date: str, on: str) -> None:
        self.at(on)
        skip_occurrence(self.store, event, day(series_date))

    def retitle_occurrence(self, event: Event, series_date: str, title: str, on: str) -> None:
        self.at(on)
        edit_occurrence(self.store, event, day(series_date), title=title)

    def budget_lines(
        self,
        client: Client,
        on: str,
        lines: Sequence[tuple[int, BudgetCategory, Spend, str, int, int, int, str | None]],
    ) -> None:
        """Budget lines: (fiscal year, category, spend, description, planned, committed,
        actual, recommendation id); a zero committed or actual amount is left empty."""
        self.at(on)
        for fy, category, spend, description, planned, committed, actual, rec in lines:
            self.add(
                BudgetLine(
                    client=client.id,
                    fiscal_year=fy,
                    category=category,
                    spend=spend,
                    description=description,
                    planned=Decimal(planned),
                    committed=Decimal(committed) if committed else None,
                    actual=Decimal(actual) if actual else None,
                    currency=client.currency,
                    recommendation=rec,
                )
            )

    def notes(self, client: Client, notes: Sequence[tuple[str, str, Record | None]]) -> None:
        """Meeting notes and decisions: (date, text, linked recommendation or event)."""
        for on, text, linked in notes:
            self.add(
                Note(
                    client=client.id,
                    date=day(on),
                    text=text,
                    recommendation=linked.id if isinstance(linked, Recommendation) else None,
                    event=linked.id if isinstance(linked, Event) else None,
                ),
                on=on,
            )

    def _milestones(self, rec: Recommendation, plan: Sequence[Ms], planned_on: str) -> None:
        for item in plan:
            if item.done and item.done < (item.created or planned_on):
                raise ValueError(f"{item.title}: done before it was planned")
            milestone = self.add(
                Milestone(
                    recommendation=rec.id,
                    title=item.title,
                    due=day(item.due),
                    weight=item.weight,
                    owner=item.owner or rec.owner,
                ),
                on=item.created or planned_on,
            )
            if item.done:
                self.update(Milestone, milestone.id, item.done, done_on=item.done)
