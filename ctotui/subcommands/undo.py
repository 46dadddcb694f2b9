"""`ctotui undo`: take back the last change, or list what can be taken back."""

from __future__ import annotations

import argparse

from ctotui.services.undo import history, undo_last
from ctotui.subcommands.base import CliContext, Registry


def register(registry: Registry) -> None:
    parser = registry.command(
        "undo", run_undo, "undo the last change (made here or in the dashboard) since the last sync"
    )
    parser.add_argument(
        "--list", action="store_true", help="list the changes that can be undone, newest first"
    )


def run_undo(args: argparse.Namespace, ctx: CliContext) -> int:
    store = ctx.store()
    if args.list:
        entries = history(store)
        if not entries:
            ctx.print("nothing to undo (the undo log starts at the last sync)")
        for number, entry in enumerate(entries, 1):
            ctx.print(
                f"{number:>3}  {entry.at[:19].replace('T', ' ')}  {entry.origin:<3}  {entry.label}"
            )
        return 0
    ctx.print(f"undid: {undo_last(store)}")
    return 0
