"""What a report can be asked for, kept apart from the renderers so the command line can offer
the choices without loading them."""

from __future__ import annotations

from typing import Literal

from ctotui.errors import CtoError

Format = Literal["md", "html"]
FORMATS: tuple[Format, ...] = ("md", "html")
DEFAULT_SINCE_DAYS = 30
DEFAULT_HORIZON_DAYS = 90


class ReportError(CtoError):
    """A report that cannot be made as asked (bad format, dates the wrong way round)."""
