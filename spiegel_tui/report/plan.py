"""The improvement plan (``spiegel export F --as plan``): the actions by horizon and owner,
each with the note it came from; then the advice and critical notes no action came from."""

from __future__ import annotations

from collections.abc import Iterable

from spiegel_tui.i18n import t
from spiegel_tui.model.session import Action, Horizon, NoteKind, Participant, Session
from spiegel_tui.report.anonymize import Anonymizer
from spiegel_tui.report.common import note_view
from spiegel_tui.report.document import Document, Section, Table, session_facts


def _source(session: Session, action: Action, anon: Anonymizer) -> str:
    note = next((n for n in session.notes if n.id == action.note), None) if action.note else None
    if note is None:
        return "—"
    kind = t(f"report.kind.{note.kind.value}", session.language)
    return f"{kind}: {' '.join(anon.text(note.text).split())}"


def build(session: Session, *, anonymize: bool = False,
          others: Iterable[Participant] = ()) -> Document:
    lang = session.language
    anon = Anonymizer.for_session(session, enabled=anonymize, others=others)
    facts = session_facts(session, anon)
    sections = [Section("", paragraphs=[t("plan.intro", lang)])]
    header = [t("report.action", lang), t("report.due", lang), t("report.status", lang),
              t("plan.from", lang)]
    for horizon in (Horizon.SHORT, Horizon.LONG):
        actions = [a for a in session.actions if a.horizon is horizon]
        heading = t(f"report.horizon.{horizon.value}", lang)
        sections.append(Section(heading[:1].upper() + heading[1:],
                                empty="" if actions else t("plan.none", lang)))
        owners: list[str] = []
        for action in actions:
            owner = anon.owner(action.owner) or t("plan.no_owner", lang)
            if owner not in owners:
                owners.append(owner)
        for owner in owners:
            rows = [[anon.text(a.text), a.due.isoformat() if a.due else "—",
                     t(f"report.action.{a.status.value}", lang), _source(session, a, anon)]
                    for a in actions
                    if (anon.owner(a.owner) or t("plan.no_owner", lang)) == owner]
            sections.append(Section(owner, level=3, table=Table(
                header, rows, ["36%", "13%", "10%", "41%"], {1})))
    used = {a.note for a in session.actions if a.note}
    points = [note_view(n, anon) for n in session.notes
              if n.kind in (NoteKind.ADVICE, NoteKind.CRITICAL) and n.id not in used]
    if points:
        sections.append(Section(t("plan.points", lang),
                                paragraphs=[t("plan.points.intro", lang)], notes=points))
    return Document(lang=lang, title=t("plan.title", lang), subtitle=anon.text(session.title),
                    facts=facts, sections=sections)
