"""Presentation mode's one redaction: what identifies a client taken out of any text shown.

Built from every client record: its name and alias (the name's first word when distinctive)
become the client's codename; its contacts' names (the full name and each part of three letters
or more), e-mails and phone numbers, and its `redact_terms`, become `•••`. A text belonging to
one client (`text(client_id, value)`) gets that client's codename for its own name and `•••`
for anything of another client; a text of no client (`text(None, …)`) gets each client's
codename for its name.

Terms match whole words, in any case, longest first: "Ben" is hidden in "Ben's notes", never in
"Bench"; "Aldous & Finch" also matches "ALDOUS  &  FINCH". Matching works on the text's words
(`\\w+` runs) against a dictionary of the terms' first words, so building it for hundreds of
clients costs milliseconds and a text that holds no term is passed over in a few C-level steps
(a regex alternation of a few thousand terms took 0.3 s to compile and was slower to search).
`redactor_for(store)` keeps one per store, rebuilt only when the clients changed.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ctotui.data.store import Store
from ctotui.domain.entities import (
    BY_TABLE,
    Client,
    Event,
    EventException,
    Milestone,
    Recommendation,
)
from ctotui.domain.schema import MONEY, field_specs

HIDDEN = "•••"
_END = None  # the trie key of the term ending at a node (every other key is a word or a pair)
_WORD = re.compile(r"\w+")
# Words too generic to stand for a client on their own (the alias is the name's first word).
_GENERIC = frozenset(
    "the new first global united national international city bank group best north south east "  # noqa: SIM905
    "west central general royal".split()
)
# Parts of a person's name that are not a first or last name.
_NOT_NAMES = frozenset(
    "mr mrs ms miss mx dr prof sir dame van von der den de da di del della la le du bin ibn al "  # noqa: SIM905
    "el jr sr".split()
)


@dataclass(frozen=True, slots=True)
class Term:
    """A term as matched: its words (casefolded) and what separates them (whitespace as one
    space, other separators without spaces): "Aldous & Finch" → ("aldous", "finch"), ("&",)."""

    words: tuple[str, ...]
    separators: tuple[str, ...]


def _separator(text: str) -> str:
    return "".join(text.split()) or " "


def term_of(text: str) -> Term | None:
    """*text* as a term; None when it has no word at all (leading and trailing punctuation is
    not part of what is matched)."""
    found = list(_WORD.finditer(text))
    if not found:
        return None
    words = tuple(m.group().casefold() for m in found)
    gaps = tuple(_separator(text[a.end() : b.start()]) for a, b in pairwise(found))
    return Term(words, gaps)


def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


def own_terms(client: Client) -> list[str]:
    """The client's name, and its alias: the first word of a longer name, when distinctive."""
    terms = [client.name]
    words = client.name.split()
    first = words[0].strip(".,&-") if words else ""
    if len(words) > 1 and _letters(first) >= 4 and first.casefold() not in _GENERIC:
        terms.append(first)
    return terms


def person_terms(name: str) -> list[str]:
    """A person's full name and every part that is a first or last name of three letters or
    more ("Elena Vasquez-Moreau": also "Elena", "Vasquez-Moreau", "Vasquez", "Moreau")."""
    terms = [name]
    for word in name.split():
        word = word.strip("()[],.;:\"'")
        if _letters(word) >= 3 and word.casefold() not in _NOT_NAMES:
            terms.append(word)
            parts = _WORD.findall(word)
            if len(parts) > 1:
                terms += [p for p in parts if _letters(p) >= 3 and p.casefold() not in _NOT_NAMES]
    return terms


def hidden_terms(client: Client) -> list[str]:
    """What becomes `•••`: contacts' names, e-mails and phone numbers, and the extra terms."""
    terms: list[str] = []
    for contact in client.contacts:
        terms += person_terms(contact.name)
        terms += [t for t in (contact.email, contact.phone) if t]
    terms += client.redact_terms
    return terms


class Redactor:
    """Every client's sensitive terms, and what each becomes in whose text."""

    def __init__(self, clients: Iterable[Client]) -> None:
        self.codenames: dict[str, str] = {}
        self._own: dict[str, dict[Term, str]] = {}  # client id -> its own terms -> codename
        self._names: dict[Term, str] = {}  # a client name -> codename, in text of no client
        ambiguous: set[Term] = set()
        terms: set[Term] = set()
        for client in clients:
            codename = client.display_name(presentation=True)
            self.codenames[client.id] = codename
            own: dict[Term, str] = {}
            for text in own_terms(client):
                term = term_of(text)
                if term is None:
                    continue
                own[term] = codename
                if self._names.setdefault(term, codename) != codename:
                    ambiguous.add(term)
            self._own[client.id] = own
            terms.update(own)
            terms.update(t for t in map(term_of, hidden_terms(client)) if t is not None)
        for term in ambiguous:
            del self._names[term]
        # A trie of words: each node maps (separator, next word) to the node after it, and
        # `_END` to the term that ends there. Matching walks it from a word once, keeping the
        # longest term it passed: a few dictionary look-ups, however many terms share a word.
        root: dict[Any, Any] = {}
        for term in terms:
            node = root.setdefault(term.words[0], {})
            for separator, word in zip(term.separators, term.words[1:], strict=True):
                node = node.setdefault((separator, word), {})
            node[_END] = term
        self._root = root
        self._first = frozenset(root)

    def text(self, client_id: str | None, value: str) -> str:
        """*value*, a text of *client_id* (None: of no one client), with every term replaced."""
        if not value or self._first.isdisjoint(_WORD.findall(value.casefold())):
            return value
        own = self._names if client_id is None else self._own.get(client_id, {})
        return self._replace(value, own)

    def _replace(self, value: str, own: dict[Term, str]) -> str:
        found = [(m.start(), m.end(), m.group().casefold()) for m in _WORD.finditer(value)]
        out: list[str] = []
        done = 0  # the end of what is already in `out`
        i = 0
        while i < len(found):
            term, last = self._match(value, found, i)
            if term is None:
                i += 1
                continue
            out += (value[done : found[i][0]], own.get(term, HIDDEN))
            done = found[last][1]
            i = last + 1
        out.append(value[done:])
        return "".join(out)

    def _match(
        self, value: str, found: list[tuple[int, int, str]], i: int
    ) -> tuple[Term | None, int]:
        """The longest term starting at word *i*, and the index of its last word."""
        node = self._root.get(found[i][2])
        best: Term | None = None
        last = i
        j = i
        while node is not None:
            if _END in node:
                best, last = node[_END], j
            if j + 1 == len(found):
                break
            gap = _separator(value[found[j][1] : found[j + 1][0]])
            node = node.get((gap, found[j + 1][2]))
            j += 1
        return best, last


_CACHE: weakref.WeakKeyDictionary[Store, tuple[int, tuple[tuple[str, str], ...], Redactor]] = (
    weakref.WeakKeyDictionary()
)


def redactor_for(store: Store) -> Redactor:
    """The store's redactor, made again only when a client was added, changed or removed."""
    cached = _CACHE.get(store)
    if cached is not None and cached[0] == store.version:
        return cached[2]
    clients = store.all(Client)
    stamp = tuple((c.id, c.updated_at) for c in clients)
    same = cached is not None and cached[1] == stamp
    redactor = cached[2] if cached is not None and same else Redactor(clients)
    _CACHE[store] = (store.version, stamp, redactor)
    return redactor


def record_client(store: Store, table: str, record_id: str) -> str | None:
    """The id of the client a record belongs to (None when it is gone): whose text it is."""
    cls = BY_TABLE.get(table)
    record = store.find(cls, record_id) if cls is not None else None
    if isinstance(record, Milestone):
        record = store.find(Recommendation, record.recommendation)
    elif isinstance(record, EventException):
        record = store.find(Event, record.event)
    if isinstance(record, Client):
        return record.id
    client = getattr(record, "client", None)
    return client if isinstance(client, str) else None


def is_amount(table: str, path: str) -> bool:
    """True when field *path* ("rate", "estimated_cost.one_time") of *table* holds an amount,
    or an object that does: masked in presentation mode."""
    cls: type[Any] | None = BY_TABLE.get(table)
    for name in path.split("."):
        found = field_specs(cls).get(name) if cls is not None else None
        if found is None:
            return False
        if found.kind == MONEY:
            return True
        cls = found.item
    return cls is not None and any(s.kind == MONEY for s in field_specs(cls).values())
