"""Vault tests: machines with their own key folders, a practice whose sensitive values are easy
to search for, and real git (the sync tests' bare remote and clones)."""

from __future__ import annotations

import contextlib
import importlib.util
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tui.screen import screen_text
from tui.waits import settled

from ctotui.app import CtoApp
from ctotui.data.store import Store
from ctotui.data.vault_ops import make_vault
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import (
    BudgetLine,
    Client,
    Contact,
    Cost,
    Event,
    Milestone,
    Note,
    Recommendation,
)
from ctotui.vault.keys import load_keys, save_key
from tests.sync.conftest import _git_identity  # noqa: F401  (the same git identity, autouse)

T0 = "2026-11-27T09:00:00+00:00"

#: Per client: name, codename and values that must never be seen without its key.
CLIENTS = {
    "Zanzibar Umbrella Holdings": ("OSPREY", "Vortigern ERP", "ceo@zanzibar-umbrella.example"),
    "Quillfeather Maritime": ("HERON", "Belisarius merger", "cfo@quillfeather.example"),
    "Marzipan Orbital Freight": ("WREN", "Thistledown telephony", "cio@marzipan-orbital.example"),
}
AMOUNTS = {
    "Zanzibar Umbrella Holdings": "987654.32",
    "Quillfeather Maritime": "876543.21",
    "Marzipan Orbital Freight": "765432.19",
}


def sensitive_values(name: str) -> list[str]:
    """Every value of the practice's client *name* that its key must guard."""
    _codename, secret, email = CLIENTS[name]
    return [
        name,
        email,
        f"Replace the {secret}",
        f"Rationale: {secret} is end of life",
        f"Owner of {secret}",
        f"Milestone for {secret}",
        f"Renewal of {secret}",
        f"Notes about {secret}",
        f"Budget for {secret}",
        f"Meeting on {secret}",
        f"tag-{secret.split()[0].lower()}",
        AMOUNTS[name],
    ]


def build_practice(store: Store) -> dict[str, str]:
    """Three clients with a recommendation, milestone, event, budget line and note each; returns
    client ids by name."""
    ids = {}
    for name, (codename, secret, email) in CLIENTS.items():
        client = store.insert(
            Client(
                name=name,
                codename=codename,
                sector="shipping",
                contacts=[Contact(name=f"Dana of {name}", title="CEO", email=email)],
                tags=[f"tag-{secret.split()[0].lower()}"],
            )
        )
        ids[name] = client.id
        rec = store.insert(
            Recommendation(
                client=client.id,
                title=f"Replace the {secret}",
                rationale=f"Rationale: {secret} is end of life",
                owner=f"Owner of {secret}",
                estimated_cost=Cost(one_time=AMOUNTS[name]),  # type: ignore[arg-type]
            )
        )
        store.insert(Milestone(recommendation=rec.id, title=f"Milestone for {secret}"))
        store.insert(
            Event(
                client=client.id,
                title=f"Renewal of {secret}",
                date="2027-03-01",  # type: ignore[arg-type]
                notes=f"Notes about {secret}",
                amount=AMOUNTS[name],  # type: ignore[arg-type]
            )
        )
        store.insert(
            BudgetLine(
                client=client.id,
                fiscal_year=2027,
                description=f"Budget for {secret}",
                planned=AMOUNTS[name],  # type: ignore[arg-type]
            )
        )
        store.insert(Note(client=client.id, date="2026-11-20", text=f"Meeting on {secret}"))  # type: ignore[arg-type]
    return ids


@dataclass
class Machine:
    """One computer: its own key folder (XDG_DATA_HOME) and load cache."""

    home: Path

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        saved = {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "XDG_CACHE_HOME")}
        os.environ["XDG_DATA_HOME"] = str(self.home / "data")
        os.environ["XDG_CACHE_HOME"] = str(self.home / "cache")
        try:
            yield
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    def env(self) -> dict[str, str]:
        return {
            "XDG_DATA_HOME": str(self.home / "data"),
            "XDG_CACHE_HOME": str(self.home / "cache"),
        }

    def give(self, other: Machine, client_ids: list[str]) -> None:
        """Copy *client_ids*' keys from this machine to *other* (as export/import would)."""
        with self.active():
            keys = [k for k in load_keys().values() if k.client in client_ids]
        with other.active():
            for key in keys:
                save_key(key)


@pytest.fixture
def machines(tmp_path: Path) -> list[Machine]:
    return [Machine(tmp_path / f"machine{i}") for i in range(3)]


def vault_folder(folder: Path, machine: Machine) -> dict[str, str]:
    """Fill *folder* (an empty data folder) with the practice and make it a vault on *machine*."""
    with machine.active(), Store(folder, clock=FixedClock(T0)) as store:
        ids = build_practice(store)
        make_vault(store)
    return ids


def all_bytes(folder: Path) -> bytes:
    """Every file under *folder* (git's folder and ctotui's state included), concatenated."""
    return b"\n".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


async def dashboard_text(app: CtoApp) -> str:
    """The dashboard once the background load is in (the header aside: it says "loading…")."""
    async with app.run_test(size=(160, 50)) as pilot:
        await settled(pilot)
        for _ in range(300):
            if not app.loading:
                break
            await pilot.pause(0.01)
        await settled(pilot)
        return "\n".join(screen_text(app).splitlines()[1:])


GENERATE = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"


def _generate(folder: Path) -> None:
    spec = importlib.util.spec_from_file_location("ctotui_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(folder, clients=12, recs=400, events=60, seed=7)


@pytest.fixture
def practice(tmp_path: Path, machines: list[Machine]) -> Iterator[Path]:
    """A generated practice (open and closed recommendations, done and pending milestones,
    events with notes) made a vault on machine 0, which is active inside."""
    folder = tmp_path / "data"
    _generate(folder)
    with machines[0].active():
        with Store(folder, clock=FixedClock(T0)) as store:
            make_vault(store)
        yield folder
