"""The portfolio summary (`report --all`): one page across clients for the weekly review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ctotui.data.store import Store
from ctotui.domain.entities import Client, Recommendation
from ctotui.domain.enums import ClientStatus, Health
from ctotui.domain.progress import is_overdue
from ctotui.domain.status import OPEN
from ctotui.reports import client_facts as facts
from ctotui.reports.document import Cell, Document, Para, Percent, Table
from ctotui.reports.presenter import Presenter, redact_document
from ctotui.reports.upcoming import upcoming_dates
from ctotui.views.redaction import redactor_for

SOON_DAYS = 14
_HEALTH_ORDER = [Health.RED, Health.AMBER, Health.GREEN]


@dataclass(frozen=True, slots=True)
class PortfolioOptions:
    today: date
    redact: bool = False
    horizon_days: int = 90
    default_currency: str = "EUR"


@dataclass(frozen=True, slots=True)
class ClientLine:
    client: Client
    show: Presenter
    open: int
    overdue: int
    active: int
    progress: int | None
    next_date: str
    missed: tuple[facts.Late, ...] = ()  # cancel-by dates passed before the renewal


def client_lines(store: Store, opts: PortfolioOptions) -> list[ClientLine]:
    """One line per client that is not closed: reddest health first, then by name."""
    end = opts.today + timedelta(days=opts.horizon_days)
    lines = []
    redactor = redactor_for(store) if opts.redact else None
    for client in store.all(Client):
        if client.status == ClientStatus.CLOSED:
            continue
        show = Presenter(client, redactor=redactor, default_currency=opts.default_currency)
        # The consultant's own view: drafts count, as on the dashboard and in `list clients`.
        recs = store.where(Recommendation, "client", client.id)
        progress = facts.implementation(store, recs)
        items = upcoming_dates(store, [client.id], opts.today, end, with_due=True)
        next_date = ""
        if items:
            first = items[0]
            next_date = f"{first.day.isoformat()} {first.kind_label}: {show.text(first.title)}"
        missed = tuple(facts.missed_cancel_bys(store, client.id, opts.today))
        lines.append(
            ClientLine(
                client,
                show,
                open=sum(1 for r in recs if r.status in OPEN),
                overdue=sum(1 for r in recs if is_overdue(r, opts.today)) + len(missed),
                active=len(progress),
                progress=facts.average_percent(progress),
                next_date=next_date,
                missed=missed,
            )
        )
    lines.sort(key=lambda line: (_HEALTH_ORDER.index(line.client.health), line.show.name.lower()))
    return lines


def portfolio_document(store: Store, opts: PortfolioOptions) -> Document:
    lines = client_lines(store, opts)
    doc = Document(
        "Portfolio summary",
        f"{opts.today.isoformat()} · {len(lines)} clients · next dates within "
        f"{opts.horizon_days} days",
    )
    rows: list[tuple[Cell, ...]] = []
    for line in lines:
        rows.append(
            (
                line.show.name,
                line.client.status.label,
                line.client.health.label,
                line.client.role.label,
                str(line.open),
                str(line.overdue),
                str(line.active),
                Percent(line.progress) if line.progress is not None else "",
                line.next_date,
            )
        )
    if lines:
        rows.append(
            (
                f"Total ({len(lines)})",
                "",
                "",
                "",
                str(sum(line.open for line in lines)),
                str(sum(line.overdue for line in lines)),
                str(sum(line.active for line in lines)),
                "",
                "",
            )
        )
    headers = ("Client", "Status", "Health", "Role", "Open", "Overdue", "Active", "Progress")
    doc.section(
        "Clients",
        Table(
            (*headers, "Next date"), tuple(rows), numeric=frozenset({4, 5, 6}), total_row=bool(rows)
        ),
    )
    _missed(doc, lines)
    _soon(doc, store, lines, opts.today)
    doc.add(
        Para(
            "Closed clients are left out. Open and overdue count recommendations (drafts "
            "included), overdue also missed cancel-by dates; progress is the average of those "
            "being implemented.",
            muted=True,
        )
    )
    if opts.redact:
        # Across clients: each one's name becomes its codename, every person `•••`.
        redact_document(doc, redactor_for(store), None)
    return doc


def _missed(doc: Document, lines: list[ClientLine]) -> None:
    """Contracts whose cancel-by passed before they renew: said first, never left out."""
    rows = tuple(
        (
            item.due.isoformat(),
            line.show.name,
            line.show.text(item.title),
            item.ends.isoformat() if item.ends else "",
            str(item.days),
        )
        for line in lines
        for item in line.missed
    )
    if rows:
        headers = ("Cancel by", "Client", "Contract", "Ends", "Days late")
        doc.section(
            "Missed cancel-by dates",
            Table(headers, tuple(sorted(rows)), numeric=frozenset({4})),
        )


def _soon(doc: Document, store: Store, lines: list[ClientLine], today: date) -> None:
    title = f"Coming up (next {SOON_DAYS} days)"
    shows = {line.client.id: line.show for line in lines}
    end = today + timedelta(days=SOON_DAYS)
    items = upcoming_dates(store, list(shows), today, end, with_due=True)
    if not items:
        doc.section(title, Para("Nothing dated in the next two weeks."))
        return
    rows = tuple(
        (
            item.day.isoformat(),
            shows[item.client_id].name,
            shows[item.client_id].text(item.what),
            item.kind_label,
        )
        for item in items
    )
    doc.section(title, Table(("Date", "Client", "What", "Kind"), rows))
