"""`ctotui report` as a user runs it (a real subprocess, fixed clock)."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markdown_shape import headings
from portfolio_data import Ids


def test_client_report_to_stdout(cli: Callable[..., Any], data_dir: Path, practice: Ids) -> None:
    done = cli("--data", str(data_dir), "report", "acme", "--since", "2026-10-01")
    assert done.code == 0, done.err
    assert headings(done.out, 1) == ["Status report: Acme Logistics"]
    assert "## Recommendations and decisions since 2026-10-01" in done.out
    assert "Borealis" not in done.out


def test_since_accepts_natural_dates(
    cli: Callable[..., Any], data_dir: Path, practice: Ids
) -> None:
    done = cli("--data", str(data_dir), "report", "Falcon", "--since=-1m")
    assert done.code == 0, done.err
    assert "since 2026-10-27" in done.out


def test_html_to_a_private_file(
    cli: Callable[..., Any], data_dir: Path, practice: Ids, tmp_path: Path
) -> None:
    out = tmp_path / "acme.html"
    done = cli("--data", str(data_dir), "report", "acme", "--out", str(out))
    assert done.code == 0, done.err
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")  # the format follows the file name
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert f"wrote {out}" in done.out


def test_redact(cli: Callable[..., Any], data_dir: Path, practice: Ids) -> None:
    done = cli("--data", str(data_dir), "report", "acme", "--redact", "--format", "md")
    assert done.code == 0, done.err
    assert "Status report: Falcon" in done.out
    assert "Acme" not in done.out and "Jane Roe" not in done.out


def test_presentation_mode_in_config_redacts(
    cli: Callable[..., Any], data_dir: Path, practice: Ids, tmp_path: Path
) -> None:
    (tmp_path / "config.toml").write_text("presentation_mode = true\n", encoding="utf-8")
    done = cli("--data", str(data_dir), "report", "acme")
    assert done.code == 0, done.err
    assert "Status report: Falcon" in done.out


def test_portfolio(cli: Callable[..., Any], data_dir: Path, practice: Ids) -> None:
    done = cli("--data", str(data_dir), "report", "--all", "--format", "html")
    assert done.code == 0, done.err
    assert "<h1>Portfolio summary</h1>" in done.out


def test_bad_input_is_one_line_and_exit_2(
    cli: Callable[..., Any], data_dir: Path, practice: Ids
) -> None:
    for args, message in (
        ((), "name one client, or use --all"),
        (("acme", "--all"), "name one client, or use --all"),
        (("nobody",), "no client matches 'nobody'"),
        (("acme", "--since", "someday"), "--since: not a date: 'someday'"),
        (("acme", "--since", "+1w"), "is after today"),
        (("--all", "--since", "today"), "--since is for a client report"),
    ):
        done = cli("--data", str(data_dir), "report", *args)
        assert done.code == 2, args
        assert done.err.startswith("ctotui: ") and message in done.err, (args, done.err)
        assert done.err.count("\n") == 1
