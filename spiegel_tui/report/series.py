"""The action-research overview across a folder of sessions (rode draden, open actions).

One pass over the sessions, oldest first; every count is a dictionary update, so 500
sessions of 100 notes take about as long as reading the files. Rendered by
``markdown.render_series`` and ``html_series.render_series``.

Open actions: ``spiegel new --from`` copies the open actions of a session into the next one
with ``origin`` set to the session they were first agreed in. Copies of one action are
joined (same origin, same text) and the action is listed once, at its origin, and only
while no copy of it is done.
"""

from __future__ import annotations

import os
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spiegel_tui import crypt, store
from spiegel_tui.i18n import t
from spiegel_tui.model.clock import format_duration
from spiegel_tui.model.session import Action, ActionStatus, NoteKind, Session
from spiegel_tui.model.tomlfile import (
    SessionError,
    collector_paused,
    parse_document,
    session_problems,
)
from spiegel_tui.report import trends
from spiegel_tui.report.common import format_title
from spiegel_tui.report.stopwords import STOP_WORDS
from spiegel_tui.report.trends import terms

__all__ = ["STOP_WORDS", "Overview", "build", "load_folder", "open_actions_from_earlier",
           "terms"]

TOP_WORDS = 20
MAX_LINKS = 10


@dataclass(frozen=True)
class Loaded:
    path: Path
    session: Session


@dataclass
class Thread:
    label: str
    count: int
    sessions: int
    first: str
    last: str
    links: list[tuple[str, str]]  # (session id, relative path)
    more: int


@dataclass
class QuestionCount:
    perspective: str
    question: str
    critical: int = 0
    compliment: int = 0
    advice: int = 0


@dataclass
class OpenAction:
    action: Action
    session_id: str
    date: str
    link: str


@dataclass
class StepTiming:
    format: str
    step: str
    planned_min: int | None
    median_s: int | None
    held: int

    @property
    def median(self) -> str:
        return format_duration(self.median_s) if self.median_s is not None else "—"


@dataclass
class Overview:
    lang: str
    sessions: int
    first: str
    last: str
    skipped: int
    tags: list[Thread] = field(default_factory=list)
    words: list[Thread] = field(default_factory=list)
    questions: list[QuestionCount] = field(default_factory=list)
    trends: list[trends.QuestionTrend] = field(default_factory=list)
    open_actions: list[OpenAction] = field(default_factory=list)
    timing: list[StepTiming] = field(default_factory=list)

    def title(self) -> str:
        return t("report.series.title", self.lang, n=self.sessions)


PARALLEL_FROM = 40
"""Folders with this many files are read by worker processes, one per core."""


Parsed = tuple[Path, str, dict, None] | tuple[Path, None, None, tuple[str, str, int | None]]


def _parse_one(path: Path) -> Parsed:
    """One file read and parsed (not yet validated): (path, text, table, None), or its
    error as (path, None, None, (message, path, line)), which pickles plainly."""
    try:
        text, table = parse_document(store.read(path), str(path))
    except SessionError as error:
        return path, None, None, (error.message, error.path, error.line)
    return path, text, table, None


def _parse_all(paths: list[Path], processes: int) -> Iterator[Parsed]:
    """TOML parsing is pure Python and most of the time: a big folder is parsed by worker
    processes, one per core (forked: the command line is one thread, and nothing is
    imported anew), while this one validates what comes back, in order."""
    if processes < 2 or len(paths) < PARALLEL_FROM:
        yield from map(_parse_one, paths)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        yield from map(_parse_one, paths)
        return

    context = multiprocessing.get_context("fork")
    chunk = max(1, len(paths) // (processes * 8))
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        yield from pool.map(_parse_one, paths, chunksize=chunk)


def load_folder(folder: Path, *, processes: int = 1) -> tuple[list[Loaded], list[SessionError]]:
    """Every ``*.toml`` session directly in ``folder`` (formats/ and hidden files left out),
    oldest first; a file that does not load is returned as its error instead (the same
    checks and the same first error as :func:`store.load`). With ``processes`` > 1 a big
    folder is parsed in that many worker processes: only from a program with one thread
    (the command line, not the console)."""
    paths = [path for path in sorted(Path(folder).glob("*.toml"))
             if not path.name.startswith(".")]
    loaded, errors = [], []
    with collector_paused():  # what is read makes no cycles, and the collector would walk
        for path, text, table, error in _parse_all(paths, processes):  # all kept so far
            if error is not None:
                message, where, line = error
                errors.append(SessionError(message, path=where, line=line))
                continue
            assert text is not None and table is not None
            session, problems = session_problems(text, table, str(path))
            if problems:
                errors.append(problems[0])
            elif session is not None:
                try:
                    loaded.append(Loaded(path, crypt.open_session(session, str(path))))
                except SessionError as error:  # encrypted, without the key for it
                    errors.append(error)
    loaded.sort(key=lambda item: (item.session.date, item.session.id))
    return loaded, errors


# -- recurring threads -----------------------------------------------------------------


class _Tally:
    """Count and sessions (indices, oldest first) per key."""

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()
        self.sessions: dict[str, list[int]] = {}

    def add(self, key: str, session_index: int) -> None:
        self.count[key] += 1
        seen = self.sessions.setdefault(key, [])
        if not seen or seen[-1] != session_index:
            seen.append(session_index)

    def threads(self, loaded: list[Loaded], keys: list[str], base: Path,
                label: str = "{}") -> list[Thread]:
        out = []
        for key in keys:
            indices = self.sessions[key]
            links = [(loaded[i].session.id, _link(loaded[i].path, base))
                     for i in indices[:MAX_LINKS]]
            out.append(Thread(label.format(key), self.count[key], len(indices),
                              loaded[indices[0]].session.date.isoformat(),
                              loaded[indices[-1]].session.date.isoformat(), links,
                              max(0, len(indices) - MAX_LINKS)))
        return out


def _link(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), base)).as_posix()
    except ValueError:  # another drive
        return path.resolve().as_posix()


# -- open actions ----------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def action_groups(loaded: list[Loaded]) -> list[list[tuple[int, Action]]]:
    """Actions joined with their copies, each group oldest first (by session)."""
    groups: dict[tuple[str, str], list[tuple[int, Action]]] = {}
    by_text: dict[tuple[str, str], tuple[str, str]] = {}
    for index, item in enumerate(loaded):  # own actions first: they name the groups
        for action in item.session.actions:
            if action.origin is None or action.origin == item.session.id:
                key = (item.session.id, action.id)
                groups[key] = [(index, action)]
                by_text.setdefault((item.session.id, _norm(action.text)), key)
    for index, item in enumerate(loaded):
        for action in item.session.actions:
            if action.origin is not None and action.origin != item.session.id:
                origin = (action.origin, _norm(action.text))
                key = by_text.get(origin) or ("?" + action.origin, origin[1])
                groups.setdefault(key, []).append((index, action))
    return [sorted(group, key=lambda pair: pair[0]) for group in groups.values()]


def open_actions(loaded: list[Loaded], base: Path) -> list[OpenAction]:
    out = []
    for group in action_groups(loaded):
        if any(action.status is ActionStatus.DONE for _, action in group):
            continue
        index, action = group[0]
        session = loaded[index].session
        out.append(OpenAction(action, action.origin or session.id, session.date.isoformat(),
                              _link(loaded[index].path, base)))
    out.sort(key=lambda item: (item.date, item.session_id, item.action.id))
    return out


# -- the overview ----------------------------------------------------------------------


def build(loaded: list[Loaded], *, skipped: int = 0, lang: str = "nl",
          link_base: Path | None = None) -> Overview:
    """The overview of ``loaded`` (oldest first, as :func:`load_folder` returns them).

    A thread recurs in at least two sessions. Tags count notes, words count sessions
    (document frequency: a word said ten times in one session is one session's theme);
    notes copied by ``--from`` count once, in their first session; the format's own texts
    and the participants' names are no words."""
    base = (link_base or Path.cwd()).resolve()
    tags, words = _Tally(), _Tally()
    copies = trends.copied_notes(loaded)
    questions: dict[tuple[str, str], QuestionCount] = {}
    developments: dict[tuple[str, str], trends.QuestionTrend] = {}
    order: dict[str | tuple[str, str], int] = {}  # perspectives and questions, as first met
    steps: dict[tuple[str, str], tuple[str, int | None, list[int]]] = {}
    for index, item in enumerate(loaded):
        session = item.session
        skip = trends.name_words(session) | trends.format_words(session)
        labels = {q.id: (session.perspective_label(q.perspective), q.label or q.text,
                         q.perspective) for q in session.questions}
        for question in session.questions:
            order.setdefault(question.perspective, len(order))
            order.setdefault((question.perspective, question.id), len(order))
        said: set[str] = set()
        counted: list[tuple[str, NoteKind]] = []
        for note in session.notes:
            if (index, note.id) in copies:
                continue
            if note.tags:
                for tag in set(note.tags):
                    tags.add(tag, index)
            else:
                said |= terms(note.text, skip)
            if note.question is not None and note.kind in (
                    NoteKind.CRITICAL, NoteKind.COMPLIMENT, NoteKind.ADVICE):
                perspective, label, perspective_id = labels[note.question]
                key = (perspective_id, note.question)
                counts = questions.setdefault(key, QuestionCount(perspective, label))
                setattr(counts, note.kind.value, getattr(counts, note.kind.value) + 1)
                counted.append((note.question, note.kind))
        for term in said:
            words.add(term, index)
        trends.add_trend_point(developments, session, counted)
        for step in session.agenda:
            key = (session.format, step.id)
            _, _, actual = steps.get(key, ("", None, []))
            if step.started_at is not None or step.elapsed_s > 0:
                actual.append(step.elapsed_s)
            steps[key] = (step.title, step.planned_min, actual)
    recurring_tags = [k for k in tags.count if len(tags.sessions[k]) >= 2]
    tag_keys = sorted(recurring_tags, key=lambda k: (-tags.count[k], -len(tags.sessions[k]), k))
    recurring = [k for k in words.count if len(words.sessions[k]) >= 2]
    word_keys = sorted(recurring, key=lambda k: (-words.count[k], k))
    timing = [StepTiming(format_title(fmt, lang), title, planned,
                         int(statistics.median(actual)) if actual else None, len(actual))
              for (fmt, _), (title, planned, actual) in steps.items()]
    in_order = sorted(questions, key=lambda key: (order[key[0]], order[key]))
    return Overview(
        lang=lang,
        sessions=len(loaded),
        first=loaded[0].session.date.isoformat() if loaded else "",
        last=loaded[-1].session.date.isoformat() if loaded else "",
        skipped=skipped,
        tags=tags.threads(loaded, tag_keys, base, "#{}"),
        words=words.threads(loaded, word_keys[:TOP_WORDS], base),
        questions=[questions[key] for key in in_order],
        trends=[developments[key] for key in sorted(
            developments, key=lambda key: (order[key[0]], order[key]))
            if len(developments[key].dates) >= 2],
        open_actions=open_actions(loaded, base),
        timing=timing,
    )


# -- follow-up in the console ----------------------------------------------------------


@cache
def _placeholder_teams() -> frozenset[str]:
    """Team names a built-in format fills in ("Instelling A"): they tell no teams apart."""
    from spiegel_tui.model.formats import builtin_formats

    try:
        formats = builtin_formats().values()
    except SessionError:
        return frozenset()
    return frozenset(_norm(name) for fmt in formats for team in fmt.teams
                     for name in (team.name, team.name_en) if name)


def _team_names(session: Session) -> set[str]:
    names = {team.name for team in session.teams}
    names |= {p.team for p in session.participants if p.team}
    return {_norm(name) for name in names} - _placeholder_teams()


def same_series(session: Session, other: Session) -> bool:
    """Whether ``other`` is of the same organisation: the same ``organisation`` when the
    session names one, else a shared team name (of its teams or its participants' teams;
    a built-in format's placeholder like "Instelling A" does not count), else the same
    format."""
    if session.organisation:
        return _norm(session.organisation) == _norm(other.organisation or "")
    teams = _team_names(session)
    if teams:
        return bool(teams & _team_names(other))
    return session.format == other.format


def open_actions_from_earlier(session: Session, folder: Path) -> list[tuple[str, Action]]:
    """Open actions of earlier sessions of the same organisation (see :func:`same_series`),
    oldest first, as (id of the session they were agreed in, action). Actions this session
    already carries (copied by ``--from``) are left out; broken files are skipped."""
    loaded, _ = load_folder(folder)
    earlier = [item for item in loaded if item.session.id != session.id
               and (item.session.date, item.session.id) < (session.date, session.id)
               and same_series(session, item.session)]
    carried = {(a.origin, _norm(a.text)) for a in session.actions if a.origin}
    out = []
    for group in action_groups(earlier):
        if any(action.status is ActionStatus.DONE for _, action in group):
            continue
        index, action = group[0]
        origin = action.origin or earlier[index].session.id
        if (origin, _norm(action.text)) in carried:
            continue
        out.append((earlier[index].session.date, origin, action))
    out.sort(key=lambda item: (item[0], item[1], item[2].id))
    return [(origin, action) for _, origin, action in out]

