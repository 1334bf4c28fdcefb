"""The letter back to participants and clients (``spiegel export F --as letter``).

Thanks; what we heard, per perspective (and per team a note was addressed to), in the
participants' own words; the lessons and agreements; what we will do (the actions with
who and when). Names are anonymized unless the caller asks for them (``--names``): a
letter goes to many people, and the notes name clients.
"""

from __future__ import annotations

from collections.abc import Iterable

from spiegel_tui.i18n import t
from spiegel_tui.model.session import (
    ActionStatus,
    Note,
    NoteKind,
    Participant,
    Role,
    Session,
)
from spiegel_tui.report.anonymize import Anonymizer
from spiegel_tui.report.common import format_title, note_view, perspective_order
from spiegel_tui.report.document import Document, Section, Table

HEARD = (NoteKind.COMPLIMENT, NoteKind.CRITICAL, NoteKind.ADVICE, NoteKind.QUOTE)


def _heard(session: Session, heading: str, notes: list[Note],
           anon: Anonymizer) -> list[Section]:
    lang = session.language
    out = []
    for kind in HEARD:
        chosen = [note_view(n, anon) for n in notes if n.kind is kind]
        if chosen:
            out.append(Section(t(f"letter.kind.{kind.value}", lang), level=4, notes=chosen))
    return [Section(heading, level=3), *out] if out else []


def heard_sections(session: Session, anon: Anonymizer) -> list[Section]:
    """Per perspective (then per team addressed) what went well, what can improve, the
    advice and the quotes."""
    perspective_of = {q.id: q.perspective for q in session.questions}
    out: list[Section] = []
    for perspective in perspective_order(session):
        notes = [n for n in session.notes if not n.team and n.question is not None
                 and perspective_of.get(n.question) == perspective]
        out += _heard(session, anon.text(session.perspective_label(perspective)), notes, anon)
    teams = [team.name for team in session.teams]
    teams += sorted({n.team for n in session.notes if n.team and n.team not in teams})
    for team in teams:
        notes = [n for n in session.notes if n.team == team]
        out += _heard(session, t("report.mailbox.for", session.language, team=anon.text(team)),
                      notes, anon)
    return out


def build(session: Session, *, names: bool = False,
          others: Iterable[Participant] = ()) -> Document:
    lang = session.language
    anon = Anonymizer.for_session(session, enabled=not names, others=others)
    title = anon.text(session.title)
    facts = [(t("report.date", lang), session.date.isoformat())]
    if session.organisation:
        facts.append((t("report.organisation", lang), anon.text(session.organisation)))
    sections = [
        Section("", paragraphs=[t("letter.greeting", lang)]),
        Section(t("letter.thanks.heading", lang), paragraphs=[t(
            "letter.thanks", lang, date=session.date.isoformat(), title=title,
            format=format_title(session.format, lang))]),
    ]
    heard = heard_sections(session, anon)
    sections.append(Section(t("letter.heard", lang),
                            paragraphs=[t("letter.heard.intro", lang)] if heard else [],
                            empty=t("letter.heard.none", lang)))
    sections += heard
    lessons = [note_view(n, anon) for n in session.notes
               if n.kind in (NoteKind.LESSON, NoteKind.AGREEMENT)]
    if lessons:
        sections.append(Section(t("letter.lessons", lang), notes=lessons))
    rows = [[anon.text(a.text), anon.owner(a.owner) or "—",
             a.due.isoformat() if a.due else t("letter.later", lang),
             t(f"report.horizon.{a.horizon.value}", lang)]
            for a in session.actions if a.status is ActionStatus.OPEN]
    header = [t("report.action", lang), t("letter.who", lang), t("letter.when", lang),
              t("report.horizon", lang)]
    sections.append(Section(t("letter.todo", lang),
                            table=Table(header, rows, ["46%", "24%", "14%", "16%"], {2}),
                            empty=t("letter.todo.none", lang)))
    sections.append(Section("", paragraphs=[t("letter.outro", lang)]))
    signers = [anon.person(p) for p in session.participants if p.role is Role.FACILITATOR]
    if not names or not signers:
        signers = [t("letter.facilitator", lang)]
    closing = [t("letter.regards", lang), ", ".join(signers)]
    if session.organisation:
        closing.append(anon.text(session.organisation))
    return Document(lang=lang, title=t("letter.title", lang), subtitle=title, facts=facts,
                    sections=sections, closing=closing)
