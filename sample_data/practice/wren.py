"""WREN — Copperline Joinery: acting Director of IT, two days a month, for a bespoke kitchen and
joinery maker too small for a C-level in IT. Fiscal year from July.
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
from practice.builder import Builder, Ms, cost, day, edit, money, move

AOIFE = "Aoife Brennan (Managing Director)"
KWAME = "Kwame Mensah (Finance Manager)"
LUCIA = "Lucía Ferrer (Office Manager)"
STEFAN = "Stefan Kowalczyk (Workshop Manager)"
CAPEX, OPEX = Spend.CAPEX, Spend.OPEX


def build(b: Builder) -> None:
    client = b.add(
        Client(
            name="Copperline Joinery",
            codename="WREN",
            status=ClientStatus.ACTIVE,
            health=Health.GREEN,
            role=Role.ACTING_DIRECTOR,
            sector="Bespoke kitchens and joinery: workshop and showroom",
            size=48,
            fiscal_year_start=7,
            nda=Nda(
                signed_on=day("2025-06-20"), expires_on=day("2027-06-20"), level=NdaLevel.STANDARD
            ),
            contacts=[
                Contact(
                    name="Aoife Brennan",
                    title="Managing Director",
                    email="aoife.brennan@copperline.example.com",
                    phone="+1 555-0141",
                ),
                Contact(
                    name="Kwame Mensah",
                    title="Finance Manager",
                    email="kwame.mensah@copperline.example.com",
                    phone="+1 555-0142",
                ),
                Contact(
                    name="Lucía Ferrer",
                    title="Office Manager",
                    email="lucia.ferrer@copperline.example.com",
                    phone="+1 555-0143",
                ),
                Contact(
                    name="Stefan Kowalczyk",
                    title="Workshop Manager",
                    email="stefan.kowalczyk@copperline.example.com",
                    phone="+1 555-0144",
                ),
            ],
            rate=money(950),
            retainer=money(2400),
            currency="EUR",
            started_on=day("2025-07-01"),
            tags=["sme", "manufacturing"],
            notes=(
                "No IT staff: an MSP on hourly call-outs and Lucía as the person who knows where "
                "the passwords are. I act as their Director of IT two days a month and sign off "
                "every IT purchase over €2k."
            ),
        ),
        on="2025-06-20",
    )
    fractional = b.add(
        Engagement(
            client=client.id,
            title="Acting Director of IT (2 days a month)",
            kind=EngagementKind.FRACTIONAL,
            status=EngagementStatus.ACTIVE,
            start=day("2025-07-01"),
            hours_budget=192,
            fee=money(28800),
            currency="EUR",
        ),
        on="2025-06-24",
    )
    c, e = client.id, fractional.id
    b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Move the file server and email to Microsoft 365",
            area=Area.CLOUD,
            rationale=(
                "One 2014 server under the stairs holds every drawing, the email and the "
                "accounts, with a USB disk as backup. SharePoint and Exchange Online remove the "
                "single point of failure and let the fitters open drawings on site."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.MEDIUM,
            estimated_cost=cost(9500, 12700),
            owner=LUCIA,
            due=day("2025-11-30"),
            expected_outcome="Server switched off; drawings reachable from site on tablets.",
        ),
        created="2025-07-14",
        steps=[
            move("2025-07-21", S.PROPOSED, "First recommendation: get off the server."),
            move("2025-08-04", S.ACCEPTED, "Aoife approves; MSP quotes the migration."),
            move("2025-09-01", S.IN_PROGRESS, "Mail moved first, then the drawings."),
            move("2025-11-28", S.IMPLEMENTED, "Drawings in SharePoint; server read-only."),
            move(
                "2026-02-20",
                S.VERIFIED,
                "Three months on: server off, no lost files, fitters use tablets on site.",
                realised_outcome="Server decommissioned; MSP call-outs down from 6 to 2 a month.",
            ),
        ],
        milestones=[
            Ms("Email to Exchange Online", "2025-09-30", 1, "2025-09-26"),
            Ms("Drawings and job folders to SharePoint", "2025-11-14", 2, "2025-11-21"),
            Ms("Server read-only, then switched off", "2025-11-30", 1, "2025-11-28"),
        ],
    )
    isdn = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Replace the ISDN lines with SIP trunks before the carrier switch-off",
            area=Area.UNIFIED_COMMS,
            rationale=(
                "The carrier withdraws ISDN at the local exchange on 31 January 2027; the "
                "showroom and workshop numbers are on ISDN2 lines. Moving to SIP trunks and a "
                "small cloud PBX keeps both numbers, adds mobile apps for the fitters and saves "
                "about €1,900 a year."
            ),
            priority=Priority.CRITICAL,
            impact=Level.HIGH,
            effort=Level.LOW,
            estimated_cost=cost(9500, 5400),
            owner=LUCIA,
            due=day("2026-11-20"),
            tags=["telephony", "deadline"],
        ),
        created="2026-05-11",
        steps=[
            move("2026-05-18", S.PROPOSED, "Carrier letter: ISDN off on 31 Jan 2027."),
            move("2026-06-01", S.ACCEPTED, "Aoife approves; in the FY2026 budget."),
            move("2026-09-07", S.IN_PROGRESS, "SIP trunks and cloud PBX ordered."),
            edit("2026-11-19", owner=AOIFE),
        ],
        milestones=[
            Ms("Order SIP trunks and a cloud PBX", "2026-09-30", 1, "2026-09-21"),
            Ms("Port the showroom and workshop numbers", "2026-11-18", 2),
            Ms("Swap handsets and set up the fitters' mobile apps", "2026-12-11", 1),
        ],
    )
    b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Adopt a small-business ERP with job costing for the workshop",
            area=Area.ERP,
            rationale=(
                "Job costs are rebuilt by hand from timesheets, supplier invoices and the "
                "accounting package; Kwame finds out a kitchen lost money six weeks after it was "
                "fitted. A small ERP with job costing, purchasing against jobs and a link to the "
                "accounts gives live margins per job."
            ),
            priority=Priority.MEDIUM,
            impact=Level.HIGH,
            effort=Level.HIGH,
            estimated_cost=cost(22000, 9600),
            owner=KWAME,
            due=day("2027-01-15"),
            tags=["finance"],
        ),
        created="2026-10-12",
        steps=[move("2026-10-30", S.PROPOSED, "Walked Kwame and Aoife through two demos.")],
    )
    web = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="New website with a portfolio and an online quote request form",
            area=Area.WEB,
            rationale=(
                "Most leads come from word of mouth and then check the website, which shows six "
                "kitchens from 2016. A portfolio of recent work and a quote form that lands in "
                "the job list turns visitors into showroom appointments."
            ),
            priority=Priority.MEDIUM,
            impact=Level.MEDIUM,
            effort=Level.MEDIUM,
            estimated_cost=cost(14500, 1200),
            owner=AOIFE,
            due=day("2026-12-18"),
        ),
        created="2026-08-10",
        steps=[
            move("2026-08-17", S.PROPOSED, "Brief and two agency quotes."),
            move("2026-09-01", S.ACCEPTED, "Aoife picks the local agency."),
            move("2026-10-05", S.IN_PROGRESS, "Photo shoots booked."),
        ],
        milestones=[
            Ms("Photos of 30 finished kitchens", "2026-10-30", 1, "2026-10-28"),
            Ms("Design approved by Aoife", "2026-11-13", 1, "2026-11-16"),
            Ms("Quote form feeding the job list", "2026-12-11", 2),
            Ms("Go live", "2026-12-18", 1),
        ],
    )
    cad = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Replace the design team's eight CAD workstations",
            area=Area.INFRASTRUCTURE,
            rationale=(
                "The 2019 workstations take four minutes to render a kitchen and two have failing "
                "GPUs. Buy in the new fiscal year's first half, before the spring order peak."
            ),
            priority=Priority.MEDIUM,
            impact=Level.MEDIUM,
            effort=Level.LOW,
            estimated_cost=cost(28000),
            owner=STEFAN,
            due=day("2027-01-31"),
        ),
        created="2026-10-26",
        steps=[
            move("2026-11-02", S.PROPOSED, "Spec agreed with the designers."),
            move("2026-11-09", S.ACCEPTED, "Aoife approves; two quotes needed."),
        ],
        milestones=[
            Ms("Quotes from two suppliers", "2026-12-04", 1),
            Ms("Workstations delivered and set up", "2027-01-29", 2),
        ],
    )
    backups = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Offsite, immutable backups for drawings, mail and accounts",
            area=Area.SECURITY,
            rationale=(
                "Microsoft 365 is not a backup. Nightly immutable copies to a second provider and "
                "a weekly offline disk survive ransomware and a deleted SharePoint site."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.LOW,
            estimated_cost=cost(1500, 2400),
            owner=LUCIA,
            due=day("2026-09-30"),
            expected_outcome="A tested restore of any file from the last 90 days.",
        ),
        created="2026-06-15",
        steps=[
            move("2026-06-22", S.PROPOSED, "After a neighbour firm's ransomware story."),
            move("2026-07-06", S.ACCEPTED, "Approved in the new fiscal year."),
            move("2026-08-03", S.IN_PROGRESS, "Backup service set up by the MSP."),
            move("2026-10-02", S.IMPLEMENTED, "Nightly immutable copy; first restore test passed."),
        ],
        milestones=[
            Ms("Backup service and retention set up", "2026-08-31", 2, "2026-08-27"),
            Ms("First restore test", "2026-09-30", 1, "2026-10-02"),
        ],
    )
    b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Move the MSP to a fixed monthly fee with a response-time SLA",
            area=Area.VENDOR,
            rationale=(
                "Hourly call-outs cost €1,500 to €2,000 a month with no response commitment. "
                "A fixed fee with a 4-hour SLA costs about the same and makes the MSP care "
                "about prevention."
            ),
            priority=Priority.LOW,
            impact=Level.MEDIUM,
            effort=Level.LOW,
            estimated_cost=cost(None, 19200),
            owner=AOIFE,
        ),
        created="2026-03-30",
        steps=[
            move("2026-04-06", S.PROPOSED, "Two fixed-fee quotes obtained."),
            move("2026-04-29", S.REJECTED, "MSP cut its hourly rate by 15%; Aoife stays put."),
        ],
    )
    b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Make the office manager a half-time IT coordinator, with training",
            area=Area.STAFFING,
            rationale=(
                "Lucía already does the work without the title or the time. Half of her week, a "
                "short admin course and a backfill for reception costs less than the MSP "
                "call-outs it replaces, and keeps the knowledge in the company."
            ),
            priority=Priority.MEDIUM,
            impact=Level.MEDIUM,
            effort=Level.LOW,
            estimated_cost=cost(2500, 21000),
            owner=AOIFE,
        ),
        created="2026-11-23",
    )

    b.at("2025-07-08")
    b.yearly(
        client,
        EventKind.BUDGET,
        [
            ("Budget planning with the MD starts", "2026-03-02"),
            ("Budget review with the MD and finance", "2026-04-15"),
            ("Owners approve the budget", "2026-05-29"),
            ("Year-end spending freeze", "2026-06-01"),
            ("Fiscal year starts", "2026-07-01"),
        ],
    )
    review = b.add(
        Event(
            client=c,
            kind=EventKind.MEETING,
            title="Monthly IT review with Aoife",
            date=day("2025-07-08"),
            all_day=False,
            time="09:30",
            rrule="FREQ=MONTHLY",
        )
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="MSP support agreement",
            date=day("2024-09-01"),
            end=day("2027-08-31"),
            notice_days=60,
            auto_renew=True,
            amount=money(18000),
            currency="EUR",
        )
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="Domain name and web hosting",
            date=day("2026-01-15"),
            end=day("2027-01-14"),
            notice_days=14,
            auto_renew=True,
            amount=money(420),
            currency="EUR",
        ),
        on="2025-07-21",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="CAD software subscriptions (8 seats)",
            date=day("2026-03-01"),
            end=day("2027-02-28"),
            notice_days=30,
            auto_renew=True,
            amount=money(19200),
            currency="EUR",
        ),
        on="2026-03-02",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.PROVISIONING,
            title="ISDN switch-off at the local exchange",
            date=day("2027-01-31"),
            recommendation=isdn.id,
            notes="Hard deadline set by the carrier; both main numbers must be ported before.",
        ),
        on="2026-05-18",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.PROVISIONING,
            title="CAD workstations delivered",
            date=day("2027-01-25"),
            amount=money(28000),
            currency="EUR",
            recommendation=cad.id,
        ),
        on="2026-11-09",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.AUDIT,
            title="Quarterly restore test",
            date=day("2026-10-02"),
            rrule="FREQ=MONTHLY;INTERVAL=3",
            recommendation=backups.id,
        ),
        on="2026-10-02",
    )
    b.skip_occurrence(review, "2027-01-08", on="2026-11-19")  # workshop closed until 11 Jan
    tel, lic, hw, svc, cloud = B.TELECOM, B.LICENCES, B.HARDWARE, B.SERVICES, B.CLOUD
    b.budget_lines(
        client,
        "2026-05-29",
        [
            (2026, tel, CAPEX, "SIP trunks, cloud PBX and handsets", 9500, 11200, 8900, isdn.id),
            (2026, tel, OPEX, "Lines and mobiles", 7800, 7800, 3100, None),
            (2026, lic, OPEX, "Microsoft 365 Business Premium (48)", 12700, 12700, 6350, None),
            (2026, lic, OPEX, "CAD software subscriptions", 19200, 19200, 0, None),
            (2026, hw, CAPEX, "CAD workstations (8)", 28000, 0, 0, cad.id),
            (2026, svc, OPEX, "MSP support (hourly)", 18000, 6000, 7900, None),
            (2026, svc, CAPEX, "New website", 14500, 14500, 7250, web.id),
            (2026, svc, OPEX, "Acting Director of IT", 28800, 28800, 12000, None),
            (2026, cloud, OPEX, "Immutable backup storage", 2400, 2400, 1000, backups.id),
        ],
    )
    b.notes(
        client,
        [
            (
                "2025-07-08",
                "Kick-off with Aoife: no IT person, one ageing server under the stairs, the MSP "
                "called about six times a month. Priorities: get off the server, backups, phones.",
                None,
            ),
            (
                "2026-10-30",
                "ERP demo day with Kwame and Aoife. Both liked the job-costing screens; Kwame "
                "worried about double entry with the accounts. Proposed a decision by mid-January, "
                "start after the spring peak.",
                None,
            ),
            (
                "2026-11-19",
                "Carrier rejected the number port: the account is still in the company's 2011 "
                "name. Resubmitted with the old name; new port date not before 4 December. ISDN "
                "goes off on 31 January, so there is margin but not much. Aoife now owns the "
                "escalation with the carrier.",
                isdn,
            ),
        ],
    )
    b.update(Client, c, "2026-11-19", health=Health.AMBER)
