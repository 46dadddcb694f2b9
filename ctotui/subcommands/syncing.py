"""Subcommands about git sync: sync, resolve, and the merge driver git calls."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ctotui.errors import CtoError
from ctotui.subcommands.base import CliContext, Registry
from ctotui.subcommands.folder import make_default


def register(registry: Registry) -> None:
    sync = registry.command(
        "sync", run_sync, "commit local changes, merge the remote's, push (git over ssh)"
    )
    sync.add_argument(
        "--setup",
        action="store_true",
        help="register the merge driver in this clone (once per clone; makes a plain folder a "
        "git repository)",
    )
    sync.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    sync.add_argument(
        "--force",
        action="store_true",
        help="commit even when most of a table's records are deleted at once (refused otherwise)",
    )

    registry.command(
        "resolve",
        run_resolve,
        "finish a merge a plain `git pull` left with conflict markers, using ctotui's merge",
    )

    driver = registry.command(
        "merge-driver", run_merge_driver, "merge one data file (git calls this; see sync --setup)"
    )
    driver.add_argument("base", help="%%O: the common ancestor's version")
    driver.add_argument("ours", help="%%A: our version; the merge is written here")
    driver.add_argument("theirs", help="%%B: their version")
    driver.add_argument("path", help="%%P: the file's path in the repository")


def run_sync(args: argparse.Namespace, ctx: CliContext) -> int:
    from ctotui.sync.run import run_sync as sync
    from ctotui.sync.setup import setup_sync

    folder = ctx.data_path()
    if args.setup:
        ctx.print(setup_sync(folder))
        # A clone on a machine with no data folder configured becomes its data folder: the
        # next command finds it without --data. A configured one is someone's choice.
        if not ctx.settings.data_folder and not os.environ.get("CTOTUI_DATA"):
            default_line = make_default(folder, ctx.settings)
            if default_line:
                ctx.print(default_line)
        return 0

    # Progress only for a person watching: cron and scripts get the one result line.
    show = not args.quiet and ctx.err.isatty()

    def progress(message: str) -> None:
        if show:
            print(message, file=ctx.err, flush=True)

    result = sync(folder, progress, force=args.force)
    # What the pull brought in: the dashboard's load cache is made anew in the background.
    from ctotui.views.glance_refresh import refresh_in_background

    refresh_in_background(folder, ctx.settings)
    if not args.quiet:
        ctx.print(result.message)
    return 0


def run_resolve(args: argparse.Namespace, ctx: CliContext) -> int:
    from ctotui.sync.rescue import resolve_merge

    ctx.print(resolve_merge(ctx.data_path()))
    return 0


def run_merge_driver(args: argparse.Namespace, ctx: CliContext) -> int:
    from ctotui.sync.driver import run_driver

    try:
        run_driver(Path(args.base), Path(args.ours), Path(args.theirs), args.path, Path.cwd())
    except CtoError as error:
        # git shows this line above its own "CONFLICT (content)" report.
        print(f"ctotui: {error}", file=sys.stderr)
        return 1
    return 0
