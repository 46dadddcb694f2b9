"""Which fields each add/edit form shows, in which order, with which choices."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import pendulum

from ctotui.data.store import Store
from ctotui.dialogs.form_fields import FieldDef
from ctotui.domain.entities import BudgetLine, Client, Event, Milestone, Recommendation
from ctotui.domain.enums import (
    Area,
    BudgetCategory,
    ClientStatus,
    EventKind,
    Health,
    Level,
    Priority,
    Role,
    Spend,
)
from ctotui.domain.schema import Record, to_record


def _choices(enum: type[StrEnum]) -> tuple[tuple[str, str], ...]:
    return tuple((getattr(m, "label", m.value), m.value) for m in enum)


MONTHS = tuple((pendulum.date(2000, m, 1).format("MMMM"), str(m)) for m in range(1, 13))
DATE_HINT = "YYYY-MM-DD, tomorrow, +2w, next friday, end of quarter"


def client_choices(
    store: Store, presentation: bool, only: str | None = None
) -> tuple[tuple[str, str], ...]:
    clients = [c for c in store.all(Client) if only is None or c.id == only]
    clients.sort(key=lambda c: c.display_name(presentation).lower())
    return tuple((c.display_name(presentation), c.id) for c in clients)


def client_fields() -> list[FieldDef]:
    return [
        FieldDef("name", "Name", required=True),
        FieldDef("codename", "Codename", placeholder="shown in presentation mode"),
        FieldDef("status", "Status", "choice", True, _choices(ClientStatus)),
        FieldDef("health", "Health", "choice", True, _choices(Health)),
        FieldDef("role", "Role", "choice", True, _choices(Role)),
        FieldDef("sector", "Sector"),
        FieldDef("size", "Headcount", "int"),
        FieldDef("fiscal_year_start", "FY starts", "month", True, MONTHS),
        FieldDef("currency", "Currency", placeholder="EUR, USD, GBP, CHF…"),
        FieldDef("started_on", "Client since", "date", placeholder=DATE_HINT),
        FieldDef("tags", "Tags", "tags", placeholder="comma separated"),
        FieldDef(
            "redact_terms",
            "Hidden terms",
            "tags",
            placeholder="presentation mode hides these too: a deal target, a project…",
        ),
        FieldDef("notes", "Notes", "area"),
    ]


def rec_fields(clients: tuple[tuple[str, str], ...]) -> list[FieldDef]:
    return [
        FieldDef("client", "Client", "choice", True, clients),
        FieldDef("title", "Title", required=True),
        FieldDef("area", "Area", "choice", True, _choices(Area)),
        FieldDef("priority", "Priority", "choice", True, _choices(Priority)),
        FieldDef("due", "Due", "date", placeholder=DATE_HINT),
        FieldDef("owner", "Owner", placeholder="owner at the client"),
        FieldDef("estimated_cost.one_time", "Cost, one-time", "money", placeholder="12500, 12.5k"),
        FieldDef("estimated_cost.recurring", "Cost per year", "money", placeholder="recurring"),
        FieldDef("impact", "Impact", "choice", True, _choices(Level)),
        FieldDef("effort", "Effort", "choice", True, _choices(Level)),
        FieldDef("progress", "Manual %", "int", placeholder="blank = from milestones"),
        FieldDef("rationale", "Rationale", "area"),
        FieldDef("expected_outcome", "Expected outcome", "area"),
        FieldDef("tags", "Tags", "tags", placeholder="comma separated"),
    ]


def milestone_fields() -> list[FieldDef]:
    return [
        FieldDef("title", "Title", required=True),
        FieldDef("due", "Due", "date", placeholder=DATE_HINT),
        FieldDef("weight", "Weight", "int", True, placeholder="relative size, 1 or more"),
        FieldDef("owner", "Owner"),
        FieldDef("done_on", "Done on", "date", placeholder="blank = not done"),
    ]


def event_fields(clients: tuple[tuple[str, str], ...]) -> list[FieldDef]:
    return [
        FieldDef("client", "Client", "choice", True, clients),
        FieldDef("kind", "Kind", "choice", True, _choices(EventKind)),
        FieldDef("title", "Title", required=True),
        FieldDef("date", "Date", "date", True, placeholder=DATE_HINT),
        FieldDef("end", "Ends", "date", placeholder="contract end, for renewals"),
        FieldDef("notice_days", "Notice days", "int", placeholder="cancel-by = end - notice"),
        FieldDef("auto_renew", "Auto-renews", "bool"),
        FieldDef("rrule", "Repeats", placeholder="FREQ=YEARLY, FREQ=MONTHLY;INTERVAL=3"),
        FieldDef("amount", "Amount", "money"),
        FieldDef("notes", "Notes", "area"),
    ]


def budget_line_fields(recs: tuple[tuple[str, str], ...] = ()) -> list[FieldDef]:
    """The client is fixed by the budget view; *recs* are the client's recommendations."""
    fields = [
        FieldDef("description", "Description", required=True),
        FieldDef("fiscal_year", "Fiscal year", "int", True, placeholder="the year it starts in"),
        FieldDef("category", "Category", "choice", True, _choices(BudgetCategory)),
        FieldDef("spend", "Capex / opex", "choice", True, _choices(Spend)),
        FieldDef("planned", "Planned", "money", placeholder="12500, 12.5k"),
        FieldDef("committed", "Committed", "money", placeholder="orders placed"),
        FieldDef("actual", "Actual", "money", placeholder="invoiced / spent"),
        FieldDef("currency", "Currency", placeholder="blank = the client's"),
    ]
    if recs:
        fields.append(FieldDef("recommendation", "Recommendation", "choice", False, recs))
    return fields


def form_values(record: Record) -> dict[str, Any]:
    """A record's stored form, flattened one level ("estimated_cost.one_time")."""
    flat: dict[str, Any] = {}
    for key, value in to_record(record, with_meta=False).items():
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                flat[f"{key}.{inner}"] = inner_value
        else:
            flat[key] = value
    for key in ("fiscal_year_start",):
        if key in flat:
            flat[key] = str(flat[key])
    return flat


def defaults(cls: type[Record], **given: Any) -> dict[str, Any]:
    """Initial values of an add form: the record's defaults, then *given*."""
    values = form_values(cls())
    values.update({k: v for k, v in given.items() if v is not None})
    return values


FORM_CLASSES: dict[type[Record], str] = {
    Client: "client",
    Recommendation: "recommendation",
    Milestone: "milestone",
    Event: "event",
    BudgetLine: "budget_line",
}
