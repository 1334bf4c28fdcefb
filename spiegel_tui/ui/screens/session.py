"""The live session screen on the projector.

The screen owns the session. Every change goes through :mod:`spiegel_tui.model.flow`, bumps
``revision``, and the watcher pushes the new state down to the widgets; widgets post small
messages up. Saving and reloading run in thread workers: the keystroke path never touches
the disk.
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.markup import escape
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from spiegel_tui.i18n import t
from spiegel_tui.model import flow
from spiegel_tui.model.clock import current_index
from spiegel_tui.model.markers import parse
from spiegel_tui.model.session import Note, Session, Status, snapshot
from spiegel_tui.model.tomlfile import SessionError
from spiegel_tui.ui.keys import help_rows, session_bindings
from spiegel_tui.ui.screens.modals import ActionDraft, ActionScreen, ConfirmScreen, NoteEditScreen
from spiegel_tui.ui.screens.overlays import BlankScreen, HelpScreen, ReminderScreen
from spiegel_tui.ui.screens.saving import SavingMixin
from spiegel_tui.ui.sync import SessionSync
from spiegel_tui.ui.widgets.agenda import AgendaView
from spiegel_tui.ui.widgets.clock import ClockPanel
from spiegel_tui.ui.widgets.followup import FollowUpPanel
from spiegel_tui.ui.widgets.notes import ScribePane
from spiegel_tui.ui.widgets.questions import QuestionPanel
from spiegel_tui.ui.widgets.rules import RulesPanel
from spiegel_tui.ui.widgets.ticker import QuietText, TickerText

NARROW, WIDE, SHORT = 110, 150, 30
PRIME_AFTER_S = 1.0
"""The save cache is readied this long after the first frame, off the start-up path."""


def size_classes(size: Size) -> list[str]:
    """The layout classes for a screen of this size (see spiegel.tcss)."""
    classes = []
    if size.width < NARROW:
        classes.append("-narrow")
    elif size.width < WIDE:
        classes.append("-medium")
    if size.height < SHORT:
        classes.append("-short")
    return classes

class SessionScreen(SavingMixin, Screen[None]):
    """Agenda, big clock, the question on the table, the rules and the scribe pane."""

    BINDINGS = session_bindings("nl")

    @dataclass
    class Finished(Message):
        """The facilitator finished the session (the app may commit it to git)."""

        screen: SessionScreen
        path: Path

        @property
        def control(self) -> SessionScreen:
            return self.screen

    revision: reactive[int] = reactive(0, init=False, repaint=False)
    """Bumped on every change of the session; the watcher refreshes and saves. No repaint
    of its own: that would redraw the whole screen at every note (the watcher's panes
    redraw what changed)."""

    show_rules: reactive[bool] = reactive(False, init=False)
    show_scribe: reactive[bool] = reactive(True, init=False)

    def __init__(self, sync: SessionSync, session: Session, lang: str = "nl",
                 size: Size | None = None) -> None:
        # The classes that depend on size and state are there from the start (``size``: the
        # terminal's): setting one after mount restyles every widget on the screen, which
        # slowed the first frame.
        initial = size_classes(size) if size is not None else []
        super().__init__(classes=" ".join([*initial, "-running"] if session.clock else initial))
        self.sync = sync
        self.session = session
        self.lang = lang
        self._save_timer: Timer | None = None
        self._busy = False  # a save or reload worker is running
        self._saved_revision = 0
        self._preparing = False  # the prepare screen is open on top
        self.set_reactive(SessionScreen.show_rules, session.show_rules and bool(session.rules))

    @property
    def path(self) -> Path:
        return self.sync.path

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield QuietText(id="topbar-title")
            yield TickerText(id="topbar-time")
        with Horizontal(id="main"):
            yield AgendaView(id="agenda")
            with Vertical(id="centre"):
                yield ClockPanel(id="clock")
                yield QuestionPanel(id="questions")
                yield FollowUpPanel(self.lang, id="followup")
                rules = RulesPanel(id="rules")
                rules.display = self.show_rules
                yield rules
            yield ScribePane(self.lang, id="scribe")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(FollowUpPanel).load(self.session, self.path.parent)
        self.query_one("#agenda").border_title = t("agenda.title", self.lang)
        self._apply_visibility()
        self.refresh_all()
        self.set_interval(1.0, self.tick)
        self.set_interval(self.app.poll_interval, self.poll)  # type: ignore[attr-defined]
        self.query_one(ScribePane).focus_input()
        self.set_timer(PRIME_AFTER_S, self._settle_in)

    def _settle_in(self) -> None:
        """A moment after the first frame: what is loaded now lives as long as the screen
        (the session, its widgets, the modules), so it is moved out of the cyclic garbage
        collector's way (``gc.freeze``); a full collection walked all of it, 60 ms and more
        with 2,000 notes, in the middle of typing. Only when ``spiegel run`` paused the
        collector for the start-up (a console in a test, or opened from the start screen,
        freezes nothing), and it runs again from here. Then ready the save cache."""
        if not gc.isenabled():
            gc.collect()
            gc.freeze()
            gc.enable()
        self._prime()

    @work(thread=True, group="io", exit_on_error=False)
    def _prime(self) -> None:
        """Ready the save cache (see :meth:`SessionSync.prime`); a failure costs nothing
        but a slower first save."""
        self.sync.prime()

    def on_resize(self) -> None:
        shown = size_classes(self.size)
        for name in ("-narrow", "-medium", "-short"):
            self.set_class(name in shown, name)

    # -- state down ----------------------------------------------------------------------
    def now(self) -> dt.datetime:
        return self.app.clock()  # type: ignore[attr-defined]

    def changed(self) -> None:
        """The session changed: show it and save it soon."""
        self.revision += 1

    def watch_revision(self) -> None:
        self.refresh_all()
        self.schedule_save()

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
        session, now, lang = self.session, self.now(), self.lang
        status = t(f"status.{session.status.value}", lang)
        self.query_one("#topbar-title", QuietText).show_text(
            f"[b]{escape(session.title)}[/b]   [$text-muted]{escape(session.format)} · "
            f"{session.date.isoformat()} · {status}[/]"
        )
        self.query_one("#topbar-time", TickerText).show_text(now.strftime("%H:%M"))
        self.query_one(AgendaView).show(session, now)
        self.query_one(ClockPanel).show(session, now, lang)
        self.query_one(QuestionPanel).show(session, lang)
        self.query_one(RulesPanel).show(session, lang)
        position = flow.current_position(session)
        step = position.step if position else None
        self.query_one(ScribePane).show(step, [n for n in session.notes if n.step == step])
        self.set_class(bool(session.clock), "-running")
        self._update_follow_up()

    def tick(self) -> None:
        """Once a second: only the time-dependent parts."""
        now = self.now()
        self.query_one("#topbar-time", TickerText).show_text(now.strftime("%H:%M"))
        self.query_one(ClockPanel).show(self.session, now, self.lang)
        self.query_one(AgendaView).show(self.session, now)

    # -- the facilitator's actions ---------------------------------------------------------
    def action_forward(self) -> None:
        if flow.move(self.session, +1, self.now()):
            self.changed()

    def action_back(self) -> None:
        if flow.move(self.session, -1, self.now()):
            self.changed()

    def action_next_step(self) -> None:
        if flow.move_step(self.session, +1, self.now()):
            self.changed()

    def action_previous_step(self) -> None:
        if flow.move_step(self.session, -1, self.now()):
            self.changed()

    def action_toggle_clock(self) -> None:
        """F5. A finished session is reopened only when asked (a clicker is easily hit)."""
        if self.session.status is Status.FINISHED:
            self._reopen()
            return
        flow.toggle(self.session, self.now())
        self.changed()

    @work(exclusive=True, group="reopen")
    async def _reopen(self) -> None:
        if await self.app.push_screen_wait(ConfirmScreen(t("reopen.confirm", self.lang),
                                                         self.lang)):
            flow.toggle(self.session, self.now())
            self.changed()

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
        if not self.session.rules:
            return
        self.session.rule_reminders += 1
        self.changed()
        self.app.push_screen(ReminderScreen(self.session.rules[0].text, lang=self.lang))

    def action_blank(self) -> None:
        self.app.push_screen(BlankScreen())

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(help_rows(self.lang), self.lang))

    @work
    async def action_finish(self) -> None:
        if await self.app.push_screen_wait(ConfirmScreen(t("finish.confirm", self.lang),
                                                         self.lang)):
            flow.finish(self.session, self.now())
            self.changed()
            self.notify(t("finished", self.lang))
            self.post_message(self.Finished(self, self.path))

    def _chosen_or_last_note(self) -> Note | None:
        position = flow.current_position(self.session)
        step_notes = [n for n in self.session.notes if position and n.step == position.step]
        listing = self.query_one("#notes-list")
        item = getattr(listing, "highlighted_child", None)
        note_id = getattr(item, "note_id", None) if listing.has_focus else None
        chosen = next((n for n in step_notes if n.id == note_id), None)
        return chosen or (step_notes[-1] if step_notes else None)

    def action_edit_note(self) -> None:
        note = self._chosen_or_last_note()
        if note is None:
            self.notify(t("no_note", self.lang))
        else:
            self.edit_note(note.id)

    def action_note_to_action(self) -> None:
        note = self._chosen_or_last_note()
        if note is None:
            self.notify(t("no_note", self.lang))
        else:
            self.note_to_action(note.id)

    # -- messages up from the widgets --------------------------------------------------------
    @on(ScribePane.Submitted)
    def _add_note(self, event: ScribePane.Submitted) -> None:
        if event.text not in event.pane.input.in_flight:
            return  # already saved by a quit
        event.pane.acknowledge(event.text)
        try:
            note = flow.add_note(self.session, event.text, self.now())
        except ValueError as error:
            self.notify(str(error), severity="error")
            return
        if note is not None:
            self.changed()

    @on(ScribePane.Chosen)
    def _note_chosen(self, event: ScribePane.Chosen) -> None:
        if event.purpose == "action":
            self.note_to_action(event.note_id)
        else:
            self.edit_note(event.note_id)

    @on(ScribePane.BlankRequested)
    def _blank_requested(self) -> None:
        self.action_blank()

    @work
    async def edit_note(self, note_id: str) -> None:
        index = next((i for i, n in enumerate(self.session.notes) if n.id == note_id), None)
        if index is None:
            return
        note = self.session.notes[index]
        typed = await self.app.push_screen_wait(NoteEditScreen(note.text, self.lang))
        if typed is None:
            return
        parsed = parse(typed, default=note.kind)
        if not parsed.text:
            return
        current = next((i for i, n in enumerate(self.session.notes) if n.id == note_id), None)
        if current is None:
            return
        self.session.notes[current] = note.model_copy(
            update={"text": parsed.text, "kind": parsed.kind, "tags": parsed.tags})
        self.changed()

    @work
    async def note_to_action(self, note_id: str) -> None:
        note = next((n for n in self.session.notes if n.id == note_id), None)
        if note is None:
            return
        draft: ActionDraft | None = await self.app.push_screen_wait(
            ActionScreen(note.text, self.lang))
        if draft is None:
            return
        action = flow.add_action(self.session, draft.text, owner=draft.owner, due=draft.due,
                                 horizon=draft.horizon, note=note.id, team=note.team)
        self.notify(t("action.added", self.lang, id=action.id))
        self.changed()

    # -- preparing (the prepare screen shares this file and its sync) ----------------------
    @work
    async def action_prepare(self) -> None:
        """Open the prepare screen on this session; take the prepared session back after."""
        from spiegel_tui.ui.screens.prepare import prepare_screen

        try:
            await self.flush()
        except (OSError, SessionError):
            return  # shown by flush; stay here with every note in memory, autosave retries
        self._preparing = True
        try:
            prepared = await self.app.push_screen_wait(
                prepare_screen(self.sync, snapshot(self.session), self.lang))
        finally:
            self._preparing = False
        if prepared is not None:
            self.adopt(prepared)

    def adopt(self, prepared: Session) -> None:
        """Take over the session the prepare screen saved (it is what the file holds)."""
        self.session = prepared
        if not prepared.rules:
            self.show_rules = False
        self.refresh_all()

    def poll(self) -> None:
        if not self._preparing:  # the prepare screen on top takes in outside changes
            super().poll()

    def take_unsaved(self) -> None:
        for text in self.query_one(ScribePane).take_unsaved():
            flow.add_note(self.session, text, self.now())


class EnglishSessionScreen(SessionScreen):
    """The same screen with its keys named in English."""

    BINDINGS = session_bindings("en")


def session_screen(sync: SessionSync, session: Session, lang: str = "nl",
                   size: Size | None = None) -> SessionScreen:
    cls = EnglishSessionScreen if lang == "en" else SessionScreen
    return cls(sync, session, lang, size)
