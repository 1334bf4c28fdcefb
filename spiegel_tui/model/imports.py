"""Reading the plain text files a facilitator already has: questions and participants.

``vragen.txt``: one question per line, ``#`` comments and blank lines ignored, an optional
``Perspective: question`` prefix (:func:`place_questions` puts such a question in the step
that has that perspective's questions). ``deelnemers.txt``: ``name; role; team`` per line.
Errors name the file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from spiegel_tui.model.files import read_regular
from spiegel_tui.model.session import (
    MAX_TEXT,
    AgendaItem,
    Participant,
    Question,
    Role,
    Session,
    next_id,
    normalise_newlines,
)
from spiegel_tui.model.tomlfile import SessionError, describe, pydantic_problems

if TYPE_CHECKING:
    from spiegel_tui.model.formats import Format

ROLE_ALIASES = {
    "cliënt": Role.CLIENT, "client": Role.CLIENT, "klant": Role.CLIENT,
    "burger": Role.CLIENT, "inwoner": Role.CLIENT, "ouder": Role.CLIENT,
    "toehoorder": Role.LISTENER, "luisteraar": Role.LISTENER,
    "gespreksleider": Role.FACILITATOR, "procesbegeleider": Role.FACILITATOR,
    "begeleider": Role.FACILITATOR,
    "notulist": Role.SCRIBE,
    "naaste": Role.RELATIVE, "familie": Role.RELATIVE,
    "presentator": Role.PRESENTER,
    "professional": Role.PROFESSIONAL, "medewerker": Role.PROFESSIONAL,
    "ketenpartner": Role.PARTNER,
}


def read_lines(path: Path) -> list[tuple[int, str]]:
    """The meaningful lines of a text file with their numbers (comments, blanks dropped)."""
    data = read_regular(path)  # a FIFO or /dev/zero would hang; 1 MB at most
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SessionError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            path=str(path), line=line) from None
    return meaningful_lines(text, str(path))


def meaningful_lines(text: str, path: str = "<text>") -> list[tuple[int, str]]:
    """The lines of a text that hold something, with their numbers (``#`` comments and
    blank lines dropped, ``\\r\\n`` and ``\\r`` taken as line ends)."""
    lines = []
    for number, line in enumerate(normalise_newlines(text).split("\n"), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            if len(line) > MAX_TEXT:
                raise SessionError(f"line too long ({len(line)} characters)", path=path,
                                   line=number)
            lines.append((number, line))
    return lines


def name_key(name: str) -> str:
    """How names are compared (a ``Perspective:`` prefix, a participant's name when
    anonymising): case and runs of whitespace do not count."""
    return " ".join(name.split()).casefold()


def perspective_names(session: Session, fmt: Format | None = None) -> dict[str, str]:
    """What a ``Perspective:`` prefix may say, to the perspective's id: its id and its label,
    and with the session's format its label in either language ("Integraal", "Integral")."""
    names = {perspective.label: perspective.id for perspective in session.perspectives}
    if fmt is not None:
        for known in fmt.perspectives:
            names.update({name: known.id for name in (known.label, known.label_en) if name})
    names.update({perspective.id: perspective.id for perspective in session.perspectives})
    return names


def read_questions(path: Path, perspectives: dict[str, str]) -> list[tuple[str | None, str, int]]:
    """Questions as (perspective id or None, text, line). ``perspectives`` maps ids and
    labels (any case) to ids; an unknown prefix is part of the question."""
    return _split_perspectives(read_lines(path), perspectives)


def parse_question_lines(text: str, perspectives: dict[str, str],
                         path: str = "<text>") -> list[tuple[str | None, str, int]]:
    """:func:`read_questions` for text in hand (pasted into the prepare screen)."""
    return _split_perspectives(meaningful_lines(text, path), perspectives)


def _split_perspectives(lines: list[tuple[int, str]],
                        perspectives: dict[str, str]) -> list[tuple[str | None, str, int]]:
    names = {name_key(name): pid for name, pid in perspectives.items()}
    questions = []
    for number, line in lines:
        perspective = None
        head, sep, rest = line.partition(":")
        if sep and rest.strip() and name_key(head) in names:
            perspective = names[name_key(head)]
            line = rest.strip()
        questions.append((perspective, line, number))
    return questions


def default_step(session: Session) -> AgendaItem | None:
    """The step a question without a known ``Perspective:`` prefix goes in: the one with
    the organisation's questions, else the first with questions, else the first that is not
    a break."""
    return (next((item for item in session.agenda
                  if any(q.perspective == "organisatie" for q in session.step_questions(item.id))),
                 None)
            or next((item for item in session.agenda if item.questions), None)
            or next((item for item in session.agenda if not item.is_break), None))


def default_perspective(session: Session, step: AgendaItem) -> str:
    """The perspective of a question without a prefix: that of the step's first question,
    else the session's first perspective, else ``vragen``."""
    first = next((q.perspective for q in session.step_questions(step.id)), None)
    return first or (session.perspectives[0].id if session.perspectives else "vragen")


def place_questions(session: Session, imported: list[tuple[str | None, str, int]],
                    path: Path) -> None:
    """Put questions read by :func:`read_questions` in the session's agenda.

    A question with a perspective goes in the first step that has questions of that
    perspective, any other (and one whose perspective no step has) in :func:`default_step`.
    Every step that receives questions loses the ones it had; the others keep theirs. The
    new questions stand in the questions table where the step's old ones stood (at the end
    for a step that had none), in the file's order, numbered ``v-01``… in the table's order.
    """
    default = default_step(session)
    if default is None:
        raise SessionError("the format has no step to put questions in", path=session.format)
    fallback = default_perspective(session, default)
    owner: dict[str, AgendaItem] = {}  # perspective -> the first step with its questions
    for item in session.agenda:
        for question in session.step_questions(item.id):
            owner.setdefault(question.perspective, item)
    groups: dict[str, list[Question]] = {}  # step id -> its new questions, in file order
    for perspective, text, line in imported:  # checked in file order: the first bad line
        target = owner.get(perspective, default) if perspective else default
        groups.setdefault(target.id, []).append(
            make_question("v-00", perspective or fallback, text, path, line))
    receiving = {item.id: item for item in session.agenda if item.id in groups}
    replaced = {item.id: set(item.questions) for item in receiving.values()}
    for item in receiving.values():
        item.questions = []
    still_listed = {qid for item in session.agenda for qid in item.questions}
    dropped = set().union(*replaced.values()) - still_listed
    order: list[Question | str] = []  # the questions kept, and where each step's new go
    for question in session.questions:
        order += [sid for sid, ids in replaced.items() if question.id in ids and sid not in order]
        if question.id not in dropped:
            order.append(question)
    order += [sid for sid in receiving if sid not in order]
    taken = {entry.id for entry in order if isinstance(entry, Question)}
    questions = []
    for entry in order:
        if isinstance(entry, Question):
            questions.append(entry)
            continue
        for question in groups[entry]:
            qid = next_id("v", taken, 2)
            taken.add(qid)
            questions.append(question.model_copy(update={"id": qid}))
            receiving[entry].questions.append(qid)
    session.questions = questions


def read_participants(path: Path) -> list[Participant]:
    participants = []
    for number, line in read_lines(path):
        parts = [part.strip() for part in line.split(";")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise SessionError("expected 'name; role; team' (team optional)", path=str(path),
                               line=number)
        name, role_text = parts[0], parts[1].lower()
        role = ROLE_ALIASES.get(role_text)
        if role is None:
            try:
                role = Role(role_text)
            except ValueError:
                known = ", ".join(r.value for r in Role)
                raise SessionError(f"unknown role {parts[1]!r} (known: {known})",
                                   path=str(path), line=number) from None
        team = parts[2] if len(parts) > 2 and parts[2] else None
        try:
            participants.append(Participant(name=name, role=role, team=team))
        except ValidationError as error:
            raise refused(error, path, number) from None
    return participants


def make_question(qid: str, perspective: str, text: str, path: Path, line: int) -> Question:
    """A :class:`Question` from one line of a questions file, or an error at that line."""
    try:
        return Question(id=qid, perspective=perspective, text=text)
    except ValidationError as error:
        raise refused(error, path, line) from None


def refused(error: ValidationError, path: Path, line: int) -> SessionError:
    """The first problem the model found in one line's values, at that line."""
    loc, message = pydantic_problems(error)[0]
    return SessionError(f"{describe(loc)}: {message}" if loc else message, path=str(path),
                        line=line)
