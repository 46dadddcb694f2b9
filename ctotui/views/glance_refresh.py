"""The glances and the load cache, made anew in a process of their own for the next start.

Started by the dashboard when it closes, after a command-line write and after `ctotui sync`
(`refresh_in_background`), when the load cache or the glances are stale: it refreshes the load
cache (`ctotui.data.loadcache.refresh`) and keeps the glances (`ctotui.views.glance`) of today
and the next days, removing the others.

    python -m ctotui.views.glance_refresh DIR [--config FILE]
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ctotui.data import loadcache
from ctotui.data.layout import VAULT_FILE
from ctotui.views.dashboard import Snapshot
from ctotui.views.glance import (
    Glance,
    file_name,
    fresh,
    view_for,
    worth_it,
    write,
)

if TYPE_CHECKING:
    from ctotui.config import Settings
    from ctotui.data.store import Store

DAYS_AHEAD = 3  # glances made ahead: a folder closed on Friday opens fast on Monday


def stale(folder: Path, settings: Settings | None = None) -> bool:
    """True when no glance of *folder* was made from its files as they are now (with
    *settings*: for each of today and the next days, the dashboard's first view of them)."""
    made = fresh(folder)
    if settings is None:
        return not made
    from ctotui.domain.clock import default_clock

    today = default_clock().today()
    vault = (folder / VAULT_FILE).exists()
    wanted = {
        file_name(view_for(settings, today + timedelta(days=d)), vault=vault)
        for d in range(DAYS_AHEAD)
    }
    return not wanted <= made


def refresh(folder: Path, settings: Settings) -> int:
    """Make the load cache and the glances of today and the next days; returns how many
    glances were kept. Old glances (other files, past days) are removed."""
    from ctotui.data.store import Store
    from ctotui.domain.clock import default_clock

    loadcache.refresh(folder)
    if not worth_it(folder):
        return 0
    clock = default_clock()
    store = Store(folder, clock=clock, use_cache=True)
    try:
        kept = _make(folder, store, settings, clock.today())
    finally:
        store.close(refresh=False)
    return kept


def _make(folder: Path, store: Store, settings: Settings, today: date) -> int:
    stamps = store.loaded_stamps()
    names = set()
    for ahead in range(DAYS_AHEAD + 1):
        view = view_for(settings, today + timedelta(days=ahead)).redacting(store)
        if write(folder, stamps, view, Glance.of(Snapshot.build(store, view)), store.sealer):
            names.add(file_name(view, vault=store.sealer is not None))
    for path in loadcache.sealed_headers(folder, "glance-"):
        if path.name not in names:
            with contextlib.suppress(OSError):
                path.unlink()
    return len(names)


def refresh_in_background(folder: Path, settings: Settings) -> None:
    """Start `refresh` in a process of its own (it outlives this one) when the load cache or
    the glances of *folder* are stale (a new day included: the next start finds its own)."""
    if not loadcache.enabled():
        return
    if not loadcache.any_stale(folder) and not (worth_it(folder) and stale(folder, settings)):
        return
    args = [sys.executable, "-m", "ctotui.views.glance_refresh", str(folder)]
    if settings.source is not None:
        args += ["--config", str(settings.source)]
    with contextlib.suppress(OSError):
        subprocess.Popen(  # our own interpreter and module
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not killed with the terminal's process group
            close_fds=True,
        )


def main(argv: list[str]) -> int:
    """`python -m ctotui.views.glance_refresh DIR [--config FILE]`: refresh DIR's caches,
    silently."""
    from ctotui.config import load_settings

    with contextlib.suppress(Exception):
        config = Path(argv[2]) if len(argv) > 2 and argv[1] == "--config" else None
        refresh(Path(argv[0]), load_settings(config))
    return 0


if __name__ == "__main__":
    os.umask(0o077)  # NDA data: nothing this process creates is readable by other users
    # Through the module's own name: run as __main__, its classes would be pickled as
    # `__main__.Glance`, which no reader allows.
    from ctotui.views import glance_refresh

    sys.exit(glance_refresh.main(sys.argv[1:]))
