"""Merging needs no key: three clones of a vault — all keys, one client's key, no key at all —
edit concurrently at random, sync through a bare remote with real git, and end up with the same
bytes; the keyless clone never holds a sensitive value in the clear, not even in git's objects."""

from __future__ import annotations

import random
import subprocess
import time
from pathlib import Path

import pytest

from ctotui.data.check import check_folder
from ctotui.data.layout import DATA_FILES, VAULT_FILE
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Milestone, Recommendation
from ctotui.domain.status import TRANSITIONS, change_status
from ctotui.sync.run import run_sync
from tests.sync.conftest import Clone, bare_remote, first_clone, next_clone
from tests.vault.conftest import CLIENTS, T0, Machine, all_bytes, build_practice, sensitive_values

SEEDS = (1717, 4242, 90210)
ROUNDS = 50
TIME_LIMIT = 150.0  # seconds: a bounded test, whatever the machine


def _edit(rng: random.Random, store: Store, tick: int) -> None:
    """One random edit of what this machine can read (a new client when it reads nothing)."""
    recs = sorted(store.all(Recommendation), key=lambda r: r.id)
    clients = sorted(store.all(Client), key=lambda c: c.id)
    choice = rng.randrange(7)
    if not recs or choice == 0:
        client = store.insert(Client(name=f"New client {tick} Pomegranate"))
        store.insert(Recommendation(client=client.id, title=f"Plan {tick} Pomegranate"))
        return
    rec = rng.choice(recs)
    if choice == 1:
        store.update(Recommendation, rec.id, title=f"Title {tick} of {rec.id[-4:]}")
    elif choice == 2:
        store.update(Recommendation, rec.id, tags=sorted({*rec.tags, f"t{rng.randrange(4)}"}))
    elif choice == 3:
        options = TRANSITIONS[rec.status]
        if options:
            store.update(
                Recommendation, rec.id, **change_status(rec, rng.choice(options), store.clock)
            )
    elif choice == 4:
        store.insert(Milestone(recommendation=rec.id, title=f"Step {tick}"))
    elif choice == 5 and clients:
        store.update(
            Client, rng.choice(clients).id, sector=rng.choice(["energy", "retail", ""]) or None
        )
    else:
        store.update(Recommendation, rec.id, owner=f"Owner {tick}", priority="high")


@pytest.mark.parametrize("seed", SEEDS)
def test_three_clones_one_without_keys_converge_and_the_keyless_one_sees_no_plaintext(
    tmp_path: Path, machines: list[Machine], seed: int
) -> None:
    full, partial, keyless = machines
    remote = bare_remote(tmp_path / "remote.git")
    with full.active():
        a = first_clone(remote, tmp_path / "a", FixedClock(T0))
        with Store(a.path, clock=a.clock) as store:
            ids = build_practice(store)
        from ctotui.data.vault_ops import make_vault

        with Store(a.path, clock=a.clock) as store:
            make_vault(store)
        subprocess.run(["git", "-C", str(a.path), "add", VAULT_FILE], check=True)
        assert run_sync(a.path).pushed
    mine = ids["Quillfeather Maritime"]
    full.give(partial, [mine])
    with partial.active():
        b = next_clone(remote, tmp_path / "b", FixedClock(T0))
    with keyless.active():
        c = next_clone(remote, tmp_path / "c", FixedClock(T0))
    crew: list[tuple[Clone, Machine]] = [(a, full), (b, partial), (c, keyless)]

    rng = random.Random(seed)
    started = time.monotonic()
    for tick in range(ROUNDS):
        if time.monotonic() - started > TIME_LIMIT:
            break
        clone, machine = rng.choice(crew)
        with machine.active():
            if rng.random() < 0.3:
                run_sync(clone.path)
                continue
            clone.clock = FixedClock(f"2026-11-27T10:{tick:02d}:00+00:00")
            with Store(clone.path, clock=clone.clock) as store:
                _edit(rng, store, tick)
    for _ in range(2):
        for clone, machine in crew:
            with machine.active():
                run_sync(clone.path)

    heads = {
        subprocess.run(
            ["git", "-C", str(cl.path), "rev-parse", "HEAD"], capture_output=True, text=True
        ).stdout
        for cl, _ in crew
    }
    assert len(heads) == 1
    for name in (*DATA_FILES, VAULT_FILE):
        assert len({(cl.path / name).read_bytes() for cl, _ in crew}) == 1, name
    for clone, machine in crew:
        with machine.active():
            report = check_folder(clone.path)
            assert report.ok, report.problems

    # Each machine reads what its keys allow, and nothing else.
    with full.active(), Store(a.path) as store:
        seen_full = {cl.name for cl in store.all(Client)}
        assert set(CLIENTS) <= seen_full
    with partial.active(), Store(b.path) as store:
        assert {cl.name for cl in store.all(Client)} & set(CLIENTS) == {"Quillfeather Maritime"}
    with keyless.active(), Store(c.path) as store:
        assert not {cl.name for cl in store.all(Client)} & set(CLIENTS)
        assert store.locked_clients() >= 3

    # The keyless clone: its files, its git folder and every object git holds.
    objects = subprocess.run(
        ["git", "-C", str(c.path), "cat-file", "--batch-all-objects", "--batch"],
        capture_output=True,
        check=True,
    ).stdout
    haystack = all_bytes(c.path) + objects
    for name in CLIENTS:
        for value in sensitive_values(name):
            assert value.encode() not in haystack, value
    # And the partial clone holds nothing of the clients it has no key for.
    haystack = all_bytes(b.path)
    for name in CLIENTS:
        if name != "Quillfeather Maritime":
            for value in sensitive_values(name):
                assert value.encode() not in haystack, value
