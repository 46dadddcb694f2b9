"""Records pickle as a tuple of their field values (for the load cache in `ctotui.data`).

The dashboard's start unpickles ~100,000 records and nested values. Pickle's default for a
slotted object stores a dict of slot names per object and sets each slot through the generic
attribute machinery; a tuple of values unpacked by one straight-line `__setstate__` per class
(generated once, the technique `dataclasses` uses for `__init__`) builds the same objects in
about two thirds of the time, from a smaller pickle.
"""

from __future__ import annotations

import dataclasses
from typing import Any


def pickle_as_tuple(cls: type[Any]) -> None:
    """Give dataclass *cls* a `__getstate__`/`__setstate__` pair over its fields, in order.

    Each class needs its own pair (a subclass has more fields), so this is applied to every
    class, not inherited.
    """
    names = [field.name for field in dataclasses.fields(cls)]
    if not names:
        return  # nothing to keep: pickle's default is as good
    targets = ", ".join(f"self.{name}" for name in names)
    source = (
        f"def __getstate__(self):\n    return ({targets},)\n"
        f"def __setstate__(self, state):\n    ({targets},) = state\n"
    )
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<ctotui pickling of {cls.__name__}>", "exec"), namespace)
    for name in ("__getstate__", "__setstate__"):
        function = namespace[name]
        function.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, function)
