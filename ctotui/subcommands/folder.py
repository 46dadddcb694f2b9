"""Subcommands about the data folder itself: open, init, demo, check."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pendulum
import tomli_w

from ctotui.config import HEADER, Settings, save_settings
from ctotui.data.check import check_folder
from ctotui.data.folder import create_folder
from ctotui.data.jsonfile import atomic_write_bytes
from ctotui.data.layout import META_FILE
from ctotui.domain.clock import ShiftedClock
from ctotui.errors import ConfigError, CtoError, DataError
from ctotui.locations import config_file, default_data_dir, sample_data_dir
from ctotui.subcommands.base import CliContext, Registry
from ctotui.sync import gitrepo

# The day the sample practice was written for: its overdue and due-soon dates are relative to it.
SAMPLE_TODAY = pendulum.Date(2026, 11, 27)


def register(registry: Registry) -> None:
    init = registry.command("init", run_init, "create a data folder (a private git repository)")
    init.add_argument("dir", nargs="?", help="folder to create (default: the configured one)")
    init.add_argument("--no-git", action="store_true", help="do not make it a git repository")

    demo = registry.command(
        "demo", run_demo, "open the dashboard on a throwaway copy of the sample data"
    )
    demo.add_argument("--keep", action="store_true", help="keep the copy and print its path")

    check = registry.command("check", run_check, "validate every file of a data folder")
    check.add_argument("dir", nargs="?", help="folder to check (default: the configured one)")
    check.add_argument("--quiet", "-q", action="store_true", help="print problems only")


def open_dashboard(args: argparse.Namespace, ctx: CliContext) -> int:
    """`ctotui` with no subcommand: the dashboard on the configured data folder."""
    folder = ctx.data_path()
    if not (folder / META_FILE).exists():
        raise DataError(
            str(folder),
            "no data folder here; create one with `ctotui init`, or try `ctotui demo`",
        )
    return launch(folder, ctx)


def require_terminal() -> None:
    """The dashboard draws on a terminal and reads keys from it. Without one (stdout to a pipe,
    `ssh host ctotui` without -t) it would spin, and outlive the ssh session holding the folder."""
    for name, stream in (("input", sys.stdin), ("output", sys.stdout)):
        if stream is None or not stream.isatty():
            raise CtoError(
                f"the dashboard needs a terminal (standard {name} is not one); over ssh use "
                "`ssh -t HOST ctotui`, or run a command such as `ctotui agenda`"
            )


def launch(folder: Path, ctx: CliContext, *, title_suffix: str = "") -> int:
    require_terminal()
    ctx.refresh_driver(folder)
    # Imported here: only the dashboard pays for them, not every command.
    from ctotui.sync.heal import heal_on_open
    from ctotui.views import glance_ahead

    # Whatever git did since the last start (a plain `git pull` that left a dangling reference
    # or parked conflicts, a killed sync) is repaired first, before the glance maker reads.
    heal_on_open(folder)
    # Before Textual is imported (a fork copies one thread only): a big folder without a glance
    # gets one made by a second process meanwhile.
    ahead = glance_ahead.start(folder, ctx.settings, ctx.clock)
    from ctotui.app import run_app  # Textual is imported only when a screen is opened

    return run_app(
        folder,
        ctx.settings,
        clock=ctx.clock,
        ascii=ctx.args.ascii,
        title_suffix=title_suffix,
        ahead=ahead,
        healed=True,
    )


def run_init(args: argparse.Namespace, ctx: CliContext) -> int:
    settings = ctx.settings  # a bad config.toml is refused before anything is created
    folder = Path(args.dir).expanduser() if args.dir else ctx.data_path()
    create_folder(folder)
    if not args.no_git:
        if gitrepo.git_available():
            gitrepo.init_repo(folder)
        else:
            ctx.warn("git is not installed: the folder was created without version control")
    ctx.print(f"created data folder {folder}")
    default_line = make_default(folder, settings)
    if default_line:
        ctx.print(default_line)
    return 0


def make_default(folder: Path, settings: Settings) -> str:
    """Make *folder* the default data folder when none is configured, so the next command
    without --data finds it; otherwise say how. Returns what to tell the person ("" when it
    already is the default)."""
    shown = _home_relative(folder)
    line = tomli_w.dumps({"data_folder": shown}).strip()
    env = os.environ.get("CTOTUI_DATA")
    if env:
        if Path(env).expanduser().resolve() == folder.resolve():
            return ""
        return f"CTOTUI_DATA points at {env}: set CTOTUI_DATA={folder} to use this folder"
    config = settings.source or config_file()
    if settings.data_folder:
        if Path(settings.data_folder).expanduser().resolve() == folder.resolve():
            return ""
        return (
            f"the default data folder is still {settings.data_folder}; to use this one, pass "
            f"--data {folder} or put {line} in {config}"
        )
    if folder.resolve() == default_data_dir().resolve():
        return ""
    try:
        if not config.exists() and not config.is_symlink():
            # A new config file holds this one setting (and a header), not every default.
            config.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic_write_bytes(config, HEADER.encode("utf-8"))
        settings.data_folder = shown
        save_settings(settings, config)
    except (ConfigError, OSError) as exc:
        return f"could not make it the default ({exc}); put {line} in {config}"
    return f"made it the default data folder ({line} in {config})"


def _home_relative(folder: Path) -> str:
    """`~/clients` rather than `/home/me/clients`: the same config works on every machine."""
    absolute = folder.resolve()
    try:
        return "~/" + absolute.relative_to(Path.home().resolve()).as_posix()
    except ValueError:
        return str(absolute)


def copy_sample_data(target: Path) -> None:
    """Copy the bundled sample data into *target* (private), as a git repository when possible."""
    source = sample_data_dir()
    if not (source / META_FILE).exists():
        raise CtoError(f"{source}: the bundled sample data is missing from this installation")
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    for path in source.iterdir():
        if path.is_file() and path.suffix == ".json":
            shutil.copyfile(path, target / path.name)
            (target / path.name).chmod(0o600)
    if gitrepo.git_available():
        gitrepo.init_repo(target)


def run_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    folder = Path(tempfile.mkdtemp(prefix="ctotui-demo-"))
    try:
        copy_sample_data(folder)
        if args.keep:
            ctx.print(f"demo data folder: {folder}")
        suffix = "demo"
        if "CTOTUI_NOW" not in os.environ:
            ctx.clock = ShiftedClock(SAMPLE_TODAY)
            suffix = f"demo, as of {SAMPLE_TODAY.isoformat()}"
        return launch(folder, ctx, title_suffix=suffix)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def run_check(args: argparse.Namespace, ctx: CliContext) -> int:
    folder = Path(args.dir).expanduser() if args.dir else ctx.data_path()
    report = check_folder(folder)
    for warning in (*report.warnings, *_driver_warning(folder)):
        ctx.warn(warning)
    for problem in report.problems:
        print(problem, file=ctx.err)
    if not report.ok:
        count = len(report.problems)
        print(f"ctotui: {count} problem{'s' if count != 1 else ''} in {folder}", file=ctx.err)
        return 2
    if not args.quiet:
        ctx.print(report.summary())
    return 0


def _driver_warning(folder: Path) -> list[str]:
    """A git data folder whose merge driver cannot run: a plain `git pull` would merge its
    tables as text. A warning, as a loose folder mode is: the data itself is sound."""
    from ctotui.sync.repo import driver_problem, is_repo

    if not (folder / META_FILE).is_file() or not is_repo(folder) or not gitrepo.git_available():
        return []
    problem = driver_problem(folder)
    return [problem] if problem else []
