"""The teams of a digitale spiegelsessie: naming them in texts, addressing notes to them,
and what each team received in its brievenbus.

A format refers to the session's teams in a step's title, description and prompts with
``{team.N}`` (the name of team N, 1 = the first) and ``{team.N.theme}`` (its theme). They
are filled in when shown (:func:`render`, :func:`rendered`), never stored filled in, so a
team renamed in F9 is renamed everywhere at once.
"""

from __future__ import annotations

import re

from spiegel_tui.model.session import Note, NoteKind, Session

PLACEHOLDER = re.compile(r"\{team\.(\d+)(\.theme)?\}")

MAILBOX_KINDS = (NoteKind.COMPLIMENT, NoteKind.CRITICAL, NoteKind.ADVICE)
"""What goes into a brievenbus, in the order a team reads it."""

NO_THEME = {"nl": "(thema nog niet gekozen)", "en": "(theme not chosen yet)"}


def render(session: Session, text: str) -> str:
    """``text`` with ``{team.N}`` and ``{team.N.theme}`` filled in from the session.

    A team the session does not have is left as typed, so a mistake stays visible.
    """
    if "{team." not in text:
        return text

    def fill(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if not 1 <= number <= len(session.teams):
            return match.group(0)
        team = session.teams[number - 1]
        if match.group(2):
            return team.theme or NO_THEME.get(session.language, NO_THEME["nl"])
        return team.name

    return PLACEHOLDER.sub(fill, text)


def rendered(session: Session) -> Session:
    """A copy of the session with its steps' texts filled in, for showing only (never
    save it: the file keeps the placeholders)."""
    if not any("{team." in text for item in session.agenda
               for text in (item.title, item.description or "", *item.prompts)):
        return session
    agenda = [item.model_copy(update={
        "title": render(session, item.title),
        "description": render(session, item.description) if item.description else None,
        "prompts": [render(session, prompt) for prompt in item.prompts],
    }) for item in session.agenda]
    return session.model_copy(update={"agenda": agenda})


def team_names(session: Session) -> list[str]:
    return [team.name for team in session.teams]


def resolve(session: Session, typed: str) -> str:
    """The team a typed name or unambiguous prefix means (case-insensitive); ValueError,
    naming the teams, for none or more than one."""
    names = team_names(session)
    wanted = typed.strip().casefold()
    exact = [name for name in names if name.casefold() == wanted]
    if exact:
        return exact[0]
    found = [name for name in names if name.casefold().startswith(wanted)] if wanted else []
    if len(found) == 1:
        return found[0]
    teams = ", ".join(names) if names else "none"
    what = "ambiguous" if found else "unknown"
    raise ValueError(f"{what} team {typed!r} (teams: {teams})")


def split_address(session: Session, text: str) -> tuple[str | None, str]:
    """``@Team rest`` → (the team, rest). The longest team name that the text starts with
    wins (names have spaces: ``@GGZ Noord``), else the word after ``@`` as a prefix.
    Without an ``@`` → (None, text). ValueError for an unknown or ambiguous team."""
    if not text.startswith("@"):
        return None, text
    body = text[1:]
    folded = body.casefold()
    for name in sorted(team_names(session), key=len, reverse=True):
        key = name.casefold()
        if folded.startswith(key) and (len(body) == len(key) or body[len(key)].isspace()):
            return name, body[len(key):].strip()
    word, _, rest = body.partition(" ")
    return resolve(session, word), rest.strip()


def default_addressee(session: Session, step_id: str | None, kind: NoteKind) -> str | None:
    """In a brievenbus step, where a compliment, critical note or advice typed without ``@``
    goes: the other team than the one whose theme the step discusses."""
    item = session.step(step_id)
    if item is None or not item.mailbox or kind not in MAILBOX_KINDS:
        return None
    if item.theme_of is None or len(session.teams) != 2 or item.theme_of > 2:
        return None
    return session.teams[2 - item.theme_of].name


def received(session: Session) -> list[tuple[str, list[tuple[NoteKind, list[Note]]]]]:
    """Each team with what its brievenbus holds, grouped compliment / critical / advice
    (a group only when it has notes). Teams without a session entry come last."""
    names = team_names(session)
    for note in session.notes:
        if note.team and note.kind in MAILBOX_KINDS and note.team not in names:
            names.append(note.team)
    out = []
    for name in names:
        groups = []
        for kind in MAILBOX_KINDS:
            notes = [n for n in session.notes if n.team == name and n.kind is kind]
            if notes:
                groups.append((kind, notes))
        out.append((name, groups))
    return out


def queued_questions(session: Session) -> list[Note]:
    """The questions typed with ``?`` during the meeting (or posted), in time order: the
    listeners' round shows them one by one."""
    return [note for note in session.notes if note.kind is NoteKind.QUESTION]


def teams_from_participants(session: Session) -> list[str]:
    """Team names in the participants list, in order of first appearance."""
    found: list[str] = []
    for person in session.participants:
        if person.team and person.team not in found:
            found.append(person.team)
    return found
