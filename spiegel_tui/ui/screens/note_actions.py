"""The scribe's side of the session screen: adding, choosing, editing, deleting notes and
turning them into actions. Mixed into :class:`~spiegel_tui.ui.screens.session.SessionScreen`
(it uses the screen's live session, language and widgets)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, work

from spiegel_tui.i18n import t
from spiegel_tui.model import flow
from spiegel_tui.model.session import Note
from spiegel_tui.ui.screens.modals import (
    ActionDraft,
    ActionScreen,
    ConfirmScreen,
    NoteEditScreen,
)
from spiegel_tui.ui.widgets.notes import ScribePane

if TYPE_CHECKING:
    from spiegel_tui.live import LiveSession
    from spiegel_tui.model.session import Session


class NoteActions:
    """Mixed into the session screen (a :class:`~textual.screen.Screen`)."""

    live: LiveSession
    lang: str
    session: Session
    _deleted: Note | None

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
    # Handlers by name, not with @on: a mixin's decorated handlers are not collected.
    def on_scribe_pane_submitted(self, event: ScribePane.Submitted) -> None:
        if event.text not in event.pane.input.in_flight:
            return  # already saved by a quit
        event.pane.acknowledge(event.text)
        step, question = event.begun_at or (None, None)
        if step is not None and (self.session.step(step) is None or (
                question is not None and self.session.question(question) is None)):
            step = question = None  # gone meanwhile: what is on screen now
        try:  # stamped with what was on screen when its first character was typed
            self.live.add_note(event.text, step=step, question=question)
        except ValueError as error:  # e.g. @Team of a team the session does not have
            self.notify(str(error), severity="error")
            event.pane.give_back(event.text)

    def on_scribe_pane_chosen(self, event: ScribePane.Chosen) -> None:
        if event.purpose == "action":
            self.note_to_action(event.note_id)
        else:
            self.edit_note(event.note_id)

    def on_scribe_pane_blank_requested(self) -> None:
        self.action_blank()

    def on_key(self, event: events.Key) -> None:
        """A printable key always lands in the note input (the notes list has focus after
        Tab or a click): the scribe never types into nothing."""
        scribe = self.query_one(ScribePane)
        if event.is_printable and event.character and self.focused is not scribe.input:
            event.stop()
            event.prevent_default()
            scribe.focus_input()
            scribe.input.insert_text_at_cursor(event.character)

    def action_delete_note(self) -> None:
        note = self._chosen_or_last_note()
        if note is None:
            self.notify(t("no_note", self.lang))
            return
        self._delete(note.id)

    def _delete(self, note_id: str) -> None:
        deleted = self.live.delete_note(note_id)
        if deleted is not None:
            self._deleted = deleted
            self.notify(t("note.deleted", self.lang), timeout=5)

    def action_undo_delete(self) -> None:
        if self._deleted is not None and self.live.restore_note(self._deleted) is not None:
            self.notify(t("note.restored", self.lang), timeout=3)
        self._deleted = None

    @work
    async def edit_note(self, note_id: str) -> None:
        note = next((n for n in self.session.notes if n.id == note_id), None)
        if note is None:
            return
        typed = await self.app.push_screen_wait(NoteEditScreen(note.text, self.lang))
        if typed is None:
            return
        if not typed.strip():  # the text cleared: delete the note, after asking
            if await self.app.push_screen_wait(ConfirmScreen(t("note.delete.confirm",
                                                               self.lang), self.lang)):
                self._delete(note_id)
            return
        try:
            self.live.edit_note(note_id, typed)
        except ValueError as error:
            self.notify(str(error), severity="error")

    @work
    async def note_to_action(self, note_id: str) -> None:
        note = next((n for n in self.session.notes if n.id == note_id), None)
        if note is None:
            return
        draft: ActionDraft | None = await self.app.push_screen_wait(
            ActionScreen(note.text, self.lang))
        if draft is None:
            return
        action = self.live.add_action(draft.text, owner=draft.owner, due=draft.due,
                                      horizon=draft.horizon, note=note.id, team=note.team)
        self.notify(t("action.added", self.lang, id=action.id))

