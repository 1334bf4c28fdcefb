"""Modal dialogs of the session screen, each returning a typed result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from spiegel_tui.i18n import t
from spiegel_tui.model.session import Horizon
from spiegel_tui.ui.keys import Key, KeysInLanguage


class ConfirmScreen(KeysInLanguage, ModalScreen[bool]):
    """Yes or no. Escape is no; with ``default=False`` No has the focus, so Enter is no."""

    KEYS = (Key("escape", "answer(False)", "dialog.key.no", id="no"),)
    KEYS_PREFIX = "confirm"

    def __init__(self, question: str, lang: str = "nl", default: bool = True) -> None:
        super().__init__()
        self.question = question
        self.lang = lang
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("yes", self.lang), variant="primary", id="yes")
                yield Button(t("no", self.lang), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes" if self.default else "#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class NoteEditScreen(KeysInLanguage, ModalScreen[str | None]):
    """Edit a note's text (markers work as when typing). None when cancelled; an empty
    text when the scribe cleared it (the screen then asks whether to delete the note)."""

    KEYS = (Key("escape", "cancel", "dialog.key.edit_cancel"),)
    KEYS_PREFIX = "edit"

    def __init__(self, text: str, lang: str = "nl") -> None:
        super().__init__()
        self.text = text
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("edit.title", self.lang), classes="dialog-title")
            yield Input(self.text, id="edit-text")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class ActionDraft:
    text: str
    owner: str | None
    due: dt.date | None
    horizon: Horizon


class ActionScreen(KeysInLanguage, ModalScreen[ActionDraft | None]):
    """Turn a note into an action: text, owner, due date, short or long term."""

    KEYS = (Key("escape", "cancel", "dialog.key.action_cancel"),)
    KEYS_PREFIX = "action"

    def __init__(self, text: str, lang: str = "nl") -> None:
        super().__init__()
        self.text = text
        self.lang = lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog"):
            yield Label(t("action.title", lang), classes="dialog-title")
            yield Input(self.text, placeholder=t("action.text", lang), id="action-text")
            with Horizontal(classes="dialog-row"):
                yield Input(placeholder=t("action.owner", lang), id="action-owner")
                yield Input(placeholder=t("action.due", lang), id="action-due")
            yield Static("", id="action-error", classes="dialog-error")
            with RadioSet(id="action-horizon"):
                yield RadioButton(t("action.short", lang), value=True, id="short")
                yield RadioButton(t("action.long", lang), id="long")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("save", lang), variant="primary", id="save")
                yield Button(t("cancel", lang), id="cancel")

    def _draft(self) -> ActionDraft | None:
        text = self.query_one("#action-text", Input).value.strip()
        owner = self.query_one("#action-owner", Input).value.strip() or None
        due_text = self.query_one("#action-due", Input).value.strip()
        error = self.query_one("#action-error", Static)
        due = None
        if due_text:
            try:
                due = dt.date.fromisoformat(due_text)
            except ValueError:
                error.update(t("action.bad_due", self.lang))
                return None
        if not text:
            return None
        pressed = self.query_one("#action-horizon", RadioSet).pressed_button
        horizon = Horizon.LONG if pressed is not None and pressed.id == "long" else Horizon.SHORT
        return ActionDraft(text, owner, due, horizon)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        draft = self._draft()
        if draft is not None:
            self.dismiss(draft)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
