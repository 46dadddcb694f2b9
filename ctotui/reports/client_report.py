"""The client status report: one document, built only from the records of one client."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ctotui.data.store import Store
from ctotui.domain.entities import BudgetLine, Client, Engagement, Note, Recommendation
from ctotui.domain.enums import EngagementStatus
from ctotui.domain.fiscal import fiscal_year_bounds, fiscal_year_label, fiscal_year_of
from ctotui.domain.status import OPEN
from ctotui.reports import client_facts as facts
from ctotui.reports.budget import budget_rows
from ctotui.reports.document import Cell, Document, Facts, Heading, Para, Percent, Table
from ctotui.reports.options import DEFAULT_HORIZON_DAYS
from ctotui.reports.presenter import Presenter, day, redact_document
from ctotui.reports.upcoming import REPORT_KINDS, upcoming_dates
from ctotui.views.redaction import redactor_for


@dataclass(frozen=True, slots=True)
class ReportOptions:
    today: date
    since: date
    redact: bool = False
    horizon_days: int = DEFAULT_HORIZON_DAYS
    default_currency: str = "EUR"


def client_document(store: Store, client: Client, opts: ReportOptions) -> Document:
    redactor = redactor_for(store) if opts.redact else None
    show = Presenter(client, redactor=redactor, default_currency=opts.default_currency)
    recs = facts.client_recs(store, client.id)
    progress = facts.implementation(store, recs)
    late = facts.overdue(store, recs, opts.today)
    late += facts.missed_cancel_bys(store, client.id, opts.today)
    late.sort(key=lambda item: (item.due, item.title.lower()))
    doc = Document(
        f"Status report: {show.name}",
        f"{opts.today.isoformat()} · covering {opts.since.isoformat()} to {opts.today.isoformat()}",
    )
    _summary(doc, store, client, show, recs, progress, late)
    _advice(doc, facts.steps_between(recs, opts.since, opts.today), show, opts.since)
    _progress(doc, progress, show)
    _overdue(doc, late, show)
    _dates(doc, store, client, show, opts)
    _budget(doc, store, client, show, opts.today)
    if not opts.redact:
        _notes(doc, store, client, opts)
    doc.add(Para(_footer(opts), muted=True))
    if redactor is not None:
        redact_document(doc, redactor, client.id)
    return doc


def _summary(
    doc: Document,
    store: Store,
    client: Client,
    show: Presenter,
    recs: list[Recommendation],
    progress: list[facts.Progress],
    late: list[facts.Late],
) -> None:
    engagements = [
        e
        for e in store.where(Engagement, "client", client.id)
        if e.status in (EngagementStatus.ACTIVE, EngagementStatus.PLANNED)
    ]
    engagements.sort(key=lambda e: (e.start or date.min, e.title.lower()))
    items = [
        ("Client", show.name),
        ("Status", client.status.label),
        ("Health", client.health.label),
        ("Role", client.role.label),
    ]
    if client.sector:
        items.append(("Sector", show.text(client.sector)))
    for engagement in engagements:
        span = " to ".join(d for d in (day(engagement.start), day(engagement.end)) if d)
        detail = ", ".join(x for x in (engagement.kind.label, engagement.status.label, span) if x)
        items.append(("Engagement", f"{show.text(engagement.title)} ({detail})"))
    items.append(("Open recommendations", str(sum(1 for r in recs if r.status in OPEN))))
    items.append(("Being implemented", str(len(progress))))
    items.append(("Overdue items", str(len(late))))
    doc.section("Summary", Facts(tuple(items)))
    if client.contacts and not show.redact:
        rows = tuple((c.name, c.title, c.email, c.phone) for c in client.contacts)
        doc.add(Heading(3, "Contacts"), Table(("Name", "Title", "Email", "Phone"), rows))


def _advice(doc: Document, steps: list[facts.Step], show: Presenter, since: date) -> None:
    title = f"Recommendations and decisions since {since.isoformat()}"
    if not steps:
        doc.section(title, Para("No recommendation changed status in this period."))
        return
    counts = facts.step_counts(steps)
    summary = ", ".join(f"{n} {status.label}" for status, n in counts.items())
    headers = ["Date", "Recommendation", "Area", "Priority", "Change"]
    named = any(step.by for step in steps)  # a practice of one never needs the column
    if named:
        headers.append("By")
    if not show.redact:
        headers.append("Note")
    rows: list[tuple[Cell, ...]] = []
    for step in steps:
        change = f"{step.before.label} → {step.after.label}" if step.before else step.after.label
        row = [
            step.day.isoformat(),
            show.text(step.rec.title),
            step.rec.area.label,
            step.rec.priority.label,
            change,
        ]
        if named:
            row.append(show.text(step.by))
        if not show.redact:
            row.append(step.note)
        rows.append(tuple(row))
    doc.section(title, Para(f"Status changes: {summary}."), Table(tuple(headers), tuple(rows)))


def _progress(doc: Document, progress: list[facts.Progress], show: Presenter) -> None:
    if not progress:
        doc.section("Implementation progress", Para("Nothing is being implemented."))
        return
    headers = ["Recommendation", "Status", "Progress", "Next milestone", "Milestone due", "Due"]
    if not show.redact:
        headers.append("Owner")
    rows: list[tuple[Cell, ...]] = []
    for row in progress:
        cells: list[Cell] = [
            show.text(row.rec.title),
            row.rec.status.label,
            Percent(row.percent),
            show.text(row.next.title) if row.next else "",
            day(row.next.due) if row.next else "",
            day(row.rec.due),
        ]
        if not show.redact:
            cells.append(row.rec.owner)
        rows.append(tuple(cells))
    average = facts.average_percent(progress)
    doc.section(
        "Implementation progress",
        Para(f"{len(progress)} being implemented, {average}% done on average."),
        Table(tuple(headers), tuple(rows), numeric=frozenset({2})),
    )


def _overdue(doc: Document, late: list[facts.Late], show: Presenter) -> None:
    if not late:
        doc.section("Overdue", Para("Nothing is overdue."))
        return
    rows = tuple(
        (show.text(item.title), _late_kind(item, show), item.due.isoformat(), str(item.days))
        for item in late
    )
    doc.section(
        "Overdue",
        Table(("Item", "Kind", "Due", "Days late"), rows, numeric=frozenset({3})),
    )


def _late_kind(item: facts.Late, show: Presenter) -> str:
    if item.rec is None:
        ends = f", contract ends {item.ends.isoformat()}" if item.ends else ""
        return f"missed cancel-by{ends}"
    return f"milestone of {show.text(item.rec.title)}" if item.milestone else "recommendation"


def _dates(
    doc: Document, store: Store, client: Client, show: Presenter, opts: ReportOptions
) -> None:
    end = opts.today + timedelta(days=opts.horizon_days)
    title = f"Upcoming budget, provisioning and renewal dates (next {opts.horizon_days} days)"
    items = upcoming_dates(store, [client.id], opts.today, end, kinds=REPORT_KINDS)
    if not items:
        doc.section(title, Para("No budget, provisioning or renewal dates in this period."))
        return
    rows = tuple(
        (i.day.isoformat(), show.text(i.what), i.kind_label, show.money(i.amount, i.currency))
        for i in items
    )
    doc.section(title, Table(("Date", "What", "Kind", "Amount"), rows, numeric=frozenset({3})))


def _budget(doc: Document, store: Store, client: Client, show: Presenter, today: date) -> None:
    start_month = client.fiscal_year_start
    year = fiscal_year_of(today, start_month)
    first, last = fiscal_year_bounds(year, start_month)
    title = f"Budget {fiscal_year_label(year, start_month)} ({first.isoformat()} to {last})"
    lines = [b for b in store.where(BudgetLine, "client", client.id) if b.fiscal_year == year]
    if not lines:
        doc.section(title, Para("No budget lines for this fiscal year."))
        return
    rows, totals = budget_rows(lines, show.currency)
    several = len(totals) > 1
    table_rows: list[tuple[Cell, ...]] = []
    for row in [*rows, *totals]:
        name = row.category.label if row.category else "Total"
        if several:
            name = f"{name} ({row.currency})"
        money = [show.money(v, row.currency) for v in (row.planned, row.committed, row.actual)]
        table_rows.append((name, str(row.lines), *money))
    doc.section(
        title,
        Table(
            ("Category", "Lines", "Planned", "Committed", "Actual"),
            tuple(table_rows),
            numeric=frozenset({1, 2, 3, 4}),
            total_row=not several,
        ),
    )


def _notes(doc: Document, store: Store, client: Client, opts: ReportOptions) -> None:
    notes = [
        n for n in store.where(Note, "client", client.id) if opts.since <= n.date <= opts.today
    ]
    if not notes:
        return
    notes.sort(key=lambda n: (n.date, n.created_at))
    rows = tuple((n.date.isoformat(), n.text) for n in notes)
    doc.section("Meeting notes", Table(("Date", "Note"), rows))


def _footer(opts: ReportOptions) -> str:
    if opts.redact:
        return (
            "Presentation copy: codename shown, amounts masked, contact details and notes left out."
        )
    return f"Confidential: prepared under NDA on {opts.today.isoformat()}."
