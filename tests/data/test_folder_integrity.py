"""What a data folder must be before anything is read or written: every listed table present, no
link followed, no planted lock or journal obeyed, modes private."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from support import mode, snapshot

from ctotui.data import journal
from ctotui.data.check import check_folder
from ctotui.data.jsonfile import canonical_bytes
from ctotui.data.layout import TABLES
from ctotui.data.lock import WRITE_LOCK, lock_path
from ctotui.data.state import state_dir
from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Milestone
from ctotui.errors import DataError

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


@pytest.fixture
def practice(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    for path in SAMPLE.glob("*.json"):
        shutil.copyfile(path, folder / path.name)
        (folder / path.name).chmod(0o600)
    return folder


def test_a_missing_table_file_is_an_error_not_an_empty_table(practice: Path, cli: Any) -> None:
    (practice / "milestones.json").unlink()
    message = (
        "milestones.json: file is missing (meta.json lists it); restore it with "
        f"`git checkout -- milestones.json` in {practice}"
    )
    with pytest.raises(DataError) as refused:
        Store(practice)
    assert str(refused.value) == message
    assert check_folder(practice).problems == [message]
    listed = cli("--data", str(practice), "list", "clients")
    assert (listed.code, listed.out, listed.err) == (2, "", f"ctotui: {message}\n")
    assert not (practice / "milestones.json").exists()  # nothing made up in its place


def test_a_refused_record_is_reported_once_not_once_per_record_pointing_at_it(
    practice: Path,
) -> None:
    path = practice / "clients.json"
    data = json.loads(path.read_bytes())
    client_id, body = next(iter(data["clients"].items()))
    body["updated_by"] = "Evil\x1b]2;owned\x07"
    path.write_text(json.dumps(data))
    pointing = sum(
        1
        for table in TABLES
        if table != "clients"
        for rec in json.loads((practice / f"{table}.json").read_bytes())[table].values()
        if rec.get("client") == client_id
    )
    assert pointing > 10  # the sample's client has records everywhere
    report = check_folder(practice)
    assert len(report.problems) == 1
    assert report.problems[0].startswith(f"clients.json:1: record {client_id}: field 'updated_by'")
    assert report.warnings[-1] == (
        f"{pointing} references to refused records not listed: "
        "they hold once those records are fixed"
    )
    del data["clients"][client_id]  # gone, not refused: what points at it is reported
    path.write_text(json.dumps(data))
    assert len(check_folder(practice).problems) == pointing


def test_an_older_folder_gets_its_table_list_alike_on_every_clone(
    tmp_path: Path, clock: FixedClock
) -> None:
    clones = []
    for name in ("laptop", "jumpbox"):
        folder = tmp_path / name
        folder.mkdir(mode=0o700)
        (folder / "meta.json").write_bytes(canonical_bytes({"schema_version": 1}))
        (folder / "clients.json").write_bytes(canonical_bytes({"clients": {}}))
        with Store(folder, clock=clock) as store:
            assert store.count(Milestone) == 0
        clones.append(snapshot(folder))
    assert clones[0] == clones[1]
    meta = json.loads(clones[0]["meta.json"])
    assert meta == {"schema_version": 1, "tables": sorted(TABLES)}
    assert set(clones[0]) == {"meta.json", *(f"{t}.json" for t in TABLES)}


def test_a_data_file_that_is_a_link_is_refused_and_its_target_untouched(
    practice: Path, tmp_path: Path, cli: Any
) -> None:
    victim = tmp_path / "victim.json"
    victim.write_bytes((practice / "clients.json").read_bytes())
    (practice / "clients.json").unlink()
    (practice / "clients.json").symlink_to(victim)
    before = victim.read_bytes()
    with pytest.raises(
        DataError, match=r"^clients.json: is a symbolic link; ctotui does not follow links"
    ):
        Store(practice)
    assert any("clients.json: is a symbolic link" in p for p in check_folder(practice).problems)
    added = cli("--data", str(practice), "add", "client", "Mallory")
    assert added.code == 2 and "symbolic link" in added.err and added.err.count("\n") == 1
    assert victim.read_bytes() == before and (practice / "clients.json").is_symlink()


@pytest.mark.parametrize("where", ["old place in the folder", "state folder"])
def test_a_lock_file_replaced_by_a_link_never_writes_to_its_target(
    practice: Path, tmp_path: Path, cli: Any, where: str
) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    # The old place is where older versions kept it, and where a commit can put one.
    old = practice / ".ctotui.lock"
    lock = lock_path(practice, WRITE_LOCK) if where == "state folder" else old
    lock.symlink_to(victim)
    listed = cli("--data", str(practice), "list", "clients")
    added = cli("--data", str(practice), "add", "client", "Mallory")
    assert victim.read_text() == "precious\n"
    if where == "state folder":
        assert listed.code == 2 and added.code == 2
        assert added.err == f"ctotui: {lock}: is a symbolic link; remove it\n"
    else:
        assert listed.code == 0 and added.code == 0  # that name means nothing any more


def test_a_planted_journal_cannot_write_outside_the_folder(
    practice: Path, tmp_path: Path, clock: FixedClock
) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text("mine\n")
    temp = practice / ".ctotui-tmp-evil.json"
    temp.write_text("pwned\n")
    state = state_dir(practice)
    entry = {"dir": str(tmp_path), "target": "outside.json", "temp": temp.name, "digest": "0:0"}
    (state / journal.JOURNAL).write_text(json.dumps({"version": 1, "files": [entry]}))
    before = snapshot(practice)
    with pytest.raises(DataError, match="journal names a file ctotui does not write"):
        Store(practice, clock=clock)
    assert outside.read_text() == "mine\n" and snapshot(practice) == before


def test_loose_file_modes_are_tightened_and_a_loose_folder_is_not_written(
    practice: Path, clock: FixedClock
) -> None:
    (practice / "clients.json").chmod(0o644)
    (practice / "notes.json").chmod(0o640)
    store = Store(practice, clock=clock)
    assert mode(practice / "clients.json") == 0o600 and mode(practice / "notes.json") == 0o600
    assert any("2 data file(s) were readable by other users" in w for w in store.warnings)
    assert check_folder(practice).warnings == []

    practice.chmod(0o755)
    loose = Store(practice, clock=clock)
    assert loose.read_only_reason == (
        f"the data folder is readable by other users (mode 0755); run `chmod 700 {practice}` "
        "to edit it"
    )
    before = snapshot(practice)
    with pytest.raises(Exception, match="chmod 700"):
        loose.insert(Client(name="Acme"))
    assert snapshot(practice) == before
    os.chmod(practice, 0o700)
