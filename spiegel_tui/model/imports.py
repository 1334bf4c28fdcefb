"""Reading the plain text files a facilitator already has: questions and participants.

``vragen.txt``: one question per line, ``#`` comments and blank lines ignored, an optional
``Perspective: question`` prefix. ``deelnemers.txt``: ``name; role; team`` per line.
Errors name the file and line.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from spiegel_tui.model.session import MAX_TEXT, Participant, Question, Role, normalise_newlines
from spiegel_tui.model.tomlfile import SessionError, describe, pydantic_problems

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
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise SessionError("no such file", path=str(path)) from None
    except OSError as error:
        raise SessionError(f"cannot read: {error.strerror}", path=str(path)) from None
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
    """How a ``Perspective:`` prefix is matched: case and runs of whitespace do not count."""
    return " ".join(name.split()).casefold()


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
