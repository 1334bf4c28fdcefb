"""``spiegel export --as letter|plan|listeners``: the letter back to participants (names
hidden unless --names; PDF through Chromium), the improvement plan and the listeners'
sheet with the gespreksleidraad, in md, html and pdf; the html on A4 in headless Chromium."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.cli import main
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Participant, Role, Session
from tests.test_report import (
    CHROMIUM,
    FIRST_NAMES,
    NAMES,
    a4_probe,
    finished_buitenspiegel,
)

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not on PATH")


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    session = finished_buitenspiegel()
    first_note = next(n for n in session.notes if n.text.startswith("Fenna voelde"))
    session.actions[0].note = first_note.id
    path = tmp_path / f"{session.id}.toml"
    store.save(Session.model_validate(session.model_dump()), path)
    return path


def export(path: Path, tmp_path: Path, *args: str, suffix: str = "md") -> str:
    out = tmp_path / f"out.{suffix}"
    assert main(["export", str(path), *args, "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def assert_no_name(text: str) -> None:
    for name in NAMES:
        assert name.casefold() not in text.casefold(), name
    for first in FIRST_NAMES:
        assert not re.search(rf"(?<!\w){re.escape(first)}(?!\w)", text, re.IGNORECASE), first


def pdf_text(path: Path) -> str:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(path))
    for page in reader.pages:  # A4: 595 x 842 points
        assert abs(float(page.mediabox.width) - 595.3) < 1.5
        assert abs(float(page.mediabox.height) - 841.9) < 1.5
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize("to", ["md", "html"])
def test_letter_thanks_heard_per_perspective_and_actions_without_names(
        session_file: Path, tmp_path: Path, to: str) -> None:
    text = export(session_file, tmp_path, "--as", "letter", "--to", to, suffix=to)
    plain = unescape(re.sub(r"<[^>]+>", " ", text)) if to == "html" else text
    assert_no_name(plain)
    assert "Dank u wel" in plain and "Wat we hoorden" in plain and "Wat we gaan doen" in plain
    heard = plain[plain.index("Wat we hoorden"):plain.index("Wat we gaan doen")]
    present, integraal = heard.index("Present"), heard.index("Integraal")
    assert present < heard.index("Cliënt 1 voelde zich gehoord") < heard.index(
        "Professioneel") < integraal
    assert heard.index("Wat beter kan") < heard.index("wachttijd van zes weken")
    todo = plain[plain.index("Wat we gaan doen"):]
    assert "Casusregie vastleggen in één plan" in todo and "2026-12-15" in todo
    assert "Wijkteam Noord" in todo  # an owner that is a team stays
    assert "Otto belt de corporatie" not in todo  # done: not something we will do
    assert "de procesbegeleider" in plain  # signed without a name


def test_letter_with_names_keeps_them(session_file: Path, tmp_path: Path) -> None:
    text = export(session_file, tmp_path, "--as", "letter", "--names")
    assert "Fenna voelde zich gehoord" in text and "Wilhelmina Oosterbroek" in text
    assert "| Casusregie vastleggen in één plan | Sanne van der Wiel | 2026-12-15 |" in text


def test_letter_in_english(tmp_path: Path) -> None:
    session = finished_buitenspiegel().model_copy(update={"language": "en"})
    path = tmp_path / "en.toml"
    store.save(session, path)
    text = export(path, tmp_path, "--as", "letter")
    assert text.startswith("# What we heard and what we will do\n")
    assert "Thank you" in text and "Client 1 voelde" in text


@needs_chromium
def test_letter_as_pdf_names_no_participant(session_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "L.pdf"
    assert main(["export", str(session_file), "--as", "letter", "--to", "pdf",
                 "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert out.stat().st_mode & 0o077 == 0
    text = pdf_text(out)
    assert "Wat we hoorden en wat we gaan doen" in text
    assert "Casusregie vastleggen in één plan" in text
    assert_no_name(text)


def test_pdf_needs_an_output_file(session_file: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(session_file), "--as", "letter", "--to", "pdf"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "-o" in err


def test_pdf_without_chromium_is_one_line(session_file: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SPIEGEL_CHROMIUM", str(tmp_path / "no-such-chromium"))
    out = tmp_path / "L.pdf"
    assert main(["export", str(session_file), "--as", "letter", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Chromium" in err[0] and not out.exists()


@pytest.mark.parametrize("to", ["md", "html"])
def test_plan_by_horizon_and_owner_with_the_note_it_came_from(
        session_file: Path, tmp_path: Path, to: str) -> None:
    text = export(session_file, tmp_path, "--as", "plan", "--to", to, suffix=to)
    plain = unescape(re.sub(r"<[^>]+>", " ", text)) if to == "html" else text
    assert "Verbeterplan" in plain
    short, long = plain.index("Korte termijn"), plain.index("Lange termijn")
    owner = plain.index("Sanne van der Wiel", short)
    assert short < owner < plain.index("Casusregie vastleggen in één plan") < long
    row = plain[plain.index("Casusregie vastleggen in één plan"):long]
    assert "Fenna voelde zich gehoord" in row  # the note the action came from
    assert long < plain.index("Wijkteam Noord", long) < plain.index(
        "Budget voor maatwerk bij het wijkteam")
    points = plain[plain.index("Verbeterpunten zonder actie"):]
    assert "wachttijd van zes weken" in points and "vaker thuis afspreken" in points


def test_plan_anonymized(session_file: Path, tmp_path: Path) -> None:
    assert_no_name(export(session_file, tmp_path, "--as", "plan", "--anonymize"))


def spiegelgesprek(tmp_path: Path) -> Path:
    session = builtin_formats()["spiegelgesprek"].make_session(
        date=dt.date(2026, 10, 8), session_id="2026-10-08-sg", start_time=dt.time(19, 0),
        end_time=dt.time(21, 0))
    session.participants = [Participant(name="Griselda Achterberg", role=Role.CLIENT)]
    path = tmp_path / "sg.toml"
    store.save(session, path)
    return path


@pytest.mark.parametrize("to", ["md", "html"])
def test_listeners_sheet_and_guide(tmp_path: Path, to: str) -> None:
    path = spiegelgesprek(tmp_path)
    session = store.load(path)
    text = export(path, tmp_path, "--as", "listeners", "--to", to, suffix=to)
    plain = unescape(re.sub(r"<[^>]+>", " ", text)) if to == "html" else text
    for heading in ("Informatie voor toehoorders", "Wat is een spiegelbijeenkomst?",
                    "Waarom?", "Zo gaat het", "De spelregels", "Gespreksleidraad"):
        assert heading in plain, heading
    rules = plain[plain.index("De spelregels"):plain.index("Gespreksleidraad")]
    for rule in session.rules:
        assert rule.text in rules
    assert "19:00 Welkom en spelregels" in plain and "19:10 " in plain
    guide = plain[plain.index("Gespreksleidraad"):]
    organisation = [q for q in session.questions if q.perspective == "organisatie"]
    positions = [guide.index(q.text) for q in organisation]
    assert positions == sorted(positions) and len(positions) >= 3
    if to == "html":
        assert '<section class="new-page">' in text


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize("kind", ["letter", "plan", "listeners"])
def test_documents_fit_a4_in_chromium(session_file: Path, tmp_path: Path, kind: str) -> None:
    page_text = export(session_file, tmp_path, "--as", kind, "--to", "html", suffix="html")
    values, _ = a4_probe(tmp_path, page_text)
    assert 700 <= int(values["client"]) <= 794
    assert int(values["scroll"]) <= int(values["client"]), "horizontal overflow"
    assert values["entries"] == "0"
    pdf = tmp_path / "doc.pdf"
    assert main(["export", str(session_file), "--as", kind, "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    pdf_text(pdf)  # every page A4


def test_names_only_for_the_letter(session_file: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(session_file), "--as", "plan", "--names"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.parametrize("path", sorted((Path(__file__).resolve().parents[1] / "sessions")
                                        .glob("*.toml")), ids=lambda p: p.stem)
def test_letters_of_the_examples_name_nobody(path: Path, tmp_path: Path) -> None:
    from tests.test_report import _names_in

    text = export(path, tmp_path, "--as", "letter")
    for name in _names_in(path):
        assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE), name
    for kind in ("plan", "listeners"):
        assert export(path, tmp_path, "--as", kind).startswith("# ")
