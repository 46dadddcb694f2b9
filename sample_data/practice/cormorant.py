"""CORMORANT — Meridian Insurance Brokers: M&A advisor on the acquisition of Aldous & Finch,
from buy-side IT due diligence to integrating the two IT estates. Fiscal year from April; GBP.
"""

from __future__ import annotations

from ctotui.domain.entities import (
    Client,
    Contact,
    Cost,
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
    Spend,
)
from ctotui.domain.enums import BudgetCategory as B
from ctotui.domain.enums import RecStatus as S
from practice.builder import Builder, Ms, cost, day, money, move

GARETH = "Gareth Lloyd (CIO)"
FIONA = "Fiona Gallagher (Integration Director)"
ARJUN = "Arjun Mehta (CFO)"
CAPEX, OPEX = Spend.CAPEX, Spend.OPEX


def gbp(one_time: int | None = None, recurring: int | None = None) -> Cost:
    return cost(one_time, recurring, "GBP")


def build(b: Builder) -> None:
    client = b.add(
        Client(
            name="Meridian Insurance Brokers",
            codename="CORMORANT",
            status=ClientStatus.ACTIVE,
            health=Health.GREEN,
            role=Role.MA_ADVISOR,
            sector="Insurance broking (acquiring Aldous & Finch, 230 staff)",
            size=610,
            fiscal_year_start=4,
            nda=Nda(
                signed_on=day("2026-01-12"), expires_on=day("2029-01-12"), level=NdaLevel.STRICT
            ),
            contacts=[
                Contact(
                    name="Charlotte Pemberton",
                    title="CEO",
                    email="charlotte.pemberton@meridian.example.com",
                    phone="+1 555-0181",
                ),
                Contact(
                    name="Arjun Mehta",
                    title="CFO",
                    email="arjun.mehta@meridian.example.com",
                    phone="+1 555-0182",
                ),
                Contact(
                    name="Gareth Lloyd",
                    title="CIO",
                    email="gareth.lloyd@meridian.example.com",
                    phone="+1 555-0183",
                ),
                Contact(
                    name="Fiona Gallagher",
                    title="Integration Director",
                    email="fiona.gallagher@meridian.example.com",
                    phone="+1 555-0184",
                ),
                Contact(
                    name="Declan Murphy",
                    title="Head of IT, Aldous & Finch",
                    email="declan.murphy@aldousfinch.example.com",
                    phone="+1 555-0185",
                ),
            ],
            rate=money(1350),
            currency="GBP",
            started_on=day("2026-02-02"),
            tags=["m&a", "insurance", "integration"],
            # The target's name, however written, stays off a shared screen.
            redact_terms=["Aldous & Finch", "A&F", "Aldous", "Finch"],
            notes=(
                "Project CORMORANT until the deal was announced on 30 June; the target's name "
                "must not appear anywhere before that date. Gareth (CIO) owns the integration, "
                "Fiona runs the programme office; I advise both and sit on the integration board."
            ),
        ),
        on="2026-01-12",
    )
    dd = b.add(
        Engagement(
            client=client.id,
            title="Buy-side IT due diligence",
            kind=EngagementKind.PROJECT,
            status=EngagementStatus.COMPLETED,
            start=day("2026-02-02"),
            end=day("2026-04-30"),
            hours_budget=200,
            fee=money(36000),
            currency="GBP",
        ),
        on="2026-01-26",
    )
    integration = b.add(
        Engagement(
            client=client.id,
            title="Post-merger IT integration advisory",
            kind=EngagementKind.ADVISORY,
            status=EngagementStatus.ACTIVE,
            start=day("2026-05-01"),
            end=day("2027-06-30"),
            hours_budget=400,
            fee=money(108000),
            currency="GBP",
        ),
        on="2026-04-24",
    )
    c, e = client.id, integration.id
    b.rec(
        Recommendation(
            client=c,
            engagement=dd.id,
            title="IT due diligence on the target: estate, contracts, security, people",
            area=Area.MA,
            rationale=(
                "Before signing: what the target runs, what it costs, which contracts have "
                "change-of-control clauses, how exposed it is, who holds the knowledge, and "
                "what integration will cost — priced into the deal rather than found later."
            ),
            priority=Priority.CRITICAL,
            impact=Level.HIGH,
            effort=Level.MEDIUM,
            estimated_cost=gbp(36000),
            owner=ARJUN,
            due=day("2026-03-27"),
            expected_outcome="Red flags priced into the deal.",
        ),
        created="2026-02-02",
        steps=[
            move("2026-02-04", S.PROPOSED, "Scope: estate, contracts, security, people, cost."),
            move("2026-02-05", S.ACCEPTED, "Signed off by Arjun."),
            move("2026-02-09", S.IN_PROGRESS, "Data room access; interviews booked."),
            move("2026-03-27", S.IMPLEMENTED, "Report delivered: four red flags."),
            move(
                "2026-04-30",
                S.VERIFIED,
                "All four red flags reflected in the SPA.",
                realised_outcome=(
                    "£420k escrow for IT remediation; retention for two key engineers; "
                    "change-of-control consents obtained before completion."
                ),
            ),
        ],
    )
    day_one = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Day 1: cross-tenant mail, shared calendars and single sign-on",
            area=Area.INFRASTRUCTURE,
            rationale=(
                "On completion day both firms must email, meet and find each other as one "
                "company, without migrating anything yet: mail flow, free/busy, a shared address "
                "book and single sign-on for the 230 new colleagues."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.MEDIUM,
            estimated_cost=gbp(48000),
            owner=GARETH,
            due=day("2026-07-01"),
            expected_outcome="One company on Day 1; verify at the Day-200 review.",
        ),
        created="2026-04-13",
        steps=[
            move("2026-04-20", S.PROPOSED, "Day-1 scope kept to coexistence, no migrations."),
            move("2026-05-05", S.ACCEPTED, "Integration board approves."),
            move("2026-05-11", S.IN_PROGRESS, "Tenant trust and mail flow in test."),
            move("2026-07-01", S.IMPLEMENTED, "Day 1 went live for all 230 A&F staff."),
        ],
        milestones=[
            Ms("Cross-tenant trust and mail flow tested", "2026-06-05", 2, "2026-06-04"),
            Ms("Shared address book and free/busy", "2026-06-19", 1, "2026-06-22"),
            Ms("Single sign-on for A&F staff", "2026-07-01", 2, "2026-07-01"),
        ],
    )
    crm = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Consolidate both brokers onto one CRM and broking platform",
            area=Area.CRM,
            rationale=(
                "A&F's broking platform is out of support and holds 38,000 client and policy "
                "records. Moving A&F onto Meridian's platform gives one view of each client, "
                "one renewal engine and one set of compliance reports."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.HIGH,
            estimated_cost=gbp(145000, 38000),
            owner=GARETH,
            due=day("2027-03-31"),
            tags=["migration"],
        ),
        created="2026-06-15",
        steps=[
            move("2026-07-06", S.PROPOSED, "Option paper: migrate A&F onto Meridian's platform."),
            move("2026-08-03", S.ACCEPTED, "Integration board agrees."),
            move("2026-09-01", S.IN_PROGRESS, "Migration partner on board."),
        ],
        milestones=[
            Ms("Data mapping of clients and policies", "2026-10-16", 2, "2026-10-19"),
            Ms("Trial migration of one A&F branch", "2026-12-18", 2),
            Ms("Full migration; A&F platform read-only", "2027-03-31", 3),
        ],
    )
    uc = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Merge the two telephone estates into one UC platform and number plan",
            area=Area.UNIFIED_COMMS,
            rationale=(
                "Clients call A&F branches on numbers that route to a different phone system "
                "with its own hunt groups and recordings (needed for FCA compliance). One UC "
                "platform with one number plan and one call-recording archive."
            ),
            priority=Priority.MEDIUM,
            impact=Level.MEDIUM,
            effort=Level.MEDIUM,
            estimated_cost=gbp(64000, 21000),
            owner=GARETH,
            due=day("2027-02-26"),
            tags=["telephony", "compliance"],
        ),
        created="2026-09-21",
        steps=[
            move("2026-09-28", S.PROPOSED, "A&F's phone contract ends in March."),
            move("2026-10-14", S.ACCEPTED, "Approved; capex from the integration budget."),
        ],
        milestones=[
            Ms("Inventory of A&F numbers, lines and contracts", "2026-11-13", 1, "2026-11-13"),
            Ms("Number-plan design for both estates", "2026-12-11", 1),
            Ms("A&F branches moved; call recordings archived", "2027-02-26", 3),
        ],
    )
    tsa = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Exit the seller's transitional IT services by 30 June 2027",
            area=Area.MA,
            rationale=(
                "The seller's group still runs A&F's service desk, finance system hosting and "
                "network under a TSA at £18k a month. Each service needs a dated exit so the "
                "TSA ends on time and the charges stop."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.HIGH,
            estimated_cost=gbp(90000),
            owner=FIONA,
            due=day("2027-06-30"),
            tags=["tsa"],
        ),
        created="2026-06-22",
        steps=[
            move("2026-06-24", S.PROPOSED, "Exit plan per TSA service."),
            move("2026-06-30", S.ACCEPTED, "Agreed at completion."),
            move("2026-07-06", S.IN_PROGRESS, "Service catalogue under review with the seller."),
        ],
        milestones=[
            Ms("TSA service catalogue and exit dates agreed", "2026-08-14", 1, "2026-08-14"),
            Ms("Service desk moved to Meridian", "2026-11-20", 2, "2026-11-20"),
            Ms("Finance systems off the seller's hosting", "2027-03-31", 3),
            Ms("TSA terminated", "2027-06-30", 1),
        ],
    )
    retention = b.rec(
        Recommendation(
            client=c,
            engagement=dd.id,
            title="Retention bonuses for A&F's two key IT engineers until TSA exit",
            area=Area.STAFFING,
            rationale=(
                "Two engineers hold almost all knowledge of A&F's broking platform and network. "
                "Losing either before the TSA exit would stall the migration; a 15-month "
                "retention bonus is cheap insurance."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.LOW,
            estimated_cost=gbp(60000),
            owner=ARJUN,
            due=day("2026-06-30"),
        ),
        created="2026-03-23",
        steps=[
            move("2026-03-27", S.PROPOSED, "Key-person risk from the due diligence."),
            move("2026-04-24", S.ACCEPTED, "Included in the deal terms."),
            move("2026-05-18", S.IN_PROGRESS, "Letters drafted with HR."),
            move("2026-06-10", S.IMPLEMENTED, "Both engineers signed 15-month letters."),
        ],
    )
    b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Rationalise overlapping applications from 41 to 24",
            area=Area.MA,
            rationale=(
                "Between them the two firms run 41 applications, 17 of them duplicates (two "
                "quoting tools, two document stores, three e-signature services). Retiring the "
                "duplicates saves about £210k a year in licences."
            ),
            priority=Priority.MEDIUM,
            impact=Level.MEDIUM,
            effort=Level.HIGH,
            estimated_cost=gbp(40000, None),
            owner=GARETH,
            due=day("2026-12-08"),
            tags=["licences"],
        ),
        created="2026-11-09",
        steps=[move("2026-11-20", S.PROPOSED, "For the integration board on 8 December.")],
    )
    security = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Bring A&F endpoints onto the group EDR and SIEM before the insurance renewal",
            area=Area.SECURITY,
            rationale=(
                "The group cyber policy renews on 1 January and the insurer asks whether every "
                "endpoint is on EDR. A&F's 230 laptops are on a basic antivirus and its servers "
                "log nowhere."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.MEDIUM,
            estimated_cost=gbp(18000, 14000),
            owner=GARETH,
            due=day("2026-12-07"),
            tags=["insurance"],
        ),
        created="2026-11-09",
        steps=[
            move("2026-11-10", S.PROPOSED, "Insurer's questionnaire is due mid-December."),
            move("2026-11-16", S.ACCEPTED, "Gareth approves; Declan's team does the rollout."),
        ],
        milestones=[
            Ms("Pilot EDR on the A&F service desk (15 devices)", "2026-12-02", 1),
            Ms("EDR on all A&F laptops; servers into the SIEM", "2026-12-18", 3),
        ],
    )

    b.at("2026-02-05")
    b.yearly(
        client,
        EventKind.BUDGET,
        [
            ("FY budget planning opens", "2026-12-01"),
            ("Budget submission to the CFO", "2027-01-29"),
            ("Board approves the budget", "2026-03-02"),
            ("Budget freeze until FY start", "2026-03-16"),
            ("Fiscal year starts", "2026-04-01"),
        ],
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.OTHER,
            title="Legal completion of the Aldous & Finch acquisition",
            date=day("2026-06-30"),
        ),
        on="2026-04-30",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.MEETING,
            title="Integration board",
            date=day("2026-05-08"),
            all_day=False,
            time="15:00",
            rrule="FREQ=MONTHLY;UNTIL=20270630",
        ),
        on="2026-05-05",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.MEETING,
            title="Quarterly integration review with the board",
            date=day("2026-06-22"),
            all_day=False,
            time="11:00",
            rrule="FREQ=MONTHLY;INTERVAL=3;COUNT=5",
        ),
        on="2026-05-05",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.MEETING,
            title="Day-200 review (Day-1 coexistence verified?)",
            date=day("2027-01-15"),
            recommendation=day_one.id,
        ),
        on="2026-07-01",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="Transitional services agreement with the seller",
            date=day("2026-07-01"),
            end=day("2027-06-30"),
            notice_days=90,
            amount=money(216000),
            currency="GBP",
            recommendation=tsa.id,
            notes="90 days' notice per service; charges stop service by service.",
        ),
        on="2026-06-30",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="A&F broking platform licence (out of support)",
            date=day("2024-04-01"),
            end=day("2027-03-31"),
            notice_days=60,
            auto_renew=True,
            amount=money(41000),
            currency="GBP",
            recommendation=crm.id,
        ),
        on="2026-06-30",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="Group cyber insurance policy",
            date=day("2026-01-01"),
            end=day("2026-12-31"),
            notice_days=30,
            amount=money(38000),
            currency="GBP",
            recommendation=security.id,
        ),
        on="2026-06-30",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="A&F phone system contract",
            date=day("2024-03-01"),
            end=day("2027-03-31"),
            notice_days=90,
            amount=money(26000),
            currency="GBP",
            recommendation=uc.id,
        ),
        on="2026-09-28",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.STAFFING,
            title="Retention period of A&F's key engineers ends",
            date=day("2027-09-30"),
            recommendation=retention.id,
        ),
        on="2026-06-10",
    )
    svc, lic, tel, staff, hw = B.SERVICES, B.LICENCES, B.TELECOM, B.STAFF, B.HARDWARE
    b.budget_lines(
        client,
        "2026-03-02",
        [
            (
                2026,
                svc,
                CAPEX,
                "Integration programme (partners, migration)",
                480000,
                352000,
                214000,
                None,
            ),
            (2026, lic, OPEX, "Microsoft 365 for A&F staff (230)", 82000, 82000, 49200, day_one.id),
            (2026, lic, CAPEX, "CRM/broking platform migration", 145000, 120000, 54000, crm.id),
            (2026, tel, CAPEX, "UC merge", 64000, 0, 0, uc.id),
            (
                2026,
                staff,
                OPEX,
                "Retention bonuses (2 engineers)",
                60000,
                60000,
                30000,
                retention.id,
            ),
            (2026, svc, OPEX, "TSA charges from the seller", 216000, 216000, 144000, tsa.id),
            (2026, hw, CAPEX, "Managed laptops for A&F staff", 92000, 97500, 97500, None),
            (2026, svc, OPEX, "M&A IT advisory", 108000, 108000, 63000, None),
        ],
    )
    b.notes(
        client,
        [
            (
                "2026-03-27",
                "Due diligence read-out to Charlotte, Arjun and Gareth. Four red flags: "
                "unsupported broking platform, no MFA on remote access, two engineers hold all "
                "the knowledge, two contracts with change-of-control clauses. Arjun will take "
                "the remediation cost to the price negotiation.",
                None,
            ),
            (
                "2026-07-01",
                "Day 1: mail, calendars and sign-on worked for all 230 A&F staff by 10:00. Three "
                "shared mailboxes missed in the inventory, fixed by noon.",
                day_one,
            ),
            (
                "2026-10-19",
                "CRM data mapping finished. Trial migration is blocked until A&F's platform "
                "vendor ships the export API it promised for Q4; nothing to do but chase. Gareth "
                "escalated to the vendor's account director.",
                crm,
            ),
            (
                "2026-11-20",
                "Application inventory done with Declan: 41 applications, 17 duplicates. "
                "Rationalisation paper goes to the integration board on 8 December.",
                None,
            ),
        ],
    )
