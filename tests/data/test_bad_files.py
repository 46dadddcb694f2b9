"""A damaged data file: one line saying what and where, exit code 2, and no file touched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import snapshot

from ctotui.data.check import check_folder
from ctotui.data.folder import create_folder
from ctotui.data.jsonfile import canonical_bytes
from ctotui.data.store import Store
from ctotui.data.tablefile import parse_table
from ctotui.domain.clock import FixedClock
from ctotui.errors import DataError

C = "01JC00000000000000000000C1"
R = "01JC00000000000000000000R1"
S = "2026-11-01T10:00:00.000000Z"
CLIENTS = {"clients": {C: {"created_at": S, "name": "Acme", "updated_at": S}}}
RECS = {
    "recommendations": {
        R: {
            "area": "security",
            "client": C,
            "created_at": S,
            "due": "2027-01-31",
            "estimated_cost": {"one_time": "12500.00"},
            "status": "proposed",
            "title": "SIEM",
            "updated_at": S,
        }
    }
}
# recommendations.json, line by line:
#  1 {
#  2   "recommendations": {
#  3     "01JC00000000000000000000R1": {
#  4       "area": "security",
#  5       "client": "01JC00000000000000000000C1",
#  6       "created_at": "2026-11-01T10:00:00.000000Z",
#  7       "due": "2027-01-31",
#  8       "estimated_cost": {
#  9         "one_time": "12500.00"
# 10       },
# 11       "status": "proposed",
# 12       "title": "SIEM",
# 13       "updated_at": "2026-11-01T10:00:00.000000Z"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    create_folder(folder)
    (folder / "clients.json").write_bytes(canonical_bytes(CLIENTS))
    (folder / "recommendations.json").write_bytes(canonical_bytes(RECS))
    return folder


def edit(name: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        changed = change(text)
        assert changed != text
        path.write_text(changed, encoding="utf-8")

    return apply


def replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    return edit(name, lambda text: text.replace(old, new, 1))


def replace_bytes(name: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / name
        path.write_bytes(path.read_bytes().replace(old, new, 1))

    return apply


REC_FILE = "recommendations.json"
AT_REC = f"{REC_FILE}:3: record {R}"
STATUSES = "draft, proposed, accepted, deferred, rejected, in_progress, implemented, verified"
CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "malformed JSON": (
        replace(REC_FILE, '"2027-01-31",', '"2027-01-31"'),
        f"{REC_FILE}:8:7: invalid JSON: Expecting ',' delimiter",
    ),
    "conflict markers": (
        replace(
            "clients.json",
            '      "name": "Acme",\n',
            '<<<<<<< HEAD\n      "name": "Acme",\n=======\n      "name": "ACME",\n>>>>>>> b\n',
        ),
        "clients.json:5: unresolved git merge conflict marker '<<<<<<<' "
        "(run `ctotui sync --setup`, then `ctotui resolve`)",
    ),
    "truncated between fields": (
        edit(REC_FILE, lambda text: text[: text.index('"status"')]),
        f"{REC_FILE}:11:7: invalid JSON: Expecting property name enclosed in double quotes "
        "(the file ends too early: a truncated write?)",
    ),
    "truncated inside a string": (
        edit(REC_FILE, lambda text: text[: text.index("12500") + 3]),
        f"{REC_FILE}:9:21: invalid JSON: Unterminated string "
        "(the file ends too early: a truncated write?)",
    ),
    "truncated inside a literal": (
        edit("clients.json", lambda text: text[:-20].replace("{", '{"x": tr', 1)[:10]),
        "clients.json:1:7: invalid JSON: Expecting value "
        "(the file ends too early: a truncated write?)",
    ),
    "extra data after the end": (
        edit("clients.json", lambda text: text + "}\n"),
        "clients.json:10:1: invalid JSON: Extra data "
        "(bytes left over after the data: an interrupted write?)",
    ),
    "empty file": (
        edit("clients.json", lambda text: ""),
        "clients.json: file is empty (a failed write?); restore it from git",
    ),
    "blank file": (
        edit("clients.json", lambda text: "\n  \n"),
        "clients.json: file is empty (a failed write?); restore it from git",
    ),
    "not UTF-8": (
        replace_bytes("clients.json", b"Acme", b"Ac\xe9me"),  # Latin-1, say
        "clients.json:5:18: not UTF-8 text (save the file as UTF-8)",
    ),
    "wrong top-level shape": (
        edit("clients.json", lambda text: "[]\n"),
        'clients.json: expected {"clients": {...}} at the top, found a list',
    ),
    "wrong table key": (
        replace("clients.json", '"clients"', '"client"'),
        "clients.json: unexpected top-level key 'client' (this file holds 'clients')",
    ),
    "record id that is not a ULID": (
        replace("clients.json", C, "42"),
        "clients.json:3: record id '42' is not a ULID",
    ),
    "unknown field": (
        replace(REC_FILE, '"area"', '"areas"'),
        f"{AT_REC}: field 'areas': unknown field",
    ),
    "wrong date": (
        replace(REC_FILE, "2027-01-31", "2026-02-30"),
        f"{AT_REC}: field 'due': no such date: '2026-02-30'",
    ),
    "date in another format": (
        replace(REC_FILE, "2027-01-31", "31/01/2027"),
        f"{AT_REC}: field 'due': not a date: '31/01/2027' (expected YYYY-MM-DD)",
    ),
    "float amount": (
        replace(REC_FILE, '"12500.00"', "12500.5"),
        f"{AT_REC}: field 'estimated_cost.one_time': "
        'amounts are decimal strings, not floats: write "12500.5"',
    ),
    "negative amount": (
        replace(REC_FILE, '"12500.00"', '"-12"'),
        f"{AT_REC}: field 'estimated_cost.one_time': amount cannot be negative: -12",
    ),
    "unknown status": (
        replace(REC_FILE, '"proposed"', '"approved"'),
        f"{AT_REC}: field 'status': unknown value 'approved' (one of: {STATUSES})",
    ),
    "unknown enum value": (
        replace(REC_FILE, '"security"', '"cyber"'),
        f"{AT_REC}: field 'area': unknown value 'cyber' (one of: security, erp, crm, "
        "unified_comms, infrastructure, cloud, data, staffing, budget, web, m_and_a, "
        "governance, vendor, other)",
    ),
    "missing required field": (
        replace(REC_FILE, '"title": "SIEM",', '"title": "  ",'),
        f"{AT_REC}: field 'title': is required",
    ),
    "bad time stamp": (
        replace(REC_FILE, f'"created_at": "{S}"', '"created_at": "yesterday"'),
        f"{AT_REC}: field 'created_at': expected a UTC time stamp, got 'yesterday'",
    ),
    "duplicate key": (
        # json would keep the second and drop the first without a word.
        replace(REC_FILE, '"title": "SIEM",', '"title": "SIEM",\n      "title": "SIEM v2",'),
        f"{REC_FILE}:13: duplicate key 'title' in one object",
    ),
    "a 5,000-digit integer": (
        replace(REC_FILE, '"12500.00"', "1" * 5000),
        f"{REC_FILE}:9: number too long (5000 digits)",
    ),
    "an amount with an exponent": (
        replace(REC_FILE, '"12500.00"', '"1e27"'),
        f"{AT_REC}: field 'estimated_cost.one_time': not a stored amount (like 12500.00): '1e27'",
    ),
    "an amount with thousands separators": (
        replace(REC_FILE, '"12500.00"', '"12,500.00"'),
        f"{AT_REC}: field 'estimated_cost.one_time': not a stored amount (like 12500.00): "
        "'12,500.00'",
    ),
    "NaN": (
        replace(REC_FILE, '"12500.00"', "NaN"),
        f"{REC_FILE}:9: NaN is not a number ctotui stores",
    ),
    "a terminal escape in a name": (
        replace("clients.json", '"Acme"', '"Evil \\u001b]2;PWNED\\u0007"'),
        "clients.json:3: record 01JC00000000000000000000C1: field 'name': contains a control "
        "character (U+001B ESCAPE) at position 6; remove it",
    ),
    "a bidi override in a title": (
        replace(REC_FILE, '"SIEM"', '"SIEM \\u202egnp.exe"'),
        f"{AT_REC}: field 'title': contains a control character (U+202E RIGHT-TO-LEFT "
        "OVERRIDE) at position 6; remove it",
    ),
    "a newline in a one-line field": (
        replace(REC_FILE, '"SIEM"', '"SIEM\\nsecond line"'),
        f"{AT_REC}: field 'title': contains a control character (U+000A LINE FEED) at "
        "position 5; remove it",
    ),
    "text too long": (
        replace(REC_FILE, '"SIEM"', '"' + "x" * 100_001 + '"'),
        f"{AT_REC}: field 'title': text longer than 100,000 characters (100,001)",
    ),
    "bad meta.json": (
        edit("meta.json", lambda text: '{"schema_version": "1"}\n'),
        "meta.json: 'schema_version' must be a positive integer, got '1'",
    ),
}


def _folder_in_place(folder: Path) -> None:
    (folder / REC_FILE).unlink()
    (folder / REC_FILE).mkdir()


CASES["a folder where a file belongs"] = (
    _folder_in_place,
    f"{REC_FILE}: is not a regular file (a folder?), expected a JSON file",
)


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_file_is_refused_with_one_line_and_nothing_changes(
    case: str, folder: Path, clock: FixedClock, cli: Any
) -> None:
    damage, message = CASES[case]
    damage(folder)
    before = snapshot(folder)

    with pytest.raises(DataError) as refused:
        Store(folder, clock=clock)
    assert str(refused.value) == message

    done = cli("--data", str(folder), "add", "client", "Probe")
    assert (done.code, done.out, done.err) == (2, "", f"ctotui: {message}\n")
    assert snapshot(folder) == before

    report = check_folder(folder)
    assert message in report.problems
    assert snapshot(folder) == before


def test_check_reports_a_dangling_reference(folder: Path, cli: Any) -> None:
    replace(REC_FILE, C, "01JC00000000000000000000X9")(folder)
    before = snapshot(folder)
    done = cli("check", str(folder))
    assert done.code == 2
    assert done.err.splitlines() == [
        f"{REC_FILE}: record {R}: field 'client': no client with id '01JC00000000000000000000X9'",
        f"ctotui: 1 problem in {folder}",
    ]
    assert snapshot(folder) == before


def test_check_lists_every_problem_of_a_folder(folder: Path, cli: Any) -> None:
    replace(REC_FILE, "2027-01-31", "2026-02-30")(folder)
    replace("clients.json", '"name": "Acme"', '"name": "Acme", "colour": "red"')(folder)
    done = cli("check", str(folder))
    assert done.code == 2
    assert done.err.splitlines() == [
        f"clients.json:3: record {C}: field 'colour': unknown field",
        f"{AT_REC}: field 'due': no such date: '2026-02-30'",
        f"ctotui: 2 problems in {folder}",
    ]


def test_check_passes_a_good_folder(folder: Path, cli: Any) -> None:
    done = cli("check", str(folder))
    assert (done.code, done.out, done.err) == (
        0,
        f"{folder}: ok (1 clients, 1 recommendations)\n",
        "",
    )


def test_every_cut_of_a_file_is_refused_as_truncated() -> None:
    full = canonical_bytes(RECS)
    for cut in range(len(full) - 1):  # without only the final newline, the JSON is complete
        with pytest.raises(DataError) as refused:
            parse_table(full[:cut], "recommendations", REC_FILE)
        message = str(refused.value)
        assert "truncated write?" in message or "file is empty" in message, (cut, message)
