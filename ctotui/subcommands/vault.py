"""`ctotui vault init` and `ctotui keys …`: client vaults from the command line (docs/vault.md)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from ctotui.data.jsonfile import atomic_write_bytes
from ctotui.data.layout import VAULT_FILE
from ctotui.data.sealing import Sealer
from ctotui.data.store import Store
from ctotui.domain.entities import Client
from ctotui.errors import CtoError
from ctotui.subcommands.base import CliContext, Parser, Registry, add_force, needs_choice
from ctotui.visible import rewrite_line


def register(registry: Registry) -> None:
    vault = registry.command("vault", _no_choice, "client vaults: NDA fields encrypted")
    sub = vault.add_subparsers(title="vault commands", metavar="COMMAND", parser_class=Parser)
    vault.set_defaults(handler=needs_choice("vault", sub, "command"))
    init = sub.add_parser(
        "init",
        help="turn the data folder into a vault (each client's fields sealed under its own key)",
        description="Seal every client's sensitive fields under a key of its own; keys stay on "
        "this machine (see `ctotui keys`). Prints the recovery key once.",
    )
    init.add_argument("--recovery-out", metavar="FILE", help="write the recovery key here")
    init.set_defaults(handler=run_vault_init)

    keys = registry.command("keys", _no_choice, "vault keys: list, export, import, rotate")
    ksub = keys.add_subparsers(title="keys commands", metavar="COMMAND", parser_class=Parser)
    keys.set_defaults(handler=needs_choice("keys", ksub, "command"))
    listing = ksub.add_parser("list", help="the clients this machine can read")
    listing.set_defaults(handler=run_keys_list)
    export = ksub.add_parser("export", help="write client keys to a file, under a passphrase")
    export.add_argument("clients", nargs="+", metavar="CLIENT", help="name, codename or id")
    export.add_argument("--to", required=True, metavar="FILE", help="the file to write")
    add_force(export)
    _passphrase_option(export)
    export.set_defaults(handler=run_keys_export)
    imports = ksub.add_parser("import", help="read client keys from an exported file")
    imports.add_argument("file", metavar="FILE")
    _passphrase_option(imports)
    imports.set_defaults(handler=run_keys_import)
    rotate = ksub.add_parser(
        "rotate", help="seal one client's records again under a new key (in one transaction)"
    )
    rotate.add_argument("client", metavar="CLIENT", help="name, codename or id")
    rotate.set_defaults(handler=run_keys_rotate)
    recover = ksub.add_parser("recover", help="take every client key back with the recovery key")
    recover.add_argument("--recovery-key-file", metavar="FILE", help="read the recovery key here")
    recover.set_defaults(handler=run_keys_recover)


def _no_choice(args: argparse.Namespace, ctx: CliContext) -> int:
    raise AssertionError("replaced by needs_choice at registration")


def _passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="read the passphrase from the first line of FILE (else $CTOTUI_PASSPHRASE, else a "
        "prompt)",
    )


def _passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    if args.passphrase_file:
        try:
            text = Path(args.passphrase_file).expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CtoError(f"{args.passphrase_file}: cannot read the passphrase ({exc})") from None
        return text.splitlines()[0] if text.strip() else ""
    env = os.environ.get("CTOTUI_PASSPHRASE")
    if env:
        return env
    if not sys.stdin.isatty():
        raise CtoError("no passphrase: give --passphrase-file FILE or set CTOTUI_PASSPHRASE")
    first = getpass.getpass("passphrase: ")
    if confirm and getpass.getpass("again: ") != first:
        raise CtoError("the two passphrases differ; nothing was written")
    return first


# --- vault init ---------------------------------------------------------------------------------


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    line = f"sealing [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} records"
    if sys.stderr.isatty():
        rewrite_line(sys.stderr, line)
        if done >= total:
            print(file=sys.stderr, flush=True)
    elif done >= total:
        print(line, file=sys.stderr)


def run_vault_init(args: argparse.Namespace, ctx: CliContext) -> int:
    from ctotui.data.vault_ops import make_vault
    from ctotui.vault.recovery import recovery_text

    out = Path(args.recovery_out).expanduser() if args.recovery_out else None
    if out is not None and (out.exists() or out.is_symlink()):
        raise CtoError(f"{out}: exists; the recovery key goes to a new file")
    store = ctx.store()
    folder = store.folder
    secret = make_vault(store, _progress_bar)
    text = recovery_text(secret)
    _share_vault_file(folder, ctx)
    ctx.print(f"{folder}: now a vault; {len(store.all(Client))} client keys in {_keys_dir()}")
    if out is not None:
        atomic_write_bytes(out, (text + "\n").encode())
        ctx.print(f"recovery key written to {out} (keep it offline; it opens every client key)")
    else:
        ctx.print("recovery key (shown once; keep it offline, it opens every client key):")
        ctx.print(f"  {text}")
    ctx.print("other machines: `ctotui keys export CLIENT… --to FILE` here, `keys import` there")
    return 0


def _keys_dir() -> Path:
    from ctotui.locations import keys_dir

    return keys_dir()


def _share_vault_file(folder: Path, ctx: CliContext) -> None:
    """In a git clone: merge vault.json with the driver and stage it for the next sync."""
    from ctotui.sync.gitcmd import git
    from ctotui.sync.repo import is_repo
    from ctotui.sync.setup import setup_sync

    if not is_repo(folder):
        return
    try:
        setup_sync(folder)
    except CtoError as exc:
        ctx.warn(f"could not set up the merge driver for {VAULT_FILE}: {exc}")
    git(folder, "add", "--", VAULT_FILE)


# --- keys ---------------------------------------------------------------------------------------


def _vault_store(ctx: CliContext) -> tuple[Store, Sealer]:
    store = ctx.store()
    if store.sealer is None:
        raise CtoError(f"{store.folder}: not a vault (make it one with `ctotui vault init`)")
    return store, store.sealer


def run_keys_list(args: argparse.Namespace, ctx: CliContext) -> int:
    store, sealer = _vault_store(ctx)
    readable = sorted(store.all(Client), key=lambda c: c.display_name(True).casefold())
    for client in readable:
        key_id = sealer.vault.manifest.key_of(client.id)
        ctx.print(f"{client.display_name(True):<30} key {key_id}  {client.id}")
    locked = store.locked_clients()
    ctx.print(
        f"{len(readable)} client{'s' if len(readable) != 1 else ''} readable here"
        + (f", {locked} locked" if locked else "")
    )
    return 0


def run_keys_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from ctotui.vault.wrap import wrap_keys

    store, sealer = _vault_store(ctx)
    target = Path(args.to).expanduser()
    if (target.exists() or target.is_symlink()) and not args.force:
        raise CtoError(f"{target}: exists (--force replaces it)")
    keys = sealer.vault.keys
    chosen = []
    for text in args.clients:
        client = store.resolve(Client, text)
        chosen += [k for k in keys.values() if k.client == client.id]
    data = wrap_keys(sorted(set(chosen), key=lambda k: k.key_id), _passphrase(args, confirm=True))
    atomic_write_bytes(target, data)
    ctx.print(f"wrote {len(chosen)} key{'s' if len(chosen) != 1 else ''} to {target}")
    return 0


def run_keys_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from ctotui.vault.keys import save_key
    from ctotui.vault.wrap import unwrap_keys

    path = Path(args.file).expanduser()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CtoError(f"{path}: cannot read: {(exc.strerror or str(exc)).lower()}") from None
    keys = unwrap_keys(raw, _passphrase(args, confirm=False), str(path))
    for key in keys:
        save_key(key)
    clients = len({k.client for k in keys})
    ctx.print(f"imported {len(keys)} key{'s' if len(keys) != 1 else ''} ({clients} client(s))")
    return 0


def run_keys_rotate(args: argparse.Namespace, ctx: CliContext) -> int:
    from ctotui.data.vault_ops import rotate_key

    store, _sealer = _vault_store(ctx)
    client = store.resolve(Client, args.client)
    key_id, count = rotate_key(store, client.id)
    ctx.print(
        f"{client.display_name(True)}: new key {key_id}; {count} records sealed again. Export "
        "it to the machines that should keep reading; the old ciphertext stays in git history "
        "(docs/vault.md, 'Purging history')"
    )
    return 0


def run_keys_recover(args: argparse.Namespace, ctx: CliContext) -> int:
    from ctotui.vault.keys import ClientKey, save_key
    from ctotui.vault.manifest import read_manifest
    from ctotui.vault.recovery import RecoveryError, parse_recovery, public_of, unescrow

    folder = ctx.data_path()
    manifest = read_manifest(folder)
    if manifest is None:
        raise CtoError(f"{folder}: not a vault")
    if args.recovery_key_file:
        text = Path(args.recovery_key_file).expanduser().read_text(encoding="utf-8")
    elif os.environ.get("CTOTUI_RECOVERY_KEY"):
        text = os.environ["CTOTUI_RECOVERY_KEY"]
    elif sys.stdin.isatty():
        text = getpass.getpass("recovery key: ")
    else:
        raise CtoError("no recovery key: give --recovery-key-file FILE")
    secret = parse_recovery(text)
    if public_of(secret) != manifest.recovery:
        raise RecoveryError(f"{folder}: this recovery key belongs to another vault")
    for client, entry in sorted(manifest.clients.items()):
        key = unescrow(secret, client, entry.key_id, entry.escrow)
        save_key(ClientKey(client, entry.key_id, key))
    ctx.print(f"recovered {len(manifest.clients)} client keys into {_keys_dir()}")
    return 0
