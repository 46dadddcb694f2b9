"""The errors ctotui reports to a person: each one is a single line that says what and where."""

from __future__ import annotations


class CtoError(Exception):
    """Base of every error that is shown to the user as one line (exit code 2 on the CLI)."""

    exit_code = 2


class DataError(CtoError):
    """A data file that cannot be read: bad JSON, conflict markers, wrong shape, truncated."""

    def __init__(self, path: str, message: str, line: int | None = None, col: int | None = None):
        self.path = path
        self.line = line
        self.col = col
        self.message = message
        where = path
        if line is not None:
            where += f":{line}"
            if col is not None:
                where += f":{col}"
        super().__init__(f"{where}: {message}")


class ValidationError(CtoError):
    """A record (or a field of one) that breaks the domain's rules."""

    def __init__(self, where: str, message: str, field: str | None = None):
        self.where = where
        self.field = field
        self.message = message
        label = f"{where}: field '{field}'" if field else where
        super().__init__(f"{label}: {message}")


class NotFoundError(CtoError):
    """No record matches an id or a name."""


class AmbiguousError(CtoError):
    """A name or id prefix matches more than one record."""


class ReadOnlyError(CtoError):
    """A write was attempted on a store that is open read-only."""


class LockedError(CtoError):
    """The data folder's write lock could not be taken in time."""


class ConfigError(CtoError):
    """config.toml (or a theme file) has a bad value; the message names the file and key."""


class ConflictError(CtoError):
    """A record changed elsewhere (another process, a sync) since the person read it."""
