"""Asks the title of a new session; returns it, or None when cancelled."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from spiegel_tui.i18n import t
from spiegel_tui.ui.keys import Key, KeysInLanguage


class TitlePrompt(KeysInLanguage, ModalScreen[str | None]):
    """A one-line dialog. Enter accepts a non-empty title; Escape cancels."""

    KEYS = (Key("escape", "cancel", "start.key.title_cancel"),)
    KEYS_PREFIX = "title"

    def __init__(self, format_title: str, lang: str = "nl") -> None:
        super().__init__()
        self.format_title = format_title
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("start.new_title", self.lang, format=self.format_title),
                        classes="dialog-title")
            yield Input(placeholder=t("start.title_placeholder", self.lang), id="title-input")
            yield Static("", id="title-error", classes="dialog-error")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        title = event.value.strip()
        if not title:
            self.query_one("#title-error", Static).update(t("start.title_empty", self.lang))
            return
        self.dismiss(title)

    def action_cancel(self) -> None:
        self.dismiss(None)
