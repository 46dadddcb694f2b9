"""A small, fixed practice for the UI tests and snapshots: fixed ids, fixed clock."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pendulum

from ctotui.data.folder import create_folder
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import (
    BudgetLine,
    Client,
    Contact,
    Cost,
    Event,
    Milestone,
    Nda,
    Recommendation,
)
from ctotui.domain.enums import (
    Area,
    BudgetCategory,
    ClientStatus,
    EventKind,
    Health,
    Priority,
    RecStatus,
    Role,
    Spend,
)
from ctotui.domain.status import change_status

NOW = "2026-11-27T09:00:00+00:00"


def rid(n: int) -> str:
    """A readable, valid ULID: 0000…0042."""
    return str(n).rjust(26, "0")


ACME, BOREALIS, COBALT = rid(1), rid(2), rid(3)
ERP, UC, HIRE, FIREWALL, MFA, WEB = rid(11), rid(12), rid(13), rid(14), rid(15), rid(16)
UC_M1, UC_M2, UC_M3 = rid(21), rid(22), rid(23)
BUDGET_EVENT, RENEWAL = rid(31), rid(32)
STEERING, QBR, SUBMISSION, FY_START = rid(33), rid(34), rid(35), rid(36)
LAPTOPS, M365, ERP_STUDY = rid(41), rid(42), rid(43)
CLIENT_NAMES = {ACME: "Acme Manufacturing", BOREALIS: "Borealis Health", COBALT: "Cobalt Legal"}
CODENAMES = {ACME: "Falcon", BOREALIS: "Heron", COBALT: "Ibis"}


def d(text: str) -> pendulum.Date:
    parsed = pendulum.parse(text)
    assert isinstance(parsed, pendulum.DateTime)
    return parsed.date()


def build_practice(folder: Path) -> Store:
    """Create *folder* with three clients and a handful of records; return its store."""
    create_folder(folder)
    clock = FixedClock("2026-10-01T09:00:00+00:00")
    store = Store(folder, clock=clock)
    store.insert(
        Client(
            id=ACME,
            name="Acme Manufacturing",
            codename="Falcon",
            health=Health.AMBER,
            role=Role.OUTSOURCED_CTO,
            sector="manufacturing",
            size=420,
            fiscal_year_start=1,
            nda=Nda(signed_on=d("2025-03-01"), expires_on=d("2028-03-01")),
            contacts=[Contact(name="Dana Reyes", title="CEO", email="dana@acme.example.com")],
            retainer=Decimal("6500"),
        )
    )
    store.insert(
        Client(
            id=BOREALIS,
            name="Borealis Health",
            codename="Heron",
            role=Role.LATERAL_SUPPORT,
            sector="healthcare",
            fiscal_year_start=7,
        )
    )
    store.insert(
        Client(
            id=COBALT,
            name="Cobalt Legal",
            codename="Ibis",
            status=ClientStatus.PROSPECT,
            role=Role.ACTING_DIRECTOR,
            health=Health.GREEN,
        )
    )

    def rec(
        rec_id: str,
        client: str,
        title: str,
        area: Area,
        priority: Priority,
        path: list[RecStatus],
        due: str | None = None,
        cost: str | None = None,
        owner: str = "",
        progress: int | None = None,
    ) -> None:
        store.insert(
            Recommendation(
                id=rec_id,
                client=client,
                title=title,
                area=area,
                priority=priority,
                due=d(due) if due else None,
                owner=owner,
                progress=progress,
                estimated_cost=Cost(one_time=Decimal(cost)) if cost else None,
            )
        )
        for status in path:
            clock.advance(days=3)
            current = store.get(Recommendation, rec_id)
            store.update(Recommendation, rec_id, **change_status(current, status, clock, ""))

    S = RecStatus
    rec(ERP, ACME, "Replace the ERP", Area.ERP, Priority.HIGH, [S.PROPOSED], "2026-12-01", "180000")
    rec(
        UC,
        ACME,
        "Move telephony to unified communications",
        Area.UNIFIED_COMMS,
        Priority.MEDIUM,
        [S.PROPOSED, S.ACCEPTED, S.IN_PROGRESS],
        "2027-02-15",
        "42000",
        owner="Sam Ortiz",
    )
    rec(
        HIRE,
        ACME,
        "Hire a security lead",
        Area.STAFFING,
        Priority.CRITICAL,
        [S.PROPOSED, S.ACCEPTED],
        "2026-11-20",
        owner="Dana Reyes",
    )
    rec(FIREWALL, BOREALIS, "Renew the firewall contract", Area.SECURITY, Priority.MEDIUM, [])
    rec(
        MFA,
        BOREALIS,
        "MFA for every account",
        Area.SECURITY,
        Priority.HIGH,
        [S.PROPOSED, S.ACCEPTED, S.IN_PROGRESS],
        "2027-01-15",
        progress=60,
        owner="IT desk",
    )
    rec(
        WEB,
        COBALT,
        "Refresh the web presence",
        Area.WEB,
        Priority.LOW,
        [S.PROPOSED, S.DEFERRED],
        "2027-04-30",
        "9500",
    )
    for mid, title, due, weight, done in (
        (UC_M1, "Pick the UC vendor", "2026-10-30", 1, "2026-10-28"),
        (UC_M2, "Pilot with the sales team", "2026-12-15", 2, None),
        (UC_M3, "Port the numbers", "2027-02-01", 1, None),
    ):
        store.insert(
            Milestone(
                id=mid,
                recommendation=UC,
                title=title,
                due=d(due),
                weight=weight,
                done_on=d(done) if done else None,
            )
        )
    store.insert(
        Event(
            id=BUDGET_EVENT,
            client=ACME,
            kind=EventKind.BUDGET,
            title="Budget submission FY2027",
            date=d("2026-12-10"),
        )
    )
    store.insert(
        Event(
            id=RENEWAL,
            client=BOREALIS,
            kind=EventKind.RENEWAL,
            title="EHR licence renewal",
            date=d("2027-01-31"),
            end=d("2027-01-31"),
            notice_days=60,
            amount=Decimal("54000"),
        )
    )
    # Recurring items: computed from a rule, never stored as copies.
    for event_id, client, kind, title, day, rule, offset in (
        (STEERING, ACME, EventKind.MEETING, "Steering committee", "2026-10-06", "monthly", None),
        (QBR, COBALT, EventKind.MEETING, "QBR", "2026-09-15", "quarterly", None),
        (SUBMISSION, BOREALIS, EventKind.BUDGET, "Budget submission", "2026-01-01", "", -90),
        (FY_START, BOREALIS, EventKind.BUDGET, "Fiscal year starts", "2026-01-01", "", 0),
    ):
        store.insert(
            Event(
                id=event_id,
                client=client,
                kind=kind,
                title=title,
                date=d(day),
                rrule=rule,
                fiscal_offset_days=offset,
            )
        )
    for line_id, category, spend, description, planned, committed, actual, rec_id in (
        (LAPTOPS, BudgetCategory.HARDWARE, Spend.CAPEX, "Laptops", 40000, 38000, 44500, None),
        (M365, BudgetCategory.LICENCES, Spend.OPEX, "Microsoft 365", 24000, 24000, 22000, None),
        (ERP_STUDY, BudgetCategory.SERVICES, Spend.OPEX, "ERP selection study", 15000, 0, 0, ERP),
    ):
        store.insert(
            BudgetLine(
                id=line_id,
                client=ACME,
                fiscal_year=2026,
                category=category,
                spend=spend,
                description=description,
                planned=Decimal(planned),
                committed=Decimal(committed),
                actual=Decimal(actual),
                recommendation=rec_id,
            )
        )
    store.insert(
        BudgetLine(
            client=ACME,
            fiscal_year=2026,
            category=BudgetCategory.TELECOM,
            description="UC licences",
            planned=Decimal("30000"),
            committed=Decimal("12000"),
            actual=Decimal("9000"),
        )
    )
    store.clock = FixedClock(NOW)
    return store
