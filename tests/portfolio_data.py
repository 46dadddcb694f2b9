"""Two clients (and a closed third) with everything a report or a CSV export shows.

Every record of the second client carries the word "Borealis", so a test can assert that
nothing of it leaks into the first client's report. Numbers are chosen so totals are exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pendulum

from ctotui.data.store import Store
from ctotui.domain.entities import (
    BudgetLine,
    Client,
    Contact,
    Cost,
    Engagement,
    Event,
    Milestone,
    Note,
    Recommendation,
    StatusChange,
)
from ctotui.domain.enums import (
    Area,
    BudgetCategory,
    ClientStatus,
    EngagementKind,
    EventKind,
    Health,
    Priority,
    RecStatus,
    Role,
)

D = pendulum.Date


def stamp(day: str) -> str:
    return f"{day}T10:00:00.000000Z"


def step(before: str, after: str, day: str, note: str = "") -> StatusChange:
    return StatusChange(from_=before, to=after, on=stamp(day), note=note)


@dataclass
class Ids:
    acme: str = ""
    borealis: str = ""
    closed: str = ""
    recs: dict[str, str] = field(default_factory=dict)


def populate(store: Store) -> Ids:
    ids = Ids()
    acme = store.insert(
        Client(
            name="Acme Logistics",
            codename="Falcon",
            health=Health.AMBER,
            role=Role.OUTSOURCED_CTO,
            sector="logistics",
            fiscal_year_start=4,
            currency="EUR",
            contacts=[
                Contact(name="Jane Roe", title="CFO", email="jane@acme.example", phone="+44 20 1")
            ],
            notes="Prefers email over calls.",
            tags=["retainer", "uk"],
        )
    )
    ids.acme = acme.id
    store.insert(
        Engagement(
            client=acme.id,
            title="Acme IT leadership retainer",
            kind=EngagementKind.RETAINER,
            start=D(2026, 1, 1),
        )
    )
    erp = store.insert(
        Recommendation(
            client=acme.id,
            title="Replace the Acme ERP",
            area=Area.ERP,
            priority=Priority.HIGH,
            status=RecStatus.IN_PROGRESS,
            estimated_cost=Cost(one_time=Decimal("120000"), recurring=Decimal("18000.50")),
            history=[
                step("draft", "proposed", "2026-10-05"),
                step("proposed", "accepted", "2026-10-20", "Approved by the board"),
                step("accepted", "in_progress", "2026-11-02"),
            ],
            owner="Jane Roe",
            due=D(2027, 3, 31),
            tags=["erp", "2027"],
        )
    )
    for title, weight, due, done in (
        ("Vendor shortlist", 1, D(2026, 11, 1), D(2026, 11, 10)),
        ("Contract signed", 2, D(2026, 11, 20), None),
        ("Go-live", 1, D(2027, 3, 1), None),
    ):
        store.insert(
            Milestone(recommendation=erp.id, title=title, weight=weight, due=due, done_on=done)
        )
    uc = store.insert(
        Recommendation(
            client=acme.id,
            title="Move telephony to UC",
            area=Area.UNIFIED_COMMS,
            priority=Priority.MEDIUM,
            status=RecStatus.ACCEPTED,
            progress=40,
            history=[
                step("draft", "proposed", "2026-09-01"),
                step("proposed", "accepted", "2026-11-15"),
            ],
            due=D(2026, 11, 1),
        )
    )
    hire = store.insert(
        Recommendation(
            client=acme.id,
            title="Hire a security lead",
            area=Area.STAFFING,
            priority=Priority.CRITICAL,
            status=RecStatus.PROPOSED,
            history=[step("draft", "proposed", "2026-11-20")],
            due=D(2027, 1, 15),
        )
    )
    firewall = store.insert(
        Recommendation(
            client=acme.id,
            title="Renew firewall contract",
            area=Area.SECURITY,
            status=RecStatus.DEFERRED,
            history=[
                step("draft", "proposed", "2026-10-01"),
                step("proposed", "deferred", "2026-11-05", "after the budget round"),
            ],
            due=D(2026, 10, 15),
        )
    )
    store.insert(Recommendation(client=acme.id, title="Secret draft idea", due=D(2026, 1, 1)))
    store.insert(
        Recommendation(
            client=acme.id,
            title="Old backup fix",
            status=RecStatus.IMPLEMENTED,
            history=[step("in_progress", "implemented", "2026-06-01")],
        )
    )
    ids.recs = {"erp": erp.id, "uc": uc.id, "hire": hire.id, "firewall": firewall.id}
    for event in (
        Event(
            client=acme.id,
            kind=EventKind.BUDGET,
            title="FY27 budget submission",
            date=D(2026, 12, 15),
            amount=Decimal("250000"),
        ),
        Event(
            client=acme.id,
            kind=EventKind.RENEWAL,
            title="Microsoft 365 licences",
            date=D(2026, 2, 1),
            end=D(2027, 1, 31),
            notice_days=60,
            amount=Decimal("48000"),
            notes="Reseller: Contoso",
        ),
        Event(client=acme.id, kind=EventKind.MEETING, title="QBR", date=D(2026, 12, 3)),
        Event(
            client=acme.id,
            kind=EventKind.PROVISIONING,
            title="Laptop refresh",
            date=D(2027, 6, 1),
        ),
    ):
        store.insert(event)
    for category, description, year, planned, committed, actual in (
        (BudgetCategory.HARDWARE, "Laptops", 2026, "40000", "30000", "12500.50"),
        (BudgetCategory.LICENCES, "Microsoft 365", 2026, "48000", "48000", "24000"),
        (BudgetCategory.SERVICES, "ERP partner", 2026, "120000", "0", "0"),
        (BudgetCategory.HARDWARE, "Servers (last year)", 2025, "99999", "99999", "99999"),
    ):
        store.insert(
            BudgetLine(
                client=acme.id,
                fiscal_year=year,
                category=category,
                description=description,
                planned=Decimal(planned),
                committed=Decimal(committed),
                actual=Decimal(actual),
                recommendation=erp.id if description == "ERP partner" else None,
            )
        )
    store.insert(Note(client=acme.id, date=D(2026, 11, 15), text="QBR: board approved the ERP"))

    borealis = store.insert(
        Client(
            name="Borealis Bank",
            codename="Heron",
            health=Health.RED,
            role=Role.LATERAL_SUPPORT,
            contacts=[Contact(name="Bob Borealis", title="CIO", email="bob@borealis.example")],
        )
    )
    ids.borealis = borealis.id
    core = store.insert(
        Recommendation(
            client=borealis.id,
            title="Borealis core banking migration",
            status=RecStatus.IN_PROGRESS,
            history=[step("accepted", "in_progress", "2026-11-10", "Borealis board ok")],
            due=D(2026, 11, 2),
        )
    )
    store.insert(Milestone(recommendation=core.id, title="Borealis cutover", due=D(2026, 11, 3)))
    store.insert(
        Event(
            client=borealis.id,
            kind=EventKind.RENEWAL,
            title="Borealis mainframe lease",
            date=D(2026, 12, 10),
            amount=Decimal("777777"),
        )
    )
    store.insert(
        BudgetLine(
            client=borealis.id,
            fiscal_year=2026,
            category=BudgetCategory.HARDWARE,
            description="Borealis mainframe",
            planned=Decimal("777777"),
        )
    )
    store.insert(Note(client=borealis.id, date=D(2026, 11, 20), text="Borealis CIO unhappy"))
    closed = store.insert(Client(name="Closed Co", status=ClientStatus.CLOSED))
    ids.closed = closed.id
    return ids
