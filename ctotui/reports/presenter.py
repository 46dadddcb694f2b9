"""How one client's data is shown: by name, or in presentation mode (`--redact`).

Presentation mode is for a shared screen in front of someone else: the codename replaces the
name, amounts are masked, and people (contacts, owners) and notes are left out by the report
builders. Free text goes through presentation mode's one redaction
(`ctotui.views.redaction`): a title that names the client ("Replace the Acme ERP"), a contact
("Signed off by Arjun"), another client or a term the client record lists as hidden (a deal's
target in the sector) comes out with the codename or `•••`. `redact_document` then passes every
string of the finished document through it once more, so a builder that forgot a field cannot
leak it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from ctotui.domain.entities import Client
from ctotui.domain.money import format_money
from ctotui.reports.document import Block, Document, Facts, Heading, Para, Percent
from ctotui.views.redaction import Redactor


class Presenter:
    def __init__(
        self, client: Client, *, redactor: Redactor | None, default_currency: str = "EUR"
    ) -> None:
        self.client = client
        self.redactor = redactor
        self.redact = redactor is not None
        self.currency = client.currency or default_currency
        self.name = client.display_name(presentation=self.redact)

    def text(self, value: str) -> str:
        """Free text of this client's records, redacted in presentation mode."""
        if self.redactor is None:
            return value
        return self.redactor.text(self.client.id, value)

    def money(self, amount: Decimal | None, currency: str | None = None) -> str:
        return format_money(amount, currency or self.currency, masked=self.redact)


def redact_document(doc: Document, redactor: Redactor, client_id: str | None) -> None:
    """Every string of *doc* as a text of *client_id* (None: a document across clients)."""

    def text(value: str) -> str:
        return redactor.text(client_id, value)

    def block(item: Block) -> Block:
        if isinstance(item, Heading | Para):
            return replace(item, text=text(item.text))
        if isinstance(item, Facts):
            return Facts(tuple((text(label), text(value)) for label, value in item.items))
        rows = tuple(
            tuple(c if isinstance(c, Percent) else text(c) for c in row) for row in item.rows
        )
        return replace(item, headers=tuple(map(text, item.headers)), rows=rows)

    doc.title, doc.subtitle = text(doc.title), text(doc.subtitle)
    doc.blocks = [block(item) for item in doc.blocks]


def day(value: date | None) -> str:
    return value.isoformat() if value else ""
