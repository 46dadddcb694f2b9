"""OSPREY — Norrland Foods: dispute resolution between the CFO and the COO over which ERP to buy,
brought in by the CEO as a neutral party under NDA. Fiscal year from October.
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

JOHAN = "Johan Ekdahl (CEO)"
AISHA = "Aisha Al-Farsi (IT Manager)"
CAPEX, OPEX = Spend.CAPEX, Spend.OPEX


def build(b: Builder) -> None:
    client = b.add(
        Client(
            name="Norrland Foods",
            codename="OSPREY",
            status=ClientStatus.ACTIVE,
            health=Health.AMBER,
            role=Role.DISPUTE_RESOLUTION,
            sector="Food processing: dairy and chilled desserts, two plants",
            size=260,
            fiscal_year_start=10,
            nda=Nda(
                signed_on=day("2026-08-10"), expires_on=day("2028-08-10"), level=NdaLevel.STRICT
            ),
            contacts=[
                Contact(
                    name="Johan Ekdahl",
                    title="CEO",
                    email="johan.ekdahl@norrland.example.com",
                    phone="+1 555-0161",
                ),
                Contact(
                    name="Lena Sjöberg",
                    title="CFO",
                    email="lena.sjoberg@norrland.example.com",
                    phone="+1 555-0162",
                ),
                Contact(
                    name="Marco Bianchi",
                    title="COO",
                    email="marco.bianchi@norrland.example.com",
                    phone="+1 555-0163",
                ),
                Contact(
                    name="Aisha Al-Farsi",
                    title="IT Manager",
                    email="aisha.al-farsi@norrland.example.com",
                    phone="+1 555-0164",
                ),
                Contact(
                    name="Birgitta Holm",
                    title="Chair of the Board",
                    email="birgitta.holm@norrland.example.com",
                    phone="+1 555-0165",
                ),
            ],
            rate=money(1600),
            currency="EUR",
            started_on=day("2026-08-15"),
            tags=["erp", "dispute", "food-safety"],
            notes=(
                "Brought in by Johan (CEO): the CFO and the COO have argued about the ERP for a "
                "year and the AS/400 support ends in 2027. Neither must lose face. I report to "
                "Johan, meet Lena and Marco separately and together, and hold the casting vote "
                "on scoring ties. Strict NDA: the board has not been told how deep the split is."
            ),
        ),
        on="2026-08-10",
    )
    project = b.add(
        Engagement(
            client=client.id,
            title="ERP dispute resolution and selection",
            kind=EngagementKind.PROJECT,
            status=EngagementStatus.ACTIVE,
            start=day("2026-08-15"),
            end=day("2027-01-31"),
            hours_budget=240,
            fee=money(48000),
            currency="EUR",
        ),
        on="2026-08-12",
    )
    c, e = client.id, project.id
    selection = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Run a structured ERP selection with a jointly owned, weighted scoring model",
            area=Area.ERP,
            rationale=(
                "The CFO wants a finance-led cloud suite (option A) for consolidation and an "
                "audit trail; the COO wants a process-manufacturing ERP (option B) for recipes, "
                "batch traceability and MRP. Both are right about their half. Criteria and "
                "weights agreed and signed by both (finance 35, operations 40, IT 15, cost 10), "
                "scripted demos on Norrland's own recipes and a mock recall, and an independent "
                "fit-gap take the decision out of the personal arena."
            ),
            priority=Priority.CRITICAL,
            impact=Level.HIGH,
            effort=Level.MEDIUM,
            estimated_cost=cost(60000),
            owner=JOHAN,
            due=day("2026-12-10"),
            expected_outcome="A board decision both executives signed up to in advance.",
            tags=["erp", "board"],
        ),
        created="2026-08-24",
        steps=[
            move("2026-09-01", S.PROPOSED, "Proposed to Johan after the separate interviews."),
            move("2026-09-09", S.ACCEPTED, "Lena and Marco both signed the criteria sheet."),
            move("2026-09-15", S.IN_PROGRESS, "Demo scripts sent to both vendors."),
        ],
        milestones=[
            Ms("Criteria and weights agreed by CFO and COO", "2026-09-18", 1, "2026-09-18"),
            Ms("Scripted demos of both finalists at the Umeå plant", "2026-11-06", 2, "2026-11-06"),
            Ms("Fit-gap and 5-year TCO report", "2026-12-03", 2),
            Ms("Board decision paper", "2026-12-10", 1),
        ],
    )
    b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Name the CEO as single sponsor of the ERP programme",
            area=Area.GOVERNANCE,
            rationale=(
                "A programme with two sponsors who disagree has no sponsor. The CEO as single "
                "sponsor, with the CFO and COO as design authorities for their processes, stops "
                "every design question from reopening the selection."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.LOW,
            owner=JOHAN,
        ),
        created="2026-09-09",
        steps=[
            move("2026-09-16", S.PROPOSED, "Raised with Johan one to one."),
            move(
                "2026-10-01", S.REJECTED, "Johan wants joint CFO/COO sponsorship, me as tie-break."
            ),
        ],
    )
    recon = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Automate the month-end inventory reconciliation between the AS/400 and finance",
            area=Area.DATA,
            rationale=(
                "Month-end takes 12 days, mostly reconciling stock between the AS/400 and the "
                "finance system by hand. An interim extract-and-match job is a quick win both "
                "the CFO and the COO want, whatever ERP comes next."
            ),
            priority=Priority.MEDIUM,
            impact=Level.MEDIUM,
            effort=Level.LOW,
            estimated_cost=cost(9000),
            owner=AISHA,
            due=day("2026-10-09"),
            expected_outcome="Inventory variance under 0.5%; month-end under 8 days.",
        ),
        created="2026-08-24",
        steps=[
            move("2026-08-26", S.PROPOSED, "A quick win to build trust with both sides."),
            move("2026-08-28", S.ACCEPTED, "Lena and Marco agree: first thing they agreed on."),
            move("2026-09-01", S.IN_PROGRESS, "Aisha builds the nightly extract."),
            move("2026-10-09", S.IMPLEMENTED, "Running nightly; exceptions mailed to both teams."),
            move(
                "2026-11-06",
                S.VERIFIED,
                "Two month-ends reconciled automatically.",
                realised_outcome="Variance down from 2.1% to 0.3%; October close took 8 days.",
            ),
        ],
        milestones=[
            Ms("Nightly extract from the AS/400", "2026-09-18", 1, "2026-09-17"),
            Ms(
                "Matching rules signed off by finance and operations", "2026-10-09", 1, "2026-10-08"
            ),
        ],
    )
    b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Cleanse the item master, recipes and bills of materials before any migration",
            area=Area.DATA,
            rationale=(
                "4,800 active item codes for about 1,900 real items, recipes with obsolete "
                "ingredients, and allergen data kept in a spreadsheet. Whichever ERP wins, "
                "migrating this as is would carry the mess into the new system."
            ),
            priority=Priority.HIGH,
            impact=Level.HIGH,
            effort=Level.HIGH,
            estimated_cost=cost(35000),
            owner=AISHA,
            due=day("2027-03-31"),
            tags=["data-quality", "allergens"],
        ),
        created="2026-10-27",
        steps=[
            move("2026-11-02", S.PROPOSED, "Both options need it; the one thing not in dispute."),
            move("2026-11-12", S.ACCEPTED, "Accepted at the ERP steering."),
        ],
        milestones=[
            Ms("Data owners named per domain (items, recipes, allergens)", "2026-11-30", 1),
            Ms("Duplicate items and obsolete recipes removed", "2027-02-26", 3),
            Ms("Allergen data moved out of the spreadsheet", "2027-03-31", 2),
        ],
    )
    pm = b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Bring in an interim ERP programme manager (contractor, 9 months)",
            area=Area.STAFFING,
            rationale=(
                "Aisha runs IT with four people and cannot also run an ERP programme. A "
                "contractor for the selection-to-go-live stretch costs less than a permanent "
                "hire the company will not need after go-live, and is neutral between finance "
                "and operations."
            ),
            priority=Priority.HIGH,
            impact=Level.MEDIUM,
            effort=Level.LOW,
            estimated_cost=cost(180000),
            owner="Lena Sjöberg (CFO)",
            due=day("2026-11-25"),
            tags=["contractor-vs-fte"],
        ),
        created="2026-10-29",
        steps=[move("2026-11-02", S.PROPOSED, "Three CVs attached; decision by 25 November.")],
    )
    b.rec(
        Recommendation(
            client=c,
            engagement=e,
            title="Put the ERP programme into the January reforecast with a 3-year TCO",
            area=Area.BUDGET,
            rationale=(
                "The FY2026 budget has €60k for the selection and nothing for implementation. "
                "Whatever the board decides on 10 December needs capex in the January reforecast."
            ),
            priority=Priority.MEDIUM,
            impact=Level.MEDIUM,
            effort=Level.LOW,
            owner="Lena Sjöberg (CFO)",
            tags=["reforecast"],
        ),
        created="2026-11-20",
    )

    b.at("2026-08-28")
    b.yearly(client, EventKind.BUDGET, [("Q1 budget reforecast", "2027-01-20")])
    # Norrland's budget calendar is written relative to the fiscal year (1 October).
    b.fiscal(
        client,
        EventKind.BUDGET,
        "2026-08-15",
        [
            ("FY budget planning opens", -150),
            ("Budget submission to the CFO", -90),
            ("Board approves the budget", -21),
            ("Budget freeze until FY start", -10),
            ("Fiscal year starts", 0),
        ],
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.MEETING,
            title="ERP steering (CEO, CFO, COO, IT)",
            date=day("2026-09-09"),
            all_day=False,
            time="13:00",
            rrule="FREQ=MONTHLY;COUNT=6",
            recommendation=selection.id,
        ),
        on="2026-09-09",
    )
    board = b.add(
        Event(
            client=c,
            kind=EventKind.MEETING,
            title="Board meeting: ERP decision",
            date=day("2026-12-10"),
            all_day=False,
            time="10:00",
            recommendation=selection.id,
        ),
        on="2026-09-15",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.RENEWAL,
            title="AS/400 ERP extended support",
            date=day("2024-10-01"),
            end=day("2027-09-30"),
            notice_days=180,
            auto_renew=True,
            amount=money(54000),
            currency="EUR",
            notes="Last extension the vendor offers; 6 months' notice to end it.",
        ),
        on="2026-08-28",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.AUDIT,
            title="BRCGS food safety audit (traceability and recall test)",
            date=day("2027-02-16"),
            end=day("2027-02-17"),
        ),
        on="2026-09-15",
    )
    b.add(
        Event(
            client=c,
            kind=EventKind.STAFFING,
            title="Interim ERP programme manager starts (if approved)",
            date=day("2027-01-11"),
            recommendation=pm.id,
        ),
        on="2026-11-02",
    )
    svc, lic, hw, staff, tel, cloud = (
        B.SERVICES,
        B.LICENCES,
        B.HARDWARE,
        B.STAFF,
        B.TELECOM,
        B.CLOUD,
    )
    b.budget_lines(
        client,
        "2026-09-28",
        [
            (
                2026,
                svc,
                CAPEX,
                "ERP selection (advisory, demos, fit-gap)",
                60000,
                48000,
                24000,
                selection.id,
            ),
            (2026, lic, OPEX, "AS/400 ERP extended support", 54000, 54000, 13500, None),
            (2026, hw, CAPEX, "Plant network switches (Umeå)", 38000, 0, 0, None),
            (2026, staff, OPEX, "IT team (5 FTE)", 390000, 390000, 65000, None),
            (2026, tel, OPEX, "Lines and mobiles", 32000, 32000, 5300, None),
            (2026, cloud, OPEX, "Hosting and backup", 21000, 21000, 3500, None),
            (2026, svc, OPEX, "Inventory reconciliation job", 9000, 9000, 9000, recon.id),
            (2026, svc, OPEX, "ERP programme manager (if approved)", 180000, 0, 0, pm.id),
        ],
    )
    b.notes(
        client,
        [
            (
                "2026-08-24",
                "Separate interviews. Lena (CFO): consolidation takes 12 days, auditors flagged "
                "manual journals; wants option A. Marco (COO): recipes, batch traceability and a "
                "recall in under 4 hours are non-negotiable; option A's manufacturing module "
                "cannot do catch-weight. Johan wants it settled without losing either of them.",
                None,
            ),
            (
                "2026-09-09",
                "Joint session. Agreed: weighted scoring (finance 35 / operations 40 / IT 15 / "
                "cost 10), scripted demos on our own recipes and a mock recall, I hold the "
                "casting vote on ties and write the board paper. Both signed the criteria sheet.",
                selection,
            ),
            (
                "2026-11-06",
                "Demos done. Scores: A 71, B 78. Lena disputes the cost weight; Marco wants B "
                "signed now. Reminded both that we agreed to wait for the fit-gap and TCO. "
                "Health red until the board paper lands.",
                selection,
            ),
            (
                "2026-11-26",
                "Pre-read for the board agreed with Johan: both options presented with scores, "
                "fit-gap and TCO; my recommendation last. Birgitta (chair) asked for a one-page "
                "summary by 3 December.",
                board,
            ),
        ],
    )
    b.update(Client, c, "2026-11-06", health=Health.RED)
