"""LINNET — Pellucid Analytics: a prospect. A retail-analytics SaaS start-up whose first
enterprise pilot needs SOC 2 and a named security owner; a fractional CTO proposal is out.
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
from practice.builder import Builder, cost, day, money

NOOR = "Noor Haddad (CEO)"


def build(b: Builder) -> None:
    client = b.add(
        Client(
            name="Pellucid Analytics",
            codename="LINNET",
            status=ClientStatus.PROSPECT,
            health=Health.GREEN,
            role=Role.FRACTIONAL_CTO,
            sector="B2B SaaS: demand forecasting for retailers",
            size=35,
            fiscal_year_start=1,
            nda=Nda(
                signed_on=day("2026-11-04"), expires_on=day("2027-11-04"), level=NdaLevel.MUTUAL
            ),
            contacts=[
                Contact(
                    name="Noor Haddad",
                    title="CEO",
                    email="noor.haddad@pellucid.example.com",
                    phone="+1 555-0191",
                ),
                Contact(
                    name="Ben Achterberg",
                    title="COO",
                    email="ben.achterberg@pellucid.example.com",
                    phone="+1 555-0192",
                ),
                Contact(
                    name="Yuki Tanaka",
                    title="Head of Engineering",
                    email="yuki.tanaka@pellucid.example.com",
                    phone="+1 555-0193",
                ),
            ],
            rate=money(1500),
            currency="EUR",
            tags=["saas", "soc2", "prospect"],
            notes=(
                "Introduced by Marguerite Halvorsen (KESTREL), who sits on their advisory board. "
                "Series A closed in September; the first enterprise pilot (a grocery chain) "
                "hinges on SOC 2 and a named security owner."
            ),
        ),
        on="2026-11-04",
    )
    b.add(
        Engagement(
            client=client.id,
            title="Fractional CTO, one day a week (proposal)",
            kind=EngagementKind.FRACTIONAL,
            status=EngagementStatus.PLANNED,
            start=day("2027-01-04"),
            end=day("2027-12-31"),
            hours_budget=384,
            fee=money(69600),
            currency="EUR",
        ),
        on="2026-11-18",
    )
    c = client.id
    b.rec(
        Recommendation(
            client=c,
            title="Get to SOC 2 Type I before the enterprise pilot, Type II within a year",
            area=Area.SECURITY,
            rationale=(
                "The grocery chain's security team will not sign the pilot without SOC 2. Type I "
                "is reachable in about four months with a compliance-automation tool and an "
                "auditor lined up now; most controls already exist informally."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.HIGH,
            estimated_cost=cost(38000, 26000),
            owner=NOOR,
            tags=["soc2"],
        ),
        created="2026-11-10",
    )
    b.rec(
        Recommendation(
            client=c,
            title="A fractional vCISO for 12 months, as Halvorsen did, not a first security hire",
            area=Area.STAFFING,
            rationale=(
                "A senior security hire takes 4-6 months to find and would sit idle once SOC 2 "
                "is done; a junior one cannot face an enterprise security team. A vCISO two "
                "days a month carries the audit and the questionnaires, then hands over to a "
                "mid-level hire in 2028."
            ),
            priority=Priority.MEDIUM,
            impact=Level.MEDIUM,
            effort=Level.LOW,
            estimated_cost=cost(None, 42000),
            owner=NOOR,
            tags=["contractor-vs-fte"],
        ),
        created="2026-11-10",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.MEETING,
            title="Proposal review with Noor and Ben",
            date=day("2026-12-03"),
            all_day=False,
            time="11:00",
        ),
        on="2026-11-18",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.OTHER,
            title="Pilot customer's security questionnaire due",
            date=day("2027-01-15"),
        ),
        on="2026-11-18",
    )
    b.notes(
        client,
        [
            (
                "2026-11-04",
                "Intro call with Noor and Yuki. Engineering is strong, security is nobody's job, "
                "and the pilot contract has a SOC 2 clause. Mutual NDA signed the same day.",
                None,
            ),
            (
                "2026-11-18",
                "Sent the proposal: one day a week for 2027, SOC 2 first. Draft recommendations "
                "shared informally with Noor; they become real once the engagement starts.",
                None,
            ),
        ],
    )
