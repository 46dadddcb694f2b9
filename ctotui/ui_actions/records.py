"""What the keys do to records (add, edit, delete, status, tick), shared by every screen.

Each function opens the right form or dialog and queues the write through `CtoApp.save`, so a
key means the same thing wherever it is pressed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.markup import escape

from ctotui.dialogs.confirm import ConfirmScreen
from ctotui.dialogs.form import FormScreen
from ctotui.dialogs.record_fields import (
    budget_line_fields,
    client_choices,
    client_fields,
    defaults,
    event_fields,
    form_values,
    milestone_fields,
    rec_fields,
)
from ctotui.dialogs.status import StatusScreen
from ctotui.domain.entities import BudgetLine, Client, Event, Milestone, Recommendation
from ctotui.domain.schema import Record, from_record
from ctotui.services import deleting, edits, recommendations
from ctotui.services.recommendations import set_status
from ctotui.views.redaction import record_client
from ctotui.visible import visible

if TYPE_CHECKING:
    from ctotui.app import CtoApp


def client_choices_of(app: CtoApp) -> tuple[tuple[str, str], ...]:
    return client_choices(app.store, app.presentation, app.focus_client)


def _fields_for(app: CtoApp, record: Record) -> list[Any]:
    if isinstance(record, Client):
        return client_fields()
    if isinstance(record, Recommendation):
        return rec_fields(client_choices_of(app))
    if isinstance(record, Milestone):
        return milestone_fields()
    if isinstance(record, Event):
        return event_fields(client_choices_of(app))
    if isinstance(record, BudgetLine):
        return budget_line_fields(_rec_choices(app, record.client))
    raise TypeError(f"no form for {type(record).__name__}")


def _rec_choices(app: CtoApp, client_id: str) -> tuple[tuple[str, str], ...]:
    recs = sorted(app.store.where(Recommendation, "client", client_id), key=lambda r: r.title)
    return tuple((app.view.text(client_id, r.title), r.id) for r in recs)


def _name(app: CtoApp, record: Record) -> str:
    """What a record is called in a message or a dialog: redacted in presentation mode."""
    if isinstance(record, Client):
        return record.display_name(app.presentation)
    # A budget line has neither a title nor a name: its description says which one it is.
    name = record.description if isinstance(record, BudgetLine) else record.display_name()
    return app.view.text(record_client(app.store, record.TABLE, record.id), name)


def _inserter(app: CtoApp, cls: type[Record], **fixed: Any) -> Any:
    def make(data: dict[str, Any], _seen: Record | None, _overwrite: set[str]) -> Any:
        body = {k: v for k, v in {**data, **fixed}.items() if v is not None}
        return lambda: app.store.insert(from_record(cls, "", body))

    return make


def _added(app: CtoApp, record: Record | None) -> None:
    if record is not None:
        app.notify(f"Added {record.LABEL} {_name(app, record)!r}", timeout=3)


def new_client(app: CtoApp) -> None:
    if not app.can_edit():
        return
    app.push_screen(
        FormScreen(
            Client,
            client_fields(),
            title="New client",
            values=defaults(Client),
            on_save=_inserter(app, Client),
        ),
        lambda rec: _added(app, rec),
    )


def new_rec(app: CtoApp, client_id: str | None) -> None:
    if not app.can_edit():
        return
    choices = client_choices_of(app)
    if not choices:
        app.notify("Add a client first (pane 1, n).", severity="warning")
        return
    app.push_screen(
        FormScreen(
            Recommendation,
            rec_fields(choices),
            title="New recommendation",
            values=defaults(Recommendation, client=client_id),
            on_save=_inserter(app, Recommendation),
        ),
        lambda rec: _added(app, rec),
    )


def new_milestone(app: CtoApp, rec_id: str) -> None:
    if not app.can_edit():
        return
    rec = app.store.get(Recommendation, rec_id)
    app.push_screen(
        FormScreen(
            Milestone,
            milestone_fields(),
            title=f"New milestone · {_name(app, rec)}",
            values=defaults(Milestone),
            fixed={"recommendation": rec_id},
            on_save=_inserter(app, Milestone, recommendation=rec_id),
        ),
        lambda rec: _added(app, rec),
    )


def new_event(app: CtoApp, client_id: str | None, day: Any = None) -> None:
    if not app.can_edit():
        return
    choices = client_choices_of(app)
    if not choices:
        app.notify("Add a client first (pane 1, n).", severity="warning")
        return
    values = defaults(Event, client=client_id, date=day.isoformat() if day else None)
    app.push_screen(
        FormScreen(
            Event,
            event_fields(choices),
            title="New calendar item",
            values=values,
            on_save=_inserter(app, Event),
        ),
        lambda rec: _added(app, rec),
    )


def new_budget_line(app: CtoApp, client_id: str, fiscal_year: int, category: Any = None) -> None:
    if not app.can_edit():
        return
    client = app.store.get(Client, client_id)
    app.push_screen(
        FormScreen(
            BudgetLine,
            budget_line_fields(_rec_choices(app, client_id)),
            title=f"New budget line · {client.display_name(app.presentation)}",
            values=defaults(BudgetLine, fiscal_year=fiscal_year, category=category),
            fixed={"client": client_id},
            on_save=_inserter(app, BudgetLine, client=client_id),
        ),
        lambda rec: _added(app, rec),
    )


def edit_record(app: CtoApp, record: Record) -> None:
    if not app.can_edit():
        return
    if app.presentation:
        # A form shows every field as stored: names, contacts, amounts.
        app.notify("Presentation mode hides what a form shows: P turns it off to edit.")
        return
    cls = type(record)
    fields = _fields_for(app, record)

    def updater(data: dict[str, Any], seen: Record | None, overwrite: set[str]) -> Any:
        # Only what the person changed, and never over a change made elsewhere meanwhile
        # (the form asks which value stays: `dialogs.edit_conflict`).
        return lambda: edits.edit_record(app.store, seen or record, data, overwrite=overwrite)

    app.push_screen(
        FormScreen(
            cls,
            fields,
            title=f"Edit {record.LABEL} · {_name(app, record)}",
            values=form_values(record),
            record=record,
            on_save=updater,
        ),
        lambda saved: app.notify(f"Saved {_name(app, saved)!r}", timeout=2.5) if saved else None,
    )


def delete_record(app: CtoApp, record: Record) -> None:
    if not app.can_edit():
        return
    owned, _links = deleting.dependents(app.store, record)
    also = deleting.describe_owned(owned)
    name = _name(app, record)
    question = f"Delete {record.LABEL} [b]{escape(visible(name))}[/b]"
    question += f" and its {also}?" if also else "?"
    question += "\nThe data folder's git history keeps a copy until it is pruned."

    def answered(yes: bool | None) -> None:
        if yes:
            app.save(
                lambda: deleting.delete(app.store, type(record), record.id, cascade=True),
                success=f"Deleted {record.LABEL} {name!r}",
            )

    app.push_screen(ConfirmScreen(question), answered)


def change_status(app: CtoApp, rec: Recommendation) -> None:
    if not app.can_edit():
        return

    def picked(choice: Any) -> None:
        if choice is None:
            return
        new, note = choice

        def job() -> tuple[Recommendation, Recommendation]:
            return set_status(app.store, rec.id, new, note=note, expected=rec.status)

        app.save(job, success=f"{_name(app, rec)!r} → {new.label}")

    app.push_screen(StatusScreen(rec, _name(app, rec)), picked)


def toggle_milestone(app: CtoApp, milestone_id: str) -> None:
    if not app.can_edit():
        return

    def job() -> tuple[Milestone, int]:
        return recommendations.toggle_milestone(app.store, milestone_id, app.clock.today())

    def done(result: tuple[Milestone, int]) -> None:
        milestone, percent = result
        state = "done" if milestone.done_on else "not done"
        app.notify(f"{_name(app, milestone)!r} {state} · now {percent}%", timeout=2.5)

    app.save(job, done=done)


def undo_last_change(app: CtoApp) -> None:
    """Take back the last change made in this dashboard (the undo log keeps them across
    restarts, up to the last sync); refused, changing nothing, when a later change made
    elsewhere touched the same fields."""
    if not app.can_edit():
        return
    from ctotui.services.undo import undo_last

    store = app.store
    app.save(
        lambda: undo_last(store, origin="app"),
        # What was undone names a record, and presentation mode shows no names.
        done=lambda what: app.notify(
            "Undid the last change" if app.presentation else f"Undid: {visible(what)}",
            timeout=6,
        ),
        failed_title="Nothing undone",
    )
