"""The calendar's domain, export and command modules never import Textual (`ctotui agenda`
runs in a login banner and must start fast; the screens build on these modules, not the
other way round)."""

from __future__ import annotations

import subprocess
import sys

MODULES = [
    "ctotui.domain.recurrence",
    "ctotui.domain.occurrences",
    "ctotui.services.occurrences",
    "ctotui.domain.agenda",
    "ctotui.ics.export",
    "ctotui.subcommands.calendar",
]


def test_no_textual_and_no_icalendar_at_run_time() -> None:
    code = (
        f"import sys; import {', '.join(MODULES)}; "
        "print(sorted(m for m in ('textual', 'icalendar') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
