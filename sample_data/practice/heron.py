"""HERON — Brightwater Health Partners: lateral support to an incumbent CIO and CISO of a
network of outpatient clinics. Advice goes through them, never around them. Fiscal year from
April.
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
    Spend,
)
from ctotui.domain.enums import BudgetCategory as B
from ctotui.domain.enums import RecStatus as S
from practice.builder import Builder, Ms, cost, day, money, move

ELENA = "Elena Vasquez-Moreau (CIO)"
RAHUL = "Rahul Desai (CISO)"
CAPEX, OPEX = Spend.CAPEX, Spend.OPEX


def build(b: Builder) -> None:
    client = b.add(
        Client(
            name="Brightwater Health Partners",
            codename="HERON",
            status=ClientStatus.ACTIVE,
            health=Health.GREEN,
            role=Role.LATERAL_SUPPORT,
            sector="Healthcare: 23 outpatient clinics and 2 imaging centres",
            size=1350,
            fiscal_year_start=4,
            nda=Nda(
                signed_on=day("2025-05-20"), expires_on=day("2028-05-20"), level=NdaLevel.STRICT
            ),
            contacts=[
                Contact(
                    name="Dr Hannah Lindqvist",
                    title="CEO",
                    email="hannah.lindqvist@brightwater.example.com",
                    phone="+1 555-0121",
                ),
                Contact(
                    name="Olumide Adeyemi",
                    title="CFO",
                    email="olumide.adeyemi@brightwater.example.com",
                    phone="+1 555-0122",
                ),
                Contact(
                    name="Elena Vasquez-Moreau",
                    title="CIO",
                    email="elena.vasquez-moreau@brightwater.example.com",
                    phone="+1 555-0123",
                ),
                Contact(
                    name="Rahul Desai",
                    title="CISO",
                    email="rahul.desai@brightwater.example.com",
                    phone="+1 555-0124",
                ),
                Contact(
                    name="Sophie Marchetti",
                    title="DPO",
                    email="sophie.marchetti@brightwater.example.com",
                    phone="+1 555-0125",
                ),
            ],
            rate=money(1600),
            retainer=money(6000),
            currency="EUR",
            started_on=day("2025-06-01"),
            tags=["healthcare", "lateral", "iso27001"],
            notes=(
                "Engaged by Elena (CIO) with the CEO's blessing. I support Elena and Rahul "
                "laterally: nothing goes to the board except through them. Patient data — strict "
                "NDA, no client documents on my laptop, work happens on their VDI."
            ),
        ),
        on="2025-05-20",
    )
    retainer = b.add(
        Engagement(
            client=client.id,
            title="Advisory retainer to the CIO and CISO",
            kind=EngagementKind.RETAINER,
            status=EngagementStatus.ACTIVE,
            start=day("2025-06-01"),
            end=day("2027-05-31"),
            hours_budget=768,
            fee=money(144000),
            currency="EUR",
        ),
        on="2025-05-26",
    )
    e = retainer.id
    c = client.id
    zero_trust = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Zero-trust access roadmap, phase 1: conditional access for clinical apps",
            area=Area.SECURITY,
            rationale=(
                "Clinicians reach the EHR and PACS from 23 sites and from home over a flat VPN. "
                "Phase 1 ties access to managed, compliant devices and named roles, removes "
                "shared clinic logins and retires the VPN for clinical apps."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.HIGH,
            estimated_cost=cost(85000, 22000),
            owner=RAHUL,
            due=day("2027-03-31"),
            expected_outcome="No shared logins; clinical apps only from compliant devices.",
            tags=["zero-trust"],
        ),
        created="2025-10-06",
        steps=[
            move("2025-10-20", S.PROPOSED, "Roadmap drafted with Rahul; Elena presents it."),
            move("2025-12-09", S.DEFERRED, "No budget left this year; re-propose next round."),
            move("2026-08-31", S.PROPOSED, "Re-proposed: mid-year reforecast freed €85k."),
            move("2026-09-22", S.ACCEPTED, "Approved by Elena and the CFO; Rahul owns it."),
        ],
        milestones=[
            Ms("Design workshop with the clinical apps team", "2026-11-13", 1, "2026-11-17"),
            Ms("Device compliance baseline for clinic PCs", "2027-01-15", 2),
            Ms("Conditional access live for EHR and PACS", "2027-03-31", 3),
        ],
    )
    pentest = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Remediate the 2026 penetration test findings (3 critical, 14 high)",
            area=Area.SECURITY,
            rationale=(
                "The June test reached the scheduling database from a clinic guest network. "
                "Critical and internet-facing findings first; internal highs by 15 November so "
                "the retest lands before the ISO 27001 surveillance audit."
            ),
            priority=Priority.CRITICAL,
            impact=Level.HIGH,
            effort=Level.MEDIUM,
            estimated_cost=cost(42000),
            owner=RAHUL,
            due=day("2026-11-15"),
            tags=["iso27001", "pentest"],
        ),
        created="2026-06-08",
        steps=[
            move("2026-06-10", S.PROPOSED, "Findings triaged with Rahul; a plan per owner."),
            move("2026-06-17", S.ACCEPTED, "Elena signs off: all fixed by 15 November."),
            move("2026-07-01", S.IN_PROGRESS, "External engineers booked for the criticals."),
        ],
        milestones=[
            Ms("Critical findings fixed (3)", "2026-07-31", 3, "2026-08-04"),
            Ms("High findings on internet-facing systems (6)", "2026-09-30", 3, "2026-10-20"),
            Ms("High findings on internal systems (8)", "2026-11-15", 2),
            Ms("Retest by the penetration testers", "2026-12-15", 1),
        ],
    )
    soc = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Buy a 24x7 managed detection service rather than hire three SOC analysts",
            area=Area.STAFFING,
            rationale=(
                "Three analysts cost about €255k a year and still leave nights and weekends "
                "uncovered; a managed detection and response service is €140k for 24x7, and "
                "Rahul's team keeps the investigations that need clinical context."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.MEDIUM,
            estimated_cost=cost(15000, 140000),
            owner=ELENA,
            due=day("2027-01-15"),
            tags=["contractor-vs-fte", "soc"],
        ),
        created="2026-02-09",
        steps=[
            move("2026-03-02", S.PROPOSED, "Both options costed; MDR wins on coverage."),
            move("2026-04-14", S.DEFERRED, "Revisit in the FY2027 round; MSSP runs to June 2027."),
        ],
    )
    b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Move the patient booking line to a cloud contact centre with call-back",
            area=Area.UNIFIED_COMMS,
            rationale=(
                "The booking line abandons 18% of calls at the Monday peak. The on-prem call "
                "distributor cannot offer call-back or overflow between clinics, and its support "
                "ends in 2027. A cloud contact centre adds call-back, overflow and reporting."
            ),
            priority=Priority.MEDIUM,
            impact=Level.HIGH,
            effort=Level.MEDIUM,
            estimated_cost=cost(60000, 48000),
            owner=ELENA,
            due=day("2026-12-15"),
            tags=["telephony", "patients"],
        ),
        created="2026-10-19",
        steps=[move("2026-11-02", S.PROPOSED, "Proposed to Elena for the December steering.")],
    )
    dr = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Stand up a secondary site for EHR, PACS and scheduling disaster recovery",
            area=Area.INFRASTRUCTURE,
            rationale=(
                "Everything runs in one server room in the head-office basement. A secondary "
                "site with database-aware replication brings the tier-1 systems back within 4 "
                "hours, which is what the clinics can survive on paper."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.HIGH,
            estimated_cost=cost(240000, 36000),
            owner=ELENA,
            due=day("2026-06-30"),
            expected_outcome="Tier-1 systems recovered within 4 hours in a witnessed test.",
            tags=["dr", "iso27001"],
        ),
        created="2025-09-15",
        steps=[
            move("2025-09-29", S.PROPOSED, "Options paper: co-location vs second own site."),
            move("2025-11-10", S.ACCEPTED, "Co-location chosen; in the FY2026 capex plan."),
            move("2026-01-12", S.IN_PROGRESS, "Contract signed; racks ordered."),
            move("2026-06-30", S.IMPLEMENTED, "Live: replication for EHR, PACS, scheduling."),
            move("2026-07-21", S.IN_PROGRESS, "DR test: PACS failover took 9 h; reopened."),
            move("2026-09-18", S.IMPLEMENTED, "PACS replication redone; failover 2 h 40."),
            move(
                "2026-10-30",
                S.VERIFIED,
                "Witnessed DR test with the auditors: all tier-1 back within 4 h.",
                realised_outcome=(
                    "EHR 1 h 50, scheduling 2 h 10, PACS 3 h 20 in the witnessed test. "
                    "Closes the ISO 27001 nonconformity from 2025."
                ),
            ),
        ],
        milestones=[
            Ms("Co-location contract and racks", "2026-02-27", 1, "2026-02-20"),
            Ms("Replication for EHR and scheduling", "2026-04-30", 2, "2026-05-06"),
            Ms("Replication for PACS", "2026-06-30", 2, "2026-06-29"),
            Ms("Witnessed DR test", "2026-10-30", 1, "2026-10-30", created="2026-07-21"),
        ],
    )
    b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Retention and archiving policy for imaging data",
            area=Area.GOVERNANCE,
            rationale=(
                "PACS storage grows 28% a year and nothing is ever deleted. A retention schedule "
                "agreed with the DPO and the medical director, plus tiering to cold storage, "
                "caps the growth and answers the regulator's question about minimisation."
            ),
            priority=Priority.LOW,
            impact=Level.MEDIUM,
            effort=Level.MEDIUM,
            owner="Sophie Marchetti (DPO)",
            tags=["gdpr", "pacs"],
        ),
        created="2026-11-19",
    )
    b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Retire the legacy patient portal and fold it into the main website",
            area=Area.WEB,
            rationale=(
                "Two patient-facing sites with two logins and two privacy notices. Folding the "
                "portal's booking and results pages into the main site halves the attack surface."
            ),
            priority=Priority.MEDIUM,
            impact=Level.MEDIUM,
            effort=Level.HIGH,
            estimated_cost=cost(70000, 12000),
            owner=ELENA,
        ),
        created="2026-04-02",
        steps=[
            move("2026-04-20", S.PROPOSED, "Discussed with Elena and the marketing lead."),
            move("2026-05-14", S.REJECTED, "Portal vendor contract runs to 2028; revisit then."),
        ],
    )
    edr = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Renew EDR on a 3-year term with a price lock, after a competing quote",
            area=Area.VENDOR,
            rationale=(
                "The EDR contract auto-renews on 31 January at list price plus 9%. A competing "
                "quote and a 3-year term should hold the price flat; the notice date is "
                "1 January, so the decision has to land before the holidays."
            ),
            priority=Priority.MEDIUM,
            impact=Level.MEDIUM,
            effort=Level.LOW,
            estimated_cost=cost(None, 64000),
            owner=RAHUL,
            due=day("2026-12-18"),
            tags=["renewal"],
        ),
        created="2026-10-28",
        steps=[
            move("2026-11-02", S.PROPOSED, "Sent to Rahul with last year's usage figures."),
            move("2026-11-05", S.ACCEPTED, "Rahul agrees; procurement runs the quote."),
        ],
        milestones=[
            Ms("Competing quote from a second vendor", "2026-11-20", 1, "2026-11-20"),
            Ms("Negotiate the 3-year price lock", "2026-12-18", 2),
        ],
    )

    b.at("2025-06-03")
    b.yearly(
        client,
        EventKind.BUDGET,
        [
            ("FY budget planning opens", "2025-11-01"),
            ("IT budget submission to the CFO", "2026-01-15"),
            ("Board approves the budget", "2026-02-20"),
            ("Budget freeze until FY start", "2026-03-15"),
            ("Fiscal year starts", "2026-04-01"),
        ],
    )
    one_to_one = b.add(
        Event(
            client=c,
            kind=EventKind.MEETING,
            title="Monthly 1:1 with the CIO",
            date=day("2025-06-03"),
            all_day=False,
            time="10:00",
            rrule="FREQ=MONTHLY",
        )
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.MEETING,
            title="Quarterly security steering committee (CIO, CISO, DPO, CFO)",
            date=day("2025-06-17"),
            all_day=False,
            time="15:00",
            rrule="FREQ=MONTHLY;INTERVAL=3",
        )
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="EDR licences (1,450 endpoints)",
            date=day("2024-02-01"),
            end=day("2027-01-31"),
            notice_days=30,
            auto_renew=True,
            amount=money(64000),
            currency="EUR",
            recommendation=edr.id,
        ),
        on="2026-10-28",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="Managed security services (MSSP) contract",
            date=day("2024-07-01"),
            end=day("2027-06-30"),
            notice_days=90,
            amount=money(118000),
            currency="EUR",
            recommendation=soc.id,
        ),
        on="2026-03-02",
    )
    iso = b.add(
        Event(
            client=c,
            kind=EventKind.AUDIT,
            title="ISO 27001 surveillance audit",
            date=day("2026-12-08"),
            end=day("2026-12-10"),
            notes="Evidence: DR test report, pen-test retest plan, risk register.",
        ),
        on="2026-05-12",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.AUDIT,
            title="Penetration test retest",
            date=day("2026-12-15"),
            recommendation=pentest.id,
        ),
        on="2026-07-01",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.AUDIT,
            title="Annual witnessed DR test",
            date=day("2026-10-30"),
            rrule="FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=30",
            recommendation=dr.id,
        ),
        on="2026-07-21",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.PROVISIONING,
            title="Clinic PC refresh, wave 3 (80 units)",
            date=day("2027-01-25"),
            amount=money(72000),
            currency="EUR",
        ),
        on="2026-04-07",
    )
    b.move_occurrence(one_to_one, "2027-01-03", "2027-01-05", on="2026-11-23")
    lic, staff, tel, svc, cloud, hw = (
        B.LICENCES,
        B.STAFF,
        B.TELECOM,
        B.SERVICES,
        B.CLOUD,
        B.HARDWARE,
    )
    b.budget_lines(
        client,
        "2026-03-20",
        [
            (2026, svc, OPEX, "Managed security services (MSSP)", 118000, 118000, 78600, soc.id),
            (2026, lic, OPEX, "EDR and email security", 64000, 64000, 64000, edr.id),
            (2026, lic, OPEX, "EHR and PACS vendor support", 410000, 410000, 273000, None),
            (2026, hw, CAPEX, "Clinic PC refresh (220 units)", 198000, 186000, 121500, None),
            (2026, hw, CAPEX, "DR site hardware", 240000, 252000, 251400, dr.id),
            (2026, cloud, OPEX, "Backup and DR replication", 36000, 36000, 23400, dr.id),
            (2026, svc, CAPEX, "Zero-trust phase 1", 85000, 31000, 12500, zero_trust.id),
            (2026, svc, OPEX, "Pen-test remediation (external)", 42000, 42000, 35700, pentest.id),
            (2026, tel, OPEX, "Clinic lines and booking line", 88000, 88000, 58300, None),
            (2026, staff, OPEX, "IT and security team (31 FTE)", 2480000, 2480000, 1650000, None),
            (2026, svc, OPEX, "CIO/CISO advisory retainer", 72000, 72000, 48000, None),
        ],
    )
    b.notes(
        client,
        [
            (
                "2025-06-03",
                "First 1:1 with Elena. Ground rules: I advise her and Rahul, never around them; "
                "nothing goes to the CEO or the board without them. Priorities: DR, pen-test "
                "follow-up, security operations.",
                None,
            ),
            (
                "2026-07-22",
                "DR test post-mortem: PACS failover 9 h against a 4 h target. Replication was "
                "file-level, not database-aware. Reopened the DR recommendation; Elena tells the "
                "board herself, with the fix and a new test date.",
                dr,
            ),
            (
                "2026-10-20",
                "Pen-test remediation: internet-facing highs closed. Internal highs are blocked "
                "on the EHR vendor's patch window (not before mid-December). Rahul to get a date "
                "in writing; the retest may slip past the audit.",
                pentest,
            ),
            (
                "2026-11-17",
                "Zero-trust design workshop: clinical apps team fine with device compliance, "
                "wary of breaking the shared workstations in treatment rooms. Pilot at two clinics "
                "in January with tap-to-badge sign-in.",
                zero_trust,
            ),
            (
                "2026-11-23",
                "Audit prep with Rahul: evidence pack ready except the pen-test retest. Agreed to "
                "show the auditors the remediation plan and the vendor's patch date.",
                iso,
            ),
        ],
    )
