"""The command line redacts what it shows as the dashboard does: `list`, `agenda` and
`export ics` under `--redact` or presentation mode (the setting) name no client, person or hidden
term of the sample practice; `--json`, which prints records as stored, is refused then."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from security.test_redaction_sample import leaks, sample

from ctotui.data.store import Store

__all__ = ["sample"]  # the fixture: the sample practice in a private copy

SHOWN = [
    ("list", "clients"),
    ("list", "recs", "--all"),
    ("list", "events"),
    ("list", "milestones"),
    ("agenda", "--days", "400"),
    ("export", "ics", "-"),
]


@pytest.mark.parametrize("switch", ["--redact", "presentation_mode"])
def test_every_shown_line_is_redacted(sample: Store, cli: Any, tmp_path: Path, switch: str) -> None:
    folder = str(sample.folder)
    sample.close()
    if switch == "presentation_mode":
        (tmp_path / "config.toml").write_text("presentation_mode = true\n")
    problems = []
    for args in SHOWN:
        done = cli("--data", folder, *args, *([switch] if switch == "--redact" else []))
        assert done.code == 0, (args, done.err)
        assert "CORMORANT" in done.out, args  # shown by codename, not left out
        problems += [f"{' '.join(args)}: {leak}" for leak in leaks(done.out + done.err)]
    assert not problems, "\n".join(problems)
    # Without it the same commands do name them: the test looks where the names are.
    (tmp_path / "config.toml").write_text("")
    assert leaks(cli("--data", folder, "list", "events").out)


@pytest.mark.parametrize("args", [("list", "clients"), ("list", "recs"), ("list", "events")])
def test_json_is_refused_while_redacting(
    sample: Store, cli: Any, tmp_path: Path, args: tuple[str, ...]
) -> None:
    folder = str(sample.folder)
    sample.close()
    done = cli("--data", folder, *args, "--json", "--redact")
    assert done.code == 2 and done.out == ""
    assert done.err == (
        "ctotui: --json: prints records as stored and cannot be redacted (--redact); leave out "
        "--redact, or set presentation_mode = false in config.toml\n"
    )
    (tmp_path / "config.toml").write_text("presentation_mode = true\n")
    done = cli("--data", folder, *args, "--json")
    assert done.code == 2 and "(presentation mode is on)" in done.err
