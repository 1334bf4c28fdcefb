"""What a session report holds, built once and rendered as Markdown or HTML.

``build(session, anonymize=...)`` groups the notes and computes the timing; the renderers
(``markdown.py``, ``html.py``) only lay it out. Every string in a :class:`Report` has already
been through the :class:`Anonymizer`, so a renderer cannot leak a name by forgetting it.

Where a note goes (each note exactly once):
- a note addressed to a team (``team`` set; the digitale spiegelsessie) goes into that team's
  mailbox (brievenbus), grouped by kind;
- otherwise a note with a question goes under its perspective and question, grouped by kind;
  in a fishbowl (spiegelgesprek) instead under "what goes well" (compliments), "what can
  improve" (critical notes), "wishes" (advice) and "other" (every other kind), by question;
- a note without a question goes under its agenda step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from spiegel_tui.i18n import t
from spiegel_tui.model.session import (
    Action,
    Horizon,
    Note,
    NoteKind,
    Participant,
    Question,
    Role,
    Session,
    Status,
)
from spiegel_tui.model.teams import rendered
from spiegel_tui.report.anonymize import Anonymizer, role_label
from spiegel_tui.report.timing import Timing, timing

KIND_ORDER = (NoteKind.QUOTE, NoteKind.COMPLIMENT, NoteKind.CRITICAL, NoteKind.ADVICE,
              NoteKind.LESSON, NoteKind.QUESTION, NoteKind.AGREEMENT, NoteKind.NOTE)
FISHBOWL = (("report.fishbowl.good", (NoteKind.COMPLIMENT,)),
            ("report.fishbowl.better", (NoteKind.CRITICAL,)),
            ("report.fishbowl.wishes", (NoteKind.ADVICE,)),
            ("report.fishbowl.other", (NoteKind.QUOTE, NoteKind.QUESTION, NoteKind.LESSON,
                                       NoteKind.AGREEMENT, NoteKind.NOTE)))


@dataclass
class NoteView:
    id: str
    text: str
    kind: NoteKind
    extra_tags: list[str] = field(default_factory=list)  # tags not already in the text


@dataclass
class Group:
    label: str  # "" when a block holds a single kind
    notes: list[NoteView]


@dataclass
class Block:
    heading: str
    text: str  # the question text, or ""
    groups: list[Group]


@dataclass
class Chapter:
    heading: str
    intro: str
    blocks: list[Block]


@dataclass
class ActionRow:
    text: str
    owner: str
    due: str
    horizon: str
    status: str


@dataclass
class ActionTable:
    heading: str
    rows: list[ActionRow]


@dataclass
class Report:
    lang: str
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    participants: list[tuple[str, int, list[str]]]  # role label, count, names (or [])
    anonymized: bool
    teams: list[tuple[str, str]]  # team name, its theme (or "")
    timing: Timing
    chapters: list[Chapter]
    actions: list[ActionTable]


@cache
def _format_titles(lang: str) -> dict[str, str]:
    from spiegel_tui.model.formats import builtin_formats

    try:
        return {name: fmt.shown_title(lang) for name, fmt in builtin_formats().items()}
    except Exception:  # a broken packaged format must not break a report
        return {}


def format_title(name: str, lang: str) -> str:
    return _format_titles(lang).get(name, name)


@cache
def _fishbowls() -> frozenset[str]:
    from spiegel_tui.model.formats import builtin_formats

    try:
        return frozenset(name for name, fmt in builtin_formats().items() if fmt.fishbowl)
    except Exception:  # a broken packaged format must not break a report
        return frozenset()


def is_fishbowl(session: Session) -> bool:
    """Whether the session's format declares ``fishbowl = true`` (built-in formats)."""
    return session.format in _fishbowls()


def break_title(title: str, is_break: bool, lang: str) -> str:
    """A step title, marked "(pauze)" when it is a break that does not say so itself."""
    word = t("report.break", lang)
    return f"{title} ({word})" if is_break and word not in title.casefold() else title


# -- notes -----------------------------------------------------------------------------


def note_view(note: Note, anon: Anonymizer) -> NoteView:
    lowered = note.text.casefold()
    extra = [anon.text(tag) for tag in note.tags if f"#{tag}".casefold() not in lowered]
    return NoteView(id=note.id, text=anon.text(note.text), kind=note.kind, extra_tags=extra)


def _by_kind(notes: list[Note], kinds: tuple[NoteKind, ...], lang: str,
             anon: Anonymizer, single: bool = False) -> list[Group]:
    groups = []
    for kind in kinds:
        chosen = [note_view(n, anon) for n in notes if n.kind is kind]
        if chosen:
            groups.append(Group("" if single else t(f"report.kind.{kind.value}", lang), chosen))
    return groups


def question_heading(question: Question) -> tuple[str, str]:
    """A question's heading and the text under it: the label and the text, or the text
    alone when it has no label (imported with ``--questions``): never its id."""
    if question.label:
        return question.label, question.text
    return question.text, ""


def perspective_order(session: Session) -> list[str]:
    order = [p.id for p in session.perspectives]
    for question in session.questions:
        if question.perspective not in order:
            order.append(question.perspective)
    return order


def _perspective_description(session: Session, perspective_id: str) -> str:
    for perspective in session.perspectives:
        if perspective.id == perspective_id:
            return perspective.description or ""
    return ""


def _mailbox(session: Session, notes: list[Note], anon: Anonymizer) -> Chapter:
    lang = session.language
    teams = [team.name for team in session.teams]
    for note in notes:
        if note.team not in teams:
            teams.append(note.team or "")
    blocks = []
    for team in teams:
        chosen = [n for n in notes if n.team == team]
        if chosen:
            blocks.append(Block(t("report.mailbox.for", lang, team=anon.text(team)), "",
                                _by_kind(chosen, KIND_ORDER, lang, anon)))
    return Chapter(t("report.mailbox", lang), t("report.mailbox.intro", lang), blocks)


def _blocks(session: Session, notes: list[Note], kinds: tuple[NoteKind, ...],
            anon: Anonymizer, single: bool) -> tuple[list[Block], list[Block]]:
    """Blocks per question (in perspective order) and per step, for notes of ``kinds``."""
    lang = session.language
    by_question: dict[str, list[Note]] = {}
    by_step: dict[str, list[Note]] = {}
    for note in notes:
        if note.kind not in kinds:
            continue
        if note.question is not None:
            by_question.setdefault(note.question, []).append(note)
        else:
            by_step.setdefault(note.step, []).append(note)
    question_blocks = []
    for perspective in perspective_order(session):
        for question in session.questions:
            if question.perspective == perspective and question.id in by_question:
                groups = _by_kind(by_question[question.id], kinds, lang, anon, single)
                heading, text = question_heading(question)
                question_blocks.append(Block(anon.text(heading), anon.text(text), groups))
    step_blocks = []
    for item in session.agenda:
        if item.id in by_step:
            groups = _by_kind(by_step[item.id], kinds, lang, anon, single)
            step_blocks.append(Block(anon.text(item.title), "", groups))
    return question_blocks, step_blocks


def closing_step(session: Session) -> str | None:
    """The id of the closing round: the last step of the agenda that is not a break."""
    steps = [item.id for item in session.agenda if not item.is_break]
    return steps[-1] if steps else None


def is_closing(session: Session, note: Note) -> bool:
    """A lesson or agreement of the closing round (not addressed to a team)."""
    return (note.kind in (NoteKind.LESSON, NoteKind.AGREEMENT) and not note.team
            and note.step == closing_step(session))


def closing_chapter(session: Session, anon: Anonymizer) -> Chapter | None:
    """The lessons and agreements of the closing round, in a section of their own."""
    lang = session.language
    notes = [n for n in session.notes if is_closing(session, n)]
    if not notes:
        return None
    step = session.step(closing_step(session))
    intro = t("report.closing.intro", lang, step=anon.text(step.title if step else ""))
    groups = _by_kind(notes, (NoteKind.LESSON, NoteKind.AGREEMENT), lang, anon)
    return Chapter(t("report.closing", lang), intro, [Block("", "", groups)])


def chapters(session: Session, anon: Anonymizer) -> list[Chapter]:
    """The notes, each exactly once, in chapters (see the module docstring); the lessons
    and agreements of the closing round last, in a chapter of their own."""
    lang = session.language
    addressed = [n for n in session.notes if n.team]
    rest = [n for n in session.notes if not n.team and not is_closing(session, n)]
    out: list[Chapter] = []
    if addressed:
        out.append(_mailbox(session, addressed, anon))
    if is_fishbowl(session):
        for index, (key, kinds) in enumerate(FISHBOWL):
            questions, steps = _blocks(session, rest, kinds, anon, single=len(kinds) == 1)
            intro = t("report.fishbowl.mapping", lang) if index == 0 else ""
            out.append(Chapter(t(key, lang), intro, questions + steps))
        closing = closing_chapter(session, anon)
        return [*out, closing] if closing else out
    perspective_of = {q.id: q.perspective for q in session.questions}
    with_question = [n for n in rest if n.question is not None]
    for perspective in perspective_order(session):
        chosen = [n for n in with_question if perspective_of[n.question or ""] == perspective]
        if not chosen and perspective not in perspective_of.values():
            continue
        blocks, _ = _blocks(session, chosen, KIND_ORDER, anon, single=False)
        out.append(Chapter(anon.text(session.perspective_label(perspective)),
                           anon.text(_perspective_description(session, perspective)), blocks))
    _, steps = _blocks(session, [n for n in rest if n.question is None], KIND_ORDER, anon,
                       single=False)
    if steps:
        out.append(Chapter(t("report.by_step", lang), "", steps))
    closing = closing_chapter(session, anon)
    return [*out, closing] if closing else out


# -- actions ---------------------------------------------------------------------------


def _action_row(action: Action, lang: str, anon: Anonymizer) -> ActionRow:
    return ActionRow(
        text=anon.text(action.text),
        owner=anon.owner(action.owner),
        due=action.due.isoformat() if action.due else "",
        horizon=t(f"report.horizon.{action.horizon.value}", lang),
        status=t(f"report.action.{action.status.value}", lang),
    )


def action_tables(session: Session, anon: Anonymizer) -> list[ActionTable]:
    """One table of all actions; with team actions, each team's short and long term first."""
    lang = session.language
    if not any(a.team for a in session.actions):
        rows = [_action_row(a, lang, anon) for a in session.actions]
        return [ActionTable(t("report.actions", lang), rows)]
    teams = [team.name for team in session.teams]
    for action in session.actions:
        if action.team and action.team not in teams:
            teams.append(action.team)
    tables = []
    for team in teams:
        for horizon in (Horizon.SHORT, Horizon.LONG):
            rows = [_action_row(a, lang, anon) for a in session.actions
                    if a.team == team and a.horizon is horizon]
            if rows:
                heading = (t("report.team_actions", lang, team=anon.text(team)) + " — "
                           + t(f"report.horizon.{horizon.value}", lang))
                tables.append(ActionTable(heading, rows))
    rest = [_action_row(a, lang, anon) for a in session.actions if not a.team]
    if rest:
        tables.append(ActionTable(t("report.other_actions", lang), rest))
    return tables


# -- the whole report ------------------------------------------------------------------


def _participants(session: Session, anon: Anonymizer) -> list[tuple[str, int, list[str]]]:
    out = []
    for role in Role:
        people = [p for p in session.participants if p.role is role]
        if people:
            names = [] if anon.enabled else [
                p.name + (f" ({p.team})" if p.team else "") for p in people]
            out.append((role_label(role, session.language), len(people), names))
    return out


def teams(session: Session, anon: Anonymizer) -> list[tuple[str, str]]:
    """The teams with their themes: the session's own, then teams only participants name."""
    out = [(anon.text(team.name), anon.text(team.theme)) for team in session.teams]
    named = {team.name for team in session.teams}
    for person in session.participants:
        if person.team and person.team not in named:
            named.add(person.team)
            out.append((anon.text(person.team), ""))
    return out


def build(session: Session, *, anonymize: bool = False,
          others: Iterable[Participant] = (), now: dt.datetime | None = None) -> Report:
    """``others``: participants of related sessions whose names must be hidden as well;
    ``now``: the moment of the report (a running step counts up to it)."""
    session = rendered(session)  # {team.N} in step titles: the teams' names
    lang = session.language
    anon = Anonymizer.for_session(session, enabled=anonymize, others=others)
    facilitators = [anon.person(p) for p in session.participants if p.role is Role.FACILITATOR]
    facts = [
        (t("report.format", lang), format_title(session.format, lang)),
        (t("report.date", lang), session.date.isoformat()),
        (t("report.status", lang), t(f"report.status.{Status(session.status).value}", lang)),
        (t("report.facilitator", lang), ", ".join(facilitators) or "—"),
    ]
    for key, value in (("report.organisation", session.organisation),
                       ("report.location", session.location),
                       ("report.theme", session.theme), ("report.follows", session.follows),
                       ("report.timing_t", session.timing)):
        if value:
            facts.append((t(key, lang), anon.text(value)))
    team_list = teams(session, anon)
    if team_list:
        facts.append((t("report.teams", lang), "; ".join(
            f"{name} — {theme}" if theme else name for name, theme in team_list)))
    return Report(
        lang=lang,
        title=anon.text(session.title),
        subtitle=anon.text(session.subtitle),
        facts=facts,
        participants=_participants(session, anon),
        anonymized=anonymize,
        teams=team_list,
        timing=timing(session, anon, now),
        chapters=chapters(session, anon),
        actions=action_tables(session, anon),
    )
