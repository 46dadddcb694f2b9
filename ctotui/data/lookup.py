"""Finding one record from what a person typed: an id, an id's start or end, a name, a title,
a codename, or a unique part of one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from ctotui.domain.schema import Record
from ctotui.errors import AmbiguousError, NotFoundError

R = TypeVar("R", bound=Record)
SHOWN = 4


def _names(rec: Record) -> list[str]:
    return [
        str(v).lower()
        for v in (
            getattr(rec, "name", ""),
            getattr(rec, "title", ""),
            getattr(rec, "codename", ""),
        )
        if v
    ]


def resolve(records: Sequence[R], cls: type[R], text: str, exact: R | None) -> R:
    """The one record of *records* that *text* names; *exact* is the record whose id is *text*,
    if any. Raises NotFoundError or AmbiguousError (which lists each match by name, short id and
    codename, so the next try can be exact)."""
    text = text.strip()
    if not text:
        raise NotFoundError(f"a {cls.LABEL} is required")
    if exact is not None:
        return exact
    lowered = text.lower()
    upper = text.upper()
    rules: list[Callable[[Record], bool]] = [
        # The CLI shows the last 8 characters (the random part); the first ones (the time
        # part) are shared by every record made in the same millisecond.
        lambda r: len(text) >= 4 and (r.id.endswith(upper) or r.id.startswith(upper)),
        lambda r: lowered in _names(r),
        lambda r: any(lowered in n for n in _names(r)),
    ]
    for rule in rules:
        matches = [r for r in records if rule(r)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            shown = "; ".join(describe(m) for m in matches[:SHOWN])
            more = f"; and {len(matches) - SHOWN} more" if len(matches) > SHOWN else ""
            raise AmbiguousError(
                f"{text!r} matches {len(matches)} {cls.TABLE}: {shown}{more}; "
                "give the id (or its last 8 characters) instead"
            )
    raise NotFoundError(f"no {cls.LABEL} matches {text!r}")


def describe(rec: Record) -> str:
    """ "Halvorsen Freight (id 3FQ8ZK1M, KESTREL)": enough to tell two namesakes apart."""
    parts = [f"id {rec.id[-8:]}"]
    codename = getattr(rec, "codename", "")
    if codename:
        parts.append(str(codename))
    return f"{rec.display_name()} ({', '.join(parts)})"
