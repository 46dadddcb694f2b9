"""What one client's screen shows, decided from the store — no Textual here.

Engagements, fees and NDA in the summary; the recommendations (open ones first, by priority and
date); the next 90 days; this fiscal year's budget by category; contacts and notes. Presentation
mode shows the codename, masks amounts and leaves out contacts and notes: decided here, so the
screen cannot show what it should not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial

import pendulum

from ctotui.data.store import Store
from ctotui.domain.budget import Totals, by_category, grand_total
from ctotui.domain.entities import BudgetLine, Client, Engagement, Note, Recommendation
from ctotui.domain.fiscal import fiscal_year_label, fiscal_year_of
from ctotui.domain.money import format_money
from ctotui.domain.status import OPEN
from ctotui.services.calendar import calendar_index
from ctotui.views.dashboard import Viewpoint

UPCOMING_DAYS = 90
UPCOMING_SHOWN = 15
NOTES_SHOWN = 20
HIDDEN = "hidden in presentation mode"


@dataclass(frozen=True, slots=True)
class BudgetRow:
    label: str  # a category ("hardware (over)"), "Total", or why there is nothing
    planned: str = ""
    committed: str = ""
    actual: str = ""
    over: bool = False  # committed or actual above planned (never said in presentation mode)
    total: bool = False


@dataclass(frozen=True, slots=True)
class ClientDetail:
    client: Client
    name: str  # the codename in presentation mode
    summary: list[tuple[str, str]]  # (label, value), top to bottom
    recs: list[Recommendation]
    upcoming: list[tuple[str, str, str]]  # (date, kind, what)
    budget_title: str  # "Budget FY 2026"
    budget: list[BudgetRow]
    people: list[tuple[str, str, str, str]]  # (name, title, email, phone)
    notes: list[tuple[str, str]]  # (date, text), newest first


def client_detail(
    store: Store, client_id: str, view: Viewpoint, *, ascii_only: bool = False
) -> ClientDetail | None:
    """What the screen of *client_id* shows; None when it was deleted."""
    client = store.find(Client, client_id)
    if client is None:
        return None
    view = view.redacting(store)
    # --ascii: the currency code, not a sign (ctotui.terminal).
    money = partial(format_money, masked=view.presentation, ascii_only=ascii_only)
    currency = client.currency or view.currency
    fy = fiscal_year_of(view.today, client.fiscal_year_start)
    return ClientDetail(
        client,
        view.client_name(client),
        _summary(store, client, view, money, currency),
        _recs(store, client, view),
        _upcoming(store, client, view),
        f"Budget {fiscal_year_label(fy, client.fiscal_year_start)}",
        _budget(store, client, fy, view, money, currency),
        _people(client, view),
        _notes(store, client, view),
    )


def _summary(
    store: Store, client: Client, view: Viewpoint, money: partial[str], currency: str
) -> list[tuple[str, str]]:
    rows = [
        ("Client", view.client_name(client)),
        ("Status", f"{client.status.label} · health {client.health.label}"),
        ("Role", client.role.label),
    ]
    if client.sector or client.size:
        staff = f"{client.size} staff" if client.size else ""
        sector = view.text(client.id, client.sector)
        rows.append(("Organisation", " · ".join(p for p in (sector, staff) if p)))
    month = pendulum.date(2000, client.fiscal_year_start, 1).format("MMMM")
    rows.append(("Fiscal year", f"starts in {month}"))
    if client.rate or client.retainer:
        fees = []
        if client.rate:
            fees.append(f"{money(client.rate, currency)}/day")
        if client.retainer:
            fees.append(f"{money(client.retainer, currency)}/month retainer")
        rows.append(("Fees", " · ".join(fees)))
    if client.nda:
        nda = client.nda
        span = " → ".join(d.isoformat() for d in (nda.signed_on, nda.expires_on) if d)
        rows.append(("NDA", f"{nda.level.label} {span}".strip()))
    engagements = sorted(
        store.where(Engagement, "client", client.id), key=lambda e: e.start or view.today
    )
    for engagement in engagements:
        span = " → ".join(d.isoformat() for d in (engagement.start, engagement.end) if d)
        rows.append(
            (
                "Engagement",
                f"{view.text(client.id, engagement.title)} ({engagement.kind.label}, "
                f"{engagement.status.label}) {span}".strip(),
            )
        )
    return rows


def _recs(store: Store, client: Client, view: Viewpoint) -> list[Recommendation]:
    recs = store.where(Recommendation, "client", client.id)
    recs.sort(
        key=lambda r: (
            r.status not in OPEN,
            r.priority.rank,
            r.due is None,
            r.due or view.today,
        )
    )
    return recs


def _upcoming(store: Store, client: Client, view: Viewpoint) -> list[tuple[str, str, str]]:
    """The client's next 90 days: budget cycle, renewals (with cancel-by), meetings…"""
    today = view.today
    items = calendar_index(store).items(
        today, today + timedelta(days=UPCOMING_DAYS), today=today, client=client.id
    )
    rows = [
        (item.date.isoformat(), item.kind.label, view.text(client.id, item.title))
        for item in items[:UPCOMING_SHOWN]
    ]
    if len(items) > UPCOMING_SHOWN:
        more = len(items) - UPCOMING_SHOWN
        rows.append(("", "", f"… and {more} more (c opens the calendar)"))
    return rows or [("", "", f"nothing dated in the next {UPCOMING_DAYS} days")]


def _budget(
    store: Store,
    client: Client,
    fiscal_year: int,
    view: Viewpoint,
    money: partial[str],
    currency: str,
) -> list[BudgetRow]:
    lines = [
        b for b in store.where(BudgetLine, "client", client.id) if b.fiscal_year == fiscal_year
    ]
    if not lines:
        return [BudgetRow("no budget lines for this fiscal year")]

    def row(label: str, totals: Totals, *, over: bool = False, total: bool = False) -> BudgetRow:
        planned, committed, actual = (
            money(v, currency) for v in (totals.planned, totals.committed, totals.actual)
        )
        return BudgetRow(label, planned, committed, actual, over=over, total=total)

    rows = []
    for category, totals in by_category(lines).items():
        # In words too: red alone is lost without colour (NO_COLOR, a monochrome projector).
        over = totals.over and not view.presentation
        rows.append(row(f"{category.label} (over)" if over else category.label, totals, over=over))
    rows.append(row("Total", grand_total(lines), total=True))
    return rows


def _people(client: Client, view: Viewpoint) -> list[tuple[str, str, str, str]]:
    if view.presentation:
        return [(HIDDEN, "", "", "")]
    rows = [(c.name, c.title, c.email, c.phone) for c in client.contacts]
    return rows or [("no contacts", "", "", "")]


def _notes(store: Store, client: Client, view: Viewpoint) -> list[tuple[str, str]]:
    if view.presentation:
        return [("", HIDDEN)]
    notes = sorted(store.where(Note, "client", client.id), key=lambda n: n.date, reverse=True)
    rows = [(note.date.isoformat(), note.text) for note in notes[:NOTES_SHOWN]]
    if client.notes:
        rows.append(("", client.notes))
    return rows or [("", "no notes")]
