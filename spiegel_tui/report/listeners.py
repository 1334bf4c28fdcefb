"""For before a spiegelgesprek (``spiegel export F --as listeners``): the information sheet
for listeners (what a mirror meeting is, why, how it goes, the rules; after the flyer
"Informatie voor toehoorders") and, on a page of its own, the gespreksleidraad for the
facilitator: the organisation's own questions in the order of the conversation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from spiegel_tui.i18n import t
from spiegel_tui.model.session import Participant, Question, Session
from spiegel_tui.report.anonymize import Anonymizer
from spiegel_tui.report.common import break_title
from spiegel_tui.report.document import Document, Section, session_facts


def _agenda(session: Session, anon: Anonymizer) -> list[str]:
    """The steps, each with its clock time from the planned start (when there is one)."""
    lang = session.language
    at = dt.datetime.combine(session.date, session.start_time) if session.start_time else None
    out = []
    for item in session.agenda:
        title = break_title(anon.text(item.title), item.is_break, lang)
        minutes = f" ({t('report.minutes', lang, n=item.planned_min)})" if item.planned_min else ""
        out.append((f"{at:%H:%M} " if at else "") + title + minutes)
        if at is not None:
            at += dt.timedelta(minutes=item.planned_min or 0)
    return out


def _question(question: Question, anon: Anonymizer) -> str:
    text = anon.text(question.text)
    return f"{anon.text(question.label)}: {text}" if question.label else text


def guide_sections(session: Session, anon: Anonymizer) -> list[Section]:
    """Per step that asks questions, the questions in order, and its points of attention."""
    lang = session.language
    out = []
    asked: set[str] = set()
    for item in session.agenda:
        questions = [q for q in (session.question(i) for i in item.questions) if q is not None]
        asked |= {q.id for q in questions}
        prompts = [anon.text(p) for p in item.prompts]
        if not questions and not prompts:
            continue
        minutes = f" ({t('report.minutes', lang, n=item.planned_min)})" if item.planned_min else ""
        out.append(Section(anon.text(item.title) + minutes, level=3,
                           paragraphs=[anon.text(item.description)] if item.description else [],
                           items=[_question(q, anon) for q in questions], numbered=True))
        if prompts:
            out.append(Section(t("guide.prompts", lang), level=4, items=prompts))
    rest = [q for q in session.questions if q.id not in asked]
    if rest:
        out.append(Section(t("guide.other", lang), level=3,
                           items=[_question(q, anon) for q in rest], numbered=True))
    return out


def build(session: Session, *, anonymize: bool = False,
          others: Iterable[Participant] = ()) -> Document:
    lang = session.language
    anon = Anonymizer.for_session(session, enabled=anonymize, others=others)
    when = []
    if session.start_time:
        end = f"–{session.end_time:%H:%M}" if session.end_time else ""
        when = [(t("listeners.time", lang), f"{session.start_time:%H:%M}{end}")]
    facts = session_facts(session, anon, when)
    sections = [
        Section(t("listeners.what", lang), paragraphs=[t("listeners.what.text", lang)]),
        Section(t("listeners.why", lang), paragraphs=[t("listeners.why.text", lang)]),
        Section(t("listeners.how", lang), paragraphs=[t(
            "listeners.how.text", lang, minutes=session.planned_minutes)],
            items=_agenda(session, anon)),
        Section(t("listeners.rules", lang), paragraphs=[t("listeners.rules.text", lang)],
                items=[anon.text(rule.text) for rule in session.rules]),
        Section(t("guide.title", lang), new_page=True, paragraphs=[t("guide.intro", lang)]),
        *guide_sections(session, anon),
    ]
    return Document(lang=lang, title=t("listeners.title", lang),
                    subtitle=anon.text(session.title), facts=facts, sections=sections)
