"""The commands a view sends to a live session: what the facilitator's keys and the
scribe's notes do. Each runs one function of :mod:`spiegel_tui.model.flow` on a copy of the
session through :meth:`LiveSession.apply`, so it is all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from spiegel_tui.model import flow, posts, teams
from spiegel_tui.model.markers import parse
from spiegel_tui.model.session import (
    Action,
    ActionStatus,
    Horizon,
    Note,
    NoteKind,
    Post,
    Session,
)

T = TypeVar("T")


class NoChange(Exception):  # noqa: N818 - a signal, not an error
    """Raised inside a change to leave the session as it is; ``value`` is returned."""

    def __init__(self, value: Any = None) -> None:
        super().__init__()
        self.value = value


def _added(session: Session, note: Note | None) -> tuple[str, Note] | None:
    return ("add", note) if note is not None else None


class Commands:
    """Mixed into :class:`~spiegel_tui.live.session.LiveSession`."""

    clock: Callable[[], dt.datetime]

    def apply(self, change: Callable[[Session], T], *, journal: Any = None,
              delay: float | None = None) -> T:  # pragma: no cover - LiveSession's
        raise NotImplementedError

    def _now(self, now: dt.datetime | None) -> dt.datetime:
        return now if now is not None else self.clock()

    # -- notes ---------------------------------------------------------------------------
    def add_note(self, typed: str, *, now: dt.datetime | None = None,
                 kind: NoteKind | None = None, step: str | None = None,
                 question: str | None = None, tags: list[str] | None = None,
                 team: str | None = None) -> Note | None:
        """Add a note typed with markers; it is durable (journalled) when this returns.
        ``step``/``question`` default to what is on screen now. None for an empty text;
        ValueError for a step or question that does not exist."""
        at = self._now(now)

        def change(session: Session) -> Note | None:
            if step is not None and session.step(step) is None:
                raise ValueError(f"no agenda step {step!r}")
            if question is not None and session.question(question) is None:
                raise ValueError(f"no question {question!r}")
            note = flow.add_note(session, typed, at, kind=kind, step=step, question=question,
                                 tags=tags, team=team)
            if note is None:
                raise NoChange(None)
            return note

        return self.apply(change, journal=_added)

    def edit_note(self, note_id: str, typed: str) -> Note | None:
        """Replace a note's text (markers change its kind and tags). An empty text is
        refused (ValueError): deleting is :meth:`delete_note`."""

        def change(session: Session) -> Note:
            index = next((i for i, n in enumerate(session.notes) if n.id == note_id), None)
            if index is None:
                raise NoChange(None)
            note = session.notes[index]
            team, text = (teams.split_address(session, typed.strip()) if session.teams
                          else (None, typed))  # @Team readdresses it
            parsed = parse(text, default=note.kind)
            if not parsed.text:
                raise ValueError("empty note: delete it instead")
            edited = note.model_copy(update={"text": parsed.text, "kind": parsed.kind,
                                             "tags": parsed.tags, "team": team or note.team})
            if edited == note:
                raise NoChange(note)
            session.notes[index] = edited
            return edited

        return self.apply(change, journal=lambda _s, note: ("edit", note))

    def delete_note(self, note_id: str) -> Note | None:
        """Delete a note on purpose (a merge will not bring it back). Returns it, for
        :meth:`restore_note`; None when there is no such note."""

        def change(session: Session) -> Note:
            note = next((n for n in session.notes if n.id == note_id), None)
            if note is None:
                raise NoChange(None)
            session.notes.remove(note)
            if note.id not in session.deleted_notes:
                session.deleted_notes.append(note.id)
            return note

        return self.apply(change, journal=lambda _s, note: ("delete", note))

    def restore_note(self, note: Note) -> Note | None:
        """Undo a deletion: the note comes back with its id, in time order."""

        def change(session: Session) -> Note:
            if any(n.id == note.id for n in session.notes) or session.step(note.step) is None:
                raise NoChange(None)
            session.deleted_notes = [i for i in session.deleted_notes if i != note.id]
            later = next((i for i, n in enumerate(session.notes) if n.at > note.at),
                         len(session.notes))
            session.notes.insert(later, note)
            return note

        return self.apply(change, journal=lambda _s, note: ("add", note))

    # -- the flow --------------------------------------------------------------------------
    def _flow(self, step: Callable[[Session, dt.datetime], Any]) -> bool:
        now = self.clock()

        def change(session: Session) -> bool:
            if step(session, now) is False:
                raise NoChange(False)
            return True

        return self.apply(change)

    def move(self, delta: int) -> bool:
        """PageDown (+1) / PageUp (−1). False at either end (nothing changes)."""
        return self._flow(lambda s, now: flow.move(s, delta, now))

    def move_step(self, delta: int) -> bool:
        return self._flow(lambda s, now: flow.move_step(s, delta, now))

    def toggle_clock(self) -> bool:
        """F5: start when stopped, pause when running. Returns whether it now runs."""
        now = self.clock()
        return self.apply(lambda s: flow.toggle(s, now))

    def finish(self) -> None:
        now = self.clock()
        self.apply(lambda s: flow.finish(s, now))

    def remind_rule(self) -> None:
        """Count a rule reminder (F3)."""

        def change(session: Session) -> None:
            if not session.rules:
                raise NoChange(None)
            session.rule_reminders += 1

        self.apply(change)

    def set_show_rules(self, shown: bool) -> None:
        def change(session: Session) -> None:
            if session.show_rules == shown:
                raise NoChange(None)
            session.show_rules = shown

        self.apply(change)

    # -- actions ---------------------------------------------------------------------------
    def add_action(self, text: str, *, owner: str | None = None, due: dt.date | None = None,
                   horizon: Horizon = Horizon.SHORT, note: str | None = None,
                   team: str | None = None) -> Action:
        return self.apply(lambda s: flow.add_action(s, text, owner=owner, due=due,
                                                    horizon=horizon, note=note, team=team))

    def set_action_status(self, action_id: str, done: bool) -> bool:
        """Close (``done``) or reopen an action. False when there is no such action."""
        status = ActionStatus.DONE if done else ActionStatus.OPEN

        def change(session: Session) -> bool:
            index = next((i for i, a in enumerate(session.actions) if a.id == action_id), None)
            if index is None:
                raise NoChange(False)
            if session.actions[index].status is status:
                raise NoChange(True)
            session.actions[index] = session.actions[index].model_copy(
                update={"status": status})
            return True

        return self.apply(change)

    # -- participants' posts (``spiegel serve``) -----------------------------------------
    def add_post(self, text: str, kind: str, team: str | None = None, *,
                 now: dt.datetime | None = None) -> Post:
        """Queue a participant's post; :class:`~spiegel_tui.model.posts.PostError` (a
        ValueError naming the field) for a bad one, with nothing changed."""
        at = self._now(now)
        return self.apply(lambda s: posts.add_post(s, text, kind, team, at))

    def reveal_post(self, post_id: str, *, now: dt.datetime | None = None) -> Note | None:
        """The post becomes a note (journalled like a typed one); None: no such post."""
        at = self._now(now)

        def change(session: Session) -> Note:
            note = posts.reveal(session, post_id, at)
            if note is None:
                raise NoChange(None)
            return note

        return self.apply(change, journal=_added)

    def reject_post(self, post_id: str) -> bool:
        def change(session: Session) -> bool:
            if not posts.reject(session, post_id):
                raise NoChange(False)
            return True

        return self.apply(change)

    def merge_post(self, duplicate_id: str, kept_id: str) -> bool:
        """Drop ``duplicate_id`` as a duplicate of ``kept_id`` (which stays queued)."""
        def change(session: Session) -> bool:
            if not posts.merge_into(session, duplicate_id, kept_id):
                raise NoChange(False)
            return True

        return self.apply(change)
