"""The spelregels being prepared: one rule per line in a text area."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, TextArea

from spiegel_tui.i18n import t
from spiegel_tui.model.session import Session


class RulesEditor(Vertical):
    """Posts :class:`RulesEditor.Edited` with the whole text on every change."""

    @dataclass
    class Edited(Message):
        editor: RulesEditor
        text: str

        @property
        def control(self) -> RulesEditor:
            return self.editor

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Static(t("prep.rules.hint", self.lang), id="rules-hint")
        yield TextArea(id="rules-text", soft_wrap=True, tab_behavior="focus")
        yield Static("", id="rules-error", classes="form-error")

    def show(self, session: Session) -> None:
        area = self.query_one(TextArea)
        text = "\n".join(rule.text for rule in session.rules)
        if area.text != text:
            with area.prevent(TextArea.Changed):
                area.load_text(text)

    def refuse(self, message: str | None) -> None:
        self.query_one("#rules-error", Static).update(message or "")
        self.set_class(message is not None, "-invalid")

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.Edited(self, event.text_area.text))
