"""One labelled form field: an Input checked as you type, with its message beside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label, Static

from spiegel_tui.i18n import t
from spiegel_tui.model.prepare import Refused


def refusal_text(error: Refused, lang: str) -> str:
    """A refusal in the UI's language where we have words for it, else the model's."""
    key = f"prep.bad.{error.code}"
    text = t(key, lang)
    return t("prep.bad.refused", lang, message=error.message) if text == key else text


class ModelCheck(Validator):
    """A Textual validator that asks the same parse function the model edit uses."""

    def __init__(self, parse: Callable[[str], Any], lang: str) -> None:
        super().__init__()
        self.parse = parse
        self.lang = lang

    def validate(self, value: str) -> ValidationResult:
        try:
            self.parse(value)
        except Refused as error:
            return self.failure(refusal_text(error, self.lang))
        return self.success()


class FormField(Horizontal):
    """Label, Input and the message for an invalid value. A valid value is posted up as
    :class:`FormField.Edited` with the parsed value; an invalid one stays here."""

    @dataclass
    class Edited(Message):
        field: FormField
        key: str
        value: Any

        @property
        def control(self) -> FormField:
            return self.field

    def __init__(self, key: str, label: str, parse: Callable[[str], Any], lang: str, *,
                 placeholder: str = "", **kwargs: Any) -> None:
        super().__init__(classes="form-field", **kwargs)
        self.key = key
        self.label = label
        self.parse = parse
        self.lang = lang
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="form-label")
        with Vertical(classes="form-box"):
            yield Input(placeholder=self.placeholder, compact=True, select_on_focus=False,
                        validators=[ModelCheck(self.parse, self.lang)],
                        validate_on=["changed"], id=f"field-{self.key.replace('.', '-')}")
            yield Static("", classes="form-error")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def value(self) -> str:
        return self.input.value

    def set_value(self, text: str) -> None:
        """Show a stored value (no Edited message, no old message)."""
        field = self.input
        if field.value != text:
            with field.prevent(Input.Changed):
                field.value = text
        self.refuse(None)

    def refuse(self, message: str | None) -> None:
        """Show why the typed value is not saved (None clears it)."""
        self.query_one(".form-error", Static).update(message or "")
        self.set_class(message is not None, "-invalid")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        result = event.validation_result
        if result is not None and not result.is_valid:
            self.refuse(result.failure_descriptions[0])
            return
        try:
            value = self.parse(event.value)
        except Refused as error:  # the validator said yes; be safe all the same
            self.refuse(refusal_text(error, self.lang))
            return
        self.refuse(None)
        self.post_message(self.Edited(self, self.key, value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()
