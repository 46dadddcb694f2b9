"""The vault from the command line: init, keys, check on tampered data, a one-client machine."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from support import stderr_on_a_terminal

from ctotui.data.folder import create_folder
from ctotui.data.store import Store
from ctotui.domain.entities import Recommendation
from tests.conftest import Result
from tests.vault.conftest import CLIENTS, Machine, sensitive_values, vault_folder

Cli = Callable[..., Result]


@pytest.fixture
def vault(tmp_path: Path, machines: list[Machine]) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "data"
    create_folder(folder)
    return folder, vault_folder(folder, machines[0])


def test_vault_init_prints_progress_and_a_recovery_key_that_recovers_every_key(
    tmp_path: Path, cli: Cli, machines: list[Machine]
) -> None:
    folder = tmp_path / "data"
    create_folder(folder)
    with machines[0].active(), Store(folder) as store:
        from tests.vault.conftest import build_practice

        build_practice(store)
    out = tmp_path / "recovery.txt"
    done = cli(
        "--data", str(folder), "vault", "init", "--recovery-out", str(out), env=machines[0].env()
    )
    assert done.code == 0, done.err
    assert "sealing [##############################] 18/18 records" in done.err
    assert "recovery key written to" in done.out and "CTOTUI-RK-" not in done.out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    again = cli("--data", str(folder), "vault", "init", env=machines[0].env())
    assert again.code == 2 and again.err.strip().endswith("already a vault")
    # A machine with nothing but the recovery key gets every client key back.
    locked = cli("--data", str(folder), "keys", "list", env=machines[1].env())
    assert locked.out.strip().endswith("0 clients readable here, 3 locked")
    bad = tmp_path / "bad.txt"
    bad.write_text("CTOTUI-RK-AAAA-BBBB\n")
    wrong = cli(
        "--data",
        str(folder),
        "keys",
        "recover",
        "--recovery-key-file",
        str(bad),
        env=machines[1].env(),
    )
    assert wrong.code == 2 and wrong.err.count("\n") == 1 and "not a recovery key" in wrong.err
    recovered = cli(
        "--data",
        str(folder),
        "keys",
        "recover",
        "--recovery-key-file",
        str(out),
        env=machines[1].env(),
    )
    assert recovered.code == 0, recovered.err
    listed = cli("--data", str(folder), "keys", "list", env=machines[1].env())
    assert listed.out.strip().endswith("3 clients readable here")
    for codename, _secret, _email in CLIENTS.values():
        assert codename in listed.out


def test_on_a_terminal_vault_init_draws_its_bar_in_place(
    tmp_path: Path, machines: list[Machine]
) -> None:
    """The bar is redrawn over itself (a carriage return of ctotui's own, not one escaped as
    `\\x0d` like a control character from the data) and ends with a newline."""
    folder = tmp_path / "data"
    create_folder(folder)
    with machines[0].active(), Store(folder) as store:
        from tests.vault.conftest import build_practice

        build_practice(store)
    env = {**machines[0].env(), "CTOTUI_CONFIG": str(tmp_path / "none.toml")}
    out = tmp_path / "recovery.txt"
    code, _stdout, terminal = stderr_on_a_terminal(
        ["--data", str(folder), "vault", "init", "--recovery-out", str(out)], env
    )
    assert code == 0, terminal
    assert "\\x0d" not in terminal
    assert terminal.startswith("\rsealing [") and "\rsealing [###" in terminal
    assert terminal.endswith("\rsealing [##############################] 18/18 records\r\n")


def test_keys_export_import_round_trip_and_a_wrong_passphrase_is_one_line(
    vault: tuple[Path, dict[str, str]], cli: Cli, machines: list[Machine], tmp_path: Path
) -> None:
    folder, ids = vault
    secret = tmp_path / "pass"
    secret.write_text("correct horse battery\n")
    export = tmp_path / "heron.keys"
    done = cli(
        "--data", str(folder), "keys", "export", "HERON", "--to", str(export),
        "--passphrase-file", str(secret), env=machines[0].env(),
    )  # fmt: skip
    assert done.code == 0, done.err
    assert done.out.strip() == f"wrote 1 key to {export}"
    assert b"Quillfeather" not in export.read_bytes()
    wrong = tmp_path / "wrong"
    wrong.write_text("incorrect horse\n")
    refused = cli(
        "--data", str(folder), "keys", "import", str(export), "--passphrase-file", str(wrong),
        env=machines[1].env(),
    )  # fmt: skip
    assert refused.code == 2
    assert refused.err == f"ctotui: {export}: wrong passphrase (or the file was changed)\n"
    assert not (machines[1].home / "data" / "ctotui" / "keys").exists()
    imported = cli(
        "--data", str(folder), "keys", "import", str(export), "--passphrase-file", str(secret),
        env=machines[1].env(),
    )  # fmt: skip
    assert imported.code == 0, imported.err
    keys = machines[1].home / "data" / "ctotui" / "keys"
    assert stat.S_IMODE(keys.stat().st_mode) == 0o700
    files = list(keys.iterdir())
    assert len(files) == 1 and stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert not list(folder.rglob("*.key"))
    listed = cli("--data", str(folder), "keys", "list", env=machines[1].env())
    assert listed.out.splitlines()[0].startswith("HERON ")
    assert listed.out.strip().endswith("1 client readable here, 2 locked")
    assert ids["Quillfeather Maritime"] in listed.out


def test_keys_never_live_inside_a_data_folder(
    vault: tuple[Path, dict[str, str]], cli: Cli, tmp_path: Path
) -> None:
    folder, _ids = vault
    inside = {"XDG_DATA_HOME": str(folder / "xdg"), "XDG_CACHE_HOME": str(tmp_path / "c")}
    done = cli("--data", str(folder), "keys", "list", env=inside)
    assert done.code == 0  # reading finds nothing, and says why on stderr
    assert "keys must not live inside" in done.err
    added = cli("--data", str(folder), "add", "client", "Inside Job Ltd", env=inside)
    assert added.code == 2
    last = added.err.splitlines()[-1]
    assert last.startswith("ctotui: ") and "keys must not live inside" in last
    assert not list(folder.rglob("*.key"))


def test_check_names_the_record_and_field_of_a_tampered_or_moved_value(
    vault: tuple[Path, dict[str, str]], cli: Cli, machines: list[Machine]
) -> None:
    folder, _ids = vault
    path = folder / "recommendations.json"
    data = json.loads(path.read_text())
    (first, a), (second, b) = sorted(data["recommendations"].items())[:2]
    token = a["title"]
    a["title"] = token[:-6] + ("AAAA" if token[-6:-2] != "AAAA" else "BBBB") + token[-2:]
    b["owner"] = a["owner"]  # moved: a valid token, in another record's field
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    done = cli("--data", str(folder), "check", env=machines[0].env())
    assert done.code == 2 and "Traceback" not in done.err
    assert (
        f"recommendations.json: record {first}: field 'title': sealed value does not authenticate"
        in done.err
    )
    assert (
        f"recommendations.json: record {second}: field 'owner': sealed value does not authenticate"
        in done.err
    )
    # Without the key the structure still checks out: damage is for the key holder to see.
    keyless = cli("--data", str(folder), "check", env=machines[1].env())
    assert keyless.code == 0, keyless.err
    # The app opens: the damaged records stay sealed (hidden), and a warning says where.
    listed = cli("--data", str(folder), "list", "recs", env=machines[0].env())
    assert listed.code == 0 and "Traceback" not in listed.err
    assert f"record {first}: field 'title'" in listed.err
    with machines[0].active(), Store(folder) as store:
        assert first not in {r.id for r in store.all(Recommendation)}


def test_a_one_client_machine_shows_that_client_alone_in_every_command(
    vault: tuple[Path, dict[str, str]], cli: Cli, machines: list[Machine], tmp_path: Path
) -> None:
    folder, ids = vault
    machines[0].give(machines[1], [ids["Marzipan Orbital Freight"]])
    env = machines[1].env()
    outputs = []
    for args in (
        ("list", "clients"),
        ("list", "recs"),
        ("list", "recs", "--json"),
        ("list", "events"),
        ("list", "milestones"),
        ("agenda", "--days", "400"),
        ("report", "--all"),
        ("report", "WREN"),
        ("export", "json", "-"),
        ("export", "csv", "recommendations", "-"),
        ("export", "csv", "clients", "-"),
        ("export", "ics", "-"),
        ("keys", "list"),
        ("check",),
    ):
        done = cli("--data", str(folder), *args, env=env)
        assert done.code == 0, (args, done.err)
        outputs.append(done.out + done.err)
    text = "\n".join(outputs)
    assert "Marzipan Orbital Freight" in text and "Thistledown telephony" in text
    for name, (codename, _secret, _email) in CLIENTS.items():
        if name == "Marzipan Orbital Freight":
            continue
        assert codename not in text
        for value in sensitive_values(name):
            assert value not in text, value
    other = next(i for n, i in ids.items() if n != "Marzipan Orbital Freight")
    edit = cli("--data", str(folder), "edit", "client", other, "--sector", "x", env=env)
    assert edit.code == 2 and edit.err.count("\n") == 1
    assert "vault key is not on this machine (locked)" in edit.err
    delete = cli("--data", str(folder), "delete", "client", other, "--cascade", env=env)
    assert delete.code == 2 and "locked" in delete.err and delete.err.count("\n") == 1
