"""One client: engagements, contacts, NDA, recommendations, upcoming dates, notes, budget.

Presentation mode shows the codename and leaves out contacts, notes and amounts.

| Key | Action |
|---|---|
| `escape` | back |
| `enter` | open the highlighted recommendation |
| `e` | edit the client |
| `n` | new recommendation for this client |
| `r` | the client status report (preview, then write .md or .html) |
| `b` | the client's budget (lines by category, per fiscal year) |
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

import pendulum
from rich.console import Group
from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ctotui.data.store import Change
from ctotui.domain.budget import by_category, grand_total
from ctotui.domain.entities import BudgetLine, Client, Engagement, Note, Recommendation
from ctotui.domain.fiscal import fiscal_year_label, fiscal_year_of
from ctotui.domain.money import format_money
from ctotui.domain.progress import is_overdue
from ctotui.domain.status import OPEN
from ctotui.screens import actions
from ctotui.services.calendar import calendar_index
from ctotui.widgets.attention import AttentionBar, theme_style
from ctotui.widgets.datalist import Column, DataList

if TYPE_CHECKING:
    from ctotui.app import CtoApp


def _grid() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    return grid


def _table(title: str, *headers: str) -> Table:
    table = Table(
        title=title,
        title_justify="left",
        expand=True,
        box=None,
        show_edge=False,
        header_style="bold",
        title_style="bold underline",
    )
    for header in headers:
        table.add_column(
            header, justify="right" if header in ("Planned", "Committed", "Actual") else "left"
        )
    return table


class ClientDetailScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding("e", "edit", "Edit client", id="client.edit"),
        Binding("n", "new_rec", "New rec", id="client.new_rec"),
        Binding(
            "r",
            "report",
            "Report",
            tooltip="Preview and write the client status report",
            id="client.report",
        ),
        Binding(
            "b",
            "budget",
            "Budget",
            tooltip="Budget lines by category for each fiscal year",
            id="client.budget",
        ),
    ]

    DEFAULT_CSS = """
    ClientDetailScreen #body { padding: 0 1; }
    ClientDetailScreen .section { margin-top: 1; height: auto; }
    ClientDetailScreen #recs { height: auto; max-height: 14; border: round $panel-lighten-2; }
    ClientDetailScreen #recs:focus { border: round $primary; }
    """

    def __init__(self, client_id: str) -> None:
        super().__init__()
        self.client_id = client_id

    @property
    def cto(self) -> CtoApp:
        return cast("CtoApp", self.app)

    def compose(self) -> ComposeResult:
        yield AttentionBar()
        with VerticalScroll(id="body"):
            yield Static(id="summary")
            yield self._rec_list()
            yield Static(id="dates", classes="section")
            yield Static(id="budget", classes="section")
            yield Static(id="people", classes="section")
            yield Static(id="notes", classes="section")
        yield Footer()

    def _rec_list(self) -> DataList[Recommendation]:
        today = self.cto.clock.today()

        def due(r: Recommendation) -> str | tuple[str, str]:
            if r.due is None:
                return ""
            return (r.due.isoformat() + " !", "bad") if is_overdue(r, today) else r.due.isoformat()

        columns = [
            Column("title", "Recommendation", lambda r: r.title, min_width=16),
            Column("area", "Area", lambda r: r.area.label, width=12, drop=2),
            Column("priority", "Prio", lambda r: r.priority.value, width=8, drop=1),
            Column("status", "Status", lambda r: r.status.label, width=11),
            Column("due", "Due", due, width=12),
        ]
        recs: DataList[Recommendation] = DataList(
            columns,
            key=lambda r: r.id,
            haystack=lambda r: r.title,
            empty_text="No recommendations yet: press n.",
            ascii_only=self.cto.ascii_only,
            id="recs",
        )
        recs.border_title = "Recommendations"
        return recs

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#recs", DataList).focus()

    def data_changed(self, change: Change) -> None:
        if self.cto.store.find(Client, self.client_id) is None:
            if self.app.screen is self:
                self.app.pop_screen()
            return
        self.reload()

    def view_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        store = self.cto.store
        client = store.find(Client, self.client_id)
        if client is None:
            return
        view = self.cto.view
        masked = view.presentation
        # --ascii: the currency code, not a sign (ctotui.terminal).
        money = partial(format_money, masked=masked, ascii_only=self.cto.ascii_only)
        currency = client.currency or view.currency
        name = view.client_name(client)

        summary = _grid()
        summary.add_row("Client", name)
        summary.add_row("Status", f"{client.status.label} · health {client.health.label}")
        summary.add_row("Role", client.role.label)
        if client.sector or client.size:
            summary.add_row(
                "Organisation",
                " · ".join(
                    p for p in (client.sector, f"{client.size} staff" if client.size else "") if p
                ),
            )
        month = pendulum.date(2000, client.fiscal_year_start, 1).format("MMMM")
        summary.add_row("Fiscal year", f"starts in {month}")
        if client.rate or client.retainer:
            fees = []
            if client.rate:
                fees.append(f"{money(client.rate, currency)}/day")
            if client.retainer:
                fees.append(f"{money(client.retainer, currency)}/month retainer")
            summary.add_row("Fees", " · ".join(fees))
        if client.nda:
            nda = client.nda
            span = " → ".join(d.isoformat() for d in (nda.signed_on, nda.expires_on) if d)
            summary.add_row("NDA", f"{nda.level.label} {span}".strip())
        engagements = sorted(
            store.where(Engagement, "client", client.id), key=lambda e: e.start or view.today
        )
        for engagement in engagements:
            span = " → ".join(d.isoformat() for d in (engagement.start, engagement.end) if d)
            summary.add_row(
                "Engagement",
                f"{engagement.title} ({engagement.kind.label}, "
                f"{engagement.status.label}) {span}".strip(),
            )
        self.query_one("#summary", Static).update(summary)
        self.attention_label = f"· {name}"
        self.query_one(AttentionBar).show(self.cto.attention_state(self.attention_label))

        recs = store.where(Recommendation, "client", client.id)
        recs.sort(
            key=lambda r: (
                r.status not in OPEN,
                r.priority.rank,
                r.due is None,
                r.due or view.today,
            )
        )
        self.query_one("#recs", DataList).set_rows(recs)

        fy = fiscal_year_of(view.today, client.fiscal_year_start)
        lines = [b for b in store.where(BudgetLine, "client", client.id) if b.fiscal_year == fy]
        budget = _table(
            f"Budget {fiscal_year_label(fy, client.fiscal_year_start)}",
            "Category",
            "Planned",
            "Committed",
            "Actual",
        )
        over_style = theme_style(self.app, "ctotui-overdue", "bold")
        for category, totals in by_category(lines).items():
            # In words too: red alone is lost without colour (NO_COLOR, a monochrome projector).
            over = totals.over and not masked
            budget.add_row(
                f"{category.label} (over)" if over else category.label,
                *(money(v, currency) for v in (totals.planned, totals.committed, totals.actual)),
                style=over_style if over else None,
            )
        if lines:
            grand = grand_total(lines)
            budget.add_row(
                "Total",
                *(money(v, currency) for v in (grand.planned, grand.committed, grand.actual)),
                style="bold",
            )
        else:
            budget.add_row("no budget lines for this fiscal year", "", "", "")
        self.query_one("#budget", Static).update(budget)
        self.query_one("#dates", Static).update(self._upcoming(client))

        people = _table("Contacts", "Name", "Title", "Email", "Phone")
        if masked:
            people.add_row("hidden in presentation mode", "", "", "")
        else:
            for contact in client.contacts:
                people.add_row(contact.name, contact.title, contact.email, contact.phone)
            if not client.contacts:
                people.add_row("no contacts", "", "", "")
        self.query_one("#people", Static).update(people)

        notes = _table("Notes", "Date", "Note")
        if masked:
            notes.add_row("", "hidden in presentation mode")
        else:
            for note in sorted(
                store.where(Note, "client", client.id), key=lambda n: n.date, reverse=True
            )[:20]:
                notes.add_row(note.date.isoformat(), note.text)
            if client.notes:
                notes.add_row("", client.notes)
            if not notes.row_count:
                notes.add_row("", "no notes")
        self.query_one("#notes", Static).update(Group(notes))

    def _upcoming(self, client: Client) -> Table:
        """The client's next 90 days: budget cycle, renewals (with cancel-by), meetings…"""
        today = self.cto.clock.today()
        items = calendar_index(self.cto.store).items(
            today, today + timedelta(days=90), today=today, client=client.id
        )
        dates = _table("Next 90 days", "Date", "Kind", "What")
        for item in items[:15]:
            dates.add_row(item.date.isoformat(), item.kind.label, item.title)
        if len(items) > 15:
            dates.add_row("", "", f"… and {len(items) - 15} more (c opens the calendar)")
        if not items:
            dates.add_row("", "", "nothing dated in the next 90 days")
        return dates

    @on(DataList.Selected, "#recs")
    def _open_rec(self, event: DataList.Selected) -> None:
        rec = event.row
        if isinstance(rec, Recommendation):
            actions.open_rec(self.cto, rec.id)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        client = self.cto.store.find(Client, self.client_id)
        if client is not None:
            actions.edit_record(self.cto, client)

    def action_report(self) -> None:
        from ctotui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(self.client_id))

    def action_new_rec(self) -> None:
        actions.new_rec(self.cto, self.client_id)

    def action_budget(self) -> None:
        actions.open_budget(self.cto, self.client_id)
