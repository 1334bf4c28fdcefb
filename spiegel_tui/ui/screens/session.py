"""The live session screen on the laptop (and, mirrored, on the projector).

The screen holds no session of its own: :class:`~spiegel_tui.live.LiveSession` owns it.
Keys become the live session's commands; every change it makes (ours, or merged from the
file) comes back as a :class:`SessionChanged` message and lands in the ``session``
reactive, whose watcher pushes it down to the widgets. The keystroke path never touches
the disk (a note is journalled, a few hundred bytes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer

from spiegel_tui.folder import format_of
from spiegel_tui.i18n import t
from spiegel_tui.live import LiveSession
from spiegel_tui.model import flow, limits, teams
from spiegel_tui.model.clock import current_index
from spiegel_tui.model.session import Note, Session, Status
from spiegel_tui.ui.keys import help_rows, session_bindings
from spiegel_tui.ui.messages import SessionChanged, follow
from spiegel_tui.ui.screens.modals import ConfirmScreen
from spiegel_tui.ui.screens.note_actions import NoteActions
from spiegel_tui.ui.screens.overlays import BlankScreen, HelpScreen, ReminderScreen
from spiegel_tui.ui.widgets.agenda import AgendaView
from spiegel_tui.ui.widgets.clock import ClockPanel
from spiegel_tui.ui.widgets.followup import FollowUpPanel
from spiegel_tui.ui.widgets.notes import ScribePane
from spiegel_tui.ui.widgets.questions import QuestionPanel
from spiegel_tui.ui.widgets.queue import QueuePanel
from spiegel_tui.ui.widgets.received import ReceivedPanel
from spiegel_tui.ui.widgets.rules import RulesPanel
from spiegel_tui.ui.widgets.ticker import QuietText, TickerText

PRIME_AFTER_S = 1.0
"""The save cache is readied this long after the first frame, off the start-up path."""


class SessionScreen(NoteActions, Screen[None]):
    """Agenda, big clock, the question on the table, the rules and the scribe pane."""

    BINDINGS = session_bindings("nl")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-medium"), (150, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    @dataclass
    class Finished(Message):
        """The facilitator finished the session (the app may commit it to git)."""

        screen: SessionScreen
        path: Path

        @property
        def control(self) -> SessionScreen:
            return self.screen

    session: reactive[Session] = reactive(None, init=False, repaint=False,  # type: ignore[arg-type]
                                          always_update=True)
    """The live session's current state, set at every change it reports (never compared:
    a new revision is a new object). No repaint of its own: that would redraw the whole
    screen at every note; the watcher's panes redraw what changed."""

    show_rules: reactive[bool] = reactive(False, init=False)
    show_scribe: reactive[bool] = reactive(True, init=False)

    def __init__(self, live: LiveSession, lang: str = "nl") -> None:
        session = live.session
        super().__init__(classes="-running" if session.clock else "")
        self.live = live
        self.lang = lang
        self._revision = live.revision
        self._next_rule = 0
        self._deleted: Note | None = None
        self._stop_following: Callable[[], None] = lambda: None
        self.set_reactive(SessionScreen.session, session)
        self.set_reactive(SessionScreen.show_rules, session.show_rules and bool(session.rules))
        self._shown = session
        self._posts_seen = len(session.posts)

    @property
    def path(self) -> Path:
        return self.live.path

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield QuietText(id="topbar-title")
            yield QuietText(id="topbar-status")
            yield TickerText(id="topbar-time")
        with Horizontal(id="main"):
            yield AgendaView(id="agenda")
            with Vertical(id="centre"):
                yield ClockPanel(id="clock")
                yield QuestionPanel(id="questions")
                yield ReceivedPanel(self.lang, id="received")
                yield QueuePanel(self.lang, id="queue")
                yield FollowUpPanel(self.lang, id="followup")
                rules = RulesPanel(id="rules")
                rules.display = self.show_rules
                yield rules
            yield ScribePane(self.lang, id="scribe")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._stop_following = follow(self, self.live)
        if self.live.revision != self._revision:  # changed between making and mounting
            self._revision, self.session = self.live.revision, self.live.session
        self.query_one(FollowUpPanel).load(self.session, self.path.parent)
        self.query_one("#agenda").border_title = t("agenda.title", self.lang)
        self._apply_visibility()
        self.refresh_all()
        self.set_interval(1.0, self.tick)
        self.query_one(ScribePane).focus_input()
        self.set_timer(PRIME_AFTER_S, self._prime)

    def on_unmount(self) -> None:
        self._stop_following()

    def _prime(self) -> None:
        """Ready the save cache a moment after the first frame, on the live session's
        own thread; a failure costs nothing but a slower first save."""
        self.live.prime()

    # -- state down ----------------------------------------------------------------------
    def now(self) -> dt.datetime:
        return self.app.clock()  # type: ignore[attr-defined,no-any-return]

    @on(SessionChanged)
    def _session_changed(self, event: SessionChanged) -> None:
        change = event.change
        if change.origin == "error":
            self.notify(t("save.failed", self.lang, error=change.error), severity="error",
                        timeout=4)
        elif change.origin == "disk" and change.revision > self._revision:
            self.notify(t("merged", self.lang), timeout=2)
        if change.revision > self._revision:
            self._revision = change.revision
            self.session = change.session

    def watch_session(self) -> None:
        self.refresh_all()

    def watch_show_rules(self) -> None:
        self._apply_visibility()

    def watch_show_scribe(self) -> None:
        self._apply_visibility()

    def _apply_visibility(self) -> None:
        self.query_one(RulesPanel).display = self.show_rules
        self.set_class(not self.show_scribe, "-scribe-hidden")

    @on(FollowUpPanel.Found)
    def _update_follow_up(self) -> None:
        panel = self.query_one(FollowUpPanel)
        first = bool(self.session.agenda) and current_index(self.session) == 0
        panel.display = first and bool(panel.items)

    def refresh_all(self) -> None:
        # What is shown has {team.N} filled in; the live session keeps the placeholders.
        self._shown = session = teams.rendered(self.session)
        now, lang = self.now(), self.lang
        status = t(f"status.{session.status.value}", lang)
        self.query_one("#topbar-title", QuietText).show_text(
            f"[b]{escape(session.title)}[/b]   [$text-muted]{escape(session.format)} · "
            f"{session.date.isoformat()}[/]"
        )
        waiting = len(session.posts)
        posts = f"· [b $warning]{t('posts.count', lang, count=waiting)}[/] " if waiting else ""
        self.query_one("#topbar-status", QuietText).show_text(f"· {status} {posts}")
        if waiting > self._posts_seen:
            self.notify(t("posts.new", lang, count=waiting - self._posts_seen), timeout=4)
        self._posts_seen = waiting
        self.query_one("#topbar-time", TickerText).show_text(now.strftime("%H:%M"))
        self.query_one(AgendaView).show(session, now)
        self.query_one(ClockPanel).show(session, now, lang)
        self.query_one(QuestionPanel).show(session, lang)
        self.query_one(RulesPanel).show(session, lang)
        if not session.rules and self.show_rules:
            self.show_rules = False
        position = flow.current_position(session)
        step = position.step if position else None
        scribe = self.query_one(ScribePane)
        scribe.position = (step, position.question if position else None)
        scribe.show(step, [n for n in session.notes if n.step == step])
        self._show_step_extras(session, step)
        self.set_class(bool(session.clock), "-running")
        self._update_follow_up()

    def _show_step_extras(self, session: Session, step: str | None) -> None:
        """The Uitwerking's brievenbus per team, the listeners' queued questions."""
        item = session.step(step)
        shows = item.shows if item is not None else None
        received, queue = self.query_one(ReceivedPanel), self.query_one(QueuePanel)
        received.display, queue.display = shows == "received", shows == "questions"
        self.set_class(shows is not None, "-extras")
        if shows == "received":
            received.show(session)
        elif shows == "questions":
            queue.show(session, step)

    def tick(self) -> None:
        """Once a second: only the time-dependent parts."""
        now, shown = self.now(), self._shown
        self.query_one("#topbar-time", TickerText).show_text(now.strftime("%H:%M"))
        self.query_one(ClockPanel).show(shown, now, self.lang)
        self.query_one(AgendaView).show(shown, now)

    # -- the facilitator's actions ---------------------------------------------------------
    def action_forward(self) -> None:
        self.live.move(+1)

    def action_back(self) -> None:
        self.live.move(-1)

    def action_next_step(self) -> None:
        self.live.move_step(+1)

    def action_previous_step(self) -> None:
        self.live.move_step(-1)

    def action_toggle_clock(self) -> None:
        """F5. A finished session is reopened only when asked (a clicker is easily hit)."""
        if self.session.status is Status.FINISHED:
            self._reopen()
            return
        first_start = self.session.status is Status.PLANNED
        if self.live.toggle_clock() and first_start:
            self._warn_limits()

    def _warn_limits(self) -> None:
        """The seeds' limits the session goes over, as one notification at the start."""
        found = limits.warnings(self.session, format_of(self.session, self.path.parent),
                                self.lang)
        if found:
            self.notify(t("limits.start", self.lang, warnings="; ".join(found)),
                        severity="warning", timeout=8)

    @work(exclusive=True, group="reopen")
    async def _reopen(self) -> None:
        if await self.app.push_screen_wait(ConfirmScreen(t("reopen.confirm", self.lang),
                                                         self.lang)):
            self.live.toggle_clock()

    def action_toggle_rules(self) -> None:
        if not self.session.rules and not self.show_rules:
            self.notify(t("rules.none", self.lang), timeout=3)
            return
        self.show_rules = not self.show_rules

    def action_toggle_scribe(self) -> None:
        self.show_scribe = not self.show_scribe
        if self.show_scribe:
            self.query_one(ScribePane).focus_input()

    def action_rule_reminder(self) -> None:
        """F3: a rule big on screen (and on the projector); F3 again, the next rule."""
        rules = self.session.rules
        if not rules:
            return
        index = self._next_rule % len(rules)
        self._next_rule = index + 1
        self.live.remind_rule()
        self.live.set_room(reminder=index)
        self.app.push_screen(ReminderScreen(rules[index].text, lang=self.lang),
                             lambda _: self._reminder_closed(index))

    def _reminder_closed(self, index: int) -> None:
        if self.live.room.reminder == index:
            self.live.set_room(reminder=None)

    def action_blank(self) -> None:
        """F6: the projector goes black until any key."""
        self.live.set_room(blank=True)
        self.app.push_screen(BlankScreen(), lambda _: self.live.set_room(blank=False))

    def action_toggle_room_notes(self) -> None:
        shown = not self.live.room.show_notes
        self.live.set_room(show_notes=shown)
        self.notify(t("room.show_notes.on" if shown else "room.show_notes.off", self.lang),
                    timeout=3)

    def action_posts(self) -> None:
        """ctrl+g: the queue of participants' posts (``spiegel serve``)."""
        from spiegel_tui.ui.screens.posts import PostsScreen

        self.app.push_screen(PostsScreen(self.live, self.lang))

    def action_links(self) -> None:
        """ctrl+l: the server's links as QR codes."""
        from spiegel_tui.ui.screens.links import LinksScreen

        self.app.push_screen(LinksScreen(self.path, self.lang))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(help_rows(self.lang), self.lang))

    @work
    async def action_finish(self) -> None:
        if await self.app.push_screen_wait(ConfirmScreen(t("finish.confirm", self.lang),
                                                         self.lang)):
            self.live.finish()
            self.notify(t("finished", self.lang))
            self.post_message(self.Finished(self, self.path))

    def action_prepare(self) -> None:
        """F9: the prepare screen, on this same live session."""
        from spiegel_tui.ui.screens.prepare import prepare_screen

        self.app.push_screen(prepare_screen(self.live, self.lang))

    def take_unsaved(self) -> None:
        """Fold typed-but-unsent input into the session (quit)."""
        for text in self.query_one(ScribePane).take_unsaved():
            try:
                self.live.add_note(text)
            except ValueError:  # an unknown @Team: keep the words, as a plain note
                self.live.add_note(text.lstrip("@"))


class EnglishSessionScreen(SessionScreen):
    """The same screen with its keys named in English."""

    BINDINGS = session_bindings("en")


def session_screen(live: LiveSession, lang: str = "nl") -> SessionScreen:
    cls = EnglishSessionScreen if lang == "en" else SessionScreen
    return cls(live, lang)
