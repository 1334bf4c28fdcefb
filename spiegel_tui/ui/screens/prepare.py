"""Preparing a session: its own fields, participants, agenda, questions and rules.

The screen holds no session of its own: it edits the live session the console shows
(:class:`~spiegel_tui.live.LiveSession`), so an edit here is in the console at once and on
disk moments later. Widgets post small messages up (a field's parsed value, a Select's
choice, pasted text); the screen applies each one to the live session through
:mod:`spiegel_tui.model.prepare`, which checks it with the session's own pydantic models.
A refused value is shown beside its field and never reaches the session, so it is never
saved. The agenda's total against the time slot is always in the top bar, red when it does
not fit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input, Select, Switch, TabbedContent, TabPane

from spiegel_tui.folder import SessionsFolder
from spiegel_tui.i18n import t
from spiegel_tui.live import LiveSession
from spiegel_tui.live.commands import NoChange
from spiegel_tui.model import prepare as edit
from spiegel_tui.model.formats import Format
from spiegel_tui.model.prepare import Refused
from spiegel_tui.model.session import ItemKind, Role, Session
from spiegel_tui.model.tomlfile import SessionError
from spiegel_tui.ui.keys import prepare_bindings
from spiegel_tui.ui.messages import SessionChanged, follow
from spiegel_tui.ui.widgets.agenda_editor import AgendaEditor
from spiegel_tui.ui.widgets.form_field import FormField, refusal_text
from spiegel_tui.ui.widgets.general_form import GeneralForm
from spiegel_tui.ui.widgets.limits_bar import LimitsBar
from spiegel_tui.ui.widgets.list_editor import ListEditor
from spiegel_tui.ui.widgets.participants_editor import (
    ParticipantsEditor,
    has_real_names,
    role_labels,
)
from spiegel_tui.ui.widgets.prepare_top import PrepareTop
from spiegel_tui.ui.widgets.questions_editor import NO_STEP, QuestionsEditor
from spiegel_tui.ui.widgets.rules_editor import RulesEditor

TABS = ("general", "people", "agenda", "questions", "rules")
LIST_TABS = {"people": ParticipantsEditor, "agenda": AgendaEditor,
             "questions": QuestionsEditor}
SESSION_FIELDS = edit.SESSION_FIELDS
NARROW = 110
"""Below this a list and its form are stacked (class ``-narrow``)."""


class PrepareScreen(Screen[None]):
    """Tabs for the session's fields, participants, agenda, questions and rules."""

    BINDINGS = prepare_bindings("nl")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]

    def __init__(self, live: LiveSession, lang: str = "nl") -> None:
        super().__init__()
        self.live = live
        self.lang = lang
        self.real_names = has_real_names(live.session)
        self._stop_following: Callable[[], None] = lambda: None

    @property
    def session(self) -> Session:
        """The live session as it is now (read only: changes go through :meth:`change`)."""
        return self.live.session

    def change(self, edit_session: Callable[[Session], Any]) -> Any:
        """Apply one edit to the live session (all or nothing: a Refused leaves it)."""
        return self.live.apply(edit_session)
        self.format: Format | None = None  # once read (in a worker): its teams and labels

    def compose(self) -> ComposeResult:
        lang, session = self.lang, self.session
        teams = len(session.teams)  # more when its format declares more (_format_read)
        paste = any(p.id == "organisatie" for p in session.perspectives)
        yield PrepareTop(lang, id="prepare-top")
        yield LimitsBar(session, self.live.path.parent, lang, id="prepare-limits")
        with TabbedContent(id="prepare-tabs", initial="tab-general"):
            with TabPane(f"F2 {t('prep.tab.general', lang)}", id="tab-general"):
                yield GeneralForm(lang, teams, id="general")
            with TabPane(f"F3 {t('prep.tab.people', lang)}", id="tab-people"):
                yield ParticipantsEditor(lang, self.real_names, id="people")
            with TabPane(f"F4 {t('prep.tab.agenda', lang)}", id="tab-agenda"):
                yield AgendaEditor(lang, id="agenda-editor")
            with TabPane(f"F5 {t('prep.tab.questions', lang)}", id="tab-questions"):
                yield QuestionsEditor(lang, paste, id="questions-editor")
            with TabPane(f"F6 {t('prep.tab.rules', lang)}", id="tab-rules"):
                yield RulesEditor(lang, id="rules-editor")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._stop_following = follow(self, self.live)
        self.refresh_all()
        self.query_one(ParticipantsEditor).set_real_names(self.real_names)
        self.query_one("#field-title", Input).focus()
        self._read_format(self.session.format)

    def on_unmount(self) -> None:
        self._stop_following()

    @on(SessionChanged)
    def _session_changed(self, event: SessionChanged) -> None:
        """Ours are shown by the handler that made them; others' (merged from the file)
        are shown whole."""
        if event.change.origin == "disk":
            self.refresh_all()
        elif event.change.origin == "error":
            self.notify(t("save.failed", self.lang, error=event.change.error),
                        severity="error", timeout=4)
        self.refresh_top()

    @work(thread=True, exclusive=True, group="prepare-format", exit_on_error=False)
    def _read_format(self, name: str) -> None:
        try:
            fmt = SessionsFolder(self.live.path.parent).find_format(name)
        except SessionError:
            return  # an unknown or broken format: the session's own teams and labels do
        self.app.call_from_thread(self._format_read, fmt)

    def _format_read(self, fmt: Format) -> None:
        self.format = fmt
        form = self.query_one(GeneralForm)
        if len(fmt.teams) > form.teams:  # e.g. a two-team exchange that lost its teams
            form.add_team_fields(len(fmt.teams))
            form.show(self.session)

    # -- state down ----------------------------------------------------------------------
    def refresh_all(self) -> None:
        """Show the whole session (on opening, and after outside changes were merged)."""
        session = self.session
        self.query_one(GeneralForm).show(session)
        for editor in self.query(ListEditor):
            editor.show(session, editor.index if editor.index >= 0 else 0)
        self.query_one(RulesEditor).show(session)
        self.refresh_top()

    def refresh_top(self) -> None:
        self.query_one(PrepareTop).show(self.session)
        self.query_one(LimitsBar).show(self.session)

    def editor(self, tab: str) -> ListEditor:
        return self.query_one(LIST_TABS[tab])  # type: ignore[no-any-return]

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active.removeprefix("tab-")

    # -- messages up -----------------------------------------------------------------------
    @on(FormField.Edited)
    def _edited(self, event: FormField.Edited) -> None:
        try:
            self.change(lambda session: self._apply(session, event.key, event.value))
        except Refused as error:
            event.field.refuse(refusal_text(error, self.lang))
            return
        head = event.key.partition(".")[0]
        if event.key in SESSION_FIELDS:
            self.query_one(AgendaEditor).show(self.session)  # clock times follow the start
        elif head in ("step", "person", "question"):
            self.editor({"step": "agenda", "person": "people"}.get(head, "questions")).show(
                self.session)

    def _apply(self, session: Session, key: str, value: Any) -> None:
        """One field's value into the draft (raises Refused, or NoChange when equal)."""
        head = key.partition(".")[0]
        tab = {"step": "agenda", "person": "people", "question": "questions"}.get(head)
        if not edit.set_field(session, key, value, self.editor(tab).index if tab else -1):
            raise NoChange()

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        value = event.value
        if not isinstance(value, str):
            return
        if not event.select.has_focus_within or not self._choice_changed(event.select.id, value):
            return  # a Select showing a stored value, or settling on mount: not a choice
        select = event.select.id
        people, questions = self.editor("people").index, self.editor("questions").index

        def choose(session: Session) -> None:
            if select == "person-role":
                person = session.participants[people]
                name = person.name
                if not self.real_names:
                    label = role_labels(session.language)[Role(value)]
                    name = edit.next_pseudonym(label, [p.name for p in session.participants])
                session.participants[people] = edit.make_participant(name, value, person.team)
            elif select == "question-perspective":
                edit.set_question(session, questions, "perspective", value)
            elif select == "question-step":
                qid = session.questions[questions].id
                edit.assign_step(session, qid, None if value == NO_STEP else value)
            else:
                raise NoChange()

        try:
            self.change(choose)
        except Refused as error:
            self.notify(refusal_text(error, self.lang), severity="error")
            return
        if select == "person-role":
            self.editor("people").show(self.session, people)
        else:
            self.editor("questions").show(self.session)

    def _choice_changed(self, select: str | None, value: str) -> bool:
        session = self.session
        if select == "person-role":
            index = self.editor("people").index
            return index >= 0 and session.participants[index].role.value != value
        index = self.editor("questions").index
        if index < 0:
            return False
        question = session.questions[index]
        if select == "question-perspective":
            return question.perspective != value
        if select == "question-step":
            return (edit.step_of(session, question.id) or NO_STEP) != value
        return False

    @on(Switch.Changed, "#real-names")
    def _real_names(self, event: Switch.Changed) -> None:
        self.real_names = event.value
        people = self.query_one(ParticipantsEditor)
        people.set_real_names(event.value)
        if not event.value:
            labels = role_labels(self.session.language)

            def pseudonymise(session: Session) -> int:
                count = edit.pseudonymise(session, labels)
                if not count:
                    raise NoChange(0)
                return count

            count = self.change(pseudonymise)
            if count:
                self.notify(t("prep.pseudonymised", self.lang, count=count))
                people.show(self.session, max(0, people.index))

    @on(RulesEditor.Edited)
    def _rules(self, event: RulesEditor.Edited) -> None:
        try:
            rules = edit.parse_rules(event.text)
        except Refused as error:
            event.editor.refuse(refusal_text(error, self.lang))
            return
        event.editor.refuse(None)

        def set_rules(session: Session) -> None:
            if rules == session.rules:
                raise NoChange()
            session.rules = rules

        self.change(set_rules)

    @on(QuestionsEditor.Pasted)
    def _pasted(self, event: QuestionsEditor.Pasted) -> None:
        try:
            added, replaced = self.change(
                lambda s: edit.paste_questions(s, event.text, self.format))
        except Refused as error:
            self.notify(refusal_text(error, self.lang), severity="error")
            return
        step = edit.organisation_step(self.session)
        self.notify(t("prep.pasted", self.lang, added=added, replaced=replaced,
                      step=step.title if step else ""))
        event.editor.clear_paste()
        event.editor.show(self.session, len(self.session.questions) - added)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    # -- keys ----------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "remove", "move"):
            return self.tab in LIST_TABS
        if action == "add_break":
            return self.tab == "agenda"
        return True

    def action_show_tab(self, name: str) -> None:
        if name not in TABS:
            return
        self.query_one(TabbedContent).active = f"tab-{name}"
        if name in LIST_TABS:
            self.editor(name).table.focus()
        elif name == "rules":
            self.query_one("#rules-text").focus()
        else:
            self.query_one("#field-title", Input).focus()

    def action_add(self, kind: ItemKind = ItemKind.STEP) -> None:
        tab = self.tab
        if tab not in LIST_TABS:
            return
        editor = self.editor(tab)
        after, lang = editor.index, self.session.language

        def add(session: Session) -> int:
            if tab == "agenda":
                title = t("prep.new_break" if kind is ItemKind.BREAK else "prep.new_step", lang)
                return edit.add_step(session, after, kind, title,
                                     15 if kind is ItemKind.BREAK else 10)
            if tab == "people":
                label = role_labels(lang)[Role.CLIENT]
                name = edit.next_pseudonym(label, [p.name for p in session.participants])
                session.participants.insert(after + 1, edit.make_participant(
                    name, Role.CLIENT, None))
                return after + 1
            current = session.questions[after] if after >= 0 else None
            perspective = (current.perspective if current else
                           session.perspectives[0].id if session.perspectives else "vragen")
            organisation = edit.organisation_step(session)
            step = (edit.step_of(session, current.id) if current else
                    organisation.id if organisation else None)
            return edit.add_question(session, t("prep.new_question", lang), perspective,
                                     step, after)

        try:
            new = self.change(add)
        except Refused as error:
            self.notify(refusal_text(error, self.lang), severity="error")
            return
        editor.show(self.session, new)
        first = editor.query(FormField).first()
        if first.input.disabled:
            editor.table.focus()
        else:
            first.input.focus()
            first.input.select_all()

    def action_add_break(self) -> None:
        if self.tab == "agenda":
            self.action_add(ItemKind.BREAK)

    def action_remove(self) -> None:
        tab = self.tab
        if tab not in LIST_TABS or self.editor(tab).index < 0:
            return
        index = self.editor(tab).index

        def remove(session: Session) -> None:
            if tab == "agenda":
                edit.remove_step(session, index)
            elif tab == "people":
                session.participants.pop(index)
            else:
                edit.remove_question(session, index)

        try:
            self.change(remove)
        except Refused as error:
            self.notify(refusal_text(error, self.lang), severity="error")
            return
        self.editor(tab).show(self.session, index)

    def action_move(self, delta: int) -> None:
        tab = self.tab
        if tab not in LIST_TABS or self.editor(tab).index < 0:
            return
        index = self.editor(tab).index

        def move(session: Session) -> int:
            if tab == "agenda":
                new = edit.move(session.agenda, index, delta)
            elif tab == "people":
                new = edit.move(session.participants, index, delta)
            else:
                new = edit.move_question(session, index, delta)
            if new == index:
                raise NoChange(index)
            return new

        new = self.change(move)
        if new != index:
            self.editor(tab).show(self.session, new)

    def action_close(self) -> None:
        """Esc: back to where it was opened from. Every edit is in the live session
        already, and on disk moments later."""
        self.dismiss(None)


class EnglishPrepareScreen(PrepareScreen):
    """The same screen with its keys named in English."""

    BINDINGS = prepare_bindings("en")


def prepare_screen(live: LiveSession, lang: str = "nl") -> PrepareScreen:
    cls = EnglishPrepareScreen if lang == "en" else PrepareScreen
    return cls(live, lang)
