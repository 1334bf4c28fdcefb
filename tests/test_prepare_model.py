"""The prepare edits (model/prepare.py) without the screen: ids and pasted questions."""

from __future__ import annotations

import datetime as dt

from spiegel_tui.model import prepare as edit
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import ItemKind, Session

DAY = dt.date(2026, 11, 22)
ASKED = dt.datetime(2026, 11, 22, 13, 30, tzinfo=dt.UTC)


def new_session() -> Session:
    return builtin_formats()["spiegelgesprek"].make_session(title="x", date=DAY)


def test_a_removed_questions_id_is_never_handed_out_again() -> None:
    session = new_session()
    step = edit.organisation_step(session)
    assert step is not None
    for text in ("een", "twee", "drie"):
        edit.add_question(session, text, "organisatie", step.id, len(session.questions) - 1)
    ids = [q.id for q in session.questions if q.id.startswith("v-")]
    assert ids == ["v-01", "v-02", "v-03"]
    edit.remove_question(session, [q.id for q in session.questions].index("v-02"))
    edit.add_question(session, "vier", "organisatie", step.id, len(session.questions) - 1)
    assert session.questions[-1].id == "v-04"


def test_a_removed_steps_id_is_never_handed_out_again() -> None:
    session = new_session()
    edit.add_step(session, 0, ItemKind.STEP, "een", 10)
    edit.add_step(session, 1, ItemKind.STEP, "twee", 10)
    assert [session.agenda[1].id, session.agenda[2].id] == ["stap-1", "stap-2"]
    edit.remove_step(session, 1)
    index = edit.add_step(session, 0, ItemKind.STEP, "drie", 10)
    assert session.agenda[index].id == "stap-3"


def test_paste_keeps_asked_questions_and_never_reuses_an_id() -> None:
    session = new_session()
    step = edit.organisation_step(session)
    assert step is not None
    asked = step.questions[1]
    index = [q.id for q in session.questions].index(asked)
    session.questions[index] = session.questions[index].model_copy(update={"asked_at": ASKED})
    added, replaced = edit.paste_questions(session, "Eerste?\nTweede?")
    assert (added, replaced) == (2, 3)
    assert session.question(asked) is not None and asked in step.questions
    first = edit.paste_questions(session, "Derde?")
    assert first == (1, 2)
    ids = [q.id for q in session.questions if q.id.startswith("v-")]
    assert ids == ["v-03"]
    edit.check(session)


def test_pasted_prefixes_match_names_whatever_their_case_and_spacing() -> None:
    session = new_session()
    edit.paste_questions(session, "OPEN   vragen : Hoe voelde u zich?\nOrganisatie: Toegang?")
    step = edit.organisation_step(session)
    assert step is not None
    assert [(q.perspective, q.text) for q in session.step_questions(step.id)] == [
        ("open", "Hoe voelde u zich?"), ("organisatie", "Toegang?")]


def test_pasted_prefixes_may_name_a_perspective_in_english() -> None:
    session = new_session()  # a Dutch spiegelgesprek
    step = edit.organisation_step(session)
    assert step is not None
    fmt = builtin_formats()["spiegelgesprek"]  # the screen passes the format it read
    edit.paste_questions(session, "Open questions: How did it feel?", fmt)
    assert [(q.perspective, q.text) for q in session.step_questions(step.id)] == [
        ("open", "How did it feel?")]
