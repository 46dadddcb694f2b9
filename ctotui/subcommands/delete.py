"""`ctotui delete client|rec|event|milestone X [--cascade] [--yes]`: remove one record.

A record other records depend on (a client's recommendations, a recommendation's milestones) is
refused unless `--cascade` says to remove them too. A script must say `--yes`: without it, and
with no terminal to ask on, nothing is deleted. On a terminal it asks first, saying what a
cascade would remove. `ctotui undo` takes a delete back.
"""

from __future__ import annotations

import argparse
import sys

from ctotui.data.store import Store
from ctotui.domain.schema import Record
from ctotui.errors import ConflictError, CtoError
from ctotui.services.deleting import delete, dependents, describe_owned
from ctotui.subcommands.base import CliContext, Registry, needs_choice
from ctotui.subcommands.edit import CLASSES, WHICH
from ctotui.subcommands.output import print_json, record_json, short_id


class NotConfirmed(CtoError):
    """The person said no (or could not be asked): nothing was deleted."""


def register(registry: Registry) -> None:
    parser = registry.command(
        "delete", _no_handler, "delete a client, recommendation, event or milestone"
    )
    kinds = parser.add_subparsers(title="kinds", metavar="KIND", parser_class=type(parser))
    parser.set_defaults(handler=needs_choice("delete", kinds, "kind"))
    for kind, cls in CLASSES.items():
        sub = kinds.add_parser(
            kind,
            help=f"delete a {cls.LABEL}",
            description=f"Delete a {cls.LABEL}. On a terminal it asks first; a script must "
            "pass --yes. `ctotui undo` takes it back.",
        )
        sub.add_argument("record", metavar=cls.LABEL.upper(), help=WHICH[kind])
        sub.add_argument(
            "--cascade",
            action="store_true",
            help="also delete the records that depend on it (a client's recommendations and "
            "events, a recommendation's milestones, …)",
        )
        sub.add_argument(
            "--yes", "-y", action="store_true", help="do not ask (needed when not on a terminal)"
        )
        sub.add_argument("--json", action="store_true", help="print the deleted records as JSON")
        sub.set_defaults(handler=run_delete, record_kind=kind)


def _no_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    raise AssertionError("replaced by needs_choice() once the choices exist")


def _named(rec: Record) -> str:
    return f"{rec.LABEL} {rec.display_name()!r} (id {short_id(rec.id)})"


def run_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    cls = CLASSES[args.record_kind]
    store = ctx.store()
    rec = store.resolve(cls, args.record)
    owned, links = dependents(store, rec)
    if owned and not args.cascade:
        them = "them" if len(owned) > 1 else "it"
        raise CtoError(
            f"{_named(rec)} still has {describe_owned(owned)}; add --cascade to delete {them} "
            f"too, or delete {them} first"
        )
    what = _named(rec) + (f" and {describe_owned(owned)}" if owned else "")
    if not args.yes:
        _confirm(what)
    removed = _delete_as_shown(store, rec, owned, cascade=args.cascade)
    if args.json:
        print_json([record_json(r) for r in removed], ctx.out)
        return 0
    unlinked = f"; cleared the link of {_count(links)}" if links else ""
    ctx.print(f"deleted {what}{unlinked} (`ctotui undo` takes it back)")
    return 0


def _count(links: list[tuple[Record, str]]) -> str:
    return describe_owned([rec for rec, _field in links])


def _confirm(what: str) -> None:
    if not sys.stdin.isatty():
        raise NotConfirmed(
            f"not deleting {what} without --yes (there is no terminal to ask on); nothing was "
            "deleted"
        )
    sys.stderr.write(f"Delete {what}? [y/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    if answer not in ("y", "yes"):
        raise NotConfirmed("not deleted")


def _delete_as_shown(
    store: Store, rec: Record, owned: list[Record], *, cascade: bool
) -> list[Record]:
    """Delete *rec* (and, with *cascade*, what depends on it) only if what depends on it is
    still exactly what the person was shown: another process may have added a milestone while
    they read the question."""
    with store.transaction():
        current = store.find(type(rec), rec.id)
        if current is None:
            raise ConflictError(f"{_named(rec)} was deleted elsewhere meanwhile")
        now, _links = dependents(store, current)
        if {(r.TABLE, r.id) for r in now} != {(r.TABLE, r.id) for r in owned}:
            has = describe_owned(now) or "nothing"
            raise ConflictError(
                f"what depends on {_named(rec)} changed meanwhile (it now has {has}); nothing "
                "was deleted, run the command again"
            )
        return delete(store, type(rec), rec.id, cascade=cascade)
