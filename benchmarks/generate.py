"""Write a large, valid ctotui data folder for benchmarks — fast, and the same bytes per seed.

    .venv/bin/python benchmarks/generate.py --clients 300 --recs 20000 --events 5000 DIR

The tables are built as the stored dicts the Store itself would write (not through 20,000
`Store.insert` calls) and written once each with `write_json`. The result is then opened with
`Store` and checked with `check_folder`, and every record is compared with what the Store would
serialise, so a generated folder is exactly as valid and canonical as a real one.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from ctotui.data.check import check_folder
from ctotui.data.folder import create_folder
from ctotui.data.jsonfile import write_json
from ctotui.data.layout import TABLES, table_file
from ctotui.data.store import Store
from ctotui.domain.entities import BY_TABLE
from ctotui.domain.enums import (
    BudgetCategory,
    ClientStatus,
    EngagementKind,
    EventKind,
    Health,
    Level,
    NdaLevel,
    Priority,
    Role,
)
from ctotui.domain.fiscal import fiscal_year_of
from ctotui.domain.ids import exception_id
from ctotui.domain.recurrence import parse_rule, rule_dates
from ctotui.domain.schema import to_record

Raw = dict[str, Any]
TODAY = date(2026, 11, 27)
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Which statuses a recommendation passed through to reach each one (the status machine's
# ordinary path), and how the recommendations of a practice are spread over them.
PATHS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "proposed": ("proposed",),
    "accepted": ("proposed", "accepted"),
    "deferred": ("proposed", "deferred"),
    "rejected": ("proposed", "rejected"),
    "in_progress": ("proposed", "accepted", "in_progress"),
    "implemented": ("proposed", "accepted", "in_progress", "implemented"),
    "verified": ("proposed", "accepted", "in_progress", "implemented", "verified"),
}
STATUS_WEIGHTS = [10, 14, 15, 7, 6, 20, 12, 16]
DATE_FIELD = {
    "proposed": "proposed_on",
    "accepted": "decided_on",
    "deferred": "decided_on",
    "rejected": "decided_on",
    "implemented": "implemented_on",
    "verified": "verified_on",
}
TITLES: dict[str, Sequence[str]] = {
    "security": ("Enforce MFA for {x}", "Deploy EDR on {x}", "Remediate pen-test findings in {x}"),
    "erp": ("Select an ERP for {x}", "Replace the legacy ERP at {x}", "ERP fit-gap for {x}"),
    "crm": ("Select a CRM for {x}", "Consolidate CRMs across {x}", "CRM data clean-up for {x}"),
    "unified_comms": ("Move {x} telephony to cloud UC", "Replace ISDN lines at {x}"),
    "infrastructure": ("Refresh the network at {x}", "Replace end-of-life servers at {x}"),
    "cloud": ("Move {x} file shares to the cloud", "Cloud backup for {x}"),
    "staffing": ("Hire a security lead for {x}", "Contractor vs FTE for {x} support"),
    "budget": ("3-year capex plan for {x}", "Reforecast IT spend for {x}"),
    "web": ("Rebuild the {x} website", "Add a quote form to the {x} site"),
    "m_and_a": ("Integrate the {x} IT estate", "IT due diligence on {x}"),
    "governance": ("IT steering committee for {x}", "Data retention policy for {x}"),
    "vendor": ("Renegotiate the {x} MSP contract", "Consolidate {x} licences"),
}
PLACES = ("head office", "the depots", "the plants", "finance", "sales", "the clinics", "stores")
WORDS = ("Northwind", "Bluefield", "Harbour", "Granite", "Silverline", "Oakridge", "Meadow")
TRADES = ("Logistics", "Foods", "Health", "Joinery", "Brokers", "Analytics", "Architects")
BIRDS = ("KESTREL", "HERON", "WREN", "OSPREY", "CORMORANT", "LINNET", "PLOVER", "SISKIN")
TITLES_AT_CLIENT = ("CEO", "CFO", "COO", "CIO", "CISO", "IT Manager")
RULES = (
    "FREQ=MONTHLY;INTERVAL=3",
    "FREQ=MONTHLY",
    "FREQ=MONTHLY;INTERVAL=6;COUNT=10",
    "FREQ=MONTHLY;UNTIL=20271231",
    "FREQ=YEARLY;BYMONTH={m};BYMONTHDAY={d}",
    "FREQ=YEARLY;BYMONTH={m};BYMONTHDAY={d}",
)


def _encode(value: int, length: int) -> str:
    return "".join(_CROCKFORD[(value >> (5 * i)) & 31] for i in reversed(range(length)))


class Generator:
    def __init__(self, seed: int, today: date = TODAY) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.tables: dict[str, dict[str, Raw]] = {t: {} for t in TABLES}

    # --- primitives -----------------------------------------------------------------------

    def stamp(self, day: date) -> str:
        """A time stamp on *day*, in working hours (the Store's format)."""
        seconds = self.rng.randrange(8 * 3600, 18 * 3600)
        hh, rest = divmod(seconds, 3600)
        return f"{day.isoformat()}T{hh:02d}:{rest // 60:02d}:{rest % 60:02d}.000000Z"

    def add(self, table: str, body: Raw, created: str, updated: str | None = None) -> str:
        """Store *body* under a ULID whose time part is *created*."""
        moment = datetime.fromisoformat(created[:19]).replace(tzinfo=UTC)
        rec_id = _encode(int(moment.timestamp()) * 1000, 10) + _encode(self.rng.getrandbits(80), 16)
        body["created_at"] = created
        body["updated_at"] = updated or created
        self.tables[table][rec_id] = body
        return rec_id

    def past(self, low_days: int, high_days: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low_days, high_days))

    def money(self, low: int, high: int, step: int = 100) -> str:
        return f"{self.rng.randrange(low, high, step)}.00"

    # --- tables ----------------------------------------------------------------------------

    def clients(self, count: int) -> list[tuple[str, Raw]]:
        out = []
        for i in range(count):
            started = self.past(60, 1500)
            status = self.rng.choices(list(ClientStatus), [10, 70, 12, 8])[0]
            name = f"{self.rng.choice(WORDS)} {self.rng.choice(TRADES)} {i + 1:03d}"
            slug = name.lower().replace(" ", "-")
            body: Raw = {
                "name": name,
                "codename": f"{self.rng.choice(BIRDS)}-{i + 1:03d}",
                "status": status.value,
                "health": self.rng.choices(list(Health), [60, 30, 10])[0].value,
                "role": self.rng.choice(list(Role)).value,
                "sector": self.rng.choice(TRADES).lower(),
                "size": self.rng.randint(20, 3000),
                "fiscal_year_start": self.rng.choice((1, 1, 4, 7, 10)),
                "nda": {
                    "signed_on": started.isoformat(),
                    "expires_on": (started + timedelta(days=3 * 365)).isoformat(),
                    "level": self.rng.choice(list(NdaLevel)).value,
                },
                "contacts": [
                    {
                        "name": f"Contact {k + 1} of {name}",
                        "title": title,
                        "email": f"{title.lower().replace(' ', '.')}@{slug}.example.com",
                        "phone": f"+1 555-{self.rng.randrange(100, 200):04d}",
                    }
                    for k, title in enumerate(self.rng.sample(TITLES_AT_CLIENT, 3))
                ],
                "rate": self.money(900, 1800, 50),
                "currency": self.rng.choice(("EUR", "EUR", "GBP", "USD")),
                "started_on": started.isoformat(),
                "tags": [self.rng.choice(TRADES).lower()],
            }
            if self.rng.random() < 0.6:
                body["retainer"] = self.money(2000, 12000, 500)
            rec_id = self.add("clients", body, self.stamp(started))
            out.append((rec_id, body))
        return out

    def engagements(self, clients: list[tuple[str, Raw]]) -> dict[str, list[str]]:
        by_client: dict[str, list[str]] = {}
        for client_id, client in clients:
            start = date.fromisoformat(client["started_on"])
            for _ in range(self.rng.randint(1, 3)):
                body: Raw = {
                    "client": client_id,
                    "title": f"{self.rng.choice(list(EngagementKind)).value.title()} engagement",
                    "kind": self.rng.choice(list(EngagementKind)).value,
                    "status": self.rng.choice(("active", "active", "completed", "planned")),
                    "start": start.isoformat(),
                    "end": (start + timedelta(days=self.rng.randint(90, 900))).isoformat(),
                    "hours_budget": self.rng.randint(40, 900),
                    "fee": self.money(10000, 200000, 1000),
                    "currency": client["currency"],
                }
                rec_id = self.add("engagements", body, self.stamp(start))
                by_client.setdefault(client_id, []).append(rec_id)
        return by_client

    def recommendations(
        self, clients: list[tuple[str, Raw]], engagements: dict[str, list[str]], count: int
    ) -> list[tuple[str, Raw]]:
        weights = [self.rng.paretovariate(1.6) for _ in clients]
        statuses = list(PATHS)
        out = []
        for owner_client in self.rng.choices(clients, weights, k=count):
            client_id, client = owner_client
            status = self.rng.choices(statuses, STATUS_WEIGHTS)[0]
            path = PATHS[status]
            created = self.past(len(path) + 2, 720)
            area = self.rng.choice(list(TITLES))
            title = self.rng.choice(TITLES[area]).format(x=self.rng.choice(PLACES))
            body: Raw = {
                "client": client_id,
                "title": title,
                "area": area,
                "rationale": f"{title}: reduces risk and cost; see the steering notes.",
                "priority": self.rng.choice(list(Priority)).value,
                "impact": self.rng.choice(list(Level)).value,
                "effort": self.rng.choice(list(Level)).value,
                "estimated_cost": {
                    "currency": client["currency"],
                    "one_time": self.money(1000, 250000),
                    "recurring": self.money(0, 60000) if self.rng.random() < 0.5 else None,
                },
                "status": status,
                "owner": client["contacts"][0]["name"],
                "tags": [area],
            }
            if body["estimated_cost"]["recurring"] is None:
                del body["estimated_cost"]["recurring"]
            if self.rng.random() < 0.6:
                body["engagement"] = self.rng.choice(engagements[client_id])
            created_stamp = self.stamp(created)
            span = (self.today - created).days - 1
            days = sorted(self.rng.sample(range(1, span + 1), len(path)))
            history, previous, last = [], "draft", created_stamp
            for offset, step in zip(days, path, strict=True):
                when = created + timedelta(days=offset)
                last = self.stamp(when)
                history.append({"from": previous, "to": step, "on": last, "note": f"{step}."})
                field = DATE_FIELD.get(step)
                if field and field not in body:
                    body[field] = when.isoformat()
                previous = step
            if history:
                body["history"] = history
            if status not in ("rejected", "deferred"):
                body["due"] = (created + timedelta(days=self.rng.randint(30, 300))).isoformat()
            if status == "in_progress" and self.rng.random() < 0.05:
                body["progress"] = self.rng.randrange(10, 95, 5)
            out.append((self.add("recommendations", body, created_stamp, last), body))
        return out

    def milestones(self, recs: list[tuple[str, Raw]]) -> None:
        for rec_id, rec in recs:
            if rec["status"] not in ("accepted", "in_progress"):
                continue
            decided = date.fromisoformat(rec["decided_on"])
            due = max(date.fromisoformat(rec["due"]), decided + timedelta(days=30))
            for k in range(self.rng.randint(2, 3)):
                on = decided + (due - decided) * (k + 1) // 3
                body: Raw = {
                    "recommendation": rec_id,
                    "title": f"Step {k + 1}: {rec['title'][:40]}",
                    "due": on.isoformat(),
                    "weight": self.rng.randint(1, 3),
                    "owner": rec["owner"],
                }
                created = self.stamp(decided)
                updated = created
                if rec["status"] == "in_progress" and on < self.today and self.rng.random() < 0.7:
                    done = min(on + timedelta(days=self.rng.randint(-5, 10)), self.today)
                    done = max(done, decided + timedelta(days=1))
                    if done < self.today:
                        body["done_on"] = done.isoformat()
                        updated = max(created, self.stamp(done))
                self.add("milestones", body, created, updated)

    def events(
        self, clients: list[tuple[str, Raw]], recs: list[tuple[str, Raw]], count: int
    ) -> None:
        recurring = count // 5
        for n in range(count):
            client_id, client = self.rng.choice(clients)
            body: Raw = {"client": client_id, "all_day": True, "auto_renew": False}
            created = self.past(1, 600)
            if n < recurring:
                start = self.past(0, 900).replace(day=self.rng.randint(1, 28))
                if n % 5 == 4:
                    body.update(
                        kind="budget",
                        title="Budget submission",
                        date=start.isoformat(),
                        fiscal_offset_days=self.rng.choice((-120, -90, -60, -30, 0)),
                    )
                else:
                    rule = self.rng.choice(RULES).format(m=start.month, d=start.day)
                    kind = "budget" if rule.startswith("FREQ=YEARLY") else "meeting"
                    body.update(kind=kind, title=f"{kind.title()} ({rule})", rrule=rule)
                    body["date"] = start.isoformat()
                    if kind == "meeting":
                        body.update(all_day=False, time=f"{self.rng.randint(8, 17):02d}:00")
            else:
                kind = self.rng.choice(list(EventKind)).value
                day = self.today + timedelta(days=self.rng.randint(-365, 365))
                body.update(kind=kind, title=f"{kind.title()} item {n}", date=day.isoformat())
                if kind == "renewal":
                    body.update(
                        end=(day + timedelta(days=365 * self.rng.randint(1, 3))).isoformat(),
                        notice_days=self.rng.choice((14, 30, 60, 90)),
                        auto_renew=self.rng.random() < 0.5,
                        amount=self.money(500, 200000),
                        currency=client["currency"],
                    )
                if self.rng.random() < 0.15:
                    body["recommendation"] = self.rng.choice(recs)[0]
            self.add("events", body, self.stamp(created))
        self._exceptions()

    def _exceptions(self) -> None:
        """Skip or move one coming occurrence of about one series in ten."""
        horizon = self.today + timedelta(days=365)
        for event_id, event in list(self.tables["events"].items()):
            if not event.get("rrule") or self.rng.random() > 0.1:
                continue
            start = date.fromisoformat(event["date"])
            coming = rule_dates(start, parse_rule(event["rrule"]), self.today, horizon)
            if not coming:
                continue
            body: Raw = {"event": event_id, "date": coming[0].isoformat(), "skip": True}
            if self.rng.random() < 0.5:
                body.update(skip=False, moved_to=(coming[0] + timedelta(days=2)).isoformat())
            stamp = self.stamp(self.today - timedelta(days=1))
            body.update(created_at=stamp, updated_at=stamp)
            self.tables["event_exceptions"][exception_id(event_id, coming[0])] = body

    def budget_lines(self, clients: list[tuple[str, Raw]], by_client: dict[str, list[str]]) -> None:
        for client_id, client in clients:
            if client["status"] != "active":
                continue
            current = fiscal_year_of(self.today, client["fiscal_year_start"])
            for fy in (current - 1, current):
                for category in self.rng.sample(list(BudgetCategory), 6):
                    planned = self.rng.randrange(5000, 500000, 500)
                    actual = planned * self.rng.randint(40, 115) // 100
                    body: Raw = {
                        "client": client_id,
                        "fiscal_year": fy,
                        "category": category.value,
                        "spend": self.rng.choice(("capex", "opex")),
                        "description": f"{category.value.title()} FY{fy}",
                        "planned": f"{planned}.00",
                        "committed": f"{max(actual, planned * 9 // 10)}.00",
                        "actual": f"{actual}.00",
                        "currency": client["currency"],
                    }
                    if client_id in by_client and self.rng.random() < 0.2:
                        body["recommendation"] = self.rng.choice(by_client[client_id])
                    self.add("budget_lines", body, self.stamp(self.past(30, 300)))

    def notes(self, clients: list[tuple[str, Raw]], by_client: dict[str, list[str]]) -> None:
        for client_id, _ in clients:
            for _ in range(self.rng.randint(2, 8)):
                on = self.past(1, 500)
                body: Raw = {
                    "client": client_id,
                    "date": on.isoformat(),
                    "text": "Steering meeting: decisions recorded, actions assigned.",
                }
                if client_id in by_client and self.rng.random() < 0.3:
                    body["recommendation"] = self.rng.choice(by_client[client_id])
                self.add("notes", body, self.stamp(on))


def generate(folder: Path, clients: int, recs: int, events: int, seed: int) -> dict[str, int]:
    """Write the folder; return the record count per table."""
    gen = Generator(seed)
    client_rows = gen.clients(clients)
    engagements = gen.engagements(client_rows)
    rec_rows = gen.recommendations(client_rows, engagements, recs)
    gen.milestones(rec_rows)
    gen.events(client_rows, rec_rows, events)
    recs_by_client: dict[str, list[str]] = {}
    for rec_id, rec in rec_rows:
        recs_by_client.setdefault(rec["client"], []).append(rec_id)
    gen.budget_lines(client_rows, recs_by_client)
    gen.notes(client_rows, recs_by_client)
    create_folder(folder)
    for table, records in gen.tables.items():
        if records:
            write_json(folder / table_file(table), {table: records})
    return {t: len(r) for t, r in gen.tables.items()}


def validate(folder: Path) -> list[str]:
    """Open the folder as the app would; every record must be exactly what the Store writes."""
    problems = list(check_folder(folder).problems)
    with Store(folder) as store:
        for table in TABLES:
            raw = store.raw(table)
            for typed in store.all(BY_TABLE[table]):
                if to_record(typed) != raw[typed.id]:
                    problems.append(f"{typed.where}: not in the Store's canonical form")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a large ctotui data folder.")
    parser.add_argument("dir", type=Path, help="folder to create (must not hold data yet)")
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--recs", type=int, default=20000)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-validate", action="store_true", help="skip opening the result")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.recs < 0 or args.events < 0:
        parser.error("--clients must be at least 1; --recs and --events not negative")
    if (args.dir / "meta.json").exists():
        parser.error(f"{args.dir} already holds a ctotui data folder; pick a new one")
    began = time.perf_counter()
    counts = generate(args.dir, args.clients, args.recs, args.events, args.seed)
    took = time.perf_counter() - began
    size = sum(p.stat().st_size for p in args.dir.glob("*.json"))
    listed = ", ".join(f"{n} {t}" for t, n in counts.items() if n)
    print(f"{args.dir}: {listed}; {size / 1e6:.1f} MB in {took:.2f} s")
    if not args.no_validate:
        problems = validate(args.dir)
        for problem in problems[:20]:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem(s)", file=sys.stderr)
            return 1
        print("valid: opens with Store, passes check, every record canonical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
