"""PLOVER — Tessaro Architects: a paused client. The advisory work around a new website and an
office move stopped when the move did; two recommendations wait for the new lease.
"""

from __future__ import annotations

from ctotui.domain.entities import (
    Client,
    Contact,
    Engagement,
    Event,
    Nda,
    Recommendation,
)
from ctotui.domain.enums import (
    Area,
    ClientStatus,
    EngagementKind,
    EngagementStatus,
    EventKind,
    Health,
    Level,
    NdaLevel,
    Priority,
    Role,
)
from ctotui.domain.enums import RecStatus as S
from practice.builder import Builder, Ms, cost, day, money, move

ELIF = "Elif Demir (Managing Partner)"
OWEN = "Owen Pryce (Practice Manager)"


def build(b: Builder) -> None:
    client = b.add(
        Client(
            name="Tessaro Architects",
            codename="PLOVER",
            status=ClientStatus.ACTIVE,
            health=Health.GREEN,
            role=Role.ADVISORY,
            sector="Architecture and interior design practice",
            size=60,
            fiscal_year_start=7,
            nda=Nda(
                signed_on=day("2025-01-15"), expires_on=day("2026-12-31"), level=NdaLevel.STANDARD
            ),
            contacts=[
                Contact(
                    name="Elif Demir",
                    title="Managing Partner",
                    email="elif.demir@tessaro.example.com",
                    phone="+1 555-0171",
                ),
                Contact(
                    name="Owen Pryce",
                    title="Practice Manager",
                    email="owen.pryce@tessaro.example.com",
                    phone="+1 555-0172",
                ),
                Contact(
                    name="Chiara Rossi",
                    title="BIM Manager",
                    email="chiara.rossi@tessaro.example.com",
                    phone="+1 555-0173",
                ),
            ],
            rate=money(1200),
            currency="EUR",
            started_on=day("2025-02-01"),
            tags=["architecture", "office-move"],
        ),
        on="2025-01-15",
    )
    project = b.add(
        Engagement(
            client=client.id,
            title="Website and office-move advisory",
            kind=EngagementKind.ADVISORY,
            status=EngagementStatus.COMPLETED,
            start=day("2025-02-01"),
            end=day("2026-03-31"),
            hours_budget=120,
            fee=money(22000),
            currency="EUR",
        ),
        on="2025-01-20",
    )
    c, e = client.id, project.id
    b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Replace the brochure website with a portfolio site on a managed CMS",
            area=Area.WEB,
            rationale=(
                "The practice wins work on its portfolio, yet the site needs a developer for "
                "every new project page. A managed CMS with project templates lets the "
                "architects publish their own work."
            ),
            priority=Priority.MEDIUM,
            impact=Level.MEDIUM,
            effort=Level.MEDIUM,
            estimated_cost=cost(18000, 2400),
            owner=OWEN,
            due=day("2025-09-30"),
            expected_outcome="Architects publish project pages themselves.",
        ),
        created="2025-02-10",
        steps=[
            move("2025-02-24", S.PROPOSED, "Three agencies briefed."),
            move("2025-03-17", S.ACCEPTED, "Elif chose the studio that did their signage."),
            move("2025-04-07", S.IN_PROGRESS, "Templates and content model agreed."),
            move("2025-09-19", S.IMPLEMENTED, "Live with 42 projects."),
            move(
                "2025-11-24",
                S.VERIFIED,
                "Two months on: 11 new project pages, none by a developer.",
                realised_outcome="Enquiries via the site up from 3 to 9 a month.",
            ),
        ],
        milestones=[
            Ms("Templates and content model", "2025-05-16", 1, "2025-05-14"),
            Ms("42 projects migrated", "2025-08-29", 2, "2025-09-10"),
            Ms("Launch", "2025-09-30", 1, "2025-09-19"),
        ],
    )
    cad = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Move the CAD and BIM project archive to tiered cloud storage",
            area=Area.CLOUD,
            rationale=(
                "Nine terabytes of closed projects sit on a NAS that is full and out of "
                "warranty. Tiered cloud storage keeps live projects fast and the archive cheap, "
                "and it means one thing fewer to move when the office moves."
            ),
            priority=Priority.MEDIUM,
            impact=Level.MEDIUM,
            effort=Level.MEDIUM,
            estimated_cost=cost(12000, 6800),
            owner="Chiara Rossi (BIM Manager)",
        ),
        created="2025-10-06",
        steps=[
            move("2025-10-20", S.PROPOSED, "Sized for 9 TB, growing 1.5 TB a year."),
            move("2026-03-27", S.DEFERRED, "Paused with the office move."),
        ],
    )
    phones = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Replace the analogue phone system with a cloud PBX at the office move",
            area=Area.UNIFIED_COMMS,
            rationale=(
                "The analogue system cannot move with the office. A cloud PBX with softphones "
                "costs less than rewiring the new floor for handsets."
            ),
            priority=Priority.LOW,
            impact=Level.MEDIUM,
            effort=Level.LOW,
            estimated_cost=cost(6000, 5400),
            owner=OWEN,
        ),
        created="2026-01-19",
        steps=[
            move("2026-02-02", S.PROPOSED, "Part of the office-move plan."),
            move("2026-03-27", S.DEFERRED, "Paused with the office move."),
        ],
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="CAD and BIM subscriptions (22 seats)",
            date=day("2026-07-01"),
            end=day("2027-06-30"),
            notice_days=60,
            auto_renew=True,
            amount=money(61600),
            currency="EUR",
            recommendation=cad.id,
        ),
        on="2025-10-20",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.MEETING,
            title="Check-in call with Elif: is the lease signed?",
            date=day("2027-01-12"),
            all_day=False,
            time="16:00",
            recommendation=phones.id,
        ),
        on="2026-03-27",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.OTHER,
            title="NDA with Tessaro expires (renew if the work restarts)",
            date=day("2026-12-31"),
        ),
        on="2026-03-27",
    )
    b.notes(
        client,
        [
            (
                "2026-03-27",
                "Engagement paused: the office move is on hold until the lease on the new "
                "building is signed (Elif expects Q1 2027). The CAD archive and the phone system "
                "are deferred to travel with the move. Retainer stops at the end of March.",
                None,
            ),
        ],
    )
    b.update(Client, c, "2026-03-31", status=ClientStatus.PAUSED)
    b.add(
        Event(
            client=c,
            kind=EventKind.MEETING,
            title="Intro to Aoife Brennan of Copperline Joinery: the new office's fit-out",
            date=day("2027-01-19"),
            all_day=False,
            time="10:00",
            notes="Elif asked for a joiner who works from drawings; Aoife's team fits out offices.",
        ),
        on="2026-11-20",
    )
