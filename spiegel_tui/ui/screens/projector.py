"""The projector view: what the room sees, and nothing else.

It draws :func:`spiegel_tui.model.picture.picture` of the live session (opened read-only:
this view never writes or locks the file) and the room state the console sets. No notes
unless the facilitator shows the closing round, no dialogs, no toasts, no footer. When the
file turns unreadable (a bad hand edit, a half-done git checkout) the last good picture
stays, with a small marker, until the file is good again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from spiegel_tui.i18n import t
from spiegel_tui.live import LiveSession
from spiegel_tui.model.picture import Picture, picture
from spiegel_tui.ui.messages import SessionChanged, follow
from spiegel_tui.ui.widgets.big_clock import BigClock
from spiegel_tui.ui.widgets.big_text import BigText

MODES = ("blank", "reminder", "break", "finished", "step")
STAGES = ("idle", "paused", "calm", "warning", "over")


class ProjectorScreen(Screen[None]):
    """Step, the question large, the clock large, the rules; blank and reminders."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    def __init__(self, live: LiveSession, lang: str = "nl") -> None:
        super().__init__()
        self.live = live
        self.lang = lang
        self.unreadable = False
        self._stop_following: Callable[[], None] = lambda: None
        self.shown: Picture | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="proj-body"):
            yield Static(id="proj-step", markup=False)
            yield Static(id="proj-heading", markup=False)
            yield BigText(id="proj-text")
            yield Static(id="proj-closing", markup=False)
            yield Static(id="proj-rules", markup=False)
            with Vertical(id="proj-clock"):
                yield Static(id="proj-clock-label", markup=False)
                yield BigClock(id="proj-digits")
                yield Static(id="proj-session", markup=False)
        yield Static(id="proj-marker", markup=False)
        yield Static(id="proj-blank")

    def on_mount(self) -> None:
        self._stop_following = follow(self, self.live)
        self.draw()
        self.set_interval(1.0, self.draw)

    def on_unmount(self) -> None:
        self._stop_following()

    def now(self) -> dt.datetime:
        return self.app.clock()  # type: ignore[attr-defined,no-any-return]

    @on(SessionChanged)
    def _changed(self, event: SessionChanged) -> None:
        self.unreadable = event.change.origin == "error"
        self.draw()

    def draw(self) -> None:
        shown = picture(self.live.session, self.live.room, self.now(), self.lang)
        self.shown = shown
        for mode in MODES:
            self.set_class(shown.mode == mode, f"-{mode}")
        for stage in STAGES:
            self.set_class(shown.stage == stage, f"-stage-{stage}")
        self.query_one("#proj-step", Static).update(shown.step_line)
        self.query_one("#proj-heading", Static).update(shown.heading)
        self.query_one("#proj-text", BigText).text = shown.text
        self.query_one("#proj-clock-label", Static).update(shown.clock_label)
        self.query_one("#proj-digits", BigClock).value = shown.clock_value or "00:00"
        self.query_one("#proj-session", Static).update(shown.session_line)
        rules = self.query_one("#proj-rules", Static)
        rules.update("\n".join(f"• {rule}" for rule in shown.rules))
        rules.display = bool(shown.rules) and shown.mode == "step"
        closing = self.query_one("#proj-closing", Static)
        closing.update("\n".join(f"{kind}: {text}" for kind, text in shown.closing))
        closing.display = bool(shown.closing)
        marker = self.query_one("#proj-marker", Static)
        marker.update(t("room.unreadable", self.lang) if self.unreadable else "")
        marker.display = self.unreadable
