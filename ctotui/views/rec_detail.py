"""What one recommendation's screen shows, decided from the store — no Textual here.

The screen draws these rows as they are: the summary's labels and values, the progress bar and
where its number comes from, the milestones in date order, the status history (the record of
the advice) and the calendar items and budget lines linked to it. Presentation mode masks the
owner and the amounts here, so the screen cannot forget to.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ctotui.data.store import Store
from ctotui.domain.entities import BudgetLine, Client, Event, Milestone, Recommendation
from ctotui.domain.money import format_money
from ctotui.domain.progress import progress_percent
from ctotui.views.bars import progress_bar
from ctotui.views.dashboard import Viewpoint

PROGRESS_BAR_WIDTH = 30
# The dates of a recommendation's life, in the order they happen.
DATES = (
    ("proposed", "proposed_on"),
    ("decided", "decided_on"),
    ("due", "due"),
    ("implemented", "implemented_on"),
    ("verified", "verified_on"),
)


@dataclass(frozen=True, slots=True)
class RecDetail:
    rec: Recommendation
    title: str  # as shown: redacted in presentation mode
    summary: list[tuple[str, str]]  # (label, value), top to bottom
    progress_bar: str  # "█████░░░ 40%"
    progress_source: str  # "manual", or "1 of 3 milestones done (16 % by weight)"
    milestones: list[Milestone]  # undated last, then by creation
    history: list[tuple[str, str, str, str]]  # (when, "from → to", note, by), oldest first
    links: list[tuple[str, str, str]]  # (date or "FY 2026", what, amount)


def milestones_done(milestones: list[Milestone]) -> str:
    """How many milestones are done, and their share of the weight: "1 of 3 milestones done
    (16 % by weight)" — a count alone hid that the done one was the lightest."""
    if not milestones:
        return "no milestones"
    done = [m for m in milestones if m.done_on is not None]
    total = sum(m.weight for m in milestones)
    share = sum(m.weight for m in done) * 100 // total if total else 0
    noun = "milestone" if len(milestones) == 1 else "milestones"
    return f"{len(done)} of {len(milestones)} {noun} done ({share} % by weight)"


def status_word(status: str) -> str:
    return status.replace("_", " ")


def rec_detail(
    store: Store, rec_id: str, view: Viewpoint, *, ascii_only: bool = False
) -> RecDetail | None:
    """What the screen of *rec_id* shows; None when it was deleted."""
    rec = store.find(Recommendation, rec_id)
    if rec is None:
        return None
    view = view.redacting(store)
    client = store.find(Client, rec.client)
    milestones = sorted(
        store.where(Milestone, "recommendation", rec.id),
        key=lambda m: (m.due is None, m.due or view.today, m.created_at),
    )
    # --ascii: the currency code, not a sign (ctotui.terminal).
    money = partial(format_money, masked=view.presentation, ascii_only=ascii_only)
    currency = (
        (rec.estimated_cost.currency if rec.estimated_cost else None)
        or (client.currency if client else None)
        or view.currency
    )
    return RecDetail(
        rec,
        view.text(rec.client, rec.title),
        _summary(rec, client, view, money, currency),
        progress_bar(progress_percent(rec, milestones), PROGRESS_BAR_WIDTH, ascii_only=ascii_only),
        "manual" if rec.progress is not None else milestones_done(milestones),
        milestones,
        _history(rec, view),
        _links(store, rec, view, money, currency),
    )


def _summary(
    rec: Recommendation,
    client: Client | None,
    view: Viewpoint,
    money: partial[str],
    currency: str,
) -> list[tuple[str, str]]:
    rows = [
        ("Client", view.client_name(client)),
        ("Status", rec.status.label),
        ("Area", rec.area.label),
        (
            "Priority",
            f"{rec.priority.value} · impact {rec.impact.value} · effort {rec.effort.value}",
        ),
    ]
    if rec.owner:
        rows.append(("Owner", view.person(rec.owner)))
    dated = [(label, getattr(rec, key)) for label, key in DATES]
    shown = " · ".join(f"{label} {value.isoformat()}" for label, value in dated if value)
    if shown:
        rows.append(("Dates", shown))
    if rec.estimated_cost:
        cost = rec.estimated_cost
        parts = []
        if cost.one_time is not None:
            parts.append(f"{money(cost.one_time, currency)} one-time")
        if cost.recurring is not None:
            parts.append(f"{money(cost.recurring, currency)} per year")
        rows.append(("Estimated cost", " + ".join(parts)))
    for label, text in (
        ("Rationale", rec.rationale),
        ("Expected", rec.expected_outcome),
        ("Realised", rec.realised_outcome),
    ):
        if text:
            rows.append((label, view.text(rec.client, text)))
    if rec.tags:
        rows.append(("Tags", view.text(rec.client, ", ".join(rec.tags))))
    return rows


def _history(rec: Recommendation, view: Viewpoint) -> list[tuple[str, str, str, str]]:
    rows = [
        (
            entry.on[:16].replace("T", " "),
            f"{status_word(entry.from_) or '—'} → {status_word(entry.to)}",
            view.text(rec.client, entry.note),
            view.text(rec.client, entry.by),
        )
        for entry in sorted(rec.history, key=lambda h: h.on)
    ]
    return rows or [("", "no changes yet", "", "")]


def _links(
    store: Store, rec: Recommendation, view: Viewpoint, money: partial[str], currency: str
) -> list[tuple[str, str, str]]:
    rows = [
        (
            event.date.isoformat(),
            f"{event.kind.label}: {view.text(event.client, event.title)}",
            money(event.amount, currency),
        )
        for event in store.where(Event, "recommendation", rec.id)
    ]
    rows += [
        (
            f"FY {line.fiscal_year}",
            f"{line.category.label}: {view.text(line.client, line.description)}",
            money(line.planned, line.currency or currency),
        )
        for line in store.where(BudgetLine, "recommendation", rec.id)
    ]
    return rows or [("", "nothing linked", "")]
