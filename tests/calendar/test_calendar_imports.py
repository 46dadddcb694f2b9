"""The calendar's domain, export and command modules never import Textual (`ctotui agenda`
runs in a login banner and must start fast; the screens build on these modules, not the
other way round), and only `export ics` loads the iCalendar library (about 0.2 s to import)."""

from __future__ import annotations

import subprocess
import sys

MODULES = [
    "ctotui.domain.recurrence",
    "ctotui.domain.occurrences",
    "ctotui.services.occurrences",
    "ctotui.domain.agenda",
    "ctotui.subcommands.calendar",
]


def _loaded(modules: list[str]) -> str:
    code = (
        f"import sys; import {', '.join(modules)}; "
        "print(sorted(m for m in ('textual', 'icalendar') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_no_textual_and_no_icalendar_for_the_agenda() -> None:
    assert _loaded(MODULES) == "[]"


def test_the_ics_writer_uses_icalendar_and_no_textual() -> None:
    assert _loaded(["ctotui.ics.export"]) == "['icalendar']"
