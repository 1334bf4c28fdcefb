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
from spiegel_tui.model.clock import format_duration
from spiegel_tui.model.session import (
    Action,
    Horizon,
    Note,
    NoteKind,
    Participant,
    Role,
    Session,
    Status,
)
from spiegel_tui.model.teams import rendered
from spiegel_tui.report.anonymize import Anonymizer, role_label

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
class TimingRow:
    title: str
    is_break: bool
    planned: str
    actual: str
    difference: str
    started: str


@dataclass
class Timing:
    rows: list[TimingRow]
    planned_total: str
    actual_total: str
    drift: str
    drift_summary: str  # the drift in words: "12:30 uitgelopen"
    breaks: str  # empty without breaks


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


def is_fishbowl(session: Session) -> bool:
    return session.format.startswith("spiegelgesprek")


def break_title(title: str, is_break: bool, lang: str) -> str:
    """A step title, marked "(pauze)" when it is a break that does not say so itself."""
    word = t("report.break", lang)
    return f"{title} ({word})" if is_break and word not in title.casefold() else title


def clock_time(stamp: dt.datetime | None) -> str:
    return stamp.strftime("%H:%M") if stamp is not None else ""


# -- timing ----------------------------------------------------------------------------


def timing(session: Session, anon: Anonymizer | None = None) -> Timing:
    """Planned vs actual per step; the drift counts the steps held (started or timed)."""
    lang = session.language
    anon = anon or Anonymizer([], enabled=False)
    rows = []
    drift = planned_total = actual_total = 0
    break_count = break_planned = break_actual = 0
    for item in session.agenda:
        held = item.started_at is not None or item.elapsed_s > 0
        planned_total += item.planned_s
        actual_total += item.elapsed_s
        if held:
            drift += item.elapsed_s - item.planned_s
        if item.is_break:
            break_count += 1
            break_planned += item.planned_s
            break_actual += item.elapsed_s
        rows.append(TimingRow(
            title=anon.text(item.title),
            is_break=item.is_break,
            planned=t("report.minutes", lang, n=item.planned_min) if item.planned_min else "—",
            actual=format_duration(item.elapsed_s) if held else t("report.not_run", lang),
            difference=format_duration(item.elapsed_s - item.planned_s, signed=True)
            if held else "—",
            started=clock_time(item.started_at),
        ))
    return Timing(
        rows=rows,
        planned_total=t("report.minutes", lang, n=planned_total // 60),
        actual_total=format_duration(actual_total),
        drift=format_duration(drift, signed=True),
        drift_summary=t("report.drift.over" if drift > 0 else "report.drift.under", lang,
                        time=format_duration(abs(drift))) if drift
        else t("report.drift.even", lang),
        breaks=t("report.breaks_summary", lang, n=break_count,
                 planned=format_duration(break_planned), actual=format_duration(break_actual))
        if break_count else "",
    )


# -- notes -----------------------------------------------------------------------------


def _view(note: Note, anon: Anonymizer) -> NoteView:
    lowered = note.text.casefold()
    extra = [anon.text(tag) for tag in note.tags if f"#{tag}".casefold() not in lowered]
    return NoteView(id=note.id, text=anon.text(note.text), kind=note.kind, extra_tags=extra)


def _by_kind(notes: list[Note], kinds: tuple[NoteKind, ...], lang: str,
             anon: Anonymizer, single: bool = False) -> list[Group]:
    groups = []
    for kind in kinds:
        chosen = [_view(n, anon) for n in notes if n.kind is kind]
        if chosen:
            groups.append(Group("" if single else t(f"report.kind.{kind.value}", lang), chosen))
    return groups


def _perspective_order(session: Session) -> list[str]:
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
    for perspective in _perspective_order(session):
        for question in session.questions:
            if question.perspective == perspective and question.id in by_question:
                groups = _by_kind(by_question[question.id], kinds, lang, anon, single)
                question_blocks.append(Block(anon.text(question.label or question.id),
                                             anon.text(question.text), groups))
    step_blocks = []
    for item in session.agenda:
        if item.id in by_step:
            groups = _by_kind(by_step[item.id], kinds, lang, anon, single)
            step_blocks.append(Block(anon.text(item.title), "", groups))
    return question_blocks, step_blocks


def chapters(session: Session, anon: Anonymizer) -> list[Chapter]:
    """The notes, each exactly once, in chapters (see the module docstring)."""
    lang = session.language
    addressed = [n for n in session.notes if n.team]
    rest = [n for n in session.notes if not n.team]
    out: list[Chapter] = []
    if addressed:
        out.append(_mailbox(session, addressed, anon))
    if is_fishbowl(session):
        for index, (key, kinds) in enumerate(FISHBOWL):
            questions, steps = _blocks(session, rest, kinds, anon, single=len(kinds) == 1)
            intro = t("report.fishbowl.mapping", lang) if index == 0 else ""
            out.append(Chapter(t(key, lang), intro, questions + steps))
        return out
    perspective_of = {q.id: q.perspective for q in session.questions}
    with_question = [n for n in rest if n.question is not None]
    for perspective in _perspective_order(session):
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
    return out


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


def build(session: Session, *, anonymize: bool = False,
          others: Iterable[Participant] = ()) -> Report:
    """``others``: participants of related sessions whose names must be hidden as well."""
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
    for team in session.teams:  # Thema per institution
        facts.append((t("report.team_theme", lang, team=anon.text(team.name)),
                      anon.text(team.theme) if team.theme else "—"))
    return Report(
        lang=lang,
        title=anon.text(session.title),
        subtitle=anon.text(session.subtitle),
        facts=facts,
        participants=_participants(session, anon),
        anonymized=anonymize,
        timing=timing(session, anon),
        chapters=chapters(session, anon),
        actions=action_tables(session, anon),
    )
