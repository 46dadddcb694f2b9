"""The entities of the engagement tracker, as typed and validated records.

Field order here is the order of forms and detail screens. Every record also has `id` (a ULID,
the key in its table file), `created_at` and `updated_at`.

Longer than 300 lines, on purpose: this is the data model in one place — every table and the
nested values it holds — read top to bottom when a field is added, beside `docs/json-fields.md`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

import pendulum

from ctotui.domain.enums import (
    Area,
    BudgetCategory,
    ClientStatus,
    EngagementKind,
    EngagementStatus,
    EventKind,
    Health,
    Level,
    NdaLevel,
    Priority,
    RecStatus,
    Role,
    Spend,
)
from ctotui.domain.pickling import pickle_as_tuple
from ctotui.domain.recurrence import RuleError, parse_rule
from ctotui.domain.schema import (
    BOOL,
    CURRENCY,
    DATE,
    ENUM,
    INT,
    JSON,
    MONEY,
    OBJ,
    OBJS,
    REF,
    STAMP,
    TAGS,
    TEXT,
    Model,
    Record,
    field_specs,
    spec,
)
from ctotui.errors import ValidationError


def _order(where: str, first: Any, second: Any, first_name: str, second_name: str) -> None:
    if first is not None and second is not None and second < first:
        raise ValidationError(where, f"is before {first_name} ({first})", second_name)


# --- nested values -------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Contact(Model):
    name: str = spec(TEXT, required=True)
    title: str = spec(TEXT, help="CEO, CFO, CIO, CSO, CISO, COO, …")
    email: str = spec(TEXT)
    phone: str = spec(TEXT)


@dataclass(slots=True, kw_only=True)
class Nda(Model):
    signed_on: pendulum.Date | None = spec(DATE)
    expires_on: pendulum.Date | None = spec(DATE)
    level: NdaLevel = spec(ENUM, NdaLevel.STANDARD, enum=NdaLevel)

    def check(self, where: str) -> None:
        _order(where, self.signed_on, self.expires_on, "signed_on", "expires_on")


@dataclass(slots=True, kw_only=True)
class Cost(Model):
    """Estimated cost of a recommendation: one-time and recurring (per year)."""

    one_time: Decimal | None = spec(MONEY)
    recurring: Decimal | None = spec(MONEY, help="per year")
    currency: str | None = spec(CURRENCY)


@dataclass(slots=True, kw_only=True)
class StatusChange(Model):
    """One step of a recommendation's life: the record of the advice given."""

    from_: str = spec(TEXT, key="from")
    to: str = spec(TEXT, required=True)
    on: str = spec(STAMP, required=True)
    note: str = spec(TEXT, lines=True)
    by: str = spec(TEXT, help="who moved it (the me setting)")


# --- records -------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Client(Record):
    TABLE: ClassVar[str] = "clients"
    LABEL: ClassVar[str] = "client"
    # Every "-c halvorsen" must find one client: no two share a name or a codename (any case).
    UNIQUE: ClassVar[tuple[str, ...]] = ("name", "codename")

    name: str = spec(TEXT, required=True)
    codename: str = spec(TEXT, help="shown instead of the name in presentation mode")
    status: ClientStatus = spec(ENUM, ClientStatus.ACTIVE, enum=ClientStatus)
    health: Health = spec(ENUM, Health.GREEN, enum=Health)
    role: Role = spec(ENUM, Role.OUTSOURCED_CTO, enum=Role)
    sector: str = spec(TEXT)
    size: int | None = spec(INT, minimum=0, help="headcount")
    fiscal_year_start: int = spec(INT, 1, minimum=1, maximum=12, help="month, 1-12")
    nda: Nda | None = spec(OBJ, item=Nda)
    contacts: list[Contact] = spec(OBJS, [], item=Contact)
    rate: Decimal | None = spec(MONEY, help="day rate")
    retainer: Decimal | None = spec(MONEY, help="per month")
    currency: str | None = spec(CURRENCY)
    started_on: pendulum.Date | None = spec(DATE)
    tags: list[str] = spec(TAGS, [])
    redact_terms: list[str] = spec(
        TAGS, [], help="hidden like contacts in presentation mode (a deal's target, a project)"
    )
    notes: str = spec(TEXT, lines=True)

    def display_name(self, presentation: bool = False) -> str:
        if presentation:
            return self.codename or f"Client {self.id[-4:]}"
        return self.name


@dataclass(slots=True, kw_only=True)
class Engagement(Record):
    TABLE: ClassVar[str] = "engagements"
    LABEL: ClassVar[str] = "engagement"

    client: str = spec(REF, required=True, ref="clients")
    title: str = spec(TEXT, required=True)
    kind: EngagementKind = spec(ENUM, EngagementKind.RETAINER, enum=EngagementKind)
    status: EngagementStatus = spec(ENUM, EngagementStatus.ACTIVE, enum=EngagementStatus)
    start: pendulum.Date | None = spec(DATE)
    end: pendulum.Date | None = spec(DATE)
    hours_budget: int | None = spec(INT, minimum=0)
    fee: Decimal | None = spec(MONEY)
    currency: str | None = spec(CURRENCY)

    def check(self, where: str) -> None:
        _order(where, self.start, self.end, "start", "end")


@dataclass(slots=True, kw_only=True)
class Recommendation(Record):
    TABLE: ClassVar[str] = "recommendations"
    LABEL: ClassVar[str] = "recommendation"

    client: str = spec(REF, required=True, ref="clients")
    engagement: str | None = spec(REF, ref="engagements")
    title: str = spec(TEXT, required=True)
    area: Area = spec(ENUM, Area.OTHER, enum=Area)
    rationale: str = spec(TEXT, lines=True)
    priority: Priority = spec(ENUM, Priority.MEDIUM, enum=Priority)
    impact: Level = spec(ENUM, Level.MEDIUM, enum=Level)
    effort: Level = spec(ENUM, Level.MEDIUM, enum=Level)
    estimated_cost: Cost | None = spec(OBJ, item=Cost)
    status: RecStatus = spec(ENUM, RecStatus.DRAFT, enum=RecStatus)
    history: list[StatusChange] = spec(OBJS, [], item=StatusChange)
    owner: str = spec(TEXT, help="owner at the client")
    proposed_on: pendulum.Date | None = spec(DATE)
    decided_on: pendulum.Date | None = spec(DATE)
    due: pendulum.Date | None = spec(DATE)
    implemented_on: pendulum.Date | None = spec(DATE)
    verified_on: pendulum.Date | None = spec(DATE)
    progress: int | None = spec(INT, minimum=0, maximum=100, help="manual %, overrides milestones")
    expected_outcome: str = spec(TEXT, lines=True)
    realised_outcome: str = spec(TEXT, lines=True)
    tags: list[str] = spec(TAGS, [])

    def check(self, where: str) -> None:
        _order(where, self.implemented_on, self.verified_on, "implemented_on", "verified_on")


@dataclass(slots=True, kw_only=True)
class Milestone(Record):
    TABLE: ClassVar[str] = "milestones"
    LABEL: ClassVar[str] = "milestone"

    recommendation: str = spec(REF, required=True, ref="recommendations")
    title: str = spec(TEXT, required=True)
    due: pendulum.Date | None = spec(DATE)
    done_on: pendulum.Date | None = spec(DATE)
    weight: int = spec(INT, 1, minimum=1, maximum=1000)
    owner: str = spec(TEXT)

    @property
    def done(self) -> bool:
        return self.done_on is not None


@dataclass(slots=True, kw_only=True)
class Event(Record):
    """A calendar item: budget cycle, provisioning, renewal, staffing, meeting, audit.

    `rrule` (an RFC 5545 subset) makes it recurring; occurrences are computed, never stored.
    A renewal's cancel-by date is `end` minus `notice_days`; once it has passed, the renewal
    is overdue until its last day or until `cancel_by_acknowledged` reaches that day.
    """

    TABLE: ClassVar[str] = "events"
    LABEL: ClassVar[str] = "event"

    client: str = spec(REF, required=True, ref="clients")
    kind: EventKind = spec(ENUM, EventKind.OTHER, enum=EventKind)
    title: str = spec(TEXT, required=True)
    date: pendulum.Date = spec(DATE, required=True)
    end: pendulum.Date | None = spec(DATE)
    all_day: bool = spec(BOOL, True)
    time: str = spec(TEXT, help="HH:MM when not all-day")
    rrule: str = spec(TEXT, help="FREQ=YEARLY;INTERVAL=1;COUNT=… (RFC 5545 subset)")
    fiscal_offset_days: int | None = spec(
        INT,
        minimum=-366,
        maximum=366,
        help="yearly, days from the client's fiscal-year start (-90: 90 days before)",
    )
    notice_days: int | None = spec(INT, minimum=0, maximum=3650)
    auto_renew: bool = spec(BOOL, False)
    cancel_by_acknowledged: pendulum.Date | None = spec(
        DATE, help="a missed cancel-by was seen: the last day of the term it belongs to"
    )
    amount: Decimal | None = spec(MONEY)
    currency: str | None = spec(CURRENCY)
    recommendation: str | None = spec(REF, ref="recommendations")
    notes: str = spec(TEXT, lines=True)

    def check(self, where: str) -> None:
        _order(where, self.date, self.end, "date", "end")
        if self.time and not _is_hhmm(self.time):
            raise ValidationError(where, f"expected HH:MM, got {self.time!r}", "time")
        try:
            rule = parse_rule(self.rrule)
        except RuleError as exc:
            raise ValidationError(where, str(exc), "rrule") from None
        if rule is not None and rule.until is not None and rule.until < self.date:
            raise ValidationError(
                where, f"UNTIL {rule.until} is before the event's date {self.date}", "rrule"
            )
        if rule is not None and self.fiscal_offset_days is not None:
            raise ValidationError(
                where,
                "a fiscal-year date repeats yearly by itself; leave rrule empty",
                "fiscal_offset_days",
            )

    @property
    def recurring(self) -> bool:
        return bool(self.rrule.strip()) or self.fiscal_offset_days is not None


def _is_hhmm(text: str) -> bool:
    parts = text.split(":")
    return (
        len(parts) == 2
        and all(p.isdigit() and len(p) == 2 for p in parts)
        and int(parts[0]) < 24
        and int(parts[1]) < 60
    )


@dataclass(slots=True, kw_only=True)
class BudgetLine(Record):
    TABLE: ClassVar[str] = "budget_lines"
    LABEL: ClassVar[str] = "budget line"

    client: str = spec(REF, required=True, ref="clients")
    fiscal_year: int = spec(INT, required=True, minimum=1990, maximum=2200)
    category: BudgetCategory = spec(ENUM, BudgetCategory.OTHER, enum=BudgetCategory)
    spend: Spend = spec(ENUM, Spend.OPEX, enum=Spend)
    description: str = spec(TEXT, required=True)
    planned: Decimal | None = spec(MONEY)
    committed: Decimal | None = spec(MONEY)
    actual: Decimal | None = spec(MONEY)
    currency: str | None = spec(CURRENCY)
    recommendation: str | None = spec(REF, ref="recommendations")


@dataclass(slots=True, kw_only=True)
class Note(Record):
    TABLE: ClassVar[str] = "notes"
    LABEL: ClassVar[str] = "note"

    client: str = spec(REF, required=True, ref="clients")
    date: pendulum.Date = spec(DATE, required=True)
    text: str = spec(TEXT, required=True, lines=True)
    recommendation: str | None = spec(REF, ref="recommendations")
    event: str | None = spec(REF, ref="events")


@dataclass(slots=True, kw_only=True)
class Conflict(Record):
    """A same-field clash found while merging two clones, kept for the user to review."""

    TABLE: ClassVar[str] = "conflicts"
    LABEL: ClassVar[str] = "conflict"

    table: str = spec(TEXT, required=True)
    record: str = spec(TEXT, required=True)
    field: str = spec(TEXT, required=True, help="field name, or '*' for a delete/edit clash")
    kept: Any = spec(JSON)
    other: Any = spec(JSON)
    kept_updated_at: str = spec(TEXT)
    other_updated_at: str = spec(TEXT)
    kept_by: str = spec(TEXT, help="who made the kept edit")
    other_by: str = spec(TEXT, help="who made the other edit")
    detected_at: str = spec(STAMP)
    note: str = spec(TEXT, lines=True)


@dataclass(slots=True, kw_only=True)
class EventException(Record):
    """One occurrence of a recurring event skipped, moved or retitled — never a copy of it.

    Keyed by the series and the occurrence's date in the series: its id is derived from both
    (`ctotui.domain.ids.exception_id`), so two clones that skip the same occurrence
    write the same record and a git merge keeps one.
    """

    TABLE: ClassVar[str] = "event_exceptions"
    LABEL: ClassVar[str] = "event exception"

    event: str = spec(REF, required=True, ref="events")
    date: pendulum.Date = spec(DATE, required=True, help="the occurrence's date in the series")
    skip: bool = spec(BOOL, False)
    moved_to: pendulum.Date | None = spec(DATE)
    title: str = spec(TEXT, help="this occurrence's title, when not the series' title")
    notes: str = spec(TEXT, lines=True)

    def check(self, where: str) -> None:
        if self.skip and self.moved_to is not None:
            raise ValidationError(where, "a skipped occurrence cannot also be moved", "moved_to")


ENTITIES: tuple[type[Record], ...] = (
    Client,
    Engagement,
    Recommendation,
    Milestone,
    Event,
    BudgetLine,
    Note,
    Conflict,
    EventException,
)
BY_TABLE: dict[str, type[Record]] = {cls.TABLE: cls for cls in ENTITIES}

#: Who refers to whom: (referring class, field, required) of every reference, by target table.
REFERRERS: dict[str, list[tuple[type[Record], str, bool]]] = {t: [] for t in BY_TABLE}
for _cls in ENTITIES:
    for _name, _spec in field_specs(_cls).items():
        if _spec.kind == REF and _spec.ref:
            REFERRERS[_spec.ref].append((_cls, _name, _spec.required))

for _cls in (*ENTITIES, Contact, Nda, Cost, StatusChange):
    pickle_as_tuple(_cls)
