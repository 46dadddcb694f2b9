"""Presentation mode and `--redact` leak nothing of the sample practice.

With presentation mode on, every screen is walked for every client — the dashboard's panes (each
zoomed), the client's detail, report preview and budget, the portfolio budget (every client at
once), the calendar (agenda, 90 days, fiscal year, the next months, a day's list), every
recommendation's detail, the conflicts review, the help and the palette searched for each client's
name and people — and what is drawn is scanned for every sensitive term of the sample: each client's
name and alias, its contacts' names (full and each part), e-mails and phones, and its hidden terms.
Then every redacted report (each client, the portfolio; Markdown and HTML). The sample holds such
mentions in titles, notes, rationale, status notes, event titles and a sector
(`sample_data/practice`).

The terms are read from the sample's `clients.json` here, not asked of the code under test.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widget import Widget
from textual.widgets import Input
from tui.conftest import make_app
from tui.screen import screen_text
from tui.waits import settled

from ctotui.data.store import Store
from ctotui.domain.clock import FixedClock
from ctotui.domain.entities import Client, Conflict, Recommendation
from ctotui.reports import render_portfolio, render_report
from ctotui.screens.budget import BudgetScreen
from ctotui.screens.calendar import CalendarScreen
from ctotui.screens.client_detail import ClientDetailScreen
from ctotui.screens.dashboard import DashboardScreen
from ctotui.screens.portfolio_budget import PortfolioBudgetScreen
from ctotui.screens.rec_detail import RecDetailScreen
from ctotui.screens.report import ReportScreen
from ctotui.ui_actions import navigation

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_data"
NOW = "2026-11-27T09:00:00+00:00"
# Tall enough that a detail screen or a report preview is drawn whole (a bigger screen costs
# more per frame: each pane is zoomed in turn to show its every column instead).
SIZE = (180, 130)
TITLES = {"dr", "mr", "mrs", "ms", "prof"}


def _clients() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads((SAMPLE / "clients.json").read_text())["clients"]
    return data


def sensitive_terms() -> dict[str, set[str]]:
    """Each client's codename -> what must never be shown of it under presentation mode."""
    found: dict[str, set[str]] = {}
    for client in _clients().values():
        terms = {client["name"], client["name"].split()[0]}
        for contact in client.get("contacts", []):
            terms.add(contact["name"])
            for part in re.split(r"[\s\-]+", contact["name"]):
                part = part.strip(".,'()")
                if sum(c.isalpha() for c in part) >= 3 and part.lower() not in TITLES:
                    terms.add(part)
            terms.update(contact[k] for k in ("email", "phone") if contact.get(k))
        terms.update(client.get("redact_terms", []))
        found[client["codename"]] = terms
    return found


TERMS = sensitive_terms()
# The palette is searched for each client's name and people, and its hidden terms.
PALETTE_SEARCHES = sorted(
    {client["name"] for client in _clients().values()}
    | {c["name"] for client in _clients().values() for c in client.get("contacts", [])}
    | {t for client in _clients().values() for t in client.get("redact_terms", [])}
)
PATTERNS = {
    term: re.compile(
        r"(?<!\w)" + r"\s+".join(map(re.escape, term.split())) + r"(?!\w)", re.IGNORECASE
    )
    for terms in TERMS.values()
    for term in terms
}


def leaks(text: str) -> list[str]:
    """The sensitive terms in *text*, each with the line it is on."""
    found = []
    folded = text.casefold()
    for term, pattern in PATTERNS.items():
        if term.split()[0].casefold() not in folded:
            continue  # a quick look first: a hundred screens of text, scanned for each term
        for match in pattern.finditer(text):
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            found.append(f"{term!r} in: {text[start : end if end >= 0 else None].strip()}")
    return found


def test_the_sample_mentions_what_must_be_hidden() -> None:
    """The sample gives the redaction something to do: names, people and a deal's target
    inside titles and notes (a redaction with nothing to hide would pass any test)."""
    every = {path.name: path.read_text() for path in SAMPLE.glob("*.json")}
    clients = every.pop("clients.json")
    text = "\n".join(every.values())
    assert len(leaks(text)) > 100
    for mention in (
        "Elena signs off",
        "Proposal review with Noor and Ben",
        "Mutual NDA with Halvorsen expires",
        "NDA with Tessaro expires",
        "Intro to Aoife Brennan of Copperline Joinery",  # another client, in PLOVER's calendar
        "as Halvorsen did",  # another client, in LINNET's recommendation title
        "tomasz.wojcik@halvorsen.example.com",
    ):
        assert mention in text, mention
    assert "acquiring Aldous & Finch" in clients and '"A&F"' in clients


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Store]:
    """The sample practice in a private copy, with a sync conflict about a sector to review."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    for path in SAMPLE.glob("*.json"):
        shutil.copyfile(path, folder / path.name)
    with Store(folder, clock=FixedClock(NOW)) as store:
        cormorant = next(c for c in store.all(Client) if c.codename == "CORMORANT")
        store.insert(
            Conflict(
                table=Client.TABLE,
                record=cormorant.id,
                field="sector",
                kept=cormorant.sector,
                other="Insurance broking (buying Aldous & Finch; Declan Murphy's team)",
                kept_updated_at="2026-11-20T10:00:00.000000Z",
                other_updated_at="2026-11-19T10:00:00.000000Z",
                detected_at="2026-11-21T10:00:00.000000Z",
                note="Gareth's edit on the laptop, Fiona's on the jump box",
            )
        )
        yield store


class Seen:
    """Every screen drawn, by where it was."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.screens: list[tuple[str, str]] = []

    def take(self, where: str, *, typed: Widget | None = None) -> str:
        """The screen as drawn; the line of *typed* (what the test typed in) left out."""
        lines = screen_text(self.app).split("\n")
        if typed is not None:
            row = typed.region.y
            lines = lines[:row] + lines[row + typed.region.height :]
        text = "\n".join(lines)
        self.screens.append((where, text))
        return text

    def problems(self) -> list[str]:
        return [f"{where}: {leak}" for where, text in self.screens for leak in leaks(text)]


async def _calendar(pilot: Any, seen: Seen, clients: list[Client]) -> None:
    """The calendar of every client (its month and fiscal year), then of all clients: the next
    90 days, the next two months and a day's list."""
    await pilot.press("c")
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CalendarScreen)
    for client in [*clients, None]:
        label = client.codename if client else "all clients"
        screen.given_client = client.id if client else None
        screen.reload()
        await settled(pilot)
        seen.take(f"calendar of {label}")
        await pilot.press("y")  # the fiscal year of budget dates
        await settled(pilot)
        seen.take(f"calendar of {label}, fiscal year")
        await pilot.press("y")
    await pilot.press("a")  # the next 90 days
    await settled(pilot)
    seen.take("calendar, 90 days")
    for month in ("December", "January"):
        await pilot.press("right_square_bracket")
        await settled(pilot)
        seen.take(f"calendar, {month}")
    screen.grid.go(date(2026, 12, 3))
    screen.grid.focus()
    await pilot.press("enter")  # the day's own list
    await settled(pilot)
    seen.take("calendar, 3 December")
    await pilot.press("escape", "escape")
    await settled(pilot)


async def _clients(pilot: Any, seen: Seen, clients: list[Client]) -> None:
    """Each client's detail, report preview and budget: each screen opened once by its key,
    then shown for every client in turn (opening a screen is what takes time in a test)."""
    app = pilot.app
    assert app.screen.pane(1).list.select_key(clients[0].id)
    await pilot.press("1", "enter")
    await settled(pilot)
    detail = app.screen
    assert isinstance(detail, ClientDetailScreen)
    for client in clients:
        detail.record_id = client.id
        detail.reload()
        await settled(pilot)
        seen.take(f"{client.codename} client detail")
    await pilot.press("r")
    await settled(pilot)
    report = app.screen
    assert isinstance(report, ReportScreen)
    for client in clients:
        report.client_id = client.id
        report.refresh_preview()
        assert report.rendered is not None
        await report.rendered
        await settled(pilot)
        seen.take(f"{client.codename} report preview")
    await pilot.press("escape", "b")
    await settled(pilot)
    budget = app.screen
    assert isinstance(budget, BudgetScreen)
    for client in clients:
        budget.client_id, budget.fiscal_year = client.id, None
        budget.reload()
        await settled(pilot)
        seen.take(f"{client.codename} budget")
    await pilot.press("escape", "escape")
    await settled(pilot)


async def _portfolio_budget(pilot: Any, seen: Seen) -> None:
    """Every client's budget at once (B on "All clients"): this fiscal year and the next."""
    dashboard = pilot.app.screen
    assert isinstance(dashboard, DashboardScreen)
    assert dashboard.pane(1).list.select_key("")
    await pilot.press("1")
    await settled(pilot)
    await pilot.press("B")
    await settled(pilot)
    assert isinstance(pilot.app.screen, PortfolioBudgetScreen)
    seen.take("portfolio budget")
    await pilot.press("left_square_bracket")
    await settled(pilot)
    seen.take("portfolio budget, last fiscal year")
    await pilot.press("escape")
    await settled(pilot)


async def test_presentation_mode_shows_no_sensitive_term_on_any_screen(sample: Store) -> None:
    app = make_app(sample, presentation_mode=True)
    seen = Seen(app)
    clients = sample.all(Client)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        for row in list(dashboard.pane(1).list.rows):
            assert dashboard.pane(1).list.select_key(row.key)
            await settled(pilot)
            seen.take(f"dashboard, {row.name}")
        # Every client's rows at once: "All clients", each pane zoomed.
        assert dashboard.pane(1).list.select_key("")
        await settled(pilot)
        for pane in "1234":
            await pilot.press(pane, "z")
            await settled(pilot)
            seen.take(f"dashboard, pane {pane} zoomed")
            await pilot.press("z")
        await pilot.press("1")
        await _calendar(pilot, seen, clients)
        await _clients(pilot, seen, clients)
        await _portfolio_budget(pilot, seen)
        recs = sample.all(Recommendation)
        navigation.open_rec(app, recs[0].id)
        await settled(pilot)
        detail = app.screen
        assert isinstance(detail, RecDetailScreen)
        for rec in recs:
            detail.record_id = rec.id
            detail.reload()
            await pilot.pause()
            seen.take(f"recommendation {rec.id}")
        await pilot.press("escape")
        app.action_conflicts()
        await settled(pilot)
        conflicts = seen.take("conflicts")
        await pilot.press("escape", "question_mark")
        await settled(pilot)
        seen.take("help")
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await settled(pilot)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        typed = palette.query_one(Input)
        for query in PALETTE_SEARCHES:
            typed.value = query
            await settled(pilot)
            seen.take(f"palette {query!r}", typed=typed)
        typed.value = "expires"
        await settled(pilot)
        seen.take("palette 'expires'", typed=typed)
    problems = seen.problems()
    assert not problems, "\n".join(problems)
    # What was drawn is the practice, under codenames: the walk saw real screens.
    every = "\n".join(text for _where, text in seen.screens)
    for codename in TERMS:
        assert codename in every
    portfolio = next(text for where, text in seen.screens if where == "portfolio budget")
    for codename in TERMS:
        assert codename in portfolio  # a row for each client, under its codename
    assert "Insurance broking (acquiring •••, 230 staff)" in every
    assert "••• signs off: all fixed by 15 November." in every
    assert "Proposal review with ••• and •••" in every
    assert "NDA with PLOVER expires" in every
    assert "Intro to ••• of •••" in every
    assert "Mutual NDA with KESTREL expires" in every  # in the palette too
    assert "buying •••; •••'s team" in conflicts


# --- reports ------------------------------------------------------------------------------------


def _markdown_text(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)  # Markdown's backslash escapes off ("A\&F")


def _html_text(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_every_redacted_report_hides_every_term(sample: Store) -> None:
    clock = FixedClock(NOW)
    problems = []
    texts = []
    for client in sample.all(Client):
        for fmt, plain in (("md", _markdown_text), ("html", _html_text)):
            text = render_report(sample, client.id, None, fmt, True, clock)
            texts.append(text)
            problems += [f"{client.codename} {fmt}: {leak}" for leak in leaks(plain(text))]
            problems += [f"{client.codename} {fmt} raw: {leak}" for leak in leaks(text)]
    for fmt, plain in (("md", _markdown_text), ("html", _html_text)):
        text = render_portfolio(sample, fmt, True, clock)
        texts.append(text)
        problems += [f"portfolio {fmt}: {leak}" for leak in leaks(plain(text))]
    assert not problems, "\n".join(problems)
    every = _markdown_text("\n".join(texts))
    assert "Insurance broking (acquiring •••, 230 staff)" in every
    assert "Bring ••• endpoints onto the group EDR" in every
    # The same reports, unredacted, do name them: the test looks where the names are.
    plain = render_report(
        sample, next(c.id for c in sample.all(Client) if c.codename == "CORMORANT"), None, "md",
        False, clock,
    )  # fmt: skip
    assert "Aldous & Finch" in _markdown_text(plain)


def test_report_command_redacts_each_client_and_the_portfolio(
    sample: Store, cli: Any, tmp_path: Path
) -> None:
    folder = str(sample.folder)
    sample.close()
    problems = []
    runs = [("--all", "md"), ("--all", "html"), ("CORMORANT", "md"), ("LINNET", "html")]
    for target, fmt in runs:
        done = cli("--data", folder, "report", target, "--redact", "--format", fmt)
        assert done.code == 0, done.err
        plain = _html_text(done.out) if fmt == "html" else _markdown_text(done.out)
        assert "CORMORANT" in plain or "LINNET" in plain
        problems += [f"report {target} {fmt}: {leak}" for leak in leaks(plain)]
    assert not problems, "\n".join(problems)


async def test_presentation_mode_opens_no_form_and_redacts_dialogs(sample: Store) -> None:
    """A form shows every field as stored, so presentation mode keeps it closed; the status
    dialog and the messages name a record as the screens do."""
    rec = next(r for r in sample.all(Recommendation) if r.title.startswith("Bring A&F"))
    app = make_app(sample, presentation_mode=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        navigation.open_rec(app, rec.id)
        await settled(pilot)
        await pilot.press("e")
        await settled(pilot)
        assert isinstance(app.screen, RecDetailScreen)  # no form
        said = [n.message for n in app._notifications]
        assert "Presentation mode hides what a form shows: P turns it off to edit." in said
        await pilot.press("s")
        await settled(pilot)
        text = screen_text(app)
        assert "Bring ••• endpoints onto the group EDR" in text
        assert leaks(text) == []
