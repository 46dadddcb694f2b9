"""Clones against a bare remote, driven by random operations: the world of the property tests.

Every operation goes the way a person makes it: the store (edits, cascade deletes), the command
line in this process (`ctotui import csv`, `ctotui resolve`), `ctotui sync`, a plain `git pull`
(sometimes after a `git commit -am` by hand, sometimes over uncommitted edits), and opening the
app (`heal_folder`). The world remembers every value a clone wrote, to check that merges only
ever combine written values.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctotui.cli import main as cli_main
from ctotui.data.check import check_folder
from ctotui.data.layout import DATA_FILES
from ctotui.domain.entities import Client, Milestone, Recommendation
from ctotui.domain.status import TRANSITIONS, change_status
from ctotui.errors import ValidationError
from ctotui.services import deleting
from ctotui.sync.heal import heal_folder
from tests.sync.conftest import Clone, git

TABLES = ("clients", "recommendations", "milestones")
SET_FIELDS = {"history", "tags"}
TITLES = ("Plan A", "Plan B", "Plan C")  # shared titles: CSV rows must go by id


def flat(body: dict[str, Any]) -> dict[str, Any]:
    """A stored record with each field's stamp as a value of its own ("field_stamps.health")."""
    stamps = body.get("field_stamps", {})
    out = {k: v for k, v in body.items() if k != "field_stamps"}
    out.update((f"field_stamps.{k}", v) for k, v in stamps.items())
    return out


@dataclass
class World:
    clones: list[Clone]
    remote: Path
    written: dict[tuple[str, str, str], list[Any]] = field(default_factory=dict)
    inserted: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def observe(self, clone: Clone) -> None:
        """Remember every value this clone's files hold right after one of its own edits."""
        for table in TABLES:
            for rec_id, body in clone.table(table).items():
                for key, value in flat(body).items():
                    seen = self.written.setdefault((table, rec_id, key), [])
                    if value not in seen:
                        seen.append(value)


def ids(clone: Clone, table: str) -> list[str]:
    """The clone's records of *table* in a stable order (ids are made deterministic)."""
    return sorted(clone.table(table))


def pick(rng: random.Random, items: list[str]) -> str | None:
    """One of *items*, most often one of the first (the oldest, which every clone has): clones
    keep editing, deleting and adding to the same records."""
    return items[int(len(items) * rng.random() ** 2)] if items else None


def edit(world: World, clone: Clone, rng: random.Random) -> str:
    """One edit through the store; returns its name."""
    clients, recs = ids(clone, "clients"), ids(clone, "recommendations")
    milestones = ids(clone, "milestones")
    # A small world (a few clients, a handful of recommendations) where clones keep touching
    # the same records: deletes on one clone meet new children on another.
    kind = rng.choice(
        ["client", "rec", "rec", "milestone", "milestone", "health", "sector", "tags", "status",
         "owner", "title", "done", "delete", "cascade", "cascade", "cascade-client",
         "cascade-client", "milestone"]
    )  # fmt: skip
    if (kind == "client" and len(clients) >= 3) or (kind == "rec" and len(recs) >= 6):
        kind = "milestone"
    with clone.store() as store:
        client, rec, mile = pick(rng, clients), pick(rng, recs), pick(rng, milestones)
        if kind == "client" or client is None:
            # Unique names: the store refuses a second "Acme" (two clones can still each add one).
            name = f"{rng.choice(['Acme', 'Beta', 'Gamma'])} {len(world.inserted)}"
            new = store.insert(Client(name=name))
            world.inserted.add(new.id)
            return "insert client"
        if kind == "rec" or (rec is None and kind != "milestone"):
            title = rng.choice(TITLES)
            world.inserted.add(store.insert(Recommendation(client=client, title=title)).id)
            return "insert recommendation"
        if kind == "milestone" or rec is None:
            if rec is None:
                return "nothing"
            new_ms = store.insert(Milestone(recommendation=rec, title="Step"))
            world.inserted.add(new_ms.id)
            return "insert milestone"
        if kind in ("health", "sector", "tags"):
            current = store.get(Client, client)
            value: Any = {
                "health": rng.choice(["green", "amber", "red"]),
                "sector": rng.choice([None, "retail", "energy"]),
                "tags": sorted({*current.tags, rng.choice(["ops", "erp", "crm"])}),
            }[kind]
            store.update(Client, client, **{kind: value})
        elif kind == "status":
            current_rec = store.get(Recommendation, rec)
            options = TRANSITIONS[current_rec.status]
            store.update(
                Recommendation,
                rec,
                **change_status(current_rec, rng.choice(options), clone.clock),
            )
        elif kind in ("owner", "title"):
            value = rng.choice(["Ann", "Bob", "Cy"] if kind == "owner" else TITLES)
            store.update(Recommendation, rec, **{kind: value})
        elif kind == "done" and mile is not None:
            store.update(Milestone, mile, owner=rng.choice(["Ann", "Dee"]), done_on="2026-12-01")
        elif kind in ("delete", "cascade", "cascade-client"):
            cls, target = (Client, client) if kind == "cascade-client" else (Recommendation, rec)
            try:
                removed = deleting.delete(store, cls, target, cascade=kind != "delete")
            except ValidationError:
                return "delete refused (has milestones)"
            world.deleted.update(r.id for r in removed)
            return f"delete ({len(removed)} records)"
    return f"update {kind}"


def run_cli(clone: Clone, *args: str, env: Callable[[str, str], None]) -> int:
    """`ctotui ARGS` in this process, on the clone's clock (so runs repeat exactly)."""
    env("CTOTUI_NOW", clone.clock.now().isoformat())
    return cli_main(["--data", str(clone.path), *args])


def csv_edit(clone: Clone, rng: random.Random, env: Callable[[str, str], None]) -> str:
    """`ctotui import csv recs FILE`: rows by id (titles shared by design) and one without."""
    recs = ids(clone, "recommendations")
    clients = ids(clone, "clients")
    if not clients:
        return "nothing"
    rows = [
        {"id": rec_id, "client_id": clone.record("recommendations", rec_id)["client"],
         "title": rng.choice(TITLES), "owner": rng.choice(["Ann", "Eve", ""])}
        for rec_id in rng.sample(recs, min(len(recs), rng.randint(1, 3)))
    ]  # fmt: skip
    rows.append({"id": "", "client_id": rng.choice(clients), "title": f"Imported {len(recs)}"})
    out = io.StringIO()
    writer = csv.DictWriter(out, ["id", "client_id", "title", "owner"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = clone.path.parent / f"{clone.path.name}-import.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    code = run_cli(clone, "import", "csv", "recs", str(path), env=env)
    return f"import csv ({len(rows)} rows): exit {code}" if code else "import csv"


def plain_pull(clone: Clone, rng: random.Random) -> str:
    """A person's `git pull`: sometimes after committing by hand, sometimes over local edits."""
    if rng.random() < 0.5:
        git(clone.path, "add", "-A", "--", *DATA_FILES)
        git(clone.path, "commit", "-q", "-m", "by hand", check=False)
    done = clone.pull(check=False)
    if done.returncode:
        assert "would be overwritten" in done.stderr, done.stderr
        assert not (clone.path / ".git" / "MERGE_HEAD").exists()
        return "git pull refused (local edits)"
    return "git pull"


def assert_whole(clone: Clone, after: str) -> None:
    report = check_folder(clone.path)
    assert report.ok, (after, report.problems)


def check_converged(world: World) -> None:
    first = world.clones[0]
    assert len({c.head() for c in world.clones}) == 1
    assert first.head() == git(world.remote, "rev-parse", "main").stdout.strip()
    for name in DATA_FILES:
        assert len({(c.path / name).read_bytes() for c in world.clones}) == 1, name
    assert_whole(first, "the end")
    present = set().union(*(set(first.table(t)) for t in TABLES))
    assert world.inserted - world.deleted <= present
    for table in TABLES:
        for rec_id, body in first.table(table).items():
            for key, value in flat(body).items():
                seen = world.written.get((table, rec_id, key), [])
                if key.startswith("field_stamps."):
                    # A side's own stamp of the field, or its record's (before it had one).
                    seen = seen + world.written.get((table, rec_id, "updated_at"), [])
                if key in SET_FIELDS:
                    written = [item for v in seen for item in v]
                    assert all(item in written for item in value), (table, rec_id, key)
                else:
                    assert value in seen, (table, rec_id, key, value, seen)


def step(world: World, rng: random.Random, env: Callable[[str, str], None]) -> str:
    """One random operation by a random clone; asserts what must hold right after it."""
    clone = rng.choice(world.clones)
    clone.clock.advance(seconds=rng.choice([0, 0, 1, 2, 5]))  # 0: the same moment as another
    roll = rng.random()
    if roll < 0.60:
        what = edit(world, clone, rng)
        world.observe(clone)
    elif roll < 0.67:
        what = csv_edit(clone, rng, env)
        world.observe(clone)
    elif roll < 0.75:
        result = clone.sync()
        world.count("record restored by sync", len(result.restored))
        assert_whole(clone, "sync")
        if result.pushed or result.message.startswith("up to date"):
            assert clone.head() == git(world.remote, "rev-parse", "main").stdout.strip()
        what = "sync"
    elif roll < 0.90:
        what = plain_pull(clone, rng)
        if not check_folder(clone.path).ok:
            world.count("broken by git pull")
        # What the README tells a person to do next, now or later (the next sync heals too).
        then = rng.choice([resolve, open_app, None])
        if then is not None:
            what += " + " + then(world, clone, env)
    elif roll < 0.95:
        what = resolve(world, clone, env)
    else:
        what = open_app(world, clone, env)
    for part in what.split(" + "):
        world.count(part.split(" (")[0])
    return f"{clone.path.name}: {what}"


def resolve(world: World, clone: Clone, env: Callable[[str, str], None]) -> str:
    broken = not check_folder(clone.path).ok
    assert run_cli(clone, "resolve", env=env) == 0
    assert_whole(clone, "resolve")
    if broken:
        world.count("broken folder resolved")
    return "resolve"


def open_app(world: World, clone: Clone, env: Callable[[str, str], None]) -> str:
    broken = not check_folder(clone.path).ok
    healed = heal_folder(clone.path)
    assert healed.skipped == "", healed.skipped
    assert_whole(clone, "open the app")
    if broken:
        world.count("broken folder healed on open")
    return "open the app"


def deterministic_ids(rng: random.Random) -> tuple[Callable[[int], bytes], Callable[[], float]]:
    """`os.urandom` and `time.time` for `ctotui.domain.ids`: the same ids on every run."""
    ticks = [1_795_000_000.0]

    def urandom(n: int) -> bytes:
        return rng.randbytes(n)

    def now() -> float:
        ticks[0] += 0.001
        return ticks[0]

    return urandom, now
