"""Preparing a session: its own fields, participants, agenda, questions and rules.

The screen owns the session. Widgets post small messages up (a field's parsed value, a
Select's choice, pasted text); the screen applies each one through
:mod:`spiegel_tui.model.prepare`, which checks it with the session's own pydantic models.
A refused value is shown beside its field and never reaches the session, so it is never
saved; an accepted one bumps ``revision`` and is saved, debounced, in a thread worker
(:class:`~spiegel_tui.ui.screens.saving.SavingMixin`). The agenda's total against the time
slot is always in the top bar, red when it does not fit.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input, Select, Switch, TabbedContent, TabPane

from spiegel_tui.folder import SessionsFolder
from spiegel_tui.i18n import t
from spiegel_tui.model import prepare as edit
from spiegel_tui.model.formats import Format
from spiegel_tui.model.prepare import Refused
from spiegel_tui.model.session import ItemKind, Role, Session
from spiegel_tui.model.tomlfile import SessionError
from spiegel_tui.ui.keys import prepare_bindings
from spiegel_tui.ui.screens.saving import SavingMixin
from spiegel_tui.ui.sync import SessionSync
from spiegel_tui.ui.widgets.agenda_editor import AgendaEditor
from spiegel_tui.ui.widgets.form_field import FormField, refusal_text
from spiegel_tui.ui.widgets.general_form import GeneralForm
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
SESSION_FIELDS = {"title", "date", "start_time", "end_time", "location", "organisation",
                  "theme"}
NARROW = 110
"""Below this a list and its form are stacked (class ``-narrow``)."""


class PrepareScreen(SavingMixin, Screen[Session | None]):
    """Tabs for the session's fields, participants, agenda, questions and rules.

    Dismissed with the session as saved (the session screen takes it over).
    """

    BINDINGS = prepare_bindings("nl")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]

    revision: reactive[int] = reactive(0, init=False, repaint=False)
    """Bumped on every accepted change; the watcher shows the fit and saves."""

    def __init__(self, sync: SessionSync, session: Session, lang: str = "nl") -> None:
        super().__init__()
        self.sync = sync
        self.session = session
        self.lang = lang
        self._save_timer = None
        self._busy = False
        self._saved_revision = 0
        self.real_names = has_real_names(session)
        self.format: Format | None = None
        """The session's format, once read (in a worker): its teams and labels."""

    def compose(self) -> ComposeResult:
        lang, session = self.lang, self.session
        teams = len(session.teams)  # more when its format declares more (_format_read)
        paste = any(p.id == "organisatie" for p in session.perspectives)
        yield PrepareTop(lang, id="prepare-top")
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
        self.refresh_all()
        self.query_one(ParticipantsEditor).set_real_names(self.real_names)
        self.set_interval(self.app.poll_interval, self.poll)  # type: ignore[attr-defined]
        self.query_one("#field-title", Input).focus()
        self._read_format(self.session.format)

    @work(thread=True, exclusive=True, group="prepare-format", exit_on_error=False)
    def _read_format(self, name: str) -> None:
        try:
            fmt = SessionsFolder(self.sync.path.parent).find_format(name)
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

    def changed(self) -> None:
        self.revision += 1

    def watch_revision(self) -> None:
        self.refresh_top()
        self.schedule_save()

    def editor(self, tab: str) -> ListEditor:
        return self.query_one(LIST_TABS[tab])  # type: ignore[no-any-return]

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active.removeprefix("tab-")

    # -- messages up -----------------------------------------------------------------------
    @on(FormField.Edited)
    def _edited(self, event: FormField.Edited) -> None:
        try:
            self._apply(event.key, event.value)
        except _Unchanged:
            return
        except Refused as error:
            event.field.refuse(refusal_text(error, self.lang))
            return
        self.changed()

    def _apply(self, key: str, value: Any) -> None:
        session = self.session
        if key in SESSION_FIELDS:
            if getattr(session, key) == value:
                raise _Unchanged()
            self.session = edit.assign(session, key, value)
            self.query_one(AgendaEditor).show(self.session)  # clock times follow the start
            return
        head, _, field = key.partition(".")
        if head == "team":
            number, _, part = field.partition(".")
            index = int(number)
            team = session.teams[index] if index < len(session.teams) else None
            name = value if part == "name" else (team.name if team else None)
            theme = value if part == "theme" else (team.theme if team else None)
            edit.set_team(session, index, name, theme)
        elif head == "step":
            edit.set_step(session, self.editor("agenda").index, field, value)
            self.editor("agenda").show(session)
        elif head == "person":
            index = self.editor("people").index
            person = session.participants[index]
            update = {"name": person.name, "role": person.role, "team": person.team, field: value}
            session.participants[index] = edit.make_participant(**update)
            self.editor("people").show(session)
        elif head == "question":
            edit.set_question(session, self.editor("questions").index, field, value)
            self.editor("questions").show(session)

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        session, value = self.session, event.value
        if not isinstance(value, str):
            return
        if not event.select.has_focus_within or not self._choice_changed(event.select.id, value):
            return  # a Select showing a stored value, or settling on mount: not a choice
        try:
            if event.select.id == "person-role":
                index = self.editor("people").index
                person = session.participants[index]
                name = person.name
                if not self.real_names:
                    label = role_labels(session.language)[Role(value)]
                    name = edit.next_pseudonym(label, [p.name for p in session.participants])
                session.participants[index] = edit.make_participant(name, value, person.team)
                self.editor("people").show(session, index)
            elif event.select.id == "question-perspective":
                index = self.editor("questions").index
                edit.set_question(session, index, "perspective", value)
                self.editor("questions").show(session)
            elif event.select.id == "question-step":
                index = self.editor("questions").index
                qid = session.questions[index].id
                edit.assign_step(session, qid, None if value == NO_STEP else value)
                self.editor("questions").show(session)
            else:
                return
        except Refused as error:
            self.notify(refusal_text(error, self.lang), severity="error")
            return
        self.changed()

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
            count = edit.pseudonymise(self.session, role_labels(self.session.language))
            if count:
                self.notify(t("prep.pseudonymised", self.lang, count=count))
                people.show(self.session, max(0, people.index))
                self.changed()

    @on(RulesEditor.Edited)
    def _rules(self, event: RulesEditor.Edited) -> None:
        try:
            rules = edit.parse_rules(event.text)
        except Refused as error:
            event.editor.refuse(refusal_text(error, self.lang))
            return
        event.editor.refuse(None)
        if rules != self.session.rules:
            self.session.rules = rules
            self.changed()

    @on(QuestionsEditor.Pasted)
    def _pasted(self, event: QuestionsEditor.Pasted) -> None:
        try:
            added, replaced = edit.paste_questions(self.session, event.text, self.format)
        except Refused as error:
            self.notify(refusal_text(error, self.lang), severity="error")
            return
        step = edit.organisation_step(self.session)
        self.notify(t("prep.pasted", self.lang, added=added, replaced=replaced,
                      step=step.title if step else ""))
        event.editor.clear_paste()
        event.editor.show(self.session, len(self.session.questions) - added)
        self.changed()

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
        tab, session = self.tab, self.session
        if tab not in LIST_TABS:
            return
        editor = self.editor(tab)
        after, lang = editor.index, session.language
        try:
            if tab == "agenda":
                title = t("prep.new_break" if kind is ItemKind.BREAK else "prep.new_step", lang)
                new = edit.add_step(session, after, kind, title, 15 if kind is ItemKind.BREAK
                                    else 10)
            elif tab == "people":
                label = role_labels(lang)[Role.CLIENT]
                name = edit.next_pseudonym(label, [p.name for p in session.participants])
                session.participants.insert(after + 1, edit.make_participant(
                    name, Role.CLIENT, None))
                new = after + 1
            else:
                current = session.questions[after] if after >= 0 else None
                perspective = (current.perspective if current else
                               session.perspectives[0].id if session.perspectives else "vragen")
                step = (edit.step_of(session, current.id) if current else
                        edit.organisation_step(session).id
                        if edit.organisation_step(session) else None)
                new = edit.add_question(session, t("prep.new_question", lang), perspective,
                                        step, after)
        except Refused as error:
            self.notify(refusal_text(error, self.lang), severity="error")
            return
        editor.show(session, new)
        self.changed()
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
        tab, session = self.tab, self.session
        if tab not in LIST_TABS or self.editor(tab).index < 0:
            return
        index = self.editor(tab).index
        try:
            if tab == "agenda":
                edit.remove_step(session, index)
            elif tab == "people":
                session.participants.pop(index)
            else:
                edit.remove_question(session, index)
        except Refused as error:
            self.notify(refusal_text(error, self.lang), severity="error")
            return
        self.editor(tab).show(session, index)
        self.changed()

    def action_move(self, delta: int) -> None:
        tab, session = self.tab, self.session
        if tab not in LIST_TABS or self.editor(tab).index < 0:
            return
        index = self.editor(tab).index
        if tab == "agenda":
            new = edit.move(session.agenda, index, delta)
        elif tab == "people":
            new = edit.move(session.participants, index, delta)
        else:
            new = edit.move_question(session, index, delta)
        if new != index:
            self.editor(tab).show(session, new)
            self.changed()

    @work(exclusive=True, group="prepare-close")
    async def action_close(self) -> None:
        """Save what is pending, then hand the session back."""
        try:
            await self.flush()
        except (OSError, SessionError):
            return  # shown by flush; stay, nothing is lost, autosave retries
        self.dismiss(self.session)


class _Unchanged(Refused):
    """Not an error: the value is what the session holds already."""

    def __init__(self) -> None:
        super().__init__("unchanged")


class EnglishPrepareScreen(PrepareScreen):
    """The same screen with its keys named in English."""

    BINDINGS = prepare_bindings("en")


def prepare_screen(sync: SessionSync, session: Session, lang: str = "nl") -> PrepareScreen:
    cls = EnglishPrepareScreen if lang == "en" else PrepareScreen
    return cls(sync, session, lang)
