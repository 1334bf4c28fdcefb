"""The session document: pydantic models for one mirror meeting (schema_version 1).

The field order of every model is the key order in the TOML file, so keep it stable. The
value types (text, ids, dates, time stamps, strict numbers) are in :mod:`.fields`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

from spiegel_tui.model.fields import (  # noqa: F401  (re-exported: the model's vocabulary)
    ID_PATTERN,
    MAX_TEXT,
    AwareTimestamp,
    Boolean,
    Date,
    Id,
    Integer,
    LocalTime,
    NonEmptyText,
    OptionalText,
    Text,
    exactly,
    normalise_newlines,
)

SCHEMA_VERSION = 1

#: Context key that makes :class:`Session` skip its reference checks, so that storage can
#: run them itself and report each problem with its own location.
COLLECT_REFERENCES = "collect_references"


class Role(StrEnum):
    FACILITATOR = "facilitator"
    SCRIBE = "scribe"
    PRESENTER = "presenter"
    CLIENT = "client"
    RELATIVE = "relative"
    PROFESSIONAL = "professional"
    PARTNER = "partner"
    LISTENER = "listener"


class NoteKind(StrEnum):
    NOTE = "note"
    QUOTE = "quote"
    COMPLIMENT = "compliment"
    CRITICAL = "critical"
    ADVICE = "advice"
    LESSON = "lesson"
    AGREEMENT = "agreement"
    QUESTION = "question"


class Status(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class ItemKind(StrEnum):
    STEP = "step"
    BREAK = "break"


class Horizon(StrEnum):
    SHORT = "short"
    LONG = "long"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class Record(BaseModel):
    """Base of every table in the file: unknown keys are errors (they are typos)."""

    model_config = ConfigDict(extra="forbid")


class Participant(Record):
    name: NonEmptyText
    role: Role
    team: OptionalText = None


class Team(Record):
    """One of the teams of a digitale spiegelsessie, with its own theme."""

    name: NonEmptyText
    theme: OptionalText = None


class Perspective(Record):
    """A perspective the questions are grouped under (Present, Professioneel, …)."""

    id: Id
    label: NonEmptyText
    description: OptionalText = None


class AgendaItem(Record):
    id: Id
    title: NonEmptyText
    planned_min: Integer | None = Field(default=None, gt=0, le=24 * 60)
    kind: ItemKind = ItemKind.STEP
    started_at: AwareTimestamp | None = None
    elapsed_s: Integer = Field(default=0, ge=0, le=10**9)
    description: OptionalText = None
    team: OptionalText = None
    questions: list[Id] = Field(default_factory=list)
    prompts: list[NonEmptyText] = Field(default_factory=list)
    theme_of: int | None = Field(default=None, ge=1)
    """The team (by number, 1 = the first of ``teams``) whose theme this step discusses."""
    mailbox: bool = False
    """A brievenbus step: compliments, critical notes and advice typed here are posted to a
    team (``@Team``, else the other team than ``theme_of``)."""
    shows: Literal["received", "questions"] | None = None
    """What the step shows besides its prompts: ``received`` (each team's brievenbus) or
    ``questions`` (the queued ``?`` questions, one by one)."""
    queue_at: int = Field(default=0, ge=0)
    """In a ``shows = "questions"`` step: which queued question is on screen (0 = first)."""

    @property
    def is_break(self) -> bool:
        return self.kind is ItemKind.BREAK

    @property
    def planned_s(self) -> int:
        return (self.planned_min or 0) * 60


class Clock(Record):
    step: Id
    since: AwareTimestamp


class Question(Record):
    id: Id
    perspective: Id
    label: OptionalText = None
    text: NonEmptyText
    asked_at: AwareTimestamp | None = None


class Rule(Record):
    text: NonEmptyText


class Note(Record):
    id: Id
    at: AwareTimestamp
    step: Id
    question: Id | None = None
    kind: NoteKind = NoteKind.NOTE
    text: NonEmptyText
    tags: list[Annotated[str, Field(pattern=r"^[^\s#]+$")]] = Field(default_factory=list)
    team: OptionalText = None
    origin: Id | None = None
    """Id of the session this note was first written in (carried over by ``--from``)."""


class Post(Record):
    """A participant's post from their own device (``spiegel serve``), waiting in the
    moderation queue until the facilitator reveals it (it becomes a note) or rejects it.
    Anonymous: no name, address or device is kept."""

    id: Id
    at: AwareTimestamp
    kind: NoteKind
    text: NonEmptyText
    team: OptionalText = None
    step: Id | None = None
    """The step on screen when it was posted."""


class Action(Record):
    id: Id
    text: NonEmptyText
    owner: OptionalText = None
    due: Date | None = None
    horizon: Horizon = Horizon.SHORT
    status: ActionStatus = ActionStatus.OPEN
    note: Id | None = None
    team: OptionalText = None
    origin: Id | None = None
    """Id of the session this action was first agreed in (carried over by ``--from``)."""


class Problem(BaseModel):
    """One thing wrong with a session: where (a pydantic-style location) and what."""

    loc: tuple[str | int, ...]
    message: str


class Session(Record):
    schema_version: Annotated[Literal[1], exactly(int, "the integer 1")] = SCHEMA_VERSION
    id: Id
    title: NonEmptyText
    format: Id
    language: Literal["nl", "en"] = "nl"
    date: Date
    status: Status = Status.PLANNED
    follows: Id | None = None
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    subtitle: OptionalText = None
    location: OptionalText = None
    organisation: OptionalText = None
    theme: OptionalText = None
    timing: OptionalText = None  # the T of Timing: the moment chosen, and why
    retain_until: Date | None = None  # kept in full until then; `spiegel purge` after
    purged_on: Date | None = None  # when `spiegel purge` made it an anonymized summary
    current_step: Id | None = None
    current_question: Id | None = None
    show_rules: Boolean = False
    rule_reminders: Integer = Field(default=0, ge=0, le=10**6)
    deleted_notes: list[Id] = Field(default_factory=list)  # on purpose: merges drop only these
    participants: list[Participant] = Field(default_factory=list)
    teams: list[Team] = Field(default_factory=list)
    perspectives: list[Perspective] = Field(default_factory=list)
    agenda: list[AgendaItem] = Field(default_factory=list)
    clock: Clock | None = None
    questions: list[Question] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    posts: list[Post] = Field(default_factory=list)
    handled_posts: list[Id] = Field(default_factory=list)
    """Posts revealed, rejected or merged: their ids only (a merge never brings them back;
    a rejected post leaves no text)."""

    @model_validator(mode="after")
    def _check_references(self, info: ValidationInfo) -> Session:
        if info.context and info.context.get(COLLECT_REFERENCES):
            return self
        problems = reference_problems(self)
        if problems:
            first = problems[0]
            where = ".".join(str(part) for part in first.loc)
            raise ValueError(f"{where}: {first.message}")
        return self

    # -- look-ups ---------------------------------------------------------------------
    def step(self, step_id: str | None) -> AgendaItem | None:
        return next((item for item in self.agenda if item.id == step_id), None)

    def question(self, question_id: str | None) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def step_questions(self, step_id: str | None) -> list[Question]:
        item = self.step(step_id)
        if item is None:
            return []
        by_id = {q.id: q for q in self.questions}
        return [by_id[qid] for qid in item.questions if qid in by_id]

    def perspective_label(self, perspective_id: str) -> str:
        for perspective in self.perspectives:
            if perspective.id == perspective_id:
                return perspective.label
        return perspective_id.replace("-", " ").capitalize()

    @property
    def planned_minutes(self) -> int:
        return sum(item.planned_min or 0 for item in self.agenda)

    def next_note_id(self) -> str:
        return next_id("n", [*(note.id for note in self.notes), *self.deleted_notes], width=4)

    def next_post_id(self) -> str:
        return next_id("p", [*(post.id for post in self.posts), *self.handled_posts],
                       width=4)

    def next_action_id(self) -> str:
        return next_id("a", (action.id for action in self.actions), width=2)


_NUMBERED = re.compile(r"^(?P<prefix>[A-Za-z]+)-(?P<number>\d+)$")


def next_id(prefix: str, existing: Any, width: int) -> str:
    """The id after the highest ``prefix-NNNN`` in ``existing`` (``n-0001`` when none)."""
    highest = 0
    for value in existing:
        match = _NUMBERED.match(value)
        if match and match["prefix"] == prefix:
            highest = max(highest, int(match["number"]))
    return f"{prefix}-{highest + 1:0{width}d}"


def _duplicates(items: list[Any], field: str, table: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, item in enumerate(items):
        value = getattr(item, field)
        if value in seen:
            problems.append(Problem(loc=(table, index, field), message=f"duplicate id {value!r}"))
        seen.add(value)
    return problems


def reference_problems(session: Session) -> list[Problem]:
    """Cross-checks the schema alone cannot make: unique ids and references that exist."""
    problems: list[Problem] = []
    for table in ("perspectives", "agenda", "questions", "notes", "actions", "posts"):
        problems += _duplicates(getattr(session, table), "id", table)
    steps = {item.id for item in session.agenda}
    questions = {q.id for q in session.questions}
    notes = {n.id for n in session.notes}

    def missing(loc: tuple[str | int, ...], kind: str, value: str) -> None:
        problems.append(Problem(loc=loc, message=f"{kind} {value!r} does not exist"))

    for index, item in enumerate(session.agenda):
        for position, qid in enumerate(item.questions):
            if qid not in questions:
                missing(("agenda", index, "questions", position), "question", qid)
    for index, note in enumerate(session.notes):
        if note.step not in steps:
            missing(("notes", index, "step"), "agenda step", note.step)
        if note.question is not None and note.question not in questions:
            missing(("notes", index, "question"), "question", note.question)
    for index, action in enumerate(session.actions):
        if action.note is not None and action.note not in notes:
            missing(("actions", index, "note"), "note", action.note)
    if session.clock is not None and session.clock.step not in steps:
        missing(("clock", "step"), "agenda step", session.clock.step)
    if session.current_step is not None and session.current_step not in steps:
        missing(("current_step",), "agenda step", session.current_step)
    if session.current_question is not None and session.current_question not in questions:
        missing(("current_question",), "question", session.current_question)
    if session.start_time and session.end_time and session.end_time <= session.start_time:
        problems.append(Problem(loc=("end_time",), message="end_time must be after start_time"))
    return problems


def snapshot(session: Session) -> Session:
    """A copy safe to hand to another thread while this one goes on changing ``session``.

    Notes and actions are never edited in place (an edit replaces the object), so their
    lists are copied shallowly; the small tables that are edited in place are copied.
    Cheap even with thousands of notes.
    """
    return session.model_copy(update={
        "participants": list(session.participants),
        "teams": list(session.teams),
        "perspectives": list(session.perspectives),
        "agenda": [item.model_copy(update={"questions": list(item.questions),
                                           "prompts": list(item.prompts)})
                   for item in session.agenda],
        "clock": session.clock.model_copy() if session.clock else None,
        "questions": [question.model_copy() for question in session.questions],
        "rules": list(session.rules),
        "notes": list(session.notes),
        "actions": list(session.actions),
        "deleted_notes": list(session.deleted_notes),
        "posts": list(session.posts),
        "handled_posts": list(session.handled_posts),
    })
