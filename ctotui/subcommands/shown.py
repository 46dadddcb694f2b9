"""What the command line may show: under presentation mode (the setting) or `--redact`, the
tables of `list`, the text of `agenda` and an `.ics` export name clients by codename and hide
every client's names, contacts and hidden terms inside titles and notes, as the dashboard does.

`--json` from `list` prints records as stored, which no redaction can make safe (contacts,
notes and amounts are whole fields), so it is refused while redaction is on: nothing leaks
because a script forgot that presentation mode was set.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ctotui.data.store import Store
from ctotui.domain.entities import Client
from ctotui.errors import ValidationError
from ctotui.subcommands.base import CliContext
from ctotui.views.redaction import redactor_for

Shown = Callable[[str | None, str], str]  # (client id, text) -> the text as it may be shown


def add_redact(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--redact",
        action="store_true",
        help="codenames for clients, names and hidden terms in titles replaced (always on "
        "in presentation mode)",
    )


def redacting(args: argparse.Namespace, ctx: CliContext) -> bool:
    return bool(getattr(args, "redact", False)) or ctx.settings.presentation_mode


def refuse_json(args: argparse.Namespace, ctx: CliContext) -> None:
    """--json cannot be redacted: refuse it, saying which switch turned redaction on."""
    if not (getattr(args, "json", False) and redacting(args, ctx)):
        return
    why = "--redact" if getattr(args, "redact", False) else "presentation mode is on"
    raise ValidationError(
        "--json",
        f"prints records as stored and cannot be redacted ({why}); leave out --redact, or set "
        "presentation_mode = false in config.toml",
    )


def client_names(store: Store, redact: bool) -> dict[str, str]:
    return {c.id: c.display_name(redact) for c in store.all(Client)}


def shown_text(store: Store, redact: bool) -> Shown:
    if not redact:
        return _as_is
    return redactor_for(store).text


def _as_is(_client: str | None, value: str) -> str:
    return value
