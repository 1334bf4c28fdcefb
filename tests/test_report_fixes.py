"""Report fixes of issue 14: question texts instead of ids, the running step counted to
the moment of export, teams with their themes, and the closing round's lessons and
agreements in a section of their own."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.cli import main
from spiegel_tui.model import flow
from spiegel_tui.model.clock import system_now
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Clock, NoteKind
from spiegel_tui.report import markdown as md_report

TZ = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 11, 22, 13, 0, 0, tzinfo=TZ)
QUESTIONS = ["Hoe vond u het eerste gesprek met de jeugdbeschermer?",
             "Wist u bij wie u terecht kon als het misging?"]


def new_session(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Path:
    assert main(["new", *args, "--dir", str(folder), "--date", "2026-10-08"]) == 0
    return Path(capsys.readouterr().out.strip().splitlines()[-1])


@pytest.fixture
def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A spiegelgesprek made with --questions (lines without labels), a note on each."""
    folder = tmp_path / "sessions"
    questions = tmp_path / "vragen.txt"
    questions.write_text("\n".join(QUESTIONS) + "\n", encoding="utf-8")
    path = new_session(folder, capsys, "spiegelgesprek", "--questions", str(questions))
    session = store.load(path)
    ids = [q.id for q in session.questions if q.text in QUESTIONS]
    assert len(ids) == 2 and all(re.fullmatch(r"v-\d\d", i) for i in ids), ids
    for question_id in ids:
        step = next(item.id for item in session.agenda if question_id in item.questions)
        flow.add_note(session, "! het duurde lang", T0, step=step, question=question_id)
        flow.add_note(session, "> een vast aanspreekpunt", T0, step=step, question=question_id)
    store.save(session, path)
    return path


@pytest.mark.parametrize("command", [["export", "--to", "md"], ["export", "--to", "html"],
                                     ["series", "--to", "md"], ["series", "--to", "html"]])
def test_imported_questions_show_their_text_never_their_id(
        imported: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    target = imported if command[0] == "export" else imported.parent
    assert main([command[0], str(target), *command[1:]]) == 0
    out = capsys.readouterr().out
    for text in QUESTIONS:
        assert text in out or text.replace("'", "&#x27;") in out, text
    assert not re.search(r"(?<![\w-])v-\d\d(?![\w-])", out), "a question id is shown"


def test_a_question_without_label_is_a_heading_of_its_text_once(imported: Path) -> None:
    md = md_report.render(store.load(imported))
    assert f"### {QUESTIONS[0]}\n" in md
    # the fishbowl lists it under "wat kan beter" and "wensen": a heading each time, and
    # not repeated as the quoted question text under it
    assert md.count(QUESTIONS[0]) == md.count(f"### {QUESTIONS[0]}\n") == 2
    assert f"> {QUESTIONS[0]}" not in md


def test_the_running_step_counts_until_export(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session = builtin_formats()["buitenspiegel"].make_session(
        date=dt.date(2026, 11, 22), session_id="2026-11-22-loopt")
    now = system_now()
    flow.start(session, now - dt.timedelta(seconds=400))
    item = session.agenda[0]
    item.elapsed_s = 100  # an earlier run, then a run under way for 300 s
    session.clock = Clock(step=item.id, since=now - dt.timedelta(seconds=300))
    path = tmp_path / f"{session.id}.toml"
    store.save(session, path)
    assert main(["export", str(path)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines()
               if line.startswith(f"| {item.title} |"))
    actual = [c.strip() for c in row.strip("|").split(" | ")][2]
    minutes, seconds = re.match(r"(\d+):(\d\d)", actual).groups()  # type: ignore[union-attr]
    assert abs(int(minutes) * 60 + int(seconds) - 400) <= 2, actual
    assert "loopt nog" in actual


def test_teams_and_their_themes_are_in_the_report() -> None:
    session = builtin_formats()["digitale-spiegelsessie"].make_session(
        date=dt.date(2026, 11, 3), session_id="2026-11-03-dss")
    session.teams[0].theme = "Herstelgericht werken"
    session.teams[1].theme = "Naasten betrekken"
    md = md_report.render(session)
    line = next(x for x in md.splitlines() if x.startswith("- **Teams en thema's:**"))
    assert f"{session.teams[0].name} — Herstelgericht werken" in line
    assert f"{session.teams[1].name} — Naasten betrekken" in line


def test_closing_round_lessons_and_agreements_have_their_own_section() -> None:
    session = builtin_formats()["buitenspiegel"].make_session(
        date=dt.date(2026, 11, 22), session_id="2026-11-22-slot")
    flow.start(session, T0)
    closing = session.agenda[-1].id
    flow.add_note(session, "eerder de corporatie bellen", T0, step=closing,
                  kind=NoteKind.LESSON)
    flow.add_note(session, "over drie maanden een binnenspiegel", T0, step=closing,
                  kind=NoteKind.AGREEMENT)
    flow.add_note(session, "koffie was op", T0, step=closing)
    flow.add_note(session, "een les tijdens de casus", T0, step=session.agenda[1].id,
                  kind=NoteKind.LESSON)
    md = md_report.render(session)
    section = md[md.index("## Lessen en afspraken uit de slotronde"):md.index("## Acties")]
    assert "**Lessen**" in section and "- eerder de corporatie bellen" in section
    assert "**Afspraken**" in section and "- over drie maanden een binnenspiegel" in section
    assert "koffie was op" not in section and "een les tijdens de casus" not in section
    for note in session.notes:  # still every note exactly once
        assert md.count(note.text) == 1, note.text
