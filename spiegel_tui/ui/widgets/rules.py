"""The spelregels (fishbowl rules), shown throughout a spiegelgesprek."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.markup import escape

from spiegel_tui.i18n import t
from spiegel_tui.model.session import Session
from spiegel_tui.ui.widgets.ticker import QuietText


class RulesPanel(VerticalScroll, can_focus=False):
    """A numbered list of the session's rules; the screen toggles its display.

    It scrolls, so on a small screen a scrollbar shows that there are more rules than fit,
    instead of cutting them off unseen. It never takes focus from the note input.
    """

    def compose(self) -> ComposeResult:
        yield QuietText(id="rules-text")

    def show(self, session: Session, lang: str) -> None:
        self.border_title = t("rules.title", lang)
        self.query_one("#rules-text", QuietText).show_text(
            "\n".join(f"{number}. {escape(rule.text)}"
                      for number, rule in enumerate(session.rules, start=1)))
