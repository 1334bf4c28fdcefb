"""Participants' posts from their own devices, and their moderation (no Textual).

A post (``spiegel serve``'s participant page) waits in the session's ``posts`` queue until
the facilitator reveals it (it becomes a note of its kind and team, on the step on screen)
or rejects it (it goes, leaving only its id in ``handled_posts``, no text). Merging a
duplicate into another post drops the duplicate the same way. Posts are anonymous: the
model has no field for a name, an address or a device.
"""

from __future__ import annotations

import datetime as dt

from spiegel_tui.model.clock import whole
from spiegel_tui.model.fields import _text, normalise_newlines
from spiegel_tui.model.flow import current_position
from spiegel_tui.model.session import Note, NoteKind, Post, Session
from spiegel_tui.model.teams import MAILBOX_KINDS, default_addressee, resolve

POST_KINDS = (NoteKind.COMPLIMENT, NoteKind.CRITICAL, NoteKind.ADVICE, NoteKind.QUESTION)
"""What a participant may post: the brievenbus kinds and a listener's question."""

MAX_POST = 2000
"""Characters a post may hold (the server refuses a longer one with 413)."""


class PostError(ValueError):
    """A post that cannot be taken: ``field`` names what is wrong (for a 400 reply)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def is_two_team(session: Session) -> bool:
    return len(session.teams) >= 2


def offered_kinds(session: Session) -> tuple[NoteKind, ...]:
    """The kinds the participant page offers first: the brievenbus in a two-team
    session, a question for the listeners' round otherwise (every kind is accepted)."""
    if is_two_team(session):
        return MAILBOX_KINDS
    return (NoteKind.QUESTION, *MAILBOX_KINDS)


def check_post(session: Session, text: str, kind: str, team: str | None) -> tuple[
        str, NoteKind, str | None]:
    """The post as it would be stored, or :class:`PostError` naming the bad field."""
    text = normalise_newlines(text or "").strip()
    try:
        _text(text)  # what the file's text fields refuse (a control character)
    except ValueError:
        raise PostError("text", "not a text") from None
    if not text:
        raise PostError("text", "empty text")
    if len(text) > MAX_POST:
        raise PostError("text", f"longer than {MAX_POST} characters")
    try:
        note_kind = NoteKind(kind)
    except ValueError:
        raise PostError("kind", "unknown kind") from None
    if note_kind not in POST_KINDS:
        raise PostError("kind", "unknown kind")
    addressed: str | None = None
    if team:
        try:
            _text(team)
        except ValueError:
            raise PostError("team", "unknown team") from None
    if is_two_team(session) and note_kind in MAILBOX_KINDS:
        if not team or not team.strip():
            raise PostError("team", "choose a team")
        try:
            addressed = resolve(session, team.strip())
        except ValueError:
            raise PostError("team", "unknown team") from None
    elif team and team.strip() and session.teams:
        try:
            addressed = resolve(session, team.strip())
        except ValueError:
            raise PostError("team", "unknown team") from None
    return text, note_kind, addressed


def add_post(session: Session, text: str, kind: str, team: str | None,
             now: dt.datetime) -> Post:
    """Queue a participant's post (PostError for a bad field; nothing changes then)."""
    text, note_kind, addressed = check_post(session, text, kind, team)
    position = current_position(session)
    post = Post(id=session.next_post_id(), at=whole(now), kind=note_kind, text=text,
                team=addressed, step=position.step if position else None)
    session.posts.append(post)
    return post


def _take(session: Session, post_id: str) -> Post | None:
    index = next((i for i, p in enumerate(session.posts) if p.id == post_id), None)
    if index is None:
        return None
    post = session.posts.pop(index)
    if post.id not in session.handled_posts:
        session.handled_posts.append(post.id)
    return post


def reveal(session: Session, post_id: str, now: dt.datetime) -> Note | None:
    """The post becomes a note of its kind and team, on the step and question on screen
    (the step it was posted at when nothing is on screen). None: no such post."""
    position = current_position(session)
    step = position.step if position else None
    question = position.question if position else None
    if step is None:
        index = next((i for i, p in enumerate(session.posts) if p.id == post_id), None)
        step = session.posts[index].step if index is not None else None
    if step is None and session.agenda:
        step = session.agenda[0].id
    if step is None:
        raise ValueError("the session has no agenda steps to attach a note to")
    post = _take(session, post_id)
    if post is None:
        return None
    team = post.team or default_addressee(session, step, post.kind)
    note = Note(id=session.next_note_id(), at=whole(now), step=step, question=question,
                kind=post.kind, text=post.text, team=team)
    session.notes.append(note)
    return note


def reject(session: Session, post_id: str) -> bool:
    """Drop a post: only its id stays (so no merge brings it back). False: no such post."""
    return _take(session, post_id) is not None


def merge_into(session: Session, duplicate_id: str, kept_id: str) -> bool:
    """A duplicate of another post goes; the one kept stays in the queue."""
    if duplicate_id == kept_id or not any(p.id == kept_id for p in session.posts):
        return False
    return _take(session, duplicate_id) is not None
