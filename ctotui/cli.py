"""The `ctotui` command line: the dashboard and the subcommands for scripting and the jump box.

No Textual import here or in `ctotui.subcommands`: the app is imported only when it is opened,
so `ctotui agenda` in a login banner and `ctotui merge-driver` called by git start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ctotui import __version__
from ctotui.errors import CtoError
from ctotui.subcommands import (
    calendar,
    delete,
    edit,
    exchange,
    folder,
    listing,
    records,
    report,
    syncing,
    undo,
    vault,
)
from ctotui.subcommands.base import CliContext, Parser, Registry
from ctotui.visible import VisibleStream, visible

# Each module adds its subcommands to the registry; the order here is the order in --help.
MODULES = [folder, records, listing, edit, delete, undo, calendar, syncing, report, exchange, vault]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="ctotui",
        description="The engagement tracker for outsourced and fractional CTOs. "
        "With no subcommand, opens the dashboard on the configured data folder.",
    )
    parser.add_argument("--version", action="version", version=f"ctotui {__version__}")
    parser.add_argument(
        "--data", metavar="DIR", help="data folder (default: config, or $CTOTUI_DATA)"
    )
    parser.add_argument(
        "--config", metavar="FILE", help="config file (default: $CTOTUI_CONFIG or XDG)"
    )
    parser.add_argument(
        "--ascii",
        action="store_true",
        help="draw with plain ASCII (for terminals that mangle lines)",
    )
    registry = Registry.create(parser)
    for module in MODULES:
        module.register(registry)
    parser.set_defaults(handler=folder.open_dashboard)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (2 for bad input, with one line on stderr)."""
    # NDA data: nothing this process creates is readable by other users.
    umask = os.umask(0o077)
    # Whatever a command prints — data, a typed argument echoed in an error, git's messages —
    # reaches the terminal with its control characters shown, never obeyed.
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(sys.stdout), VisibleStream(sys.stderr)
    try:
        return _run(argv)
    finally:
        # As it was, for a caller that runs commands in its own process (the tests).
        sys.stdout, sys.stderr = streams
        os.umask(umask)


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = CliContext(args)
    try:
        code: int = args.handler(args, ctx)
    except CtoError as error:
        print(f"ctotui: {visible(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("ctotui: interrupted; nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `ctotui list | head` closes the pipe early; that is not an error worth a traceback.
        sys.stderr.close()
        return 0
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"ctotui: {where}{(error.strerror or str(error)).lower()}", file=sys.stderr)
        return 2
    except Exception as error:
        # A bug, not bad input: one line, and the traceback only when asked for.
        if os.environ.get("CTOTUI_DEBUG"):
            raise
        print(
            f"ctotui: unexpected error ({type(error).__name__}: {visible(str(error))}); "
            "run with CTOTUI_DEBUG=1 for the details",
            file=sys.stderr,
        )
        return 70
    finally:
        ctx.close()
    return code
