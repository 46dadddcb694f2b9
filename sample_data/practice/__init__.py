"""The sample practice: seven clients of one outsourced CTO, as of 27 November 2026.

Each module describes one client (its codename is the module name) as the story of the
engagement — who signed what when, which advice was given and what became of it — and writes it
through the real Store with `practice.builder.Builder`.
"""

from __future__ import annotations

from practice import cormorant, heron, kestrel, linnet, osprey, plover, wren
from practice.builder import Builder

CLIENTS = (kestrel, heron, wren, osprey, cormorant, linnet, plover)


def build_practice(b: Builder) -> None:
    for module in CLIENTS:
        module.build(b)
