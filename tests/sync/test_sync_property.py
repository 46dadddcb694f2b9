"""Random concurrent edits on two or three clones, synced in random orders, with real git.

After everyone has synced twice, all clones hold identical files, no record that was inserted
(and never deleted) is lost, and every field holds a value that some clone wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctotui.data.check import check_folder
from ctotui.data.layout import DATA_FILES
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Recommendation
from ctotui.domain.status import TRANSITIONS, change_status
from ctotui.errors import ValidationError
from tests.sync.conftest import T0, Clone, bare_remote, first_clone, next_clone

TABLES = ("clients", "recommendations")
SET_FIELDS = {"history", "tags"}

edits = st.one_of(
    st.tuples(st.just("insert"), st.sampled_from(["Acme", "Beta", "Gamma"])),
    st.tuples(st.just("health"), st.integers(0, 9), st.sampled_from(["green", "amber", "red"])),
    st.tuples(st.just("sector"), st.integers(0, 9), st.sampled_from(["", "retail", "energy"])),
    st.tuples(st.just("tags"), st.integers(0, 9), st.sampled_from(["ops", "erp", "crm"])),
    st.tuples(st.just("status"), st.integers(0, 9), st.integers(0, 3)),
    st.tuples(st.just("delete"), st.integers(0, 9)),
)
steps = st.lists(
    st.tuples(st.integers(0, 2), st.one_of(st.just(("sync",)), edits), st.integers(0, 2)),
    min_size=3,
    max_size=9,
)


@dataclass
class World:
    clones: list[Clone]
    written: dict[tuple[str, str, str], list[Any]] = field(default_factory=dict)
    inserted: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)

    def observe(self, clone: Clone) -> None:
        """Remember every value this clone's files hold right after one of its own edits."""
        for table in TABLES:
            for rec_id, body in clone.table(table).items():
                for key, value in flat(body).items():
                    seen = self.written.setdefault((table, rec_id, key), [])
                    if value not in seen:
                        seen.append(value)


def flat(body: dict[str, Any]) -> dict[str, Any]:
    """A stored record with each field's stamp as a value of its own ("field_stamps.health")."""
    stamps = body.get("field_stamps", {})
    out = {k: v for k, v in body.items() if k != "field_stamps"}
    out.update((f"field_stamps.{k}", v) for k, v in stamps.items())
    return out


def apply(world: World, clone: Clone, edit: tuple[Any, ...]) -> None:
    kind = edit[0]
    with clone.store() as store:
        clients = sorted(c.id for c in store.all(Client))
        recs = sorted(r.id for r in store.all(Recommendation))
        if kind == "insert":
            new = store.insert(Client(name=edit[1]))
            world.inserted.add(new.id)
            rec = store.insert(Recommendation(client=new.id, title=f"Plan for {edit[1]}"))
            world.inserted.add(rec.id)
        elif kind in ("health", "sector", "tags") and clients:
            client = store.get(Client, clients[edit[1] % len(clients)])
            value: Any = edit[2] or None
            if kind == "tags":
                value = sorted({*client.tags, edit[2]})
            store.update(Client, client.id, **{kind: value})
        elif kind == "status" and recs:
            rec = store.get(Recommendation, recs[edit[1] % len(recs)])
            options = TRANSITIONS[rec.status]
            new_status = options[edit[2] % len(options)]
            store.update(Recommendation, rec.id, **change_status(rec, new_status, clone.clock))
        elif kind == "delete" and recs:
            rec_id = recs[edit[1] % len(recs)]
            try:
                store.delete(Recommendation, rec_id)
            except ValidationError:
                return
            world.deleted.add(rec_id)
    world.observe(clone)


def check_converged(world: World) -> None:
    first = world.clones[0]
    heads = {c.head() for c in world.clones}
    assert len(heads) == 1
    for name in DATA_FILES:
        contents = {(c.path / name).read_bytes() for c in world.clones}
        assert len(contents) == 1, name
    report = check_folder(first.path)
    assert report.ok, report.problems
    present = set(first.table("clients")) | set(first.table("recommendations"))
    assert world.inserted - world.deleted <= present
    for table in TABLES:
        for rec_id, body in first.table(table).items():
            for key, value in flat(body).items():
                seen = world.written.get((table, rec_id, key), [])
                if key in SET_FIELDS:
                    written = [item for v in seen for item in v]
                    assert all(item in written for item in value), (table, rec_id, key)
                else:
                    assert value in seen, (table, rec_id, key, value, seen)


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(clone_count=st.integers(2, 3), plan=steps)
def test_random_concurrent_edits_converge(
    tmp_path_factory: pytest.TempPathFactory,
    clone_count: int,
    plan: list[tuple[int, tuple[Any, ...], int]],
) -> None:
    root: Path = tmp_path_factory.mktemp("world")
    remote = bare_remote(root / "remote.git")
    origin = first_clone(remote, root / "c0", FixedClock(T0))
    seed = Client(name="Seed")
    world = World([origin])
    with origin.store() as store:
        seed_id = store.insert(seed).id
        world.inserted.add(seed_id)
        world.inserted.add(store.insert(Recommendation(client=seed_id, title="Seed plan")).id)
    world.observe(origin)
    origin.sync()
    for i in range(1, clone_count):
        world.clones.append(next_clone(remote, root / f"c{i}", FixedClock(T0)))
    for who, action, tick in plan:
        clone = world.clones[who % clone_count]
        if action[0] == "sync":
            clone.sync()
        else:
            clone.clock.advance(seconds=tick)  # 0: the same moment as another clone's edit
            apply(world, clone, action)
    for _ in range(2):
        for clone in world.clones:
            clone.sync()
    check_converged(world)
