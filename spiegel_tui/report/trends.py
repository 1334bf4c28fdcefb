"""What makes the rode draden of ``spiegel series`` hold up, and how a folder is split into
series.

- A note copied into a later session by ``spiegel new --from`` (it has an ``origin``; in
  files made before notes had one: a note of the same kind and text as one in the session
  it ``follows``) is counted once, in the session it was first written in.
- The format's own texts (its questions, steps, prompts, perspectives and rules) are no
  threads: every session of that format holds them.
- How the critical notes and advice develop per question, session after session.
- A folder is split into series by organisation; a session without one joins the series of
  the session it follows; the rest are grouped by format only when asked (``--all``), and
  otherwise each stands alone; the overview says which it grouped and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spiegel_tui.i18n import t
from spiegel_tui.model.session import NoteKind, Session
from spiegel_tui.report.stopwords import STOP_WORDS

if TYPE_CHECKING:
    from spiegel_tui.report.series import Loaded

MAX_POINTS = 12
"""The trend of a question shows at most the last this many sessions that asked it."""


_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]{2,}")


def name_words(session: Session) -> set[str]:
    return {part.casefold() for p in session.participants for part in p.name.split()}


def terms(text: str, skip: set[str]) -> set[str]:
    """The meaningful words of a text and its two-word phrases of meaningful words."""
    words = [w.casefold() for w in _WORD.findall(text)]
    keep = [len(w) >= 3 and w not in STOP_WORDS and w not in skip for w in words]
    found = {w for w, ok in zip(words, keep, strict=True) if ok}
    for index in range(len(words) - 1):
        if keep[index] and keep[index + 1]:
            found.add(f"{words[index]} {words[index + 1]}")
    return found


_FORMAT_WORDS: dict[tuple[str, ...], frozenset[str]] = {}


def format_words(session: Session) -> frozenset[str]:
    """The words (and word pairs) of the format's own texts, computed once per set of texts."""
    texts = tuple(format_texts(session))
    found = _FORMAT_WORDS.get(texts)
    if found is None:
        found = frozenset().union(*(terms(text, set()) for text in texts))
        _FORMAT_WORDS[texts] = found
    return found


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def copied_notes(loaded: list[Loaded]) -> set[tuple[int, str]]:
    """(session index, note id) of every note that is a copy of a note of an earlier
    session in ``loaded``: it is counted in that first session only."""
    ids = {item.session.id: index for index, item in enumerate(loaded)}
    texts: dict[int, set[tuple[str, str]]] = {}
    out: set[tuple[int, str]] = set()
    for index, item in enumerate(loaded):
        session = item.session
        followed = ids.get(session.follows or "")
        for note in session.notes:
            if note.origin is not None and note.origin != session.id and note.origin in ids:
                out.add((index, note.id))
            elif note.origin is None and followed is not None and followed != index:
                if followed not in texts:
                    texts[followed] = {(n.kind.value, _norm(n.text))
                                       for n in loaded[followed].session.notes}
                if (note.kind.value, _norm(note.text)) in texts[followed]:
                    out.add((index, note.id))
    return out


def format_texts(session: Session) -> list[str]:
    """The texts the session has from its format: every session of it holds them."""
    out = [session.title]
    for item in session.agenda:
        out += [item.title, item.description or "", *item.prompts]
    for question in session.questions:
        out += [question.label or "", question.text]
    for perspective in session.perspectives:
        out += [perspective.label, perspective.description or ""]
    out += [rule.text for rule in session.rules]
    return [text for text in out if text]


@dataclass
class QuestionTrend:
    """Critical notes and advice on one question, per session that asked it (oldest
    first); ``dates`` and the two counts run in step."""

    perspective: str
    question: str
    dates: list[str] = field(default_factory=list)
    critical: list[int] = field(default_factory=list)
    advice: list[int] = field(default_factory=list)

    def last(self) -> QuestionTrend:
        """The trend over the last :data:`MAX_POINTS` sessions."""
        return QuestionTrend(self.perspective, self.question, self.dates[-MAX_POINTS:],
                             self.critical[-MAX_POINTS:], self.advice[-MAX_POINTS:])

    @property
    def more(self) -> int:
        return max(0, len(self.dates) - MAX_POINTS)


def add_trend_point(trends: dict[tuple[str, str], QuestionTrend], session: Session,
                    counted: list[tuple[str, NoteKind]]) -> None:
    """One session's point on every question it has: ``counted`` holds the (question id,
    kind) of its notes (copies left out)."""
    for question in session.questions:
        key = (question.perspective, question.id)
        trend = trends.setdefault(key, QuestionTrend(
            session.perspective_label(question.perspective), question.label or question.text))
        trend.dates.append(session.date.isoformat())
        trend.critical.append(sum(1 for q, kind in counted
                                  if q == question.id and kind is NoteKind.CRITICAL))
        trend.advice.append(sum(1 for q, kind in counted
                                if q == question.id and kind is NoteKind.ADVICE))


# -- series in a folder ----------------------------------------------------------------


@dataclass
class Group:
    name: str
    members: list[tuple[Loaded, str]]  # each session with why it is in this series

    @property
    def loaded(self) -> list[Loaded]:
        return [item for item, _ in self.members]


def group(loaded: list[Loaded], *, everything: bool = False,
          lang: str = "nl") -> list[Group]:
    """The series in ``loaded`` (oldest first), each session with why it is in its series.
    A session without organisation that follows none of a series stands alone, unless
    ``everything``: then such sessions are grouped by format."""
    from spiegel_tui.report.common import format_title

    groups: dict[str, Group] = {}
    where: dict[str, str] = {}  # session id -> key of its group
    for item in loaded:
        session = item.session
        if session.organisation:
            key = "o:" + _norm(session.organisation)
            name, why = session.organisation, t("series.why.organisation", lang,
                                                name=session.organisation)
        elif session.follows and session.follows in where:
            key = where[session.follows]
            name, why = groups[key].name, t("series.why.follows", lang, id=session.follows)
        elif everything:
            key = "f:" + session.format
            name = t("series.by_format", lang, format=format_title(session.format, lang))
            why = t("series.why.format", lang)
        else:
            key = "s:" + session.id
            name, why = session.title, t("series.why.alone", lang)
        groups.setdefault(key, Group(name, [])).members.append((item, why))
        where[session.id] = key
    return list(groups.values())
