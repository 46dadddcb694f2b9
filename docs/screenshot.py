"""Make docs/screenshot.svg: the dashboard on the sample practice, as the app itself draws it.

.venv/bin/python docs/screenshot.py
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

from ctotui.app import CtoApp
from ctotui.config import Settings
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.locations import sample_data_dir
from ctotui.widgets.debounce import run_pending

OUT = Path(__file__).resolve().parent / "screenshot.svg"


async def main() -> None:
    os.environ.setdefault("COLORTERM", "truecolor")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        shutil.copytree(
            sample_data_dir(), folder, ignore=shutil.ignore_patterns("*.py", "practice")
        )
        clock = FixedClock("2026-11-27T09:00:00+00:00")
        with Store(folder, clock=clock) as store:
            app = CtoApp(store, Settings(), clock=clock, folder_label="~/clients", watch_disk=False)
            async with app.run_test(size=(130, 36)) as pilot:
                await pilot.pause()
                await pilot.press("2")
                run_pending()  # debounced calls, at once
                await pilot.pause()
                OUT.write_text(app.export_screenshot(title="ctotui"), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    asyncio.run(main())
