"""KESTREL — Halvorsen Freight & Logistics: outsourced CTO of a mid-size road-freight and 3PL
firm (11 depots, no IT leadership of its own beyond an IT manager). Fiscal year = calendar year.
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

HARDWARE, LICENCES, STAFF, TELECOM, SERVICES, CLOUD = (
    B.HARDWARE,
    B.LICENCES,
    B.STAFF,
    B.TELECOM,
    B.SERVICES,
    B.CLOUD,
)
CAPEX, OPEX = Spend.CAPEX, Spend.OPEX

TOMASZ = "Tomasz Wójcik (IT Manager)"
DANIEL = "Daniel Okafor (CFO)"
INES = "Ines Carvalho (Head of Sales)"


def build(b: Builder) -> None:
    client = b.add(
        Client(
            name="Halvorsen Freight & Logistics",
            codename="KESTREL",
            status=ClientStatus.ACTIVE,
            health=Health.GREEN,
            role=Role.OUTSOURCED_CTO,
            sector="Road freight and contract logistics (3PL)",
            size=420,
            fiscal_year_start=1,
            nda=Nda(
                signed_on=day("2024-02-12"), expires_on=day("2027-02-28"), level=NdaLevel.MUTUAL
            ),
            contacts=[
                Contact(
                    name="Marguerite Halvorsen",
                    title="CEO",
                    email="marguerite.halvorsen@halvorsen.example.com",
                    phone="+1 555-0101",
                ),
                Contact(
                    name="Daniel Okafor",
                    title="CFO",
                    email="daniel.okafor@halvorsen.example.com",
                    phone="+1 555-0102",
                ),
                Contact(
                    name="Priya Raman",
                    title="COO",
                    email="priya.raman@halvorsen.example.com",
                    phone="+1 555-0103",
                ),
                Contact(
                    name="Tomasz Wójcik",
                    title="IT Manager",
                    email="tomasz.wojcik@halvorsen.example.com",
                    phone="+1 555-0104",
                ),
                Contact(
                    name="Ines Carvalho",
                    title="Head of Sales",
                    email="ines.carvalho@halvorsen.example.com",
                    phone="+1 555-0105",
                ),
            ],
            rate=money(1450),
            retainer=money(9500),
            currency="EUR",
            started_on=day("2024-03-01"),
            tags=["logistics", "nis2", "retainer"],
            notes=(
                "Family-owned, second generation. Marguerite decides; Daniel holds the purse and "
                "wants every euro in a 3-year plan; Priya owns the depots and the dispatchers. "
                "Tomasz and three technicians run IT day to day; the MSP covers nights and the SOC."
            ),
        ),
        on="2024-02-12",
    )
    b.add(
        Engagement(
            client=client.id,
            title="Outsourced CTO retainer 2024-2025",
            kind=EngagementKind.RETAINER,
            status=EngagementStatus.COMPLETED,
            start=day("2024-03-01"),
            end=day("2025-12-31"),
            hours_budget=880,
            fee=money(190000),
            currency="EUR",
        ),
        on="2024-02-26",
    )
    retainer = b.add(
        Engagement(
            client=client.id,
            title="Outsourced CTO retainer 2026-2027",
            kind=EngagementKind.RETAINER,
            status=EngagementStatus.ACTIVE,
            start=day("2026-01-01"),
            end=day("2027-02-28"),
            hours_budget=560,
            fee=money(133000),
            currency="EUR",
        ),
        on="2025-12-08",
    )
    uc_programme = b.add(
        Engagement(
            client=client.id,
            title="Telephony and unified communications migration",
            kind=EngagementKind.PROJECT,
            status=EngagementStatus.ACTIVE,
            start=day("2026-03-01"),
            end=day("2027-03-31"),
            hours_budget=220,
            fee=money(30800),
            currency="EUR",
        ),
        on="2026-02-16",
    )
    _recommendations(b, client, retainer, uc_programme)


def _recommendations(
    b: Builder, client: Client, retainer: Engagement, programme: Engagement
) -> None:
    mfa = b.rec(
        Recommendation(
            client=client.id,
            engagement=None,
            title="Enforce MFA and deploy EDR on every endpoint",
            area=Area.SECURITY,
            rationale=(
                "The April invoice-fraud attempt came through a finance mailbox without MFA. "
                "Legacy antivirus saw nothing. MFA for every account (legacy protocols blocked) "
                "and EDR on all 310 endpoints, monitored by the MSP's SOC, close the two gaps "
                "an insurer and the larger shippers now ask about first."
            ),
            priority=Priority.CRITICAL,
            impact=Level.HIGH,
            effort=Level.MEDIUM,
            estimated_cost=cost(24000, 19000),
            owner=TOMASZ,
            due=day("2025-09-30"),
            expected_outcome="MFA on 100% of accounts, EDR on 100% of endpoints by end of Q3.",
            tags=["insurance", "nis2"],
        ),
        created="2025-04-22",
        steps=[
            move("2025-05-06", S.PROPOSED, "Sent after the invoice-fraud attempt: MFA + EDR."),
            move("2025-05-20", S.ACCEPTED, "Approved by Daniel as an emergency spend."),
            move("2025-06-02", S.IN_PROGRESS, "Rollout started with finance and dispatch."),
            move(
                "2025-10-15",
                S.IMPLEMENTED,
                "310/310 endpoints on EDR; MFA enforced for all 402 accounts.",
            ),
            move(
                "2026-01-12",
                S.VERIFIED,
                "Phishing test click-through 19% → 4%; no MFA exceptions left.",
                realised_outcome=(
                    "Full coverage since October 2025. EDR isolated two infostealers in Q4; "
                    "cyber-insurance premium down 12% at renewal."
                ),
            ),
        ],
        milestones=[
            Ms("MFA for finance, management and remote access", "2025-06-30", 2, "2025-06-24"),
            Ms("EDR on servers and dispatch PCs", "2025-07-31", 2, "2025-08-05"),
            Ms("EDR on all laptops; legacy AV removed", "2025-09-30", 3, "2025-10-14"),
        ],
    )
    uc = b.rec(
        Recommendation(
            client=client.id,
            engagement=programme.id,
            title="Move depot telephony from the on-prem PBX to cloud UC",
            area=Area.UNIFIED_COMMS,
            rationale=(
                "The head-office PBX (2009) is out of vendor support and each of the 11 depots "
                "has its own ISDN or analogue lines. Dispatchers juggle desk phones, personal "
                "mobiles and chat apps. One cloud UC platform gives a single number plan, hunt "
                "groups per depot, call recording for damage claims and softphones for planners, "
                "and removes about €23k a year of line rental."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.HIGH,
            estimated_cost=cost(68000, 41000),
            owner=TOMASZ,
            due=day("2026-12-18"),
            expected_outcome="One number plan; line rental down €23k/yr; PBX off by February 2027.",
            tags=["telephony", "uc"],
        ),
        created="2025-11-03",
        steps=[
            move("2025-11-18", S.PROPOSED, "Q4 steering: 3-year TCO shows payback in 26 months."),
            move("2026-01-20", S.ACCEPTED, "In the FY2026 budget (capex €68k); Priya sponsors."),
            move("2026-03-02", S.IN_PROGRESS, "Kick-off with the UC provider; porting inventory."),
            edit("2026-09-14", due="2027-02-26"),
        ],
        milestones=[
            Ms("Number-porting inventory and letters of authority", "2026-04-15", 1, "2026-04-10"),
            Ms("Pilot at the Rotterdam depot (40 users)", "2026-06-30", 2, "2026-07-08"),
            Ms("Wave 1: head office and four NL depots", "2026-10-31", 3, "2026-11-12"),
            Ms("Contact-centre queues and call recording live", "2026-12-04", 2),
            Ms("Wave 2: Belgian and German depots", "2027-01-29", 3),
            Ms("Decommission the PBX and cancel the ISDN lines", "2027-02-26", 1),
        ],
    )
    crm = b.rec(
        Recommendation(
            client=client.id,
            engagement=retainer.id,
            title="Select a CRM for the 14-person freight sales team",
            area=Area.CRM,
            rationale=(
                "Quotes live in spreadsheets, the pipeline in the Head of Sales' head and customer "
                "history in personal mailboxes; two key accounts left with their account managers "
                "this year. A mid-market CRM with quote templates and a link to the TMS for "
                "shipment history is enough — a tier-1 platform is oversized for 14 seats."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.MEDIUM,
            estimated_cost=cost(18000, 21600),
            owner=INES,
            due=day("2027-01-29"),
            expected_outcome="A CRM chosen on scripted demos and references, live for Q2 2027.",
            tags=["sales"],
        ),
        created="2026-08-20",
        steps=[
            move("2026-09-03", S.PROPOSED, "Short-list of 3, scripted demos, reference calls."),
            move("2026-10-08", S.ACCEPTED, "Accepted by Marguerite and Ines; €18k for selection."),
        ],
        milestones=[
            Ms(
                "Requirements workshops with sales and customer service",
                "2026-11-20",
                2,
                "2026-11-19",
            ),
            Ms("Scripted demos from three short-listed vendors", "2026-12-11", 2),
            Ms("Reference calls and decision paper", "2027-01-29", 1),
        ],
    )
    security_lead = b.rec(
        Recommendation(
            client=client.id,
            engagement=retainer.id,
            title="Hire a full-time security lead instead of extending the SOC retainer",
            area=Area.STAFFING,
            rationale=(
                "The MSP's SOC retainer (€64k/yr) answers alerts, but nobody owns policy, the 30+ "
                "supplier security questionnaires a year from shippers, or NIS2 duties that now "
                "apply to Halvorsen as a transport operator. A contractor two days a week costs "
                "about as much as an FTE and leaves no knowledge behind. One FTE reporting to the "
                "IT Manager, with the SOC cut back to monitoring only."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.MEDIUM,
            estimated_cost=cost(12000, 98000),
            owner=DANIEL,
            due=day("2026-12-09"),
            expected_outcome="A named owner for security and NIS2; SOC retainer down to €30k/yr.",
            tags=["nis2", "contractor-vs-fte"],
        ),
        created="2026-10-27",
        steps=[
            move(
                "2026-11-10",
                S.PROPOSED,
                "Contractor-vs-FTE comparison sent; decide before budget approval on 10 Dec.",
            ),
        ],
    )
    capex_plan = b.rec(
        Recommendation(
            client=client.id,
            engagement=retainer.id,
            title="Present a rolling 3-year IT capex plan with the FY2027 budget",
            area=Area.BUDGET,
            rationale=(
                "Every year the board sees a wish-list and cuts the biggest line. A rolling 3-year "
                "plan (laptops, network, UC, CRM, SD-WAN) shows the peaks coming and ties each "
                "line to a recommendation the board has already heard."
            ),
            priority=Priority.HIGH,
            impact=Level.MEDIUM,
            effort=Level.MEDIUM,
            owner=DANIEL,
            due=day("2026-12-04"),
            tags=["fy2027"],
        ),
        created="2026-08-31",
        steps=[
            move("2026-09-07", S.PROPOSED, "Proposed at the planning kick-off."),
            move("2026-09-15", S.ACCEPTED, "Daniel agrees; he presents, I support."),
            move("2026-09-22", S.IN_PROGRESS, "Drafting from the asset and contract register."),
        ],
        milestones=[
            Ms("Asset and contract register complete", "2026-10-16", 1, "2026-10-21"),
            Ms("Draft plan reviewed with the CFO", "2026-11-20", 2, "2026-11-24"),
            Ms("Board pack submitted", "2026-12-04", 1),
        ],
    )
    sdwan = b.rec(
        Recommendation(
            client=client.id,
            engagement=retainer.id,
            title="Replace the depots' MPLS links with SD-WAN and broadband + 4G failover",
            area=Area.INFRASTRUCTURE,
            rationale=(
                "The MPLS contract ends in June 2027. SD-WAN over dual broadband with 4G failover "
                "halves the per-site cost and removes the single carrier that took three depots "
                "offline for a day in March."
            ),
            priority=Priority.MEDIUM,
            impact=Level.MEDIUM,
            effort=Level.HIGH,
            estimated_cost=cost(52000, 36000),
            owner=TOMASZ,
            due=day("2027-03-01"),
            tags=["network"],
        ),
        created="2026-04-08",
        steps=[
            move("2026-05-04", S.PROPOSED, "Sized for 11 depots; MPLS notice date is 1 April."),
            move(
                "2026-06-15",
                S.DEFERRED,
                "Daniel: wait for FY2027, once UC shows real bandwidth needs.",
            ),
        ],
    )
    b.rec(
        Recommendation(
            client=client.id,
            engagement=retainer.id,
            title="Rebuild the website with shipment tracking and a quote request form",
            area=Area.WEB,
            rationale=(
                "The 2017 site is not mobile-friendly, tracking links to the TMS vendor's portal "
                "under its brand, and quote requests arrive as free-text email. Wait for the CRM "
                "choice so the quote form feeds the CRM directly."
            ),
            priority=Priority.MEDIUM,
            impact=Level.MEDIUM,
            effort=Level.MEDIUM,
            estimated_cost=cost(26000, 4800),
            owner=INES,
            tags=["sales"],
        ),
        created="2026-11-16",
    )
    wifi = b.rec(
        Recommendation(
            client=client.id,
            engagement=retainer.id,
            title="Replace the end-of-life warehouse Wi-Fi in the three cross-docks",
            area=Area.INFRASTRUCTURE,
            rationale=(
                "The controllers are end of life and handheld scanners drop off at the dock doors: "
                "20 to 30 minutes lost per shift and mis-scans that end up as claims."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.MEDIUM,
            estimated_cost=cost(47000, 5200),
            owner=TOMASZ,
            due=day("2026-09-30"),
            expected_outcome="No scanner drop-offs at dock doors; verify after peak season.",
        ),
        created="2026-01-26",
        steps=[
            move("2026-02-02", S.PROPOSED, "Site survey attached; controllers EOL in June."),
            move("2026-02-24", S.ACCEPTED, "Approved; ordered before the price increase."),
            move("2026-05-11", S.IN_PROGRESS, "Install started at Venlo."),
            move("2026-09-28", S.IMPLEMENTED, "All three cross-docks cut over; survey clean."),
        ],
        milestones=[
            Ms("Venlo cross-dock", "2026-06-12", 1, "2026-06-10"),
            Ms("Antwerp cross-dock", "2026-07-31", 1, "2026-08-07"),
            Ms("Duisburg cross-dock", "2026-09-30", 1, "2026-09-25"),
        ],
    )
    _calendar(b, client, uc, security_lead, sdwan, wifi)
    _budget(b, client, uc, crm, security_lead, sdwan, wifi)
    _notes(b, client, uc, capex_plan, mfa)


def _calendar(
    b: Builder,
    client: Client,
    uc: Recommendation,
    security_lead: Recommendation,
    sdwan: Recommendation,
    wifi: Recommendation,
) -> None:
    c = client.id
    b.at("2024-03-04")
    b.yearly(
        client,
        EventKind.BUDGET,
        [
            ("FY budget planning opens", "2024-09-15"),
            ("IT budget due for the board pack", "2024-12-04"),
            ("Board approves the budget", "2024-12-10"),
            ("Budget freeze until FY start", "2024-12-18"),
            ("Fiscal year starts", "2025-01-01"),
        ],
    )
    steering = b.add(
        Event(
            client=c,
            kind=EventKind.MEETING,
            title="Quarterly IT steering (CEO, CFO, COO)",
            date=day("2024-03-08"),
            all_day=False,
            time="14:00",
            rrule="FREQ=MONTHLY;INTERVAL=3",
            notes="Agenda: programme status, budget vs actual, decisions needed.",
        )
    )
    b.retitle_occurrence(
        steering,
        "2026-12-08",
        "Q4 IT steering: FY2027 budget, security lead decision",
        on="2026-11-24",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="Microsoft 365 E3 agreement (402 seats)",
            date=day("2024-04-01"),
            end=day("2027-03-31"),
            notice_days=90,
            auto_renew=True,
            amount=money(164016),
            currency="EUR",
            notes="Consider E5 security add-on only if the security lead is hired.",
        )
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="Firewall support and threat subscriptions (HQ + 11 depots)",
            date=day("2024-02-01"),
            end=day("2027-01-31"),
            notice_days=60,
            auto_renew=True,
            amount=money(14200),
            currency="EUR",
        ),
        on="2024-03-11",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="MPLS WAN contract (11 sites)",
            date=day("2024-07-01"),
            end=day("2027-06-30"),
            notice_days=90,
            auto_renew=True,
            amount=money(72000),
            currency="EUR",
            recommendation=sdwan.id,
            notes="Auto-renews for 12 months unless cancelled; SD-WAN decision needed first.",
        ),
        on="2026-05-04",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="MSP managed SOC retainer",
            date=day("2025-01-01"),
            end=day("2026-12-31"),
            notice_days=21,
            amount=money(64000),
            currency="EUR",
            recommendation=security_lead.id,
            notes="Renegotiate to monitoring-only if the security lead is approved.",
        ),
        on="2024-12-16",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="Mutual NDA with Halvorsen expires",
            date=day("2024-02-12"),
            end=day("2027-02-28"),
            notice_days=30,
            notes="Renew together with the next retainer.",
        ),
        on="2024-03-04",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.STAFFING,
            title="Hire-by date: security lead (if approved)",
            date=day("2027-03-31"),
            recommendation=security_lead.id,
        ),
        on="2026-11-10",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.STAFFING,
            title="UC porting contractor's contract ends",
            date=day("2027-02-26"),
            recommendation=uc.id,
        ),
        on="2026-03-02",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.PROVISIONING,
            title="Laptop refresh wave (45 units)",
            date=day("2027-02-15"),
            amount=money(49500),
            currency="EUR",
        ),
        on="2026-10-21",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.AUDIT,
            title="Wi-Fi verification survey after peak season",
            date=day("2027-01-18"),
            recommendation=wifi.id,
        ),
        on="2026-09-28",
    )


def _budget(
    b: Builder,
    client: Client,
    uc: Recommendation,
    crm: Recommendation,
    lead: Recommendation,
    sdwan: Recommendation,
    wifi: Recommendation,
) -> None:
    h, lic, staff, tel, svc, cloud = HARDWARE, LICENCES, STAFF, TELECOM, SERVICES, CLOUD
    b.budget_lines(
        client,
        "2025-12-12",
        [
            (2026, h, CAPEX, "Warehouse Wi-Fi (three cross-docks)", 47000, 47000, 44850, wifi.id),
            (2026, h, CAPEX, "Laptop refresh (60 units)", 66000, 61200, 61200, None),
            (2026, tel, CAPEX, "UC migration, programme year 1", 68000, 71500, 74300, uc.id),
            (2026, tel, OPEX, "Lines, SIM and mobile contracts", 58000, 58000, 52640, None),
            (2026, lic, OPEX, "Microsoft 365 E3 (402 seats)", 166000, 164016, 150348, None),
            (2026, svc, OPEX, "MSP support and SOC retainer", 96000, 96000, 88000, None),
            (2026, svc, OPEX, "Outsourced CTO retainer", 114000, 114000, 104500, None),
            (2026, staff, OPEX, "IT team (4 FTE)", 310000, 310000, 283500, None),
            (2026, cloud, OPEX, "Cloud hosting (TMS, backups)", 38000, 36000, 33100, None),
        ],
    )
    # FY2027 is being planned now: planned amounts only, for the board on 10 December.
    b.budget_lines(
        client,
        "2026-11-24",
        [
            (2027, lic, OPEX, "CRM licences (14 seats) and implementation", 39600, 0, 0, crm.id),
            (2027, staff, OPEX, "Security lead (1 FTE, if approved)", 98000, 0, 0, lead.id),
            (2027, h, CAPEX, "SD-WAN for 11 depots (scenario)", 52000, 0, 0, sdwan.id),
            (2027, tel, CAPEX, "UC migration, programme year 2", 21000, 0, 0, uc.id),
            (2027, h, CAPEX, "Laptop refresh (45 units)", 49500, 0, 0, None),
        ],
    )


def _notes(
    b: Builder, client: Client, uc: Recommendation, plan: Recommendation, mfa: Recommendation
) -> None:
    b.notes(
        client,
        [
            (
                "2026-01-12",
                "Security review with Tomasz: MFA/EDR verified. Insurer accepted the evidence "
                "pack (sent from tomasz.wojcik@halvorsen.example.com); premium down 12%. Next: "
                "nobody owns security policy — come back with a staffing option before the "
                "FY2027 planning round.",
                mfa,
            ),
            (
                "2026-09-08",
                "Q3 steering. UC pilot at Rotterdam accepted despite an 8-day slip (carrier "
                "porting). Priya wants contact-centre queues before peak season; agreed to pull "
                "them forward. Decision: CRM selection goes ahead, €18k for the selection phase.",
                uc,
            ),
            (
                "2026-11-12",
                "Wave 1 live: head office and four NL depots on cloud UC (186 users). Two dispatch "
                "hunt groups misrouted on day one, fixed the same day. Telecom capex is €6.3k over "
                "plan (extra headsets, second SBC) — raise at the December steering.",
                uc,
            ),
            (
                "2026-11-24",
                "Budget review with Daniel: 3-year capex plan accepted with two changes (laptop "
                "refresh split over 2027/2028; SD-WAN shown as a scenario). The security lead goes "
                "in as a separate line for the board to decide on 10 December.",
                plan,
            ),
        ],
    )
    b.update(Client, client.id, "2026-11-12", health=Health.AMBER)
