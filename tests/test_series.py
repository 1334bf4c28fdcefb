"""``spiegel series``: the action-research overview over a generated folder of sessions —
recurring tags and words, counts per question, every open action once (carried-over
copies counted at their origin), median timing, broken files skipped with one line each."""

from __future__ import annotations

import datetime as dt
import re
import time
from html import escape
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.cli import main
from spiegel_tui.model import flow
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import (
    ActionStatus,
    NoteKind,
    Participant,
    Role,
    Session,
)
from spiegel_tui.report import series

TZ = dt.timezone(dt.timedelta(hours=1))
DAY0 = dt.date(2025, 1, 6)
RARE_TAG_SESSIONS = (10, 20, 30)
WAIT = "wachtlijst jeugdzorg"
WAIT_SESSIONS = range(0, 60, 4)  # 15 sessions, once each
FORMATS = builtin_formats()


def make(index: int, fmt_name: str = "buitenspiegel", organisation: str = "Gemeente Oost",
         notes: bool = True) -> Session:
    fmt = FORMATS[fmt_name]
    date = DAY0 + dt.timedelta(days=7 * index)
    session = fmt.make_session(title=f"Casus {index}", date=date,
                               session_id=f"{date.isoformat()}-casus-{index:03d}",
                               participants=[Participant(name=f"Persoon{index} Achternaam{index}",
                                                         role=Role.CLIENT)])
    session.organisation = organisation
    now = dt.datetime.combine(date, dt.time(13, 0), TZ)
    flow.start(session, now)
    if notes:
        question = session.questions[0].id if session.questions else None
        step = session.agenda[0].id
        flow.add_note(session, f"+ compliment {index} #wekelijks", now, step=step,
                      question=question)
        flow.add_note(session, f"! kritiek {index}", now, step=step, question=question)
        if index in RARE_TAG_SESSIONS:
            flow.add_note(session, f"zeldzaam onderwerp {index} #zeldzaamheid", now, step=step)
        if index in WAIT_SESSIONS:
            flow.add_note(session, f"De {WAIT} is te lang bij casus {index}", now, step=step)
        if index == 5:
            flow.add_note(session, "eerste #dubbeltag", now, step=step)
            flow.add_note(session, "tweede #dubbeltag", now, step=step)
        if index == 6:
            flow.add_note(session, "derde #dubbeltag", now, step=step)
    # timing of the first step: 600, 700, 900 s ... repeating, so the median is known
    session.agenda[0].elapsed_s = (600, 700, 900)[index % 3]
    flow.finish(session, now + dt.timedelta(seconds=session.agenda[0].elapsed_s))
    session.agenda[0].elapsed_s = (600, 700, 900)[index % 3]
    flow.add_action(session, f"Open actie van sessie {index}")
    done = flow.add_action(session, f"Afgeronde actie van sessie {index}")
    session.actions[-1] = done.model_copy(update={"status": ActionStatus.DONE})
    return session


def carry_over(session: Session, source: Session) -> None:
    """What ``spiegel new --from`` does with open actions: copy with ``origin`` set."""
    for action in source.actions:
        if action.status is ActionStatus.OPEN:
            session.actions.append(action.model_copy(update={
                "id": session.next_action_id(), "origin": action.origin or source.id}))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """60 sessions; every 10th carries over the open actions of the one before it."""
    folder = tmp_path / "sessions"
    folder.mkdir()
    sessions: list[Session] = []
    for index in range(60):
        session = make(index)
        if index % 10 == 1:
            carry_over(session, sessions[-1])
        if index == 41:  # the copy of session 40's action was done in 41: no longer open
            session.actions[-1] = session.actions[-1].model_copy(
                update={"status": ActionStatus.DONE})
        sessions.append(session)
        store.save(Session.model_validate(session.model_dump()), folder / f"{session.id}.toml")
    return folder


def open_expected() -> list[str]:
    return [f"Open actie van sessie {index}" for index in range(60) if index != 40]


def test_series_markdown(folder: Path, tmp_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "overzicht.md"
    assert main(["series", str(folder), "-o", str(out_file)]) == 0
    assert capsys.readouterr().err == ""
    md = out_file.read_text(encoding="utf-8")
    assert "60 sessies" in md

    # a tag in exactly 3 sessions: count 3, 3 sessions, first and last seen, links back
    row = next(line for line in md.splitlines() if line.startswith("| #zeldzaamheid |"))
    cells = [c.strip() for c in row.strip("|").split(" | ")]
    first = (DAY0 + dt.timedelta(days=70)).isoformat()
    last = (DAY0 + dt.timedelta(days=210)).isoformat()
    assert cells[1:5] == ["3", "3", first, last], cells
    links = re.findall(r"\]\(([^)]+)\)", cells[5])
    assert len(links) == 3
    for link in links:
        target = (out_file.parent / link).resolve()
        assert target.is_file() and target.parent == folder.resolve()
    # twice in one session and once in another: count 3, in 2 sessions
    row = next(line for line in md.splitlines() if line.startswith("| #dubbeltag |"))
    assert [c.strip() for c in row.strip("|").split(" | ")][1:3] == ["3", "2"]
    # the tag in every session
    row = next(line for line in md.splitlines() if line.startswith("| #wekelijks |"))
    assert [c.strip() for c in row.strip("|").split(" | ")][1:3] == ["60", "60"]

    # untagged notes: frequent words and two-word phrases, stop words left out
    words = md[md.index("### Veelgenoemde"):md.index("## Per perspectief")]
    row = next(line for line in words.splitlines() if line.startswith(f"| {WAIT} |"))
    assert [c.strip() for c in row.strip("|").split(" | ")][1:3] == ["15", "15"]
    for stop in ("de", "is", "te", "bij"):
        assert f"| {stop} |" not in words
    assert "persoon" not in words.casefold()  # participant names are no threads

    # every open action exactly once, oldest first; done ones (and done copies) not at all
    actions = md[md.index("## Openstaande acties"):md.index("## Tijd per werkvorm")]
    positions = []
    for text in open_expected():
        assert len(re.findall(re.escape(text) + r"(?!\d)", actions)) == 1, text
        positions.append(actions.index(text + " "))
    assert positions == sorted(positions)
    assert "Afgeronde actie" not in actions
    assert "Open actie van sessie 40 " not in actions

    # per perspective and question
    per_question = md[md.index("## Per perspectief"):md.index("## Openstaande acties")]
    session = store.load(next(folder.glob("*.toml")))
    label = session.questions[0].label
    row = next(line for line in per_question.splitlines() if f"| {label} |" in line)
    assert [c.strip() for c in row.strip("|").split(" | ")][2:5] == ["60", "60", "0"]

    # timing: planned vs median actual of the first step (600/700/900 s: median 700)
    timing = md[md.index("## Tijd per werkvorm"):]
    row = next(line for line in timing.splitlines() if f"| {session.agenda[0].title} |" in line)
    assert [c.strip() for c in row.strip("|").split(" | ")][2:5] == ["10 min", "11:40", "60"]


def test_series_html(folder: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "overzicht.html"
    assert main(["series", str(folder), "--to", "html", "-o", str(out_file)]) == 0
    page = out_file.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    lowered = page.lower()
    for forbidden in ("http://", "https://", "<script", "<link", "url("):
        assert forbidden not in lowered
    assert not re.search(r"""(src|href)\s*=\s*["']?//""", lowered)
    for text in open_expected():
        assert len(re.findall(re.escape(escape(text)) + r"(?!\d)", page)) == 1, text
    assert "#zeldzaamheid" in page


def test_broken_files_are_skipped_one_line_each(folder: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "kapot.toml").write_text('id = "x"\ntitle = [\n', encoding="utf-8")
    (folder / "fout-schema.toml").write_text('schema_version = 1\nid = "x"\n',
                                             encoding="utf-8")
    (folder / "leeg.toml").write_bytes(b"\xff\xfe\x00")
    assert main(["series", str(folder)]) == 0
    captured = capsys.readouterr()
    errors = captured.err.strip().splitlines()
    assert len(errors) == 3, errors
    named = sorted(line.split(":", 1)[0] for line in errors)
    assert named == sorted(str(folder / name) for name in
                           ("kapot.toml", "fout-schema.toml", "leeg.toml"))
    assert "Traceback" not in captured.err
    assert "60 sessies" in captured.out
    assert "Open actie van sessie 59" in captured.out


def test_missing_folder_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["series", str(tmp_path / "nergens")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(tmp_path / "nergens") in err[0]
    a_file = tmp_path / "bestand.toml"
    a_file.write_text("", encoding="utf-8")
    assert main(["series", str(a_file)]) == 2


def test_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["series", str(tmp_path), "--to", "html"]) == 0
    assert "<h1>" in capsys.readouterr().out


def test_carried_over_by_new_from_counts_once(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    first = make(0)
    path = folder / f"{first.id}.toml"
    store.save(first, path)
    assert main(["new", "binnenspiegel", "--from", str(path), "--date", "2025-02-01",
                 "--dir", str(folder)]) == 0
    second = store.load(capsys.readouterr().out.strip().splitlines()[-1])
    assert any(a.origin == first.id for a in second.actions)
    assert main(["series", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.count("Open actie van sessie 0") == 1
    row = next(line for line in out.splitlines() if "Open actie van sessie 0" in line)
    assert first.id in row  # listed at its origin


def test_open_actions_from_earlier(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    east = [make(i, organisation="Gemeente Oost", notes=False) for i in range(3)]
    west = make(1, organisation="Gemeente West", notes=False)
    west.id = "2025-01-13-west"
    for session in [*east, west]:
        store.save(session, folder / f"{session.id}.toml")
    (folder / "kapot.toml").write_text("[[", encoding="utf-8")
    later = make(9, organisation="gemeente  oost", notes=False)
    carry_over(later, east[0])  # already carries session 0's action
    found = series.open_actions_from_earlier(later, folder)
    assert [(sid, a.text) for sid, a in found] == [
        (east[1].id, "Open actie van sessie 1"), (east[2].id, "Open actie van sessie 2")]
    # the earliest session has nothing earlier
    assert series.open_actions_from_earlier(east[0], folder) == []


def test_five_hundred_sessions_quickly(tmp_path: Path) -> None:
    """500 sessions of 100 notes is the benchmark's job; 500 small ones must be quick."""
    folder = tmp_path / "many"
    folder.mkdir()
    base = make(0, notes=False)
    base.notes = []
    text = store.save(base, folder / "template.toml")
    (folder / "template.toml").unlink()
    for index in range(500):
        date = (DAY0 + dt.timedelta(days=index)).isoformat()
        body = text.replace(base.id, f"{date}-s{index}").replace(
            f"date = {base.date.isoformat()}", f"date = {date}")
        body = body.replace("Open actie van sessie 0", f"Open actie van sessie {index}")
        tag = "#trio" if index in (100, 200, 300) else "#alle"
        body += (f'\n[[notes]]\nid = "n-0001"\nat = {date}T13:00:00+01:00\n'
                 f'step = "{base.agenda[0].id}"\nkind = "critical"\n'
                 f'text = "kritiek {index} {tag}"\ntags = ["{tag[1:]}"]\n')
        (folder / f"{date}-s{index}.toml").write_text(body, encoding="utf-8")
    started = time.perf_counter()
    loaded, errors = series.load_folder(folder)
    overview = series.build(loaded, skipped=len(errors))
    elapsed = time.perf_counter() - started
    assert errors == [] and overview.sessions == 500
    trio = next(th for th in overview.tags if th.label == "#trio")
    assert (trio.count, trio.sessions) == (3, 3)
    assert len(overview.open_actions) == 500
    assert len({item.action.text for item in overview.open_actions}) == 500
    assert elapsed < 10, f"series over 500 sessions took {elapsed:.1f} s"


def test_stop_words_and_terms() -> None:
    assert "de" in series.STOP_WORDS and "het" in series.STOP_WORDS
    found = series.terms("De wachtlijst voor de jeugdzorg is te lang", set())
    assert {"wachtlijst", "jeugdzorg", "lang"} <= found
    assert "de" not in found and "is" not in found
    assert "wachtlijst jeugdzorg" not in found  # "voor de" sits between them
    assert "jeugdzorg" in series.terms("wachtlijst jeugdzorg", set())
    assert "wachtlijst jeugdzorg" in series.terms("wachtlijst jeugdzorg", set())
    assert series.terms("Fenna belt", {"fenna"}) == {"belt"}
    assert NoteKind.CRITICAL  # kinds counted per question are the model's


def test_questions_listed_per_perspective_in_the_formats_order() -> None:
    folder = Path(__file__).parent.parent / "sessions"
    loaded, _ = series.load_folder(folder)
    rows = [(q.perspective, q.question) for q in series.build(loaded).questions]
    perspectives = [p for index, (p, _) in enumerate(rows)
                    if index == 0 or rows[index - 1][0] != p]
    assert len(perspectives) == len(set(perspectives)), perspectives  # each one block
    assert [label for p, label in rows if p == "Present"] == ["Aanwezigheid", "Aandacht",
                                                              "Antwoord"]


def test_a_big_folder_read_by_workers_is_read_as_by_one_process(folder: Path) -> None:
    (folder / "kapot.toml").write_text("schema_version = [\n")
    (folder / "leeg.toml").write_text("")
    assert len(list(folder.glob("*.toml"))) >= series.PARALLEL_FROM
    alone, alone_errors = series.load_folder(folder, processes=1)
    shared, shared_errors = series.load_folder(folder, processes=2)
    assert [(item.path, item.session) for item in shared] == [
        (item.path, item.session) for item in alone]
    assert [str(error) for error in shared_errors] == [str(error) for error in alone_errors]
    assert len(alone_errors) == 2
