"""The spelregels (fishbowl rules), shown throughout a spiegelgesprek."""

from __future__ import annotations

from textual.markup import escape
from textual.widgets import Static

from spiegel_tui.i18n import t
from spiegel_tui.model.session import Session


class RulesPanel(Static):
    """A numbered list of the session's rules; the screen toggles its display."""

    def show(self, session: Session, lang: str) -> None:
        self.border_title = t("rules.title", lang)
        self.update("\n".join(f"{number}. {escape(rule.text)}"
                              for number, rule in enumerate(session.rules, start=1)))
