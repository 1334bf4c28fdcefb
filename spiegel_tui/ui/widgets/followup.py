"""Follow-up: the open actions of earlier sessions of the same organisation.

Shown at the first step of a session, so a series (actieonderzoek) starts by looking at
what was agreed before. Enter marks the highlighted action done (in the earlier session's
file); the screen does the writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from spiegel_tui import live
from spiegel_tui.i18n import t
from spiegel_tui.model.session import Action, ActionStatus, Session
from spiegel_tui.model.tomlfile import SessionError


class FollowUpPanel(Vertical):
    """A list of earlier open actions; Enter marks one done.

    | Key | Action |
    | :- | :- |
    | enter | Mark the highlighted action done (or open again) |
    """

    BINDINGS = [
        Binding("enter", "toggle", "Gedaan", id="followup.toggle", show=False,
                tooltip="Mark the highlighted action done"),
    ]

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
        self._folder = Path(".")

    def compose(self) -> ComposeResult:
        yield Static(t("followup.hint", self.lang), id="followup-hint")
        yield OptionList(id="followup-list")

    def on_mount(self) -> None:
        self.border_title = t("followup.title", self.lang)

    def load(self, session: Session, folder: Path) -> None:
        """Look for earlier open actions in the background; show them when found."""
        self.display = False
        self._folder = folder
        self._scan(session, folder)

    @work(thread=True, group="follow-up", exit_on_error=False)
    def _scan(self, session: Session, folder: Path) -> None:
        from spiegel_tui.report.series import open_actions_from_earlier

        items = open_actions_from_earlier(session, folder)
        if items:
            self.app.call_from_thread(self.show_items, items)

    def show_items(self, items: list[tuple[str, Action]]) -> None:
        self.items = items
        self._render_list()
        self.post_message(self.Found(self))

    @work(thread=True, group="follow-up", exit_on_error=False)
    def _write(self, session_id: str, action_id: str, done: bool) -> None:
        """Mark the action in the earlier session's own file (under its lock)."""
        from spiegel_tui.report.series import find_session_file

        path = find_session_file(self._folder, session_id)
        if path is None:
            return
        status = ActionStatus.DONE if done else ActionStatus.OPEN

        def change(earlier: Session) -> None:
            for index, action in enumerate(earlier.actions):
                if action.id == action_id:
                    earlier.actions[index] = action.model_copy(update={"status": status})

        try:
            live.update(path, change)
        except (OSError, SessionError) as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(
            self.notify, t("followup.saved", self.lang, id=action_id, status=status.value))

    def _render_list(self) -> None:
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        for session_id, action in self.items:
            done = (session_id, action.id) in self.done or action.status is ActionStatus.DONE
            line = Text("☑ " if done else "☐ ", style="bold")
            line.append(action.text, style="dim strike" if done else "")
            extra = ", ".join(part for part in (action.owner, action.due and
                                                action.due.isoformat(), session_id) if part)
            line.append(f"  ({extra})", style="dim")
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
