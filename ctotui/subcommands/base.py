"""What every subcommand shares: the registry it adds itself to and the context it runs in."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ctotui.config import Settings, load_settings
from ctotui.data.store import Store
from ctotui.domain.clock import Clock, default_clock
from ctotui.errors import CtoError
from ctotui.visible import visible

Handler = Callable[[argparse.Namespace, "CliContext"], int]


class Parser(argparse.ArgumentParser):
    """argparse with ctotui's one-line errors and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {visible(message)} (see `{self.prog} --help`)\n")


@dataclass(slots=True)
class Registry:
    """Where modules add subcommands; `export` and `import` take formats as sub-subcommands."""

    commands: argparse._SubParsersAction[Parser]
    exports: argparse._SubParsersAction[Parser]
    imports: argparse._SubParsersAction[Parser]

    @classmethod
    def create(cls, parser: argparse.ArgumentParser) -> Registry:
        commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
        export = commands.add_parser(
            "export", help="write data out (csv, json, ics)", description="Write data out."
        )
        exports = export.add_subparsers(title="formats", metavar="FORMAT", parser_class=Parser)
        export.set_defaults(handler=needs_choice("export", exports, "format"))
        imports = commands.add_parser(
            "import", help="read data in (csv)", description="Read data in."
        )
        import_formats = imports.add_subparsers(
            title="formats", metavar="FORMAT", parser_class=Parser
        )
        imports.set_defaults(handler=needs_choice("import", import_formats, "format"))
        return cls(commands, exports, import_formats)

    def command(self, name: str, handler: Handler, help: str, **kwargs: object) -> Parser:
        parser = self.commands.add_parser(name, help=help, description=help, **kwargs)  # type: ignore[arg-type]
        parser.set_defaults(handler=handler)
        return parser


def add_force(parser: argparse.ArgumentParser) -> None:
    """The `--force` of a command that writes a file: replacing one is a choice, never a
    surprise."""
    parser.add_argument("--force", action="store_true", help="replace the file if it exists")


def needs_choice(command: str, choices: argparse._SubParsersAction[Parser], noun: str) -> Handler:
    """The handler of a command run without its sub-command: one line listing the choices."""

    def handler(args: argparse.Namespace, ctx: CliContext) -> int:
        listed = ", ".join(choices.choices)
        raise CtoError(f"say which {noun}: {listed} (see `ctotui {command} --help`)")

    return handler


class CliContext:
    """Settings, clock and store for one command, opened only when a command asks for them."""

    def __init__(self, args: argparse.Namespace, out: TextIO | None = None) -> None:
        self.args = args
        self.out = out or sys.stdout
        self.err = sys.stderr
        self._settings: Settings | None = None
        self._store: Store | None = None
        self._opened_at_version = 0
        self.clock: Clock = default_clock()

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            path = getattr(self.args, "config", None)
            self._settings = load_settings(Path(path).expanduser() if path else None)
        return self._settings

    def data_path(self) -> Path:
        explicit = getattr(self.args, "data", None)
        return Path(explicit).expanduser() if explicit else self.settings.data_path()

    def store(self, folder: Path | None = None) -> Store:
        """The data folder's store (opened once); warnings about it go to stderr."""
        if self._store is None:
            self._store = Store(
                folder or self.data_path(), clock=self.clock, author=self.settings.author()
            )
            self._opened_at_version = self._store.version
            for warning in self._store.warnings:
                self.warn(warning)
            self.refresh_driver(self._store.folder)
        return self._store

    def refresh_driver(self, folder: Path) -> None:
        """Point a git clone's merge driver at this ctotui (its venv may be new since)."""
        from ctotui.sync.gitrepo import refresh_driver

        warning = refresh_driver(folder)
        if warning:
            self.warn(warning)

    def warn(self, message: str) -> None:
        print(f"ctotui: warning: {message}", file=self.err)

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            if self._store.version != self._opened_at_version:
                # Written to: the dashboard's load cache is made anew in the background, so its
                # next start is not the slow one.
                from ctotui.views.glance_refresh import refresh_in_background

                refresh_in_background(self._store.folder, self.settings)
