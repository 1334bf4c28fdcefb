"""``spiegel export``: md and html of a finished session hold every note once, the timing
and the actions; ``--anonymize`` leaves no participant name; the html is self-contained and
renders in headless Chromium on A4 without a network request."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
import subprocess
from html import escape
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.cli import main
from spiegel_tui.model import flow
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import (
    ActionStatus,
    Horizon,
    NoteKind,
    Participant,
    Role,
    Session,
)
from spiegel_tui.report import html as html_report
from spiegel_tui.report import markdown as md_report

TZ = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 11, 22, 13, 0, 0, tzinfo=TZ)

PEOPLE = [
    ("Wilhelmina Oosterbroek", Role.FACILITATOR),
    ("Quirijn Zandvoort", Role.SCRIBE),
    ("Berend Klaassen", Role.PRESENTER),
    ("Fenna Brouwer", Role.CLIENT),
    ("Melle Hofstede", Role.CLIENT),
    ("Sanne van der Wiel", Role.PROFESSIONAL),
    ("Otto Rijkaard", Role.PARTNER),
]
NAMES = [name for name, _ in PEOPLE]
FIRST_NAMES = [name.split()[0] for name in NAMES]

# Per question: (typed text with marker, kind it becomes). Names of participants appear in
# some texts, in other cases than written, so anonymizing has work to do.
QUESTION_NOTES = {
    "aanwezigheid": ["+ Fenna voelde zich gehoord vanaf dag één", "! wachttijd van zes weken"],
    "aandacht": ['" Ik werd eindelijk serieus genomen', "> vaker thuis afspreken"],
    "antwoord": ["+ melle hofstede kreeg snel een woning #huisvesting"],
    "bevoegd": ["! Sanne mocht geen budget toekennen", "? wie beslist over maatwerk?"],
    "bekwaam": ["> scholing over schulden voor het hele team #schulden"],
    "betrouwbaar": ["+ afspraken werden nagekomen & bevestigd <per brief>"],
    "grondig": ["! alleen naar de huur gekeken, niet naar de zorg"],
    "gedeeld": ["> informatie delen met OTTO RIJKAARD van de corporatie"],
    "gezamenlijk": ["les: één plan had twee maanden gescheeld",
                    "+ Berend en de corporatie trokken samen op"],
}
STEP_NOTES = {
    "welkom": ["Iedereen was op tijd", "Koffie en \"thee\" stonden klaar"],
    "casus": ["Tijdlijn van maart tot en met oktober\ntweede regel van dezelfde notitie"],
    "afsluiting": ["Volgende bijeenkomst over drie maanden"],
}
LONG_WORD = "Zorgcoördinatiecasusoverleg" * 12  # one unbroken word, wider than A4


def note_texts(session: Session) -> list[str]:
    return [note.text for note in session.notes]


def finished_buitenspiegel() -> Session:
    """A buitenspiegel run step by step with fixed times, notes on all 9 questions."""
    fmt = builtin_formats()["buitenspiegel"]
    session = fmt.make_session(
        title="Casus Fenna Brouwer en wijkteam Noord",
        date=dt.date(2026, 11, 22),
        session_id="2026-11-22-casus-wijkteam-noord",
        start_time=dt.time(13, 0),
        end_time=dt.time(15, 30),
        participants=[Participant(name=name, role=role,
                                  team="Wijkteam Noord" if role is Role.PROFESSIONAL else None)
                      for name, role in PEOPLE],
    )
    now = T0
    flow.start(session, now)
    # minutes spent per position, in flow order (a step without questions is one position)
    spent = {"welkom": 12, "casus": 25, "verheldering": 8}
    for position in flow.positions(session):
        if flow.current_position(session) != position:
            flow.go_to(session, position, now)
        if position.question is None:
            for text in STEP_NOTES.get(position.step, []):
                now += dt.timedelta(seconds=30)
                flow.add_note(session, text, now)
            now += dt.timedelta(minutes=spent.get(position.step, 15)) - dt.timedelta(
                seconds=30 * len(STEP_NOTES.get(position.step, [])))
        else:
            for text in QUESTION_NOTES[position.question]:
                now += dt.timedelta(seconds=45)
                kind = NoteKind.LESSON if text.startswith("les: ") else None
                flow.add_note(session, text.removeprefix("les: "), now, kind=kind)
            now += dt.timedelta(minutes=11) - dt.timedelta(
                seconds=45 * len(QUESTION_NOTES[position.question]))
    flow.add_note(session, LONG_WORD, now, step="afsluiting")
    flow.finish(session, now)
    flow.add_action(session, "Casusregie vastleggen in één plan", owner="Sanne van der Wiel",
                    due=dt.date(2026, 12, 15), horizon=Horizon.SHORT)
    flow.add_action(session, "Budget voor maatwerk bij het wijkteam", owner="Wijkteam Noord",
                    due=dt.date(2027, 3, 1), horizon=Horizon.LONG)
    done = flow.add_action(session, "Otto belt de corporatie", owner="otto rijkaard")
    session.actions[-1] = done.model_copy(update={"status": ActionStatus.DONE})
    return Session.model_validate(session.model_dump())


@pytest.fixture
def session() -> Session:
    return finished_buitenspiegel()


@pytest.fixture
def session_file(tmp_path: Path, session: Session) -> Path:
    path = tmp_path / f"{session.id}.toml"
    store.save(session, path)
    return path


def test_built_session_is_what_the_test_claims(session: Session) -> None:
    asked = {note.question for note in session.notes if note.question}
    assert asked == {q.id for q in session.questions} and len(asked) == 9
    kinds = {note.kind for note in session.notes}
    assert {NoteKind.COMPLIMENT, NoteKind.CRITICAL, NoteKind.ADVICE, NoteKind.QUOTE,
            NoteKind.QUESTION, NoteKind.LESSON, NoteKind.NOTE} <= kinds
    assert session.status == "finished"
    assert all(item.started_at is not None for item in session.agenda)
    texts = note_texts(session)
    assert len(set(texts)) == len(texts)
    for text in texts:  # no note text hides inside another, so counting is exact
        assert sum(other.count(text) for other in texts) == 1


@pytest.mark.parametrize("to", ["md", "html"])
def test_every_note_exactly_once(session: Session, to: str) -> None:
    if to == "md":  # escaped as html is (issue 17): "<per brief>" is raw HTML to Markdown
        out = md_report.render(session)
        texts = [md_report.escape(text) for text in note_texts(session)]
    else:
        out = html_report.render(session)
        texts = [escape(text, quote=True) for text in note_texts(session)]
    for text in texts:
        assert out.count(text) == 1, text


def timing_rows(md: str) -> dict[str, list[str]]:
    rows = {}
    for line in md.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            rows[cells[0]] = cells
    return rows


def test_markdown_header_timing_and_actions(session: Session) -> None:
    md = md_report.render(session)
    assert md.startswith("# Casus Fenna Brouwer en wijkteam Noord\n")
    assert "2026-11-22" in md and "Wilhelmina Oosterbroek" in md
    assert "Cliënt: 2" in md and "Professional: 1" in md
    rows = timing_rows(md)
    # welkom planned 10, held 12:00 (+2:00); casus planned 20, held 25:00 (+5:00)
    welkom = rows[session.agenda[0].title]
    assert welkom[1:4] == ["10 min", "12:00", "+02:00"], welkom
    casus = rows[session.agenda[1].title]
    assert casus[1:4] == ["20 min", "25:00", "+05:00"], casus
    # each discussion step: 3 questions x 11 min = 33:00 against 30 planned
    for item in session.agenda[3:6]:
        assert rows[item.title][1:4] == ["30 min", "33:00", "+03:00"]
    drift = sum(item.elapsed_s - item.planned_s for item in session.agenda)
    total = rows["**Totaal**"]
    assert total[1] == "150 min"
    assert total[3] == f"+{drift // 60:02d}:{drift % 60:02d}" and drift > 0
    assert "Pauzes" not in md  # a buitenspiegel has no breaks: no line about them
    assert f"{drift // 60:02d}:{drift % 60:02d} uitgelopen" in md
    for action in session.actions:
        assert action.text in md
    assert "| Casusregie vastleggen in één plan | Sanne van der Wiel | 2026-12-15 |" in md
    assert "lange termijn" in md and "gedaan" in md


def test_notes_grouped_by_perspective_question_and_kind(session: Session) -> None:
    md = md_report.render(session)
    order = [md.index(f"## {p.label}") for p in session.perspectives]
    assert order == sorted(order)
    present = md[order[0]:order[1]]
    assert "Fenna voelde zich gehoord" in present and "**Complimenten**" in present
    assert "**Kritische noten**" in present and "wachttijd van zes weken" in present
    integraal = md[order[2]:]
    assert "één plan had twee maanden gescheeld" in integraal and "**Lessen**" in integraal
    by_step = md[md.index("## Notities per onderdeel"):]
    assert "Iedereen was op tijd" in by_step and "Volgende bijeenkomst" in by_step


def test_html_is_self_contained_and_escaped(session: Session) -> None:
    out = html_report.render(session)
    lowered = out.lower()
    for forbidden in ("http://", "https://", "<link", "<script", "@import", "url(",
                      "<img", "<iframe", "<object", "<embed"):
        assert forbidden not in lowered, forbidden
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*//""", lowered)
    assert not re.search(r"""(src|href)\s*=""", lowered)
    assert "<style>" in out and "@page" in out and "A4" in out
    assert "&lt;per brief&gt;" in out and "<per brief>" not in out
    assert out.startswith("<!DOCTYPE html>")


def test_english_session_report(session: Session) -> None:
    english = session.model_copy(update={"language": "en"})
    md = md_report.render(english, anonymize=True)
    assert "Client 1" in md and "Cliënt" not in md
    assert "Timing" in md


@pytest.mark.parametrize("to", ["md", "html"])
def test_anonymized_report_holds_no_name(session: Session, to: str) -> None:
    render = md_report.render if to == "md" else html_report.render
    out = render(session, anonymize=True)
    lowered = out.casefold()
    for name in NAMES:
        assert name.casefold() not in lowered, name
    for first in FIRST_NAMES:  # whole words: "Otto" is not in "bottom"
        assert not re.search(rf"(?<!\w){re.escape(first)}(?!\w)", out, re.IGNORECASE), first
    assert "Cliënt 1 voelde zich gehoord" in out
    assert "Cliënt 2 kreeg snel een woning" in out
    assert "Professional 1 mocht geen budget toekennen" in out
    # action owners that are participants become their role; a team stays
    assert "| Casusregie vastleggen in één plan | Professional | 2026-12-15 |" in out or \
        to == "html"
    assert "Wijkteam Noord" in out
    # every note is still there exactly once, with its names replaced
    assert out.count("wachttijd van zes weken") == 1


def test_fishbowl_report_structure() -> None:
    fmt = builtin_formats()["spiegelgesprek"]
    session = fmt.make_session(date=dt.date(2026, 9, 17), session_id="2026-09-17-fb")
    flow.start(session, T0)
    question = session.questions[0].id
    step = next(item.id for item in session.agenda if question in item.questions)
    typed = ["+ de begeleider luistert echt", "! te veel wisselingen van begeleider",
             "> een vast aanspreekpunt", '" ik hoef niet steeds opnieuw te beginnen',
             "? mag ik mijn dossier inzien"]
    for text in typed:
        flow.add_note(session, text, T0, step=step, question=question)
    md = md_report.render(session)
    good, better, wishes = (md.index(f"## {h}") for h in
                            ("Wat gaat goed", "Wat kan beter", "Wensen"))
    assert good < better < wishes
    assert good < md.index("luistert echt") < better
    assert better < md.index("te veel wisselingen") < wishes
    assert wishes < md.index("een vast aanspreekpunt")
    out = html_report.render(session)
    for note in session.notes:
        assert md.count(note.text) == 1
        assert out.count(escape(note.text)) == 1


def test_mailbox_per_team_and_team_actions() -> None:
    fmt = builtin_formats()["digitale-spiegelsessie"]
    session = fmt.make_session(date=dt.date(2026, 11, 3), session_id="2026-11-03-dss")
    flow.start(session, T0)
    a, b = (team.name for team in session.teams)
    flow.add_note(session, "+ jullie CRITCH was helder", T0, team=a)
    flow.add_note(session, "> betrek naasten eerder", T0, team=b)
    flow.add_note(session, "! de wachtlijst is te lang", T0, team=b)
    flow.add_action(session, "Naasten uitnodigen bij intake", team=b, horizon=Horizon.SHORT)
    flow.add_action(session, "Wachtlijstbeleid herzien", team=b, horizon=Horizon.LONG)
    flow.add_action(session, "Terugkoppeling aan A", team=a, horizon=Horizon.SHORT)
    md = md_report.render(session)
    mailbox = md[md.index("## Brievenbus"):]
    for_a, for_b = mailbox.index(f"### Voor {a}"), mailbox.index(f"### Voor {b}")
    assert for_a < mailbox.index("jullie CRITCH was helder") < for_b
    assert for_b < mailbox.index("betrek naasten eerder")
    assert for_b < mailbox.index("de wachtlijst is te lang")
    short_b = md.index(f"### Acties van {b} — korte termijn")
    long_b = md.index(f"### Acties van {b} — lange termijn")
    assert short_b < md.index("Naasten uitnodigen bij intake") < long_b
    assert long_b < md.index("Wachtlijstbeleid herzien")
    for note in session.notes:
        assert md.count(note.text) == 1
    assert "- **Pauzes:** 3 pauze(s), gepland 30:00, werkelijk 00:00" in md


def test_compound_first_names_and_contact_details_are_anonymized() -> None:
    fmt = builtin_formats()["buitenspiegel"]
    session = fmt.make_session(date=dt.date(2026, 9, 17), session_id="2026-09-17-anon")
    session.participants = [Participant(name="Jan Willem Dekker", role=Role.CLIENT),
                            Participant(name="Anne-Marie van den Berg", role=Role.PROFESSIONAL)]
    flow.start(session, T0)
    for text in ("Jan Willem wil meer inspraak", "Willem belde terug", "Anne zei het al",
                 "mail els.bakker@example.nl of bel 06-12345678", "BSN 111222333 genoemd",
                 "Marie en Dekker kwamen samen", "ze woont in den Haag"):
        flow.add_note(session, text, T0)
    for render in (md_report.render, html_report.render):
        out = render(session, anonymize=True)
        for word in ("Jan", "Willem", "Dekker", "Anne", "Marie", "Berg", "els.bakker",
                     "12345678", "111222333"):
            assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", out), (word, render)
        assert "Cliënt 1 wil meer inspraak" in out and "Cliënt 1 belde terug" in out
        assert "mail [e-mailadres] of bel [telefoonnummer]" in out
        assert "BSN [BSN] genoemd" in out
        assert "ze woont in den Haag" in out  # a particle alone is no name


def test_names_in_other_scripts_genitives_and_everyday_words_are_anonymized() -> None:
    from spiegel_tui.report.anonymize import Anonymizer

    anon = Anonymizer([Participant(name="İlayda Yılmaz", role=Role.CLIENT),
                       Participant(name="Jürgen Großmann", role=Role.CLIENT),
                       Participant(name="Ben Willems", role=Role.PROFESSIONAL)])
    assert anon.text("İlayda zei het") == "Cliënt 1 zei het"
    assert anon.text("Jürgen Großmann belde, grossmann ook") == "Cliënt 2 belde, Cliënt 2 ook"
    assert anon.text("Ben zei dat ik ben gekomen") == "Professional 1 zei dat ik ben gekomen"
    assert anon.text("Willems moeder en Jürgens broer") == (
        "Professional 1 moeder en Cliënt 2's broer")  # the surname; a genitive


def test_export_command(session_file: Path, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(session_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Casus")
    target = tmp_path / "rapport.html"
    assert main(["export", str(session_file), "--to", "html", "-o", str(target),
                 "--anonymize"]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    for name in NAMES:
        assert name.casefold() not in text.casefold()
    assert not list(tmp_path.glob(".*.tmp"))


def test_export_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "kapot.toml"
    broken.write_text('title = "x"\nid = [\n', encoding="utf-8")
    out = tmp_path / "out.md"
    assert main(["export", str(broken), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(str(broken))
    assert not out.exists()
    assert main(["export", str(tmp_path / "missing.toml")]) == 2


# -- headless Chromium ---------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not on PATH")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium, sandboxed to a temp profile, every request sent to a dead proxy."""
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-default-apps",
               "--disable-extensions", f"--user-data-dir={profile}",
               "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
               "--host-resolver-rules=MAP * ~NOTFOUND", *args]
    env = {**os.environ, "HOME": str(tmp_path)}
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env,
                          cwd=tmp_path, check=False)


@needs_chromium
def test_html_prints_to_a4_pdf(session: Session, tmp_path: Path) -> None:
    page = tmp_path / "rapport.html"
    page.write_text(html_report.render(session), encoding="utf-8")
    pdf = tmp_path / "rapport.pdf"
    result = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                      page.as_uri())
    assert pdf.exists() and pdf.stat().st_size > 1000, result.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes, "no MediaBox in the PDF"
    for width, height in boxes:  # A4: 595 x 842 points
        assert abs(float(width) - 595.3) < 1.5 and abs(float(height) - 841.9) < 1.5
    assert len(boxes) >= 2  # a full report does not fit on one page


def a4_probe(tmp_path: Path, out: str) -> tuple[dict[str, str], str]:
    """A TEST copy of the page with a script that writes the page width and the number of
    resources fetched into the DOM, rendered at A4 width: (those values, the DOM)."""
    assert "</body>" in out
    probe = ("<script>var d=document.documentElement;"
             "document.body.setAttribute('data-scroll', String(d.scrollWidth));"
             "document.body.setAttribute('data-client', String(d.clientWidth));"
             "document.body.setAttribute('data-entries', "
             "String(performance.getEntriesByType('resource').length));</script></body>")
    page = tmp_path / "probe.html"
    page.write_text(out.replace("</body>", probe), encoding="utf-8")
    result = chromium(tmp_path, "--window-size=794,1123", "--dump-dom", page.as_uri())
    body = re.search(r"<body([^>]*)>", result.stdout)
    assert body, result.stderr[-2000:]
    values = dict(re.findall(r'data-(\w+)="(\d+)"', body.group(1)))
    assert values, result.stdout[:500]
    return values, result.stdout


@needs_chromium
def test_html_fits_a4_width_without_network(session: Session, tmp_path: Path) -> None:
    values, dom = a4_probe(tmp_path, html_report.render(session))
    scroll, client = int(values["scroll"]), int(values["client"])
    assert 700 <= client <= 794
    assert scroll <= client, f"horizontal overflow: {scroll}px content in {client}px"
    assert values["entries"] == "0"  # no resource was fetched (fonts, images, styles)
    # the rendered page holds the notes (it rendered although every request is dead)
    assert "wachttijd van zes weken" in dom


EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "sessions").glob("*.toml"))


def _names_in(path: Path) -> list[str]:
    """Every participant's full name and each longer part of it, of a session and of the
    session it follows."""
    session = store.load(path)
    people = list(session.participants)
    if session.follows:
        people += store.load(path.parent / f"{session.follows}.toml").participants
    names = {p.name for p in people}
    return sorted(names | {part for name in names for part in name.split() if len(part) > 3})


@pytest.mark.parametrize("to", ["md", "html"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_anonymized_examples_hold_no_name(path: Path, to: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"report.{to}"
    assert main(["export", str(path), "--to", to, "--anonymize", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    text = out.read_text(encoding="utf-8")
    if to == "html":
        text = re.sub(r"&#x27;|&#39;", "'", text.replace("&amp;", "&"))
    for name in _names_in(path):
        assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE), name


def test_names_from_the_followed_session_are_anonymized(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Notes carried into a binnenspiegel name people of the buitenspiegel it follows."""
    folder = tmp_path / "s"
    folder.mkdir()
    first = builtin_formats()["buitenspiegel"].make_session(
        date=dt.date(2026, 9, 1), session_id="2026-09-01-eerst", title="Eerst")
    first.participants = [Participant(name="Griselda Achterberg", role=Role.CLIENT)]
    store.create(first, folder / "2026-09-01-eerst.toml")
    second = builtin_formats()["binnenspiegel"].make_session(
        date=dt.date(2026, 10, 1), session_id="2026-10-01-daarna", title="Daarna")
    second.follows = first.id
    flow.add_note(second, "Griselda hoort binnen twee weken van ons", T0)
    path = folder / "2026-10-01-daarna.toml"
    store.create(second, path)

    assert main(["export", str(path), "--anonymize"]) == 0
    captured = capsys.readouterr()
    assert "Griselda" not in captured.out and "Cliënt 1 hoort binnen" in captured.out
    assert captured.err == ""

    (folder / "2026-09-01-eerst.toml").rename(folder / "elders.toml")  # found by its id
    assert main(["export", str(path), "--anonymize"]) == 0
    assert "Griselda" not in capsys.readouterr().out

    (folder / "elders.toml").unlink()  # gone: anonymizing refuses, nothing is written
    out = folder / "rapport.md"
    assert main(["export", str(path), "--anonymize", "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert "cannot anonymize" in captured.err and len(captured.err.splitlines()) == 1
    assert captured.out == "" and not out.exists()
