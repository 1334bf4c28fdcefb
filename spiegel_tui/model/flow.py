"""What the facilitator's keys do to a session: start, pause, move on, finish, add a note.

Plain functions over a :class:`Session` and a ``now``; they change the session in place and
know nothing of screens, so the console, ``spiegel note`` and the tests share them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spiegel_tui.model import teams
from spiegel_tui.model.clock import current_index, seconds_between, whole
from spiegel_tui.model.markers import parse
from spiegel_tui.model.session import (
    Action,
    Clock,
    Horizon,
    Note,
    NoteKind,
    Session,
    Status,
)


@dataclass(frozen=True)
class Position:
    """A place in the flow: a step, and the question on screen in it (if it has any)."""

    step: str
    question: str | None = None


def positions(session: Session) -> list[Position]:
    """The flow PageDown walks: each question of a step in turn, else the step itself."""
    flow: list[Position] = []
    for item in session.agenda:
        questions = session.step_questions(item.id)
        if questions:
            flow.extend(Position(item.id, q.id) for q in questions)
        else:
            flow.append(Position(item.id))
    return flow


def current_position(session: Session) -> Position | None:
    if not session.agenda:
        return None
    step = session.agenda[current_index(session)]
    question_ids = [q.id for q in session.step_questions(step.id)]
    if session.current_question in question_ids:
        return Position(step.id, session.current_question)
    return Position(step.id, question_ids[0] if question_ids else None)


def is_running(session: Session) -> bool:
    return session.clock is not None


def _close_run(session: Session, now: dt.datetime) -> None:
    clock = session.clock
    if clock is None:
        return
    item = session.step(clock.step)
    if item is not None:
        item.elapsed_s += seconds_between(clock.since, now)
    session.clock = None


def _open_run(session: Session, step_id: str, now: dt.datetime) -> None:
    item = session.step(step_id)
    if item is None:
        return
    now = whole(now)
    if item.started_at is None:
        item.started_at = now
    session.clock = Clock(step=step_id, since=now)


def _mark_asked(session: Session, question_id: str | None, now: dt.datetime) -> None:
    question = session.question(question_id)
    if question is not None and question.asked_at is None:
        question.asked_at = whole(now)


def start(session: Session, now: dt.datetime) -> None:
    """Start (or resume) the clock on the current step."""
    if session.clock is not None or not session.agenda:
        return
    position = current_position(session)
    assert position is not None
    session.current_step = position.step
    session.current_question = position.question
    _open_run(session, position.step, now)
    _mark_asked(session, position.question, now)
    session.status = Status.RUNNING


def pause(session: Session, now: dt.datetime) -> None:
    """Stop the clock; the time run so far is added to the step's ``elapsed_s``."""
    if session.clock is None:
        return
    _close_run(session, now)
    session.status = Status.PAUSED


def toggle(session: Session, now: dt.datetime) -> bool:
    """F5: start when stopped, pause when running. Returns whether it now runs."""
    if session.clock is None:
        start(session, now)
    else:
        pause(session, now)
    return session.clock is not None


def go_to(session: Session, target: Position, now: dt.datetime) -> None:
    """Move the flow to ``target``; a running clock moves with it to the new step."""
    running = session.clock is not None
    if running and session.clock is not None and session.clock.step != target.step:
        _close_run(session, now)
        _open_run(session, target.step, now)
    session.current_step = target.step
    session.current_question = target.question
    if running:
        _mark_asked(session, target.question, now)


def move(session: Session, delta: int, now: dt.datetime) -> bool:
    """PageDown (+1) / PageUp (−1) through the flow. Returns False at either end."""
    flow = positions(session)
    here = current_position(session)
    if here is None or here not in flow:
        return False
    if _walk_queue(session, here.step, delta):
        return True
    index = flow.index(here) + delta
    if not 0 <= index < len(flow):
        return False
    go_to(session, flow[index], now)
    return True


def _walk_queue(session: Session, step_id: str, delta: int) -> bool:
    """In the listeners' round (``shows = "questions"``) PageDown / PageUp first walk the
    queued questions one by one; True when it moved within the queue."""
    item = session.step(step_id)
    if item is None or item.shows != "questions":
        return False
    count = len(teams.queued_questions(session))
    at = min(item.queue_at, max(count - 1, 0))
    if 0 <= at + delta < count:
        item.queue_at = at + delta
        return True
    return False


def move_step(session: Session, delta: int, now: dt.datetime) -> bool:
    """Jump to the first position of the next (+1) or previous (−1) step."""
    if not session.agenda:
        return False
    index = current_index(session) + delta
    if not 0 <= index < len(session.agenda):
        return False
    step = session.agenda[index]
    questions = session.step_questions(step.id)
    go_to(session, Position(step.id, questions[0].id if questions else None), now)
    return True


def finish(session: Session, now: dt.datetime) -> None:
    _close_run(session, now)
    session.status = Status.FINISHED


def add_note(
    session: Session,
    typed: str,
    now: dt.datetime,
    *,
    kind: NoteKind | None = None,
    step: str | None = None,
    question: str | None = None,
    tags: list[str] | None = None,
    team: str | None = None,
) -> Note | None:
    """Append a note typed with markers, stamped with time, step and question on screen.

    An explicit ``kind`` wins over a marker; explicit ``tags`` are added to the ``#tags``.
    In a session with teams, ``@Team`` first addresses the note (as does ``team``: a name or
    an unambiguous prefix; ValueError for another), and in a brievenbus step a compliment,
    critical note or advice goes to the other team by default. Returns None for an empty
    text.
    """
    addressed = None
    if session.teams:
        addressed, typed = teams.split_address(session, typed.strip())
        if team is not None:
            team = teams.resolve(session, team)
    parsed = parse(typed)
    if not parsed.text:
        return None
    position = current_position(session)
    if step is None:
        if position is None:
            raise ValueError("the session has no agenda steps to attach a note to")
        step = position.step
        if question is None:
            question = position.question
    all_tags = list(parsed.tags)
    for tag in tags or []:
        tag = tag.lstrip("#").lower()
        if tag and tag not in all_tags:
            all_tags.append(tag)
    kind = kind if kind is not None else parsed.kind
    team = team or addressed or teams.default_addressee(session, step, kind)
    note = Note(
        id=session.next_note_id(),
        at=whole(now),
        step=step,
        question=question,
        kind=kind,
        text=parsed.text,
        tags=all_tags,
        team=team,
    )
    session.notes.append(note)
    return note


def add_action(
    session: Session,
    text: str,
    *,
    owner: str | None = None,
    due: dt.date | None = None,
    horizon: Horizon = Horizon.SHORT,
    note: str | None = None,
    team: str | None = None,
) -> Action:
    action = Action(
        id=session.next_action_id(),
        text=text,
        owner=owner,
        due=due,
        horizon=horizon,
        note=note,
        team=team,
    )
    session.actions.append(action)
    return action
