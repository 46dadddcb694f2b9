"""Modal add/edit forms, built from a list of fields, validated inline by the domain's rules.

Nothing invalid is ever saved: every value is parsed as it is typed (dates show what they mean,
"next friday" → Fri 2026-12-04), and the record is validated by the same code that loads the
files before the save is queued. A save that fails (read-only disk, lock held) keeps the form
open with everything typed.

| Key | Action |
|---|---|
| `ctrl+s` | save |
| `escape` | cancel without saving |
| `tab` / `shift+tab` | next / previous field |
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from ctotui.app import CtoApp
from ctotui.dialogs.form_fields import (
    FieldDef,
    FieldError,
    convert,
    nest,
    set_hint,
    shown_value,
    widget_id,
)
from ctotui.dialogs.record_fields import form_values
from ctotui.domain.dates import parse_date_input
from ctotui.domain.schema import Record, parse_model, to_record
from ctotui.errors import CtoError, ValidationError
from ctotui.services.edits import EditConflict
from ctotui.widgets.check_box import CheckBox
from ctotui.widgets.text_input import TextBox, TextInput


class FormScreen(ModalScreen[Record | None]):
    """Add or edit one record of *cls*."""

    BINDING_GROUP_TITLE = "Form"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > #form {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    FormScreen #fields { height: auto; max-height: 100%; }
    FormScreen .row { height: auto; margin-top: 1; }
    FormScreen .row.-first { margin-top: 0; }
    FormScreen .row Label { width: 18; padding: 0 1 0 0; text-align: right; color: $text-muted; }
    FormScreen .row:focus-within Label { color: $text; text-style: bold; }
    FormScreen .row Input, FormScreen .row Select { width: 1fr; }
    FormScreen .row Input.-textual-compact, FormScreen .row TextArea.-textual-compact {
        background: $panel;
    }
    FormScreen .row TextArea { width: 1fr; height: 3; }
    FormScreen .hint { padding-left: 18; color: $text-muted; height: auto; display: none; }
    FormScreen .hint.-shown { display: block; }
    FormScreen .hint.-error { color: $error; text-style: bold; }
    FormScreen #form-error { color: $error; text-style: bold; height: auto; }
    FormScreen #buttons { height: 3; align-horizontal: right; }
    FormScreen #buttons Button { margin-left: 1; min-width: 12; }
    """

    def __init__(
        self,
        cls: type[Record],
        fields: list[FieldDef],
        *,
        title: str,
        values: dict[str, Any] | None = None,
        record: Record | None = None,
        fixed: dict[str, Any] | None = None,
        on_save: Callable[[dict[str, Any], Record | None, set[str]], Callable[[], Record]],
    ) -> None:
        super().__init__()
        self.cls = cls
        self.fields = fields
        self.form_title = title
        self.initial = values or {}
        self.record = record  # the record as the form read it (an edit saves against it)
        # Fields changed elsewhere meanwhile whose value the person chose to keep anyway.
        self.overwrite: set[str] = set()
        self.fixed = fixed or {}  # values the form does not show (a milestone's recommendation)
        self.on_save = on_save
        self.busy = False

    cto = getters.app(CtoApp)

    @property
    def _decimal(self) -> str:
        """The decimal mark amounts are typed with (the amount_decimal setting)."""
        return self.cto.settings.decimal_mark()

    def compose(self) -> ComposeResult:
        with Vertical(id="form") as form:
            form.border_title = self.form_title
            form.border_subtitle = "ctrl+s save · escape cancel"
            with VerticalScroll(id="fields"):
                for index, field in enumerate(self.fields):
                    with Horizontal(classes="row -first" if index == 0 else "row"):
                        yield Label(field.label + (" *" if field.required else ""))
                        yield self._widget(field)
                    yield Static("", classes="hint", id=widget_id(field.name) + "-hint")
            yield Static("", id="form-error")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", variant="primary", id="save")

    def _widget(self, field: FieldDef) -> Any:
        value = shown_value(field, self.initial.get(field.name), self._decimal)
        wid = widget_id(field.name)
        if field.kind in ("choice", "month"):
            return Select(
                list(field.choices),
                value=value if value is not None else Select.NULL,
                allow_blank=not field.required,
                id=wid,
                prompt=field.placeholder or "choose…",
                compact=True,
            )
        if field.kind == "bool":
            return CheckBox(value=bool(value), id=wid, compact=True)
        if field.kind == "area":
            return TextBox(
                str(value or ""), id=wid, soft_wrap=True, show_line_numbers=False, compact=True
            )
        return TextInput(
            value="" if value is None else str(value),
            placeholder=field.placeholder,
            id=wid,
            type="integer" if field.kind == "int" else "text",
            compact=True,
        )

    def on_mount(self) -> None:
        first = self.query(f"#{widget_id(self.fields[0].name)}").first()
        first.focus()
        for field in self.fields:
            if field.kind in ("date", "money"):
                self._live_check(field)

    # --- reading and checking the fields -------------------------------------------------------

    def _raw(self, field: FieldDef) -> Any:
        widget = self.query_one(f"#{widget_id(field.name)}")
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        return cast(Input, widget).value

    def _live_check(self, field: FieldDef) -> None:
        hint = self.query_one(f"#{widget_id(field.name)}-hint", Static)
        try:
            value = convert(field, self._raw(field), self.cto.clock.today(), self._decimal)
        except FieldError as exc:
            raw = self._raw(field)
            if isinstance(raw, str) and raw.strip():
                set_hint(hint, str(exc), error=True)
            else:
                set_hint(hint, "")
            return
        if value and field.kind == "date":
            typed = str(self._raw(field)).strip()
            parsed = parse_date_input(typed, self.cto.clock.today())
            set_hint(hint, f"→ {parsed.format('ddd D MMM YYYY')}" if typed != value else "")
        else:
            set_hint(hint, "")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        for field in self.fields:
            if event.input.id == widget_id(field.name) and field.kind in ("date", "money", "int"):
                self._live_check(field)

    def collect(self) -> dict[str, Any]:
        """Every field's stored value (None = empty), or FieldError for the first bad one."""
        data: dict[str, Any] = {}
        for field in self.fields:
            data[field.name] = convert(
                field, self._raw(field), self.cto.clock.today(), self._decimal
            )
        return data

    def _show_error(self, name: str | None, message: str) -> None:
        for hint in self.query(".hint.-error"):
            if isinstance(hint, Static):
                set_hint(hint, "")
        target = None
        if name is not None:
            found = self.query(f"#{widget_id(name)}-hint")
            target = found.first() if found else None
        if isinstance(target, Static):
            set_hint(target, message, error=True)
            self.query_one(f"#{widget_id(name)}").focus()  # type: ignore[arg-type]
            self.query_one("#form-error", Static).update("")
        else:
            self.query_one("#form-error", Static).update(message)

    # --- saving ---------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.busy:
            return
        try:
            data = self.collect()
            stored = nest(data)
            # The same validation the files get on load: nothing invalid reaches the store.
            # Fields the form does not show (a budget line's client) are validated as stored.
            base = to_record(self.record, with_meta=False) if self.record is not None else {}
            body = {**base, **stored, **self.fixed}
            parse_model(self.cls, {k: v for k, v in body.items() if v is not None}, "form")
        except FieldError as exc:
            self._show_error(exc.name, str(exc))
            return
        except ValidationError as exc:
            self._show_error(exc.field, f"{exc.message}")
            return
        if not self.cto.can_edit():
            self._show_error(None, f"Read-only: {self.cto.store.read_only_reason}")
            return
        self.busy = True
        self.query_one("#form-error", Static).update("Saving…")
        job = self.on_save(stored, self.record, self.overwrite)
        self.cto.save(job, done=self._saved, failed=self._failed)

    def _saved(self, record: Record) -> None:
        self.busy = False
        self.dismiss(record)

    def _failed(self, error: CtoError) -> None:
        self.busy = False
        if isinstance(error, EditConflict):
            self._resolve(error)
            return
        field = error.field if isinstance(error, ValidationError) else None
        self._show_error(field, f"Not saved: {error}")

    def _resolve(self, conflict: EditConflict) -> None:
        """Fields changed elsewhere since the form opened: the person chooses, per field; the
        form then shows theirs where they took theirs and saves again."""
        from ctotui.dialogs.edit_conflict import EditConflictScreen

        labels = {f.name.partition(".")[0]: f.label for f in self.fields}

        def chosen(choices: dict[str, str] | None) -> None:
            if choices is None:
                self._show_error(None, "Not saved: changed elsewhere; choose yours or theirs")
                return
            theirs = {name for name, keep in choices.items() if keep == "theirs"}
            values = form_values(conflict.record)
            for field in self.fields:
                if field.name.partition(".")[0] in theirs:
                    self._set_widget(field, values.get(field.name))
            # Fields nobody touched here keep what the other side wrote; the ones the person
            # kept overwrite it.
            self.overwrite |= {name for name, keep in choices.items() if keep == "mine"}
            self.action_save()

        self.app.push_screen(EditConflictScreen(conflict.clashes, labels), chosen)

    def _set_widget(self, field: FieldDef, value: Any) -> None:
        widget = self.query_one(f"#{widget_id(field.name)}")
        shown = shown_value(field, value, self._decimal)
        if isinstance(widget, Select):
            widget.value = shown if shown is not None else Select.NULL
        elif isinstance(widget, Checkbox):
            widget.value = bool(shown)
        elif isinstance(widget, TextArea):
            widget.text = str(shown or "")
        elif isinstance(widget, Input):
            widget.value = "" if shown is None else str(shown)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
