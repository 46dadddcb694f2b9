"""Data never drives the terminal: a name that would retitle it or fill its clipboard is refused
at every door, and whatever still reaches an output is shown, not obeyed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support import snapshot

from ctotui.data.check import check_folder
from ctotui.data.store import Store
from ctotui.domain.entities import Client
from ctotui.errors import ValidationError
from ctotui.visible import visible

PAYLOAD = "Evil \x1b]2;PWNED\x07\x1b]52;c;cHduZWQ=\x07"
SHOWN = "Evil \\x1b]2;PWNED\\x07\\x1b]52;c;cHduZWQ=\\x07"
BIDI = "invoice\u202egnp.exe"


def no_escape(*texts: str) -> None:
    for text in texts:
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text, text


def test_visible_shows_every_control_character() -> None:
    assert visible(PAYLOAD) == SHOWN
    assert visible(BIDI) == "invoice\\u202egnp.exe"
    assert visible("two\nlines\ttab", lines=True) == "two\nlines\ttab"
    assert visible("two\nlines") == "two\\x0alines"
    assert visible("crlf ends\r\nbut a bare\rreturn", lines=True) == (
        "crlf ends\r\nbut a bare\\x0dreturn"
    )


def test_the_store_refuses_control_characters_in_every_text_field(store: Store) -> None:
    with pytest.raises(ValidationError) as refused:
        store.insert(Client(name=PAYLOAD))
    assert str(refused.value) == (
        "new client: field 'name': contains a control character (U+001B ESCAPE) at position 6; "
        "remove it"
    )
    with pytest.raises(ValidationError, match="RIGHT-TO-LEFT OVERRIDE"):
        store.insert(Client(name="Acme", notes=BIDI))
    # Newlines and tabs belong in notes, not in a name.
    store.insert(Client(name="Acme", notes="line one\n\tline two"))
    with pytest.raises(ValidationError, match="LINE FEED"):
        store.insert(Client(name="Acme\nCorp"))


def test_the_command_line_refuses_and_never_echoes_a_raw_escape(data_dir: Path, cli: Any) -> None:
    before = snapshot(data_dir)
    added = cli("--data", str(data_dir), "add", "client", PAYLOAD)
    assert added.code == 2
    assert added.err == (
        "ctotui: new client: field 'name': contains a control character (U+001B ESCAPE) at "
        "position 6; remove it\n"
    )
    assert snapshot(data_dir) == before
    cli("--data", str(data_dir), "add", "client", "Acme")
    for args in (
        ("add", "rec", "X", "-c", PAYLOAD),
        ("list", "recs", "--client", PAYLOAD),
        ("status", PAYLOAD, "accepted"),
        ("report", PAYLOAD),
        ("list", PAYLOAD),
    ):
        done = cli("--data", str(data_dir), *args)
        assert done.code == 2, args
        no_escape(done.out, done.err)
        assert done.err.count("\n") == 1, done.err
    missing = cli("--data", str(data_dir), "add", "rec", "X", "-c", PAYLOAD)
    assert missing.err == f"ctotui: no client matches '{SHOWN}'\n"


def test_a_synced_file_carrying_the_payload_is_refused_by_open_and_by_check(
    data_dir: Path, cli: Any
) -> None:
    Store(data_dir).insert(Client(name="Acme"))
    path = data_dir / "clients.json"
    data = json.loads(path.read_text())
    for body in data["clients"].values():
        body["name"] = PAYLOAD
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    report = check_folder(data_dir)
    assert len(report.problems) == 1 and "U+001B ESCAPE" in report.problems[0]
    for args in (
        ("list", "clients"),
        ("agenda",),
        ("report", "--all"),
        ("export", "csv", "clients", "-"),
    ):
        done = cli("--data", str(data_dir), *args)
        assert done.code == 2, args
        no_escape(done.out, done.err)
