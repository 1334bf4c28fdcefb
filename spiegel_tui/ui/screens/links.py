"""The links of ``spiegel serve`` as QR codes (ctrl+l), read from the file the server
writes beside the session while it runs. The participants' link comes first: it is the
one to show the room; Tab goes on to the projector's and the scribe's."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from spiegel_tui.i18n import t
from spiegel_tui.ui.keys import Key, KeysInLanguage
from spiegel_tui.web.tokens import qr_lines, read_links

ORDER = ("participant", "projector", "scribe")


class LinksScreen(KeysInLanguage, ModalScreen[None]):
    KEYS = (
        Key("escape,ctrl+l", "close", "dialog.key.close"),
        Key("tab", "next", "links.key.next"),
    )
    KEYS_PREFIX = "links"

    def __init__(self, session_path: Path, lang: str = "nl") -> None:
        super().__init__()
        self.session_path = session_path
        self.lang = lang
        self.links = read_links(session_path)
        self.role = next((role for role in ORDER if role in self.links), "")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="links"):
            yield Static(t("links.title", self.lang), classes="dialog-title")
            yield Static(id="links-role")
            yield Static(id="links-qr")
            yield Static(id="links-url", classes="dialog-text")
            yield Static(t("links.hint", self.lang), classes="dialog-text")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        role_label, qr, url = self.query_one("#links-role", Static), \
            self.query_one("#links-qr", Static), self.query_one("#links-url", Static)
        if not self.links:
            role_label.update(Content(t("links.none", self.lang, path=str(self.session_path))))
            qr.display = url.display = False
            return
        link = self.links[self.role]
        role_label.update(f"[b]{t(f'links.role.{self.role}', self.lang)}[/b]")
        qr.update("\n".join(qr_lines(link)))
        url.update(Content(link))

    def action_next(self) -> None:
        roles = [role for role in ORDER if role in self.links]
        if roles:
            self.role = roles[(roles.index(self.role) + 1) % len(roles)]
            self._show()

    def action_close(self) -> None:
        self.dismiss(None)
