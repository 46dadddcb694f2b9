"""Presentation mode's redaction: what it hides, in whose text, and how words are matched."""

from __future__ import annotations

import pytest

from ctotui.data.store import Store
from ctotui.domain.entities import Client, Contact, Recommendation
from ctotui.views.dashboard import Viewpoint
from ctotui.views.redaction import Redactor, redactor_for

MERIDIAN = Client(
    id="01JAAAAAAAAAAAAAAAAAAAAAAA",
    name="Meridian Insurance Brokers",
    codename="CORMORANT",
    contacts=[
        Contact(
            name="Dr Elena Vasquez-Moreau",
            email="elena.vm@meridian.example.com",
            phone="+1 555-0181",
        ),
        Contact(name="Ben O'Brien"),
    ],
    redact_terms=["Aldous & Finch", "A&F"],
)
HALVORSEN = Client(
    id="01JBBBBBBBBBBBBBBBBBBBBBBB",
    name="Halvorsen Freight & Logistics",
    codename="KESTREL",
    contacts=[Contact(name="Noor Haddad")],
)
NAMELESS = Client(id="01JCCCCCCCCCCCCCCCCCCCCCCC", name="The Group")


@pytest.fixture
def redactor() -> Redactor:
    return Redactor([MERIDIAN, HALVORSEN, NAMELESS])


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # The client's own name and alias become its codename, in any case.
        ("Replace the Meridian Insurance Brokers ERP", "Replace the CORMORANT ERP"),
        ("MERIDIAN's platform", "CORMORANT's platform"),
        # People: the full name, first and last names, e-mails and phone numbers.
        ("Elena signs off", "••• signs off"),
        ("Signed off by dr elena vasquez-moreau.", "Signed off by •••."),
        ("Ask Vasquez, then Moreau", "Ask •••, then •••"),
        ("Mail elena.vm@meridian.example.com today", "Mail ••• today"),
        ("call +1 555-0181", "call +•••"),
        ("Ben O'Brien and O'Brien's team", "••• and •••'s team"),
        # The client's extra terms, however they are spaced.
        ("acquiring Aldous & Finch, 230 staff", "acquiring •••, 230 staff"),
        ("acquiring ALDOUS\n  &  FINCH", "acquiring •••"),
        ("230 A&F staff", "230 ••• staff"),
        # Another client's name, alias and people: hidden too.
        ("Benchmark against Halvorsen", "Benchmark against •••"),
        ("Reference from Noor at Halvorsen Freight & Logistics", "Reference from ••• at •••"),
        # Whole words only: nothing inside another word.
        (
            "Bench test, Benelux, Elenas, Finches, Meridians",
            "Bench test, Benelux, Elenas, Finches, Meridians",
        ),
        ("", ""),
    ],
)
def test_a_clients_text(redactor: Redactor, text: str, shown: str) -> None:
    assert redactor.text(MERIDIAN.id, text) == shown


def test_own_name_is_the_codename_only_in_the_clients_own_text(redactor: Redactor) -> None:
    text = "Halvorsen and Meridian"
    assert redactor.text(HALVORSEN.id, text) == "KESTREL and •••"
    assert redactor.text(MERIDIAN.id, text) == "••• and CORMORANT"
    # Text of no one client (a portfolio, a conflict on a deleted record): names as codenames.
    assert redactor.text(None, text) == "KESTREL and CORMORANT"
    # A client unknown to the redactor owns nothing: every name hidden.
    assert redactor.text("01JZZZZZZZZZZZZZZZZZZZZZZZ", text) == "••• and •••"


def test_generic_first_words_are_no_alias(redactor: Redactor) -> None:
    assert (
        redactor.text(NAMELESS.id, "The Group meets the group") == "Client CCCC meets Client CCCC"
    )
    assert redactor.text(NAMELESS.id, "The plan") == "The plan"


def test_longest_term_first(redactor: Redactor) -> None:
    # "Halvorsen Freight & Logistics" is one term, not "Halvorsen" and two more words.
    assert redactor.text(HALVORSEN.id, "Halvorsen Freight & Logistics board") == "KESTREL board"
    assert redactor.text(HALVORSEN.id, "Halvorsen Freight trucks") == "KESTREL Freight trucks"


def test_the_view_redacts_only_in_presentation_mode(store: Store) -> None:
    client = store.insert(Client(name="Tessaro Architects", codename="PLOVER"))
    text = "NDA with Tessaro expires"
    today = store.clock.today()
    assert Viewpoint(today).redacting(store).text(client.id, text) == text
    shown = Viewpoint(today, presentation=True).redacting(store)
    assert shown.text(client.id, text) == "NDA with PLOVER expires"


def test_the_redactor_follows_the_clients(store: Store) -> None:
    client = store.insert(Client(name="Tessaro Architects", codename="PLOVER"))
    first = redactor_for(store)
    store.insert(Recommendation(client=client.id, title="Move the CAD archive"))
    assert redactor_for(store) is first  # not rebuilt for a change of another table
    store.update(Client, client.id, redact_terms=["Via Roma"])
    again = redactor_for(store)
    assert again is not first
    assert again.text(client.id, "The Via Roma lease") == "The ••• lease"
