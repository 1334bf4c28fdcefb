"""Full-screen overlays for the projector: blank screen, rule reminder, help."""

from __future__ import annotations

from rich.table import Table
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from spiegel_tui.i18n import t
from spiegel_tui.ui.keys import Key, KeysInLanguage
from spiegel_tui.ui.widgets.big_text import BigText

REMINDER_SECONDS = 5.0


class BlankScreen(Screen[None]):
    """A black screen for the projector; any key or click returns."""

    def compose(self) -> ComposeResult:
        yield Static("", id="blank")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(None)

    def on_click(self) -> None:
        self.dismiss(None)


class ReminderScreen(ModalScreen[None]):
    """The first rule, big, for a few seconds (any key closes it sooner)."""

    def __init__(self, rule: str, seconds: float = REMINDER_SECONDS, lang: str = "nl") -> None:
        super().__init__()
        self.rule = rule
        self.seconds = seconds
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="reminder"):
            yield Static(t("rules.title", self.lang).upper(), id="reminder-title")
            text = BigText(id="reminder-text")
            text.text = self.rule
            yield text

    def on_mount(self) -> None:
        self.set_timer(self.seconds, self._close)

    def _close(self) -> None:
        if self.is_current:
            self.dismiss(None)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss(None)


class HelpScreen(KeysInLanguage, ModalScreen[None]):
    """Every key of the console, and the note markers. The descriptions wrap: nothing is
    cut at 80 columns."""

    KEYS = (Key("escape,f1,q", "close", "dialog.key.help_close"),)
    KEYS_PREFIX = "help"

    def __init__(self, rows: list[tuple[str, str, str]], lang: str = "nl") -> None:
        super().__init__()
        self.rows = rows
        self.lang = lang

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, padding=(0, 1), show_edge=False)
        table.add_column(t("help.key", self.lang), no_wrap=True, style="bold")
        table.add_column(t("help.name", self.lang), no_wrap=True)
        table.add_column(t("help.does", self.lang), ratio=1)
        for row in self.rows:
            table.add_row(*row)
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(t("help.title", self.lang), classes="dialog-title")
            yield Static(table, id="help-keys")
            yield Static(t("help.markers", self.lang), classes="dialog-text")

    def action_close(self) -> None:
        self.dismiss(None)
