"""The quick check of a sync agrees with the full `check` on every kind of working-tree edit.

The sample practice is committed in a real git repository and its HEAD checked (the note a sync
keeps). Each edit then goes to the working tree only; the quick scan must either step aside
(None: the full check runs) or give the full check's verdict — clean exactly when `check_folder`
finds nothing (when it is not clean, the sync reports the full check's first problem) — and
count the records exactly as `summary.working_changes` does.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctotui.data import loadcache, record_prints
from ctotui.data.jsonfile import canonical_bytes
from ctotui.data.layout import TABLES
from ctotui.domain.ids import new_ulid
from ctotui.locations import sample_data_dir
from ctotui.sync import gitrepo
from ctotui.sync.commit import CHECKED_NOTE, commit_local, first_problem, verify_head
from ctotui.sync.conflicts import git_dir
from ctotui.sync.errors import SyncError
from ctotui.sync.quickcheck import Scan, scan, validator_tag
from ctotui.sync.repo import rev
from ctotui.sync.summary import working_changes
from tests.sync.conftest import git

Records = dict[str, dict[str, Any]]


@pytest.fixture(params=["checked", "fingerprinted"])
def folder(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """The sample practice, committed, its HEAD checked by this clone; and either the records
    of HEAD's files fingerprinted by the sync that committed them, or not."""
    path = tmp_path / "data"
    path.mkdir(mode=0o700)
    for source in sample_data_dir().glob("*.json"):
        shutil.copyfile(source, path / source.name)
        os.chmod(path / source.name, 0o600)
    gitrepo.init_repo(path)
    verify_head(path)
    if request.param == "fingerprinted":
        for table in TABLES:
            recs = records(path, table)
            for body in list(recs.values())[:1]:
                body["updated_at"] = "2026-11-27T09:00:00.000000Z"
            write(path, table, recs)
        assert commit_local(path)
        kept = record_prints.load(path, validator_tag())
        assert {t for t in TABLES if records(path, t)} <= set(kept)
    head = rev(path, "HEAD")
    assert head and (git_dir(path) / CHECKED_NOTE).read_text().startswith(head)
    return path


def records(folder: Path, table: str) -> Records:
    found: Records = json.loads((folder / f"{table}.json").read_bytes())[table]
    return found


def write(folder: Path, table: str, recs: Records) -> None:
    (folder / f"{table}.json").write_bytes(canonical_bytes({table: recs}))


def quick(folder: Path) -> Scan | None:
    head = rev(folder, "HEAD")
    assert head
    return scan(folder, head)


def agree(folder: Path) -> Scan | None:
    """Assert the quick scan agrees with the full check and count; return it."""
    found = quick(folder)
    if found is None:
        return None
    full = first_problem(folder)
    assert found.clean == (full is None), full
    slow = working_changes(folder, "HEAD")
    assert found.changes.counts == slow.counts
    assert found.changes.before == slow.before
    return found


def first_id(folder: Path, table: str) -> str:
    return next(iter(records(folder, table)))


def referenced(folder: Path, table: str, field: str) -> set[str]:
    return {body[field] for body in records(folder, table).values() if body.get(field)}


def edit_record(table: str, change: Callable[[dict[str, Any]], None], which: int = 0) -> Any:
    def run(folder: Path) -> None:
        recs = records(folder, table)
        change(recs[list(recs)[which]])
        write(folder, table, recs)

    return run


def set_field(table: str, key: str, value: Any) -> Any:
    return edit_record(table, lambda body: body.__setitem__(key, value))


def delete_record(table: str, pick: Callable[[Path], str]) -> Any:
    def run(folder: Path) -> None:
        recs = records(folder, table)
        del recs[pick(folder)]
        write(folder, table, recs)

    return run


def unreferenced_rec(folder: Path) -> str:
    used: set[str] = set()
    for table in ("milestones", "events", "budget_lines", "notes"):
        used |= referenced(folder, table, "recommendation")
    return next(rec_id for rec_id in records(folder, "recommendations") if rec_id not in used)


def referenced_rec(folder: Path) -> str:
    return sorted(referenced(folder, "milestones", "recommendation"))[0]


def add_copy(table: str) -> Any:
    def run(folder: Path) -> None:
        recs = records(folder, table)
        recs[new_ulid()] = dict(next(iter(recs.values())))
        write(folder, table, recs)

    return run


def raw_edit(table: str, change: Callable[[bytes], bytes]) -> Any:
    def run(folder: Path) -> None:
        path = folder / f"{table}.json"
        path.write_bytes(change(path.read_bytes()))

    return run


def write_raw(folder: Path, table: str, change: Callable[[dict[str, Any]], Any]) -> None:
    """Each record of *table* replaced by change(record), not in ctotui's own format."""
    data = {k: change(body) for k, body in records(folder, table).items()}
    (folder / f"{table}.json").write_text(json.dumps({table: data}))


def reformat(folder: Path) -> None:
    data = json.loads((folder / "recommendations.json").read_bytes())
    (folder / "recommendations.json").write_text(json.dumps(data, indent=4))


def first_rec_key(key: str) -> Callable[[bytes], bytes]:
    """Repeat the first `"key": value` line of the file (a duplicate key in one object)."""

    def change(raw: bytes) -> bytes:
        start = raw.index(f'"{key}": '.encode())
        line_start = raw.rindex(b"\n", 0, start) + 1
        line_end = raw.index(b"\n", start) + 1
        return raw[:line_end] + raw[line_start:line_end] + raw[line_end:]

    return change


CLEAN = {
    "text field": set_field("recommendations", "owner", "Someone Else"),
    "whole number": set_field("recommendations", "progress", 60),
    "amount": edit_record("recommendations", lambda b: b["estimated_cost"].update(one_time=5)),
    "new record": add_copy("recommendations"),
    "unreferenced deleted": delete_record("recommendations", unreferenced_rec),
    "keys reordered": lambda f: write_raw(f, "clients", lambda body: dict(reversed(body.items()))),
    "reformatted": reformat,
    "two tables": lambda f: (set_field("notes", "text", "x")(f), add_copy("milestones")(f)),
    "nothing": lambda f: None,
}

PROBLEMS = {
    "truncated": raw_edit("recommendations", lambda raw: raw[: len(raw) // 2]),
    "empty": raw_edit("recommendations", lambda raw: b""),
    "duplicate key": raw_edit("recommendations", first_rec_key("owner")),
    "conflict marker": raw_edit("notes", lambda raw: raw.replace(b"{", b"<<<<<<< ours\n{", 1)),
    "not UTF-8": raw_edit("clients", lambda raw: raw.replace(b'"name": "', b'"name": "\xff', 1)),
    "NaN": raw_edit(
        "milestones", lambda raw: raw.replace(b'"weight": ', b'"w": NaN, "weight": ', 1)
    ),
    "huge number": set_field("recommendations", "progress", 10**30),
    "text expected": set_field("recommendations", "owner", 5),
    "unknown field": set_field("recommendations", "colour", "blue"),
    "bad date": set_field("recommendations", "due", "2025-02-30"),
    "bad enum": set_field("recommendations", "status", "thinking"),
    "bad stamp": edit_record("recommendations", lambda b: b["field_stamps"].update(status="x")),
    "bad nested": edit_record("recommendations", lambda b: b["history"][0].update(to=3)),
    "missing client": set_field("recommendations", "client", new_ulid()),
    "referenced rec deleted": delete_record("recommendations", referenced_rec),
    "referenced client deleted": delete_record("clients", lambda f: first_id(f, "clients")),
    "id not a ULID": raw_edit("notes", lambda raw: raw.replace(b'"01', b'"zz', 1)),
    "record is null": lambda f: write_raw(f, "notes", lambda body: None),
    "record is a list": lambda f: write_raw(f, "events", lambda body: []),
    "top level key": raw_edit("notes", lambda raw: raw.replace(b"{", b'{"x": 1, ', 1)),
    "table not an object": raw_edit("notes", lambda raw: b'{"notes": []}'),
    "list, not a file": raw_edit("notes", lambda raw: b"[]"),
}


@pytest.mark.parametrize("edit", CLEAN.values(), ids=CLEAN.keys())
def test_a_clean_edit_is_clean_by_the_quick_check(folder: Path, edit: Any) -> None:
    edit(folder)
    found = agree(folder)
    assert found is not None and found.clean


@pytest.mark.parametrize("edit", PROBLEMS.values(), ids=PROBLEMS.keys())
def test_a_problem_is_never_passed_by_the_quick_check(folder: Path, edit: Any) -> None:
    edit(folder)
    assert first_problem(folder) is not None
    found = agree(folder)
    assert found is not None and not found.clean


def committed(folder: Path, edit: Any) -> None:
    """*edit*, committed by a sync's own commit (which checks it and notes the new HEAD)."""
    edit(folder)
    assert commit_local(folder)
    assert quick(folder) is not None


# A value equal to the committed one only as a number is (1 == 1.0 == True): the stored type
# is what `check` refuses, so the quick check must not take it for the record that passed.
SAME_NUMBER = {
    "whole number as true": ("progress", 1, True),
    "whole number as float": ("progress", 50, 50.0),
    "whole number as false": ("progress", 0, False),
    "amount as float": ("estimated_cost", {"one_time": 5}, {"one_time": 5.0}),
    "amount as true": ("estimated_cost", {"one_time": 1}, {"one_time": True}),
}


@pytest.mark.parametrize(("key", "before", "after"), SAME_NUMBER.values(), ids=SAME_NUMBER.keys())
def test_a_number_of_another_type_is_not_the_checked_record(
    folder: Path, key: str, before: Any, after: Any
) -> None:
    def put(value: Any) -> Any:
        if isinstance(value, dict):
            return edit_record("recommendations", lambda b: b[key].update(value))
        return set_field("recommendations", key, value)

    committed(folder, put(before))
    put(after)(folder)
    assert first_problem(folder) is not None
    found = agree(folder)
    assert found is not None and not found.clean


def test_a_boolean_as_a_number_in_another_table(folder: Path) -> None:
    recs = records(folder, "events")
    rec_id = next(k for k, body in recs.items() if body.get("all_day") is True)
    recs[rec_id]["all_day"] = 1
    write(folder, "events", recs)
    found = agree(folder)
    assert found is not None and not found.clean


STEP_AWAY = {
    "meta.json changed": raw_edit("meta", lambda raw: raw.replace(b"{", b"{ ", 1)),
    "a table file removed": lambda f: (f / "notes.json").unlink(),
    "a table file a link": lambda f: (
        (f / "notes.json").rename(f / "elsewhere.json"),
        (f / "notes.json").symlink_to(f / "elsewhere.json"),
    ),
    "a table file a folder": lambda f: ((f / "notes.json").unlink(), (f / "notes.json").mkdir()),
    "a vault": lambda f: (f / "vault.json").write_text("{}"),
    ".gitattributes changed": lambda f: (f / ".gitattributes").write_text("* -text\n"),
}


@pytest.mark.parametrize("edit", STEP_AWAY.values(), ids=STEP_AWAY.keys())
def test_outside_its_premise_the_quick_check_steps_aside(folder: Path, edit: Any) -> None:
    edit(folder)
    assert quick(folder) is None


def test_a_note_of_another_commit_or_other_code_is_not_trusted(folder: Path) -> None:
    set_field("recommendations", "owner", 5)(folder)
    note = git_dir(folder) / CHECKED_NOTE
    head = rev(folder, "HEAD")
    note.write_text(f"{head}\n")  # the note of an older ctotui: the full check runs
    with pytest.raises(SyncError, match="field 'owner'"):
        commit_local(folder)
    note.write_text(f"{'0' * 40} {note.read_text().partition(' ')[2]}")
    with pytest.raises(SyncError, match="field 'owner'"):
        commit_local(folder)


def test_a_sync_refuses_what_the_full_check_refuses_with_its_message(folder: Path) -> None:
    delete_record("recommendations", referenced_rec)(folder)
    problem = first_problem(folder)
    assert problem is not None and "no recommendation with id" in problem
    with pytest.raises(SyncError) as refused:
        commit_local(folder)
    assert str(refused.value) == f"{problem}; fix it before syncing (nothing was committed)"


# Random edits: any field of any record set to a value of any JSON kind (often another record's
# value of that field, so many edits are valid), records deleted, copied under a new id.
SCALAR = st.none() | st.booleans() | st.integers(-3, 3) | st.floats() | st.text(max_size=5)
JSON_VALUE = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=4,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_edits_get_the_full_checks_verdict(folder: Path, data: st.DataObject) -> None:
    git(folder, "checkout", "-q", "HEAD", "--", ".")  # every example runs in one folder
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        table = data.draw(st.sampled_from([t for t in TABLES if records(folder, t)]), label="table")
        recs = records(folder, table)
        rec_id = data.draw(st.sampled_from(sorted(recs)), label="record")
        action = data.draw(st.sampled_from(["set", "set", "delete", "copy"]), label="action")
        if action == "delete":
            del recs[rec_id]
        elif action == "copy":
            recs[new_ulid()] = recs[rec_id]
        else:
            key = data.draw(st.sampled_from([*sorted(recs[rec_id]), "colour"]), label="field")
            others = [body[key] for body in recs.values() if key in body]
            choices = st.sampled_from(others) | JSON_VALUE if others else JSON_VALUE
            value = data.draw(choices, label="value")
            recs[rec_id][key] = value
        write(folder, table, recs)
    found = agree(folder)
    assert found is not None


def shift_spans(kept: record_prints.TablePrints) -> record_prints.TablePrints:
    spans = {k: (a + 1, b) for k, (a, b) in kept.spans.items()}
    return record_prints.TablePrints(kept.blob, kept.prints, spans)


def other_prints(kept: record_prints.TablePrints) -> record_prints.TablePrints:
    prints = {k: bytes(16) for k in kept.prints}
    return record_prints.TablePrints(kept.blob, prints, kept.spans)


DAMAGES: dict[str, Callable[[record_prints.TablePrints], record_prints.TablePrints]] = {
    "spans shifted": shift_spans,
    "fingerprints of other records": other_prints,
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
@pytest.mark.parametrize("edit", ["text field", "text expected", "referenced rec deleted"])
def test_damaged_fingerprints_cost_a_parse_never_a_wrong_verdict(
    folder: Path, damage: Any, edit: str
) -> None:
    kept = record_prints.load(folder, validator_tag())
    if not kept:
        pytest.skip("no fingerprints kept in this variant")
    damaged = {table: damage(prints) for table, prints in kept.items()}
    record_prints.save(folder, validator_tag(), damaged)
    {**CLEAN, **PROBLEMS}[edit](folder)
    assert agree(folder) is not None
    loadcache.write_sealed(folder, record_prints.CACHE_NAME, {"tag": validator_tag()}, b"junk")
    assert agree(folder) is not None
    record_prints.save(folder, validator_tag(), kept)
    assert record_prints.load(folder, validator_tag())
    kept_file = loadcache.cache_folder(folder) / record_prints.CACHE_NAME
    kept_file.write_bytes(kept_file.read_bytes()[:-1] + b"?")  # the MAC fails: nothing kept
    assert not record_prints.load(folder, validator_tag())
    assert agree(folder) is not None


def staged(folder: Path) -> dict[str, str]:
    git(folder, "add", "-A", "--", ".")
    lines = git(folder, "ls-files", "-s").stdout.splitlines()
    return {line.split("\t")[1]: line.split()[1] for line in lines}


def test_the_verdict_holds_only_for_the_files_it_checked(folder: Path) -> None:
    set_field("recommendations", "owner", "Someone Else")(folder)
    found = agree(folder)
    assert found is not None and found.clean
    assert found.holds_for(staged(folder))
    # An outside writer saves a bad file between the check and `git add`: not what was checked.
    set_field("recommendations", "owner", 5)(folder)
    assert not found.holds_for(staged(folder))
