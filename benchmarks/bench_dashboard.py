"""Time the dashboard on a data folder: first frame, a cursor move, a filter keystroke, memory.

    .venv/bin/python benchmarks/bench_dashboard.py DIR [DIR ...] [--runs 5] [--repeat 30]
        [--only cold|warm|both] [--json OUT]

Each run starts a fresh interpreter that opens DIR the way the `ctotui` command does
(`ctotui.cli.main(["--data", COPY])`: settings, store, app), with one change: `CtoApp.run` is made
headless at 120x40 with an auto-pilot. The patch is installed by an import hook, so Textual is
imported exactly when and where the real command imports it. DIR itself is never opened: each
run works on a private copy (opening takes the session lock and may tidy the folder).

* **first frame** — wall time from just before the parent spawns the interpreter (interpreter
  start included) to the first frame the app *paints* while the dashboard is on screen with its
  rows: `App._display` is wrapped, and the frame's terminal output (ANSI text) is built there
  even though the headless driver would skip it. Median of --runs, with the child's CPU time.
* **cursor move** on the recommendations pane (all clients, every open recommendation):
  "our code" is `action_cursor(1)` plus rendering every visible line of the list; "frame" adds
  Textual's repaint of what changed (compositor and terminal output); "press" is the Pilot
  round trip of `j` and its repaint, minus the same round trip of a key nothing is bound to.
* **filter keystroke** on the same pane: `set_filter` of one more character plus rendering the
  list ("our code"), the same with the repaint ("frame"), and typing it into the filter box
  through Pilot minus the unbound-key baseline ("press").
* **every row in** — when a folder opened from its glance has read the rest in the background
  (keys are held until then, and the interactions below start then).
* **memory** — the child's peak resident set size (`ru_maxrss`) right after the first frame and
  after a session: the interactions above, then every pane paged through from top to bottom.

Several folders (the sample practice and the big one, say) are measured in one run, their
starts alternating; `--json` writes the medians for `run_all.py`'s table.

The box these run on is shared: medians over --repeat (and --runs), CPU time beside wall time,
and a **machine** line: a fixed Python loop timed before each run, so two runs of this script
can be compared (a neighbour that makes the loop 1.5 times slower does the same to the rest).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

NOW = "2026-11-27T09:00:00+00:00"

CHILD = r"""
import gc, importlib.abc, importlib.util, json, resource, statistics, sys, time

REPEAT = int(sys.argv[3])
out = {"t_python": time.perf_counter()}
phases = {}  # name -> [start, end] of the first call
gc_spent = [0.0, 0.0]  # seconds in the cyclic garbage collector, start of the current pass


def gc_watch(phase, info):
    if phase == "start":
        gc_spent[1] = time.perf_counter()
    else:
        gc_spent[0] += time.perf_counter() - gc_spent[1]


gc.callbacks.append(gc_watch)
paints = []  # (time, probe()) of every frame painted after the first one
probe = [lambda: None]


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dashboard_ready(app):
    screen = app.screen
    if type(screen).__name__ != "DashboardScreen":
        return False
    try:
        return bool(screen.pane(1).list.rows) and bool(screen.pane(2).list.rows)
    except Exception:
        return False


def patch(module):
    App = module.CtoApp
    display = App._display

    def _display(self, screen, renderable):
        if renderable is not None and not self._batch_count:
            # The headless driver skips building the terminal output; a real frame costs it.
            if hasattr(renderable, "render_segments"):
                renderable.render_segments(self.console)
            now = time.perf_counter()
            if "frame_s" not in out:
                if dashboard_ready(self):
                    out["frame_s"] = now
                    out["frame_cpu_s"] = time.process_time()
                    out["frame_rss_mb"] = rss_mb()
                    out["frame_gc_s"] = gc_spent[0]
            else:
                paints.append((now, probe[0]()))
        return display(self, screen, renderable)

    App._display = _display
    run = App.run

    def run_headless(self, *args, **kwargs):
        kwargs.update(headless=True, size=(120, 40), auto_pilot=pilot_main)
        return run(self, *args, **kwargs)

    App.run = run_headless


class Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "ctotui.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        exec_module = spec.loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            patch(module)

        spec.loader.exec_module = exec_and_patch
        return spec


def ms(samples):
    return statistics.median(samples) * 1000


def render_list(lst):
    for y in range(lst.size.height):
        lst.render_line(y)


async def press_samples(pilot, keys, expected):
    # Per key: latency from sending it to the first painted frame that shows its effect
    # (probe() == expected[i]), and the process CPU time the press took.
    latency, cpu = [], []
    for i, key in enumerate(keys):
        await pilot.pause()
        paints.clear()
        began, cpu0 = time.perf_counter(), time.process_time()
        await pilot.press(key)
        cpu.append(time.process_time() - cpu0)
        if expected is not None:
            for _ in range(200):
                hit = next((t for t, seen in paints if seen == expected[i]), None)
                if hit is not None:
                    break
                await pilot.pause(0.002)
            else:
                raise RuntimeError(f"no frame showed the effect of {key!r}")
            latency.append(hit - began)
    return latency, cpu


async def pilot_main(pilot):
    app = pilot.app
    waited = time.perf_counter()
    while "frame_s" not in out:
        if time.perf_counter() - waited > 120:  # e.g. a vault whose keys are not here
            raise RuntimeError("no dashboard frame with rows in 120 s")
        await pilot.pause(0.005)
    # A folder opened from its glance reads the rest in the background: until it is in, keys
    # are held (and then handed on), so the interactions below start once it is.
    while getattr(app, "loading", False):
        # Not too often: each wake-up takes the interpreter from the loading thread.
        await pilot.pause(0.02)
    out["loaded_s"] = time.perf_counter()
    out["loaded_rss_mb"] = rss_mb()
    screen = app.screen
    await pilot.press("2")
    lst = screen.pane(2).list
    out["rows"] = len(lst.rows)
    active = set(screen.active_bindings)
    idle_key = next(k for k in ("f19", "f18", "f17", "ctrl+y") if k not in active)

    walls = []
    for i in range(REPEAT):
        await pilot.pause()
        began = time.perf_counter()
        lst.action_cursor(1 if i % 2 == 0 else -1)
        render_list(lst)
        walls.append(time.perf_counter() - began)
    out["cursor_ours_ms"] = ms(walls)
    _, base_cpu = await press_samples(pilot, [idle_key] * REPEAT, None)
    out["baseline_cpu_ms"] = ms(base_cpu)
    probe[0] = lambda: lst.cursor
    # Down the list, one row per key; a list too short for that goes down and up again.
    keys, expected, at = [], [], lst.cursor
    for i in range(REPEAT):
        down = len(lst.rows) > 2 * REPEAT or i % 2 == 0
        key = "j" if at + 1 < len(lst.visible_rows) and down else "k"
        at += 1 if key == "j" else -1
        keys.append(key)
        expected.append(at)
    latency, cpu = await press_samples(pilot, keys, expected)
    out["cursor_latency_ms"] = ms(latency)
    out["cursor_cpu_ms"] = ms(cpu) - ms(base_cpu)

    # Filter: type a word one character at a time, then delete it; each step is a keystroke.
    word = "security"
    texts = [word[: i + 1] for i in range(len(word))]
    texts += [word[:i] for i in range(len(word) - 1, -1, -1)]
    walls = []
    for i in range(REPEAT):
        await pilot.pause()
        began = time.perf_counter()
        lst.set_filter(texts[i % len(texts)])
        render_list(lst)
        walls.append(time.perf_counter() - began)
    out["filter_ours_ms"] = ms(walls)
    lst.set_filter("")
    await pilot.press("slash")
    probe[0] = lambda: (lst.filter_text, len(lst.visible_rows))
    keys, expected, counts = [], [], {}
    for i in range(REPEAT):
        text = texts[i % len(texts)]
        if text not in counts:
            hays = getattr(lst, "_prepare_haystacks", lambda: lst._haystacks)()
            counts[text] = sum(all(w in h for w in text.lower().split()) for h in hays)
        keys.append(word[len(text) - 1] if i % len(texts) < len(word) else "backspace")
        expected.append((text, counts[text]))
    latency, cpu = await press_samples(pilot, keys, expected)
    out["filter_latency_ms"] = ms(latency)
    out["filter_cpu_ms"] = ms(cpu) - ms(base_cpu)
    # A session: every pane paged through, top to bottom (each page drawn), then the memory.
    await pilot.press("escape")
    lst.set_filter("")
    for number in (1, 2, 3, 4):
        await pilot.press(str(number))
        pane_list = screen.pane(number).list
        pane_list.action_first()
        for page in range(len(pane_list.visible_rows) // max(pane_list.size.height - 1, 1) + 1):
            pane_list.action_page(1)
            render_list(pane_list)
            if page % 50 == 0:
                await pilot.pause()
    await pilot.pause()
    out["end_rss_mb"] = rss_mb()
    out["gc_enabled_after_start"] = gc.isenabled()
    app.exit()


def timed_phase(owner, attr, name):
    # Wrap owner.attr to note when its first call starts and ends.
    original = getattr(owner, attr)

    def wrapper(*args, **kwargs):
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            phases.setdefault(name, [began, time.perf_counter()])

    setattr(owner, attr, wrapper)


sys.meta_path.insert(0, Hook())
from ctotui.cli import main
import ctotui.subcommands.folder as folder_module

out["t_cli_imported"] = time.perf_counter()
# Headless by design: the child's standard streams are pipes, not the terminal the command asks
# for.
folder_module.require_terminal = lambda: None
import ctotui.data.store as store_module
import ctotui.views.dashboard as views_module

timed_phase(store_module.Store, "__init__", "store")
timed_phase(views_module.Snapshot, "build", "snapshot")

code = main(["--data", sys.argv[1], "--config", sys.argv[2]])
out["phases"] = phases
print("BENCH " + json.dumps(out))
sys.exit(code)
"""


def reference_ms() -> float:
    """A fixed piece of pure-Python work, timed: how fast this box is right now."""
    began = time.perf_counter()
    total = 0
    for i in range(1_000_000):
        total += i
    return (time.perf_counter() - began) * 1000


def settle(pattern: str, limit: float = 60.0) -> None:
    """Wait until no process's command line matches *pattern* (`pgrep -f`): the background
    work a run leaves (the glance maker and its refresh, a sync's repacks) is done before the
    next one is timed, as it is for a person."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, check=False)
        if found.returncode != 0:
            return
        time.sleep(0.1)


def one_run(folder: Path, config: Path, repeat: int, cache: bool) -> dict[str, Any]:
    env = dict(os.environ, CTOTUI_NOW=NOW, COLORTERM="truecolor", TERM="xterm-256color")
    env["CTOTUI_CACHE"] = "1" if cache else "0"
    reference = reference_ms()
    for name in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL"):
        env.pop(name, None)
    began = time.perf_counter()  # CLOCK_MONOTONIC: comparable with the child's perf_counter
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(config), str(repeat)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("BENCH ")]
    if done.returncode != 0 or not lines:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"the dashboard run failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(lines[-1][len("BENCH ") :])
    frame = result.pop("frame_s")
    result["first_frame_s"] = frame - began
    result["loaded_s"] = result.pop("loaded_s") - began
    result["reference_ms"] = reference
    # Where the time to the first frame went, as consecutive spans.
    marks = [
        ("interpreter start", result.pop("t_python")),
        ("importing ctotui.cli", result.pop("t_cli_imported")),
    ]
    phases = result.pop("phases")
    if "store" in phases:
        marks += [("imports, config, app", phases["store"][0]), ("Store()", phases["store"][1])]
    if "snapshot" in phases and phases["snapshot"][1] < frame:
        marks += [("Textual start-up", phases["snapshot"][0])]
        marks += [("Snapshot.build", phases["snapshot"][1])]
        marks.append(("set_rows, layout, paint", frame))
    else:  # from the glance: Snapshot.build runs after the first frame, in the background
        marks.append(("Textual start-up, glance, paint", frame))
    previous = began
    for name, moment in marks:
        result[f"span {name}"] = moment - previous
        previous = moment
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the ctotui dashboard on folders.")
    parser.add_argument("dirs", type=Path, nargs="+", metavar="DIR")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes (median)")
    parser.add_argument("--repeat", type=int, default=30, help="samples per interaction")
    parser.add_argument(
        "--presentation", action="store_true", help="with presentation mode on (redaction)"
    )
    parser.add_argument(
        "--only", choices=("cold", "warm", "both"), default="both", help="which starts to time"
    )
    parser.add_argument("--json", type=Path, help="also write the medians there, by folder")
    args = parser.parse_args(argv)
    for folder in args.dirs:
        if not (folder / "meta.json").exists():
            parser.error(f"{folder} is not a ctotui data folder")
    # An installed ctotui is byte-compiled (pip does it; a checkout writes its .pyc files on
    # first use), but PYTHONDONTWRITEBYTECODE may be set: compile first, or every run would
    # count compiling the modules changed since the last compile against the first frame.
    import ctotui

    compileall.compile_dir(Path(ctotui.__file__).parent, quiet=1)
    cold: dict[Path, list[dict[str, Any]]] = {d: [] for d in args.dirs}
    warm: dict[Path, list[dict[str, Any]]] = {d: [] for d in args.dirs}
    cached: dict[Path, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="ctotui-bench-") as tmp:
        # A private cache and machine key: runs neither read nor leave anything in the user's.
        # Vault keys come along (a copy): without them a vault opens with every client locked.
        keys = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local/share") / "ctotui/keys"
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "share")
        if keys.is_dir():
            shutil.copytree(keys, Path(tmp) / "share/ctotui/keys")
        config = Path(tmp) / "config.toml"
        config.write_text("presentation_mode = true\n" if args.presentation else "")

        def fresh_copy(source: Path, name: str) -> Path:
            # copytree keeps the files' times: a copy is as "old" as DIR for the load cache.
            copy = Path(tmp) / name
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(source, copy, ignore=shutil.ignore_patterns(".git", ".ctotui*"))
            copy.chmod(0o700)
            os.sync()  # its 35 MB written back now, not during the next timed start
            return copy

        # Warm: the load cache and the glances made once, by the background refresh the
        # dashboard starts when it closes (and a command-line write or a sync), then every
        # start reads them. Cold: the folder's first open on this machine (a fresh copy under
        # a new name: no load cache, no glance), the cache on as it is for everyone; the
        # process that makes the glance meanwhile (`ctotui.views.glance_ahead`) is waited for
        # after each run, so its work after the first frame does not slow the next start.
        # Folders and kinds alternate, so a slow spell of a shared box hits all alike.
        from ctotui.data.loadcache import cache_folder

        warm_copies = {}
        for number, folder in enumerate(args.dirs):
            copy = warm_copies[folder] = fresh_copy(folder, f"warm{number}")
            env = dict(os.environ, CTOTUI_NOW=NOW)
            for module in (
                "ctotui.data.loadcache",
                "ctotui.views.glance_refresh",
            ):  # (older: no glance)
                refresh = [sys.executable, "-m", module, str(copy), "--config", str(config)]
                subprocess.run(refresh, check=False, env=env, capture_output=True)
            cached[folder] = sorted(p.name for p in cache_folder(copy).glob("*") if p.is_file())
        for _ in range(args.runs):
            for number, folder in enumerate(args.dirs):
                if args.only != "warm":
                    copy = fresh_copy(folder, f"cold{number}-{len(cold[folder])}")
                    cold[folder].append(one_run(copy, config, args.repeat, cache=True))
                    settle(str(copy))  # the glance maker works on it after the run
                    shutil.rmtree(copy, ignore_errors=True)
                if args.only != "cold":
                    warm[folder].append(one_run(warm_copies[folder], config, args.repeat, True))
    summary = {}
    for folder in args.dirs:
        summary[str(folder)] = report(folder, cold[folder], warm[folder], cached[folder], args)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    return 0


def report(
    folder: Path,
    cold: list[dict[str, Any]],
    warm: list[dict[str, Any]],
    cached: list[str],
    args: argparse.Namespace,
) -> dict[str, float]:
    """Print one folder's results; return its medians."""
    runs = cold + warm

    def med(key: str, among: list[dict[str, Any]] = runs) -> float:
        return statistics.median(r[key] for r in among)

    mode = ", presentation mode" if args.presentation else ""
    print(f"\ndata folder: {folder}; {args.runs} fresh processes each kind, 120x40, headless{mode}")
    references = [r["reference_ms"] for r in runs]
    print(
        f"machine       a fixed Python loop (1,000,000 additions), timed before each run: "
        f"median {statistics.median(references):.0f} ms (min {min(references):.0f}, max "
        f"{max(references):.0f}); on a shared box everything below slows with it"
    )
    summary: dict[str, float] = {"reference_ms": statistics.median(references)}
    for label, kind, among in (("no cache", "cold", cold), ("cache", "warm", warm)):
        if not among:
            continue
        first = [r["first_frame_s"] for r in among]
        print(
            f"first frame   {label}: process start -> dashboard painted with rows: "
            f"median {med('first_frame_s', among):.3f} s (min {min(first):.3f}, "
            f"max {max(first):.3f}); child CPU {med('frame_cpu_s', among):.3f} s, "
            f"of which garbage collector {med('frame_gc_s', among):.3f} s"
        )
        spans = [k for k in among[0] if k.startswith("span ") and all(k in r for r in among)]
        print("              " + "; ".join(f"{k[5:]} {med(k, among):.3f}" for k in spans))
        print(
            f"              every row in (keys live): median {med('loaded_s', among):.3f} s "
            f"after process start"
        )
        print(
            f"memory        {label}: maxrss at the first frame {med('frame_rss_mb', among):.0f} "
            f"MB, after paging every pane {med('end_rss_mb', among):.0f} MB"
        )
        for key in ("first_frame_s", "loaded_s", "frame_rss_mb", "end_rss_mb"):
            summary[f"{kind}_{key}"] = med(key, among)
    print(f"              cache files: {', '.join(cached) or 'none'}")
    print(
        f"cursor move   recs pane ({int(med('rows'))} rows): our code {med('cursor_ours_ms'):.1f} "
        f"ms; key 'j' sent -> frame painted {med('cursor_latency_ms'):.1f} ms; CPU per press "
        f"{med('cursor_cpu_ms'):.1f} ms over an unbound key ({med('baseline_cpu_ms'):.1f} ms)"
    )
    print(
        f"filter key    same pane: our code {med('filter_ours_ms'):.1f} ms; key typed -> frame "
        f"painted {med('filter_latency_ms'):.1f} ms; CPU per keystroke "
        f"{med('filter_cpu_ms'):.1f} ms over an unbound key"
    )
    if not all(r["gc_enabled_after_start"] for r in runs):
        print("WARNING: the garbage collector was still off after start-up")
    for key in ("rows", "cursor_latency_ms", "filter_latency_ms", "cursor_ours_ms"):
        summary[key] = med(key)
    return summary


if __name__ == "__main__":
    sys.exit(main())
