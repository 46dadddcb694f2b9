"""Typed records with validation: every refusal names the record and the field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
import pytest

from ctotui.data.store import Store
from ctotui.domain.entities import BudgetLine, Client, Event, Recommendation
from ctotui.domain.schema import from_record, replace, to_record
from ctotui.errors import ValidationError

C = "01JC00000000000000000000C1"
S = "2026-11-01T10:00:00.000000Z"


def client_error(**body: Any) -> str:
    with pytest.raises(ValidationError) as refused:
        from_record(Client, C, {"name": "Acme", **body})
    return str(refused.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"colour": "red"}, "field 'colour': unknown field"),
        ({"name": ""}, "field 'name': is required"),
        ({"name": None}, "field 'name': is required"),
        ({"name": 5}, "field 'name': expected text, got int"),
        ({"size": -1}, "field 'size': must be at least 0, got -1"),
        ({"size": "12"}, "field 'size': expected a whole number, got '12'"),
        ({"size": True}, "field 'size': expected a whole number, got True"),
        ({"fiscal_year_start": 13}, "field 'fiscal_year_start': must be at most 12, got 13"),
        ({"started_on": "2026-02-30"}, "field 'started_on': no such date: '2026-02-30'"),
        (
            {"started_on": 20260203},
            "field 'started_on': not a date: 20260203 (expected YYYY-MM-DD)",
        ),
        (
            {"rate": 1450.0},
            "field 'rate': amounts are decimal strings, not floats: write \"1450.0\"",
        ),
        ({"rate": "-5"}, "field 'rate': amount cannot be negative: -5"),
        (
            {"currency": "eur"},
            "field 'currency': expected a 3-letter currency code like EUR, got 'eur'",
        ),
        ({"health": "blue"}, "field 'health': unknown value 'blue' (one of: green, amber, red)"),
        ({"tags": "a,b"}, "field 'tags': expected a list of tags"),
        ({"nda": "signed"}, "field 'nda': expected an object, got text"),
        (
            {"nda": {"signed_on": "2026-05-01", "expires_on": "2026-01-01"}},
            "field 'nda.expires_on': is before signed_on (2026-05-01)",
        ),
        (
            {"nda": {"level": "secret"}},
            "field 'nda.level': unknown value 'secret' (one of: standard, mutual, strict)",
        ),
        (
            {"contacts": [{"name": "Ann"}, {"title": "CFO"}]},
            "field 'contacts[1].name': is required",
        ),
        ({"contacts": ["Ann"]}, "field 'contacts[0]': expected an object"),
        ({"contacts": {"name": "Ann"}}, "field 'contacts': expected a list, got an object"),
        (
            {"created_at": "2026-11-01"},
            "field 'created_at': expected a UTC time stamp, got '2026-11-01'",
        ),
    ],
)
def test_bad_fields_are_refused_by_name(body: dict[str, Any], message: str) -> None:
    assert client_error(**body) == f"clients/{C}: {message}"


def test_record_level_rules() -> None:
    with pytest.raises(ValidationError, match="field 'end': is before date"):
        from_record(
            Event,
            "01JC00000000000000000000E1",
            {"client": C, "title": "Renewal", "date": "2027-01-01", "end": "2026-01-01"},
        )
    with pytest.raises(ValidationError, match=r"field 'time': expected HH:MM, got '9am'"):
        from_record(
            Event,
            "01JC00000000000000000000E1",
            {"client": C, "title": "QBR", "date": "2027-01-01", "all_day": False, "time": "9am"},
        )
    with pytest.raises(ValidationError, match="field 'client': expected a record id, got 'Acme'"):
        from_record(Recommendation, "01JC00000000000000000000R1", {"client": "Acme", "title": "X"})


def test_to_record_is_the_inverse_of_from_record() -> None:
    body = {
        "contacts": [{"email": "zoe@example.ch", "name": "Zoë", "title": "CIO"}],
        "created_at": S,
        "fiscal_year_start": 4,
        "health": "amber",
        "name": "Brasserie Zürich",
        "nda": {"level": "strict", "signed_on": "2025-03-01"},
        "rate": "1450.00",
        "role": "outsourced_cto",
        "status": "active",
        "tags": ["uc"],
        "updated_at": S,
    }
    client = from_record(Client, C, body)
    assert client.rate == Decimal("1450.00") and client.nda is not None
    assert client.nda.signed_on == pendulum.Date(2025, 3, 1)
    assert client.sector == "" and client.codename == ""  # text fields are never None
    assert to_record(client) == body
    assert to_record(replace(client, sector="hospitality")) == {**body, "sector": "hospitality"}


def test_store_updates_are_validated_before_anything_is_written(store: Store) -> None:
    client = store.insert(Client(name="Acme"))
    line = store.insert(BudgetLine(client=client.id, fiscal_year=2026, description="Laptops"))
    path = store.folder / "budget_lines.json"
    before = path.read_bytes()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"planned": 12.5}, "field 'planned': amounts are decimal strings, not floats"),
        ({"planned": "-1"}, "field 'planned': amount cannot be negative: -1"),
        ({"fiscal_year": 1800}, "field 'fiscal_year': must be at least 1990, got 1800"),
        ({"category": "snacks"}, "field 'category': unknown value 'snacks'"),
        ({"colour": "red"}, "field 'colour': unknown field"),
        ({"client": "01JC00000000000000000000X9"}, "field 'client': no client with id"),
        ({"description": None}, "field 'description': is required"),
    ]
    for changes, message in cases:
        with pytest.raises(ValidationError, match=message.replace("(", r"\(")):
            store.update(BudgetLine, line.id, **changes)
    assert path.read_bytes() == before
    assert store.get(BudgetLine, line.id) == line


def test_inserts_check_references(store: Store) -> None:
    before = (store.folder / "recommendations.json").exists()
    with pytest.raises(ValidationError) as refused:
        store.insert(Recommendation(client="01JC00000000000000000000X9", title="Orphan"))
    assert str(refused.value).endswith(
        "field 'client': no client with id '01JC00000000000000000000X9'"
    )
    assert (store.folder / "recommendations.json").exists() == before
    assert store.all(Recommendation) == []
