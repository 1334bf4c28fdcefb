"""Follow-up: the open actions of earlier sessions of the same organisation.

Shown at the first step of a session, so a series (actieonderzoek) starts by looking at
what was agreed before. Enter marks the highlighted action done (in the earlier session's
file). The scan and the write are the sessions folder's
(:class:`spiegel_tui.folder.SessionsFolder`), run in thread workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from spiegel_tui.folder import SessionsFolder
from spiegel_tui.i18n import t
from spiegel_tui.model.session import Action, ActionStatus, Session
from spiegel_tui.model.tomlfile import SessionError
from spiegel_tui.ui.keys import Key, KeysInLanguage


class FollowUpPanel(KeysInLanguage, Vertical):
    """A list of earlier open actions; Enter marks one done.

    | Key | Action |
    | :- | :- |
    | enter | Mark the highlighted action done (or open again) |
    """

    KEYS = (Key("enter", "toggle", "followup.key.toggle", show=False),)
    KEYS_PREFIX = "followup"
    COMPONENT_CLASSES = {"followup--box", "followup--done", "followup--extra"}
    """The check box, the text of a done action, and its owner, due date and session."""

    @dataclass
    class Toggled(Message):
        """The facilitator marked an earlier action done (or open again)."""

        panel: FollowUpPanel
        session_id: str
        action_id: str
        done: bool

        @property
        def control(self) -> FollowUpPanel:
            return self.panel

    @dataclass
    class Found(Message):
        """Earlier open actions were found (the screen decides where they show)."""

        panel: FollowUpPanel

        @property
        def control(self) -> FollowUpPanel:
            return self.panel

    def __init__(self, lang: str = "nl", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self.items: list[tuple[str, Action]] = []
        self.done: set[tuple[str, str]] = set()
        self._folder = SessionsFolder(Path("."))

    def compose(self) -> ComposeResult:
        yield Static(t("followup.hint", self.lang), id="followup-hint")
        yield OptionList(id="followup-list")

    def on_mount(self) -> None:
        self.border_title = t("followup.title", self.lang)

    def load(self, session: Session, folder: Path) -> None:
        """Look for earlier open actions in the background; show them when found."""
        self.display = False
        self._folder = SessionsFolder(folder)
        self._scan(session)

    @work(thread=True, group="follow-up", exit_on_error=False)
    def _scan(self, session: Session) -> None:
        items = self._folder.follow_ups(session)
        if items:
            self.app.call_from_thread(self.show_items, items)

    def show_items(self, items: list[tuple[str, Action]]) -> None:
        self.items = items
        self._render_list()
        self.post_message(self.Found(self))

    @work(thread=True, group="follow-up", exit_on_error=False)
    def _write(self, session_id: str, action_id: str, done: bool) -> None:
        """Mark the action in the earlier session's own file (under its lock)."""
        try:
            status = self._folder.set_action_status(session_id, action_id, done)
        except SessionError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(
            self.notify, t("followup.saved", self.lang, id=action_id, status=status.value))

    def _render_list(self) -> None:
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        box = self.get_component_rich_style("followup--box")
        done_style = self.get_component_rich_style("followup--done")
        extra_style = self.get_component_rich_style("followup--extra")
        for session_id, action in self.items:
            done = (session_id, action.id) in self.done or action.status is ActionStatus.DONE
            line = Text("☑ " if done else "☐ ", style=box)
            line.append(action.text, style=done_style if done else "")
            extra = ", ".join(part for part in (action.owner, action.due and
                                                action.due.isoformat(), session_id) if part)
            line.append(f"  ({extra})", style=extra_style)
            listing.add_option(Option(line, id=f"{session_id}::{action.id}"))
        if listing.option_count:
            listing.highlighted = min(highlighted or 0, listing.option_count - 1)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._toggle(event.option.id)

    def action_toggle(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is not None:
            self._toggle(listing.get_option_at_index(listing.highlighted).id)

    def _toggle(self, option_id: str | None) -> None:
        if not option_id:
            return
        session_id, action_id = option_id.split("::", 1)
        key = (session_id, action_id)
        done = key not in self.done
        if done:
            self.done.add(key)
        else:
            self.done.discard(key)
        self._render_list()
        self._write(session_id, action_id, done)
        self.post_message(self.Toggled(self, session_id, action_id, done))
