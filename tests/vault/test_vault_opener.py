"""The generated openers (`ctotui.vault.opener`) give exactly what walking a record's tree gives:
the same plain record (the same objects shared, the same copied), the same damaged fields, the
same "in the clear" note, the same locked records and the same texts kept for the whole read,
on every stored record of a generated vault, on records damaged or malformed on purpose, and on
conflicts about whole records, single fields and nothing sealed. The walk is kept here as the
reference: it is what `Vault.open_record` did before the openers."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

from ctotui.data.layout import TABLES
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.vault import fields
from ctotui.vault.cipher import OpenError, name, place
from ctotui.vault.first_frame import ALL, NONE, later
from ctotui.vault.records import Locked, Opened, Vault
from tests.vault.conftest import T0


def _walked(
    vault: Vault, table: str, rec_id: str, body: dict[str, Any], owner: str, later: frozenset[str]
) -> Opened:
    """The reference: `Vault.open_record` as it was, a function called at every leaf."""
    if owner and not vault.readable(owner):
        return Opened(None)
    ad_table, ad_id = fields.conflict_ad(body) if table == fields.CONFLICTS else (table, rec_id)
    head = place(ad_table, ad_id)
    result = Opened(None)
    every = "*" in later
    kept = vault.kept

    def open_one(value: Any, path: str, kind: str) -> Any:
        if type(value) is not str or value[:3] != "v1:" or value[19:20] != ":":
            if value not in (None, ""):
                result.in_clear = True
            return value
        cipher = vault.cipher(value[3:19])
        if cipher is None:
            raise Locked
        if every or path in later:
            return fields.neutral(value, path, kind)
        if kept is not None and not later:
            found = kept.pop((value, ad_table, ad_id, path), None)
            if found is not None:
                return found
        try:
            opened = cipher.open_at(value, [*head, name(path)])
            if kept is not None and later and type(opened) is str:
                kept[(value, ad_table, ad_id, path)] = opened
            return opened
        except OpenError as exc:
            result.damaged.append((path, str(exc)))
            return value

    try:
        plain = fields.transform_record(table, body, open_one, frozenset() if every else later)
    except Locked:
        return Opened(None)
    if not result.damaged:
        result.body = plain
    return result


def _mutations(table: str, body: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """*body* damaged or malformed in each way a synced commit could: a token altered, one of a
    key not held, one moved from another field, a value in the clear, a list or an object
    where the other was expected, an element that is not an object, a field gone."""
    found = fields.tokens(table, body)
    out = []
    for path, token in found[:4]:
        top = path.split(".")[0]
        for bad in (
            token[:-6] + ("AAAA" if token[-6:-2] != "AAAA" else "BBBB") + token[-2:],
            "v1:0123456789abcdef:" + token[20:],
            found[-1][1],
            "in the clear",
            ["a", "list"],
            {"an": "object"},
            [1, {"x": "y"}, None],
            None,
        ):
            changed = copy.deepcopy(body)
            changed[top] = bad if "." not in path else {path.split(".")[1]: bad}
            out.append(changed)
        dropped = copy.deepcopy(body)
        dropped.pop(top, None)
        out.append(dropped)
    out.append(rng.choice([[], "not a record", {"only": "junk"}]))  # type: ignore[arg-type]
    return out


def _same(a: Opened, b: Opened) -> None:
    assert a.body == b.body
    assert a.damaged == b.damaged
    assert a.in_clear == b.in_clear


def test_the_openers_give_what_the_walk_gives(practice: Path) -> None:
    rng = random.Random(7)
    with Store(practice, clock=FixedClock(T0)) as store:
        sealer = store.sealer
        assert sealer is not None
        vault = sealer.vault
        compared = 0
        for table in TABLES:
            if table == fields.CONFLICTS:
                continue
            for rec_id, body in list(sealer.stored[table].items())[:40]:
                owner = sealer.owner(table, rec_id, body)
                shown = later(table, body, sealer.lookup)
                for variant in [body, *_mutations(table, body, rng)]:
                    for left in {NONE, ALL, shown, frozenset({"title", "owner"})}:
                        for kept in (None, "empty", "filled"):
                            vault_kept = _kept(vault, table, rec_id, body, kept)
                            _both(vault, table, rec_id, variant, owner, left, vault_kept)
                            compared += 1
        vault.kept = None
    assert compared > 10_000


def _both(
    vault: Vault,
    table: str,
    rec_id: str,
    body: Any,
    owner: str,
    left: frozenset[str],
    kept: dict[tuple[str, str, str, str], str] | None,
) -> None:
    """The walk and the opener give the same, leave the same kept texts, change nothing."""
    results = []
    for way in ("walk", "fast"):
        vault.kept = copy.deepcopy(kept)
        before = copy.deepcopy(body)
        if way == "walk":
            got = _walked(vault, table, rec_id, body, owner, left)
        else:
            got = vault.open_record(table, rec_id, body, owner, left)
        assert body == before  # the stored record is never changed
        results.append((got, vault.kept))
    _same(results[0][0], results[1][0])
    assert results[0][1] == results[1][1]


def test_a_conflicts_kept_and_other_values_open_as_the_walk_opens_them(practice: Path) -> None:
    """Whole records, single fields, lists, a moved token, junk beside a value, and conflicts
    about nothing sealed: each side opened with the tree of the field it is about."""
    rng = random.Random(11)
    with Store(practice, clock=FixedClock(T0)) as store:
        sealer = store.sealer
        assert sealer is not None
        vault = sealer.vault
        conflicts = []
        for table in ("clients", "recommendations", "milestones", "events"):
            for rec_id, body in list(sealer.stored[table].items())[:6]:
                found = fields.tokens(table, body)
                other = rng.choice(_mutations(table, body, rng))
                conflicts.append({"table": table, "record": rec_id, "field": "*",
                                  "kept": body, "other": other})  # fmt: skip
                for path, token in found[:3]:
                    top = path.split(".")[0]
                    conflicts.append({"table": table, "record": rec_id, "field": top,
                                      "kept": body.get(top), "other": found[-1][1]})  # fmt: skip
                    conflicts.append({"table": table, "record": rec_id, "field": path,
                                      "kept": token, "other": None})  # fmt: skip
        conflicts += [
            {"table": "conflicts", "record": "x", "field": "*", "kept": {"a": 1}},
            {"table": "nowhere", "record": "x", "field": "title", "kept": "v1:"},
            {"table": "clients", "record": "x", "field": 3, "kept": "y"},
            {"table": "clients", "record": "x", "field": "status", "kept": "active"},
        ]
        compared = 0
        for body in conflicts:
            for left in (NONE, ALL, frozenset({"title", "name"})):
                for kept in (None, {}):
                    _both(vault, fields.CONFLICTS, "01CONFLICT", body, "", left, kept)
                    compared += 1
        vault.kept = None
    assert compared > 500


def _kept(
    vault: Vault, table: str, rec_id: str, body: dict[str, Any], how: str | None
) -> dict[tuple[str, str, str, str], str] | None:
    if how is None:
        return None
    if how == "empty":
        return {}
    saved, vault.kept = vault.kept, None
    opened = vault.open_record(table, rec_id, body, "")
    vault.kept = saved
    found = {}
    for path, token in fields.tokens(table, body):
        if opened.body is not None:
            found[(token, table, rec_id, path)] = "kept " + path
    return found


def test_a_record_without_its_key_is_locked_either_way(practice: Path) -> None:
    with Store(practice, clock=FixedClock(T0)) as store:
        sealer = store.sealer
        assert sealer is not None
        bare = Vault(sealer.vault.manifest, {})  # a machine that holds no key
        locked = 0
        for table in TABLES:
            if table == fields.CONFLICTS:
                continue
            for rec_id, body in list(sealer.stored[table].items())[:20]:
                for left in (NONE, ALL):
                    walked = _walked(bare, table, rec_id, body, "", left)
                    _same(walked, bare.open_record(table, rec_id, body, "", left))
                    locked += walked.body is None and not walked.damaged
    assert locked > 100
