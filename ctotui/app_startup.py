"""The cyclic garbage collector during start-up: held until the first frame, then told to skip
what start-up built.

Start-up builds millions of long-lived objects (records, then the dashboard's rows) that hold
no cycles; the cyclic GC walking them again and again took a third of the time to the first
frame on a 20,000-recommendation folder. `run_app` opens the folder and runs the app inside
`gc_held()`; the app calls `resume_gc()` after its first frame.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_held() -> Iterator[None]:
    """No cyclic collection inside (unless `resume_gc` ends it early); on again after, whatever
    happened inside."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def held() -> bool:
    return not gc.isenabled()


def resume_gc() -> None:
    """After the first frame: what start-up built lives on, so `gc.freeze` puts it out of the
    collector's sight for good (reference counting still frees it); then collect as usual."""
    gc.freeze()
    gc.enable()
