"""Who did what (issue 17, item 9): each change records its author, the `me` setting or git's
user.name; a merge keeps the author of the edit it kept, and a clash names both authors."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ctotui.config import Settings, validate_value
from ctotui.data.store import Store
from ctotui.domain.entities import Client, Recommendation
from ctotui.domain.enums import RecStatus
from ctotui.services.recommendations import set_status
from tests.sync.conftest import Clone


def as_author(clone: Clone, author: str) -> Store:
    return Store(clone.path, clock=clone.clock, author=author)


def test_each_insert_update_and_status_change_records_its_author(
    make_clones: Callable[[int], list[Clone]],
) -> None:
    [a] = make_clones(1)
    with as_author(a, "Ana") as store:
        client_id = store.insert(Client(name="Acme")).id
        rec_id = store.insert(Recommendation(client=client_id, title="Replace the ERP")).id
    assert a.record("clients", client_id)["updated_by"] == "Ana"
    a.clock.advance(minutes=1)
    with as_author(a, "Ben") as store:
        store.update(Client, client_id, sector="logistics")
        set_status(store, rec_id, RecStatus.PROPOSED, note="sent to the board")
    assert a.record("clients", client_id)["updated_by"] == "Ben"
    stored = a.record("recommendations", rec_id)
    assert stored["updated_by"] == "Ben"
    assert [(h["to"], h["by"]) for h in stored["history"]] == [("proposed", "Ben")]
    with Store(a.path, clock=a.clock) as store:
        assert store.get(Recommendation, rec_id).history[-1].by == "Ben"


def test_the_kept_edit_brings_its_author_and_the_clash_names_both(
    make_clones: Callable[[int], list[Clone]],
) -> None:
    a, b = make_clones(2)
    with as_author(a, "Ana") as store:
        client_id = store.insert(Client(name="Acme")).id
        rec_id = store.insert(Recommendation(client=client_id, title="Plan", owner="Cy")).id
    a.sync()
    b.sync()
    a.clock.advance(minutes=1)
    with as_author(a, "Ana") as store:
        store.update(Recommendation, rec_id, owner="Dee")
    b.clock.advance(minutes=2)
    with as_author(b, "Ben") as store:
        store.update(Recommendation, rec_id, owner="Eve")  # later: Ben's edit wins
    a.sync()
    b.sync()
    a.sync()
    for clone in (a, b):
        merged = clone.record("recommendations", rec_id)
        assert (merged["owner"], merged["updated_by"]) == ("Eve", "Ben")
    [conflict] = a.conflicts()
    assert (conflict["kept"], conflict["kept_by"]) == ("Eve", "Ben")
    assert (conflict["other"], conflict["other_by"]) == ("Dee", "Ana")


def test_me_setting_wins_over_git_user_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    subprocess.run(["git", "config", "--global", "user.name", "Git Name"], check=True)
    assert Settings().author() == "Git Name"
    assert Settings(me="Ana Lima").author() == "Ana Lima"


@pytest.mark.parametrize("bad", ["Ana\x1b]2;x\x07", "Ana\nBen", "x" * 81])
def test_me_refuses_control_characters_and_long_names(bad: str) -> None:
    with pytest.raises(ValueError, match="expected a name on one line"):
        validate_value("me", bad)


def test_a_synced_author_with_control_characters_is_refused_by_check(
    make_clones: Callable[[int], list[Clone]],
) -> None:
    [a] = make_clones(1)
    with as_author(a, "Ana") as store:
        client_id = store.insert(Client(name="Acme")).id
    text = (a.path / "clients.json").read_text(encoding="utf-8")
    (a.path / "clients.json").write_text(text.replace('"Ana"', '"Ana\\u001b]2;x\\u0007"'))
    done = subprocess.run(
        [sys.executable, "-m", "ctotui", "--data", str(a.path), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert f"record {client_id}: field 'updated_by': contains a control character" in done.stderr
    assert "\x1b" not in done.stderr
