"""The command line as outside checks drive it: contract.md names, output and exit codes."""

from __future__ import annotations

import multiprocessing
import re
import subprocess
import sys
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.cli import main
from spiegel_tui.model.session import ItemKind, NoteKind
from tests.conftest import edit_file

NINE = [
    "Hoe was u aanwezig (sterkte, tijdigheid)?",
    "Hoe maakte u contact met betrokkenen en hoeveel aandacht was er voor hun oordeel en "
    "bijdrage?",
    "Hoe was u in staat om het verschil te maken?",
    "Hoe hanteerde u de grenzen van uw bevoegdheden?",
    "Was u voldoende toegerust en wat valt er nog te leren?",
    "Handelde u vanuit een professionele attitude?",
    "Keek u naar het geheel of slechts een deel van het vraagstuk?",
    "Deelde u informatie met burgers en partners?",
    "Werkte u samen vanuit één visie – één plan?",
]


def new(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Path:
    assert main(["new", *args, "--dir", str(tmp_path / "D")]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    path = Path(out[-1])
    assert path.exists()
    return path


def test_new_buitenspiegel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = new(tmp_path, capsys, "buitenspiegel", "--title", "Casus Noord")
    assert list((tmp_path / "D").iterdir()) == [path]  # one file: no lock or temp left
    assert re.fullmatch(r"\d{4}-\d\d-\d\d-buitenspiegel-[bcdfghjkmnpqrstvwxz2-9]{4}\.toml",
                        path.name), path.name  # neutral: never from the title
    session = store.load(path)
    assert session.id == path.stem and session.title == "Casus Noord"
    assert [q.text for q in session.questions] == NINE
    by_perspective: dict[str, int] = {}
    for question in session.questions:
        by_perspective[question.perspective] = by_perspective.get(question.perspective, 0) + 1
    assert by_perspective == {"present": 3, "professioneel": 3, "integraal": 3}
    assert sum(item.planned_min or 0 for item in session.agenda) == 150
    assert main(["validate", str(path)]) == 0


def test_new_digitale_spiegelsessie(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session = store.load(new(tmp_path, capsys, "digitale-spiegelsessie"))
    assert sum(1 for item in session.agenda if item.kind is ItemKind.BREAK) == 3
    assert session.planned_minutes == 210
    assert [team.name for team in session.teams] == ["Instelling A", "Instelling B"]


def test_new_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session = store.load(new(tmp_path, capsys, "buitenspiegel", "--lang", "en"))
    assert session.language == "en"
    assert session.questions[0].text == "How were you present (strength, timeliness)?"


def test_slug_is_safe_and_never_overwrites(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    evil = new(tmp_path, capsys, "buitenspiegel", "--title", "../../etc/passwd")
    assert evil.parent == tmp_path / "D" and ".." not in evil.name
    first = new(tmp_path, capsys, "buitenspiegel", "--title", "Casus", "--date", "2026-11-22",
                "--code", "2026-017")
    second = new(tmp_path, capsys, "buitenspiegel", "--title", "Casus", "--date", "2026-11-22",
                 "--code", "2026-017")
    assert first.name == "2026-11-22-buitenspiegel-2026-017.toml"
    assert second.name == "2026-11-22-buitenspiegel-2026-017-2.toml"
    assert store.load(second).id == "2026-11-22-buitenspiegel-2026-017-2"


def test_unknown_format_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "bestaat-niet", "--dir", str(tmp_path / "D")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown format" in err[0]
    assert not (tmp_path / "D").exists()


def test_note_with_markers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = new(tmp_path, capsys, "buitenspiegel")
    assert main(["note", str(path), "+ sterk gesprek #toon"]) == 0
    (note,) = store.load(path).notes
    assert (note.kind, note.text, note.tags) == (NoteKind.COMPLIMENT, "sterk gesprek #toon",
                                                 ["toon"])
    assert main(["note", str(path), "iets", "--kind", "lesson", "--step", "afsluiting",
                 "--tag", "leren"]) == 0
    last = store.load(path).notes[-1]
    assert (last.kind, last.step, last.tags) == (NoteKind.LESSON, "afsluiting", ["leren"])
    assert main(["note", str(path), "afspraak: elke week overleg"]) == 0
    last = store.load(path).notes[-1]
    assert (last.kind, last.text) == (NoteKind.AGREEMENT, "elke week overleg")
    assert main(["note", str(path), "Lesson: always call back"]) == 0
    last = store.load(path).notes[-1]
    assert (last.kind, last.text) == (NoteKind.LESSON, "always call back")


def _writer(path: str, writer: int, count: int) -> None:
    for index in range(count):
        assert main(["note", path, f"> advies {writer}-{index} #w{writer}"]) == 0


@pytest.mark.slow
def test_four_writers_lose_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = new(tmp_path, capsys, "buitenspiegel")
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_writer, args=(str(path), w, 200)) for w in range(4)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=240)
        assert process.exitcode == 0
    session = store.load(path)
    assert len(session.notes) == 800
    assert len({note.id for note in session.notes}) == 800
    assert {note.text for note in session.notes} == {
        f"advies {w}-{i} #w{w}" for w in range(4) for i in range(200)}
    assert main(["validate", str(path)]) == 0


GOOD_NOTE = ('[[notes]]\nid = "n-0001"\nat = 2026-11-22T13:00:00+01:00\nstep = "welkom"\n'
             'kind = "note"\ntext = "x"\n')
BROKEN = {
    "syntax": ("title = \"open\n", None),
    "wrong-type": ('title = 12\n', None),
    "bad-enum": ('status = "bezig"\n', None),
    "unknown-key": ('titel = "typo"\n', None),
    "dangling-step": (None, GOOD_NOTE.replace('step = "welkom"', 'step = "nergens"')),
    "dangling-question": (None, GOOD_NOTE + 'question = "geen"\n'),
    "dangling-action": (None, '[[actions]]\nid = "a-01"\ntext = "doen"\nnote = "n-0099"\n'),
    "duplicate-id": (None, GOOD_NOTE + "\n" + GOOD_NOTE),
    "future-version": ("schema_version = 2\n", None),
    "naive-datetime": (None, GOOD_NOTE.replace("+01:00", "")),
    "planned-zero": (None, '[[agenda]]\nid = "extra"\ntitle = "x"\nplanned_min = 0\n'),
    "traversal-id": ('id = "../../etc/passwd"\n', None),
}


def broken_files(folder: Path, template: Path) -> dict[str, Path]:
    text = template.read_text()
    files = {}
    for name, (top, tail) in BROKEN.items():
        body = text
        if top is not None:
            key = top.split("=")[0].strip()
            lines = [line for line in body.splitlines() if not line.startswith(f"{key} =")]
            body = top + "\n".join(lines) + "\n"
        if tail is not None:
            body += "\n" + tail
        files[name] = folder / f"{name}.toml"
        files[name].write_text(body)
    files["missing-version"] = folder / "missing-version.toml"
    files["missing-version"].write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("schema_version")))
    files["empty"] = folder / "empty.toml"
    files["empty"].write_bytes(b"")
    files["binary"] = folder / "binary.toml"
    files["binary"].write_bytes(b"\x00\x01\x02PK\x03\x04" * 20)
    files["not-utf8"] = folder / "not-utf8.toml"
    files["not-utf8"].write_bytes(text.encode() + b'\n# caf\xe9\n')
    return files


def test_broken_files_one_line_exit_2_unchanged(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    template = new(tmp_path, capsys, "buitenspiegel")
    files = broken_files(tmp_path, template)
    assert len(files) >= 12
    for name, path in files.items():
        before = path.read_bytes()
        assert main(["validate", str(path)]) == 2, name
        captured = capsys.readouterr()
        lines = captured.err.strip().splitlines()
        assert lines and all(line.startswith(f"{path}:") for line in lines), (name, lines)
        assert all(line.split(":")[1].isdigit() for line in lines), (name, lines)
        assert main(["note", str(path), "een notitie"]) == 2, name
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"{path}:"), (name, lines)
        assert "Traceback" not in lines[0]
        assert path.read_bytes() == before, name
        assert main(["check", str(path)]) == 2, name
        capsys.readouterr()


def test_missing_file_and_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.toml")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["new", "buitenspiegel", "--date", "gisteren"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_subprocess_has_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("schema_version = 1\n[[notes]\n")
    result = subprocess.run([sys.executable, "-m", "spiegel_tui", "validate", str(bad)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{bad}:2: " + result.stderr.strip().split(": ", 1)[1]
    assert "Traceback" not in result.stderr


def test_from_brings_in_lessons_and_open_actions(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = new(tmp_path, capsys, "buitenspiegel", "--title", "Casus")
    for text in ["! te laat", "> eerder bellen", "gewone notitie", "+ goed"]:
        main(["note", str(source), text])
    edit_file(source, lambda s: s.actions.append(_action()))
    capsys.readouterr()
    follow = new(tmp_path, capsys, "binnenspiegel", "--from", str(source))
    session = store.load(follow)
    assert session.follows == store.load(source).id
    assert [n.text for n in session.notes] == ["te laat", "eerder bellen"]
    assert {n.step for n in session.notes} == {session.agenda[0].id}
    assert [a.text for a in session.actions] == ["Casusregie vastleggen"]
    assert session.actions[0].origin == store.load(source).id


def _action():  # type: ignore[no-untyped-def]
    from spiegel_tui.model.session import Action

    return Action(id="a-01", text="Casusregie vastleggen")


def test_questions_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long = "Waarom " + "x" * 1992 + "?"
    assert len(long) == 2000
    questions = tmp_path / "vragen.txt"
    questions.write_bytes(("# vragen van de organisatie\r\n\r\nHoe was de toegang?\r\n"
                           "Open vragen: Hoe voelde u zich?\r\n" + long + "\r\n").encode())
    session = store.load(new(tmp_path, capsys, "spiegelgesprek", "--questions", str(questions)))
    step = next(item for item in session.agenda if item.id == "vragen-organisatie")
    imported = session.step_questions(step.id)
    assert [q.text for q in imported] == ["Hoe was de toegang?", long]
    assert [q.perspective for q in imported] == ["organisatie", "organisatie"]
    # the "Open vragen:" line goes in the open questions' step, in place of the format's
    opened = session.step_questions("open-vragen")
    assert [(q.perspective, q.text) for q in opened] == [("open", "Hoe voelde u zich?")]
    assert session.step("open-vragen").questions == ["v-01"]  # type: ignore[union-attr]
    assert step.questions == ["v-02", "v-03"]
    assert session.step("vragen-toehoorders").questions == [  # type: ignore[union-attr]
        "toehoorder-vraag"]
    assert [q.id for q in session.questions] == ["v-01", "v-02", "v-03", "toehoorder-vraag"]


def test_non_utf8_questions_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = tmp_path / "vragen.txt"
    questions.write_bytes("Hoe was het café?\n".encode("latin-1"))
    assert main(["new", "spiegelgesprek", "--questions", str(questions),
                 "--dir", str(tmp_path / "D")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{questions}:1:") and "UTF-8" in err[0]
    assert not (tmp_path / "D").exists()


def test_participants_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people = tmp_path / "deelnemers.txt"
    people.write_text("Cliënt 1; cliënt\nWijkagent; professional; Politie\n# x\nMoeder; naaste\n")
    session = store.load(new(tmp_path, capsys, "spiegelgesprek", "--participants", str(people)))
    assert [(p.name, p.role.value, p.team) for p in session.participants] == [
        ("Cliënt 1", "client", None), ("Wijkagent", "professional", "Politie"),
        ("Moeder", "relative", None)]
    people.write_text("Iemand; koning\n")
    assert main(["new", "spiegelgesprek", "--participants", str(people),
                 "--dir", str(tmp_path / "E")]) == 2
    assert capsys.readouterr().err.startswith(f"{people}:1:")


def test_check_fits_and_overruns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = new(tmp_path, capsys, "buitenspiegel", "--start", "13:00", "--end", "15:30")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "end 15:30" in out
    edit_file(path, lambda s: setattr(s.agenda[1], "planned_min", 50))
    assert main(["check", str(path)]) == 1
    captured = capsys.readouterr()
    assert "end 16:00" in captured.out and "15:30" in captured.err


def test_formats_lists_builtin_and_repo_formats(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               repo_root: Path) -> None:
    assert main(["formats", "--dir", str(repo_root / "sessions")]) == 0
    out = capsys.readouterr().out
    for name in ("buitenspiegel", "binnenspiegel", "spiegelgesprek", "digitale-spiegelsessie"):
        assert name in out
    assert "sessions/formats/" in out


def test_broken_repo_format_is_reported_and_others_still_work(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_root: Path) -> None:
    formats = tmp_path / "D" / "formats"
    formats.mkdir(parents=True)
    (formats / "kapot.toml").write_text('name = "kapot"\n')
    (formats / "klantpanel.toml").write_bytes(
        (repo_root / "sessions" / "formats" / "klantpanel.toml").read_bytes())
    assert main(["formats", "--dir", str(tmp_path / "D")]) == 0
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{formats / 'kapot.toml'}:")
    listed = [line.split()[0] for line in captured.out.strip().splitlines()]
    assert sorted(listed) == ["binnenspiegel", "buitenspiegel", "digitale-spiegelsessie",
                              "klantpanel", "spiegelgesprek"]
    assert "150 min" in next(line for line in captured.out.splitlines()
                             if line.startswith("buitenspiegel "))
    # a broken file of another format does not block new; the broken one itself is named
    assert new(tmp_path, capsys, "klantpanel").exists()
    assert main(["new", "kapot", "--dir", str(tmp_path / "D")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{formats / 'kapot.toml'}:1:")
    assert sorted(p.name.split("-")[3] for p in (tmp_path / "D").glob("*.toml")) == [
        "klantpanel"]  # <date>-<format>-<code>.toml


def test_validate_several_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = new(tmp_path, capsys, "buitenspiegel")
    second = new(tmp_path, capsys, "spiegelgesprek")
    assert main(["validate", str(first), str(second)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{first}: ok", f"{second}: ok"]
    bad = tmp_path / "bad.toml"
    bad.write_text(first.read_text().replace('status = "planned"', 'status = "klaar"'))
    assert main(["validate", str(first), str(bad), str(second)]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [f"{first}: ok", f"{second}: ok"]
    (line,) = captured.err.strip().splitlines()
    number = first.read_text().splitlines().index('status = "klaar"'.replace("klaar", "planned"))
    assert line.startswith(f"{bad}:{number + 1}: ") and "status" in line


@pytest.mark.parametrize("extra", [["--step", "nergens"], ["--question", "geen"],
                                   ["--kind", "roddel"], ["--kind", "note", "--step", ""]])
def test_note_refuses_unknown_step_question_kind(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 extra: list[str]) -> None:
    path = new(tmp_path, capsys, "buitenspiegel")
    before = path.read_bytes()
    assert main(["note", str(path), "iets", *extra]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0]
    assert path.read_bytes() == before


def test_note_defaults_to_the_current_position(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = new(tmp_path, capsys, "buitenspiegel")
    assert main(["note", str(path), "eerste"]) == 0
    assert capsys.readouterr().out.strip() == "n-0001"
    assert store.load(path).notes[0].step == "welkom"

    def to_first_question(session):  # type: ignore[no-untyped-def]
        from spiegel_tui.model.session import Clock

        session.clock = Clock(step="bespreking-present",
                              since=store.load(path).notes[0].at)
    edit_file(path, to_first_question)
    session = store.load(path)
    assert main(["note", str(path), '" zo voelde het', "--team", "Wijkteam"]) == 0
    note = store.load(path).notes[-1]
    assert (note.kind, note.text, note.team) == (NoteKind.QUOTE, "zo voelde het", "Wijkteam")
    assert note.step == "bespreking-present"
    assert note.question == session.agenda[3].questions[0]


def test_note_refuses_a_symlink(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = new(tmp_path, capsys, "buitenspiegel")
    before = path.read_bytes()
    link = tmp_path / "link.toml"
    link.symlink_to(path)
    assert main(["note", str(link), "via de link"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{link}:")
    assert path.read_bytes() == before and link.is_symlink()


def test_from_keeps_kind_and_tags_and_skips_done_actions(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from spiegel_tui.model.session import Action, ActionStatus

    source = new(tmp_path, capsys, "buitenspiegel", "--title", "Bron")
    for text, kind in [("les één #leren", "lesson"), ("afspraak #plan", "agreement"),
                       ("citaat", "quote"), ("! kritiek #toon", None)]:
        assert main(["note", str(source), text, *(["--kind", kind] if kind else [])]) == 0

    def actions(session):  # type: ignore[no-untyped-def]
        session.actions += [Action(id="a-01", text="open punt"),
                            Action(id="a-02", text="klaar punt", status=ActionStatus.DONE)]
    edit_file(source, actions)
    capsys.readouterr()
    follow = store.load(new(tmp_path, capsys, "binnenspiegel", "--from", str(source)))
    assert [(n.kind.value, n.text, n.tags) for n in follow.notes] == [
        ("lesson", "les één #leren", ["leren"]), ("agreement", "afspraak #plan", ["plan"]),
        ("critical", "kritiek #toon", ["toon"])]
    assert all(n.at.tzinfo is not None for n in follow.notes)
    assert [(a.text, a.status, a.origin) for a in follow.actions] == [
        ("open punt", ActionStatus.OPEN, store.load(source).id)]
    assert main(["validate", str(tmp_path / "D" / f"{follow.id}.toml")]) == 0


def test_from_a_broken_session_creates_nothing(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "bron.toml"
    broken.write_text("schema_version = 1\ntitle = \n")
    assert main(["new", "binnenspiegel", "--from", str(broken),
                 "--dir", str(tmp_path / "D")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{broken}:2:")
    assert not (tmp_path / "D").exists()


def test_questions_go_to_the_first_step_with_questions(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = tmp_path / "vragen.txt"
    questions.write_text("INTEGRAAL: Was u er op tijd?\nprofessioneel: Wie nam de regie?\n"
                         "Vraag: met een dubbele punt die geen perspectief is\n")
    path = new(tmp_path, capsys, "buitenspiegel", "--questions", str(questions))
    session = store.load(path)
    step = session.agenda[3]
    assert step.id == "bespreking-present"  # the first step with questions: no prefix
    assert step.questions == ["v-01"]
    assert [(q.perspective, q.text) for q in session.step_questions(step.id)] == [
        ("present", "Vraag: met een dubbele punt die geen perspectief is")]
    # a prefixed question goes in its perspective's step, in place of the format's
    assert [(item.id, item.questions,
             [(q.perspective, q.text) for q in session.step_questions(item.id)])
            for item in session.agenda[4:6]] == [
        ("bespreking-professioneel", ["v-02"], [("professioneel", "Wie nam de regie?")]),
        ("bespreking-integraal", ["v-03"], [("integraal", "Was u er op tijd?")])]
    assert len(session.questions) == 9 - 9 + 3
    capsys.readouterr()
    assert main(["validate", str(path)]) == 0


def test_a_step_without_imported_questions_keeps_the_formats(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = tmp_path / "vragen.txt"
    questions.write_text("Integraal: Was u er op tijd?\nIntegraal: Werd er samengewerkt?\n")
    path = new(tmp_path, capsys, "buitenspiegel", "--questions", str(questions))
    session = store.load(path)
    assert [(item.id, item.questions) for item in session.agenda[3:6]] == [
        ("bespreking-present", ["aanwezigheid", "aandacht", "antwoord"]),
        ("bespreking-professioneel", ["bevoegd", "bekwaam", "betrouwbaar"]),
        ("bespreking-integraal", ["v-01", "v-02"])]
    assert [q.id for q in session.questions] == [
        "aanwezigheid", "aandacht", "antwoord", "bevoegd", "bekwaam", "betrouwbaar",
        "v-01", "v-02"]
    assert [(q.perspective, q.text) for q in session.step_questions("bespreking-integraal")] == [
        ("integraal", "Was u er op tijd?"), ("integraal", "Werd er samengewerkt?")]
    capsys.readouterr()
    assert main(["validate", str(path)]) == 0


PROEF = """name = "proef"
title = "Proef"
description = "Een perspectief zonder vragen"
[[perspectives]]
id = "a"
label = "Eerste"
[[perspectives]]
id = "b"
label = "Tweede"
[[perspectives]]
id = "c"
label = "Derde"
[[agenda]]
id = "s1"
title = "Begin"
planned_min = 5
[[agenda]]
id = "s2"
title = "Eerste ronde"
planned_min = 10
questions = ["v-01"]
[[agenda]]
id = "s3"
title = "Derde ronde"
planned_min = 10
questions = ["v-02"]
[[questions]]
id = "v-01"
perspective = "a"
text = "Een?"
[[questions]]
id = "v-02"
perspective = "c"
text = "Drie?"
"""


def test_a_perspective_no_step_has_goes_to_the_default_step(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    formats = tmp_path / "D" / "formats"
    formats.mkdir(parents=True)
    (formats / "proef.toml").write_text(PROEF)
    questions = tmp_path / "vragen.txt"
    questions.write_text("Tweede: Zonder eigen stap?\n")
    path = new(tmp_path, capsys, "proef", "--questions", str(questions))
    session = store.load(path)
    # the first step with questions takes it; the id is not one still in use
    assert [(item.id, item.questions) for item in session.agenda] == [
        ("s1", []), ("s2", ["v-03"]), ("s3", ["v-02"])]
    assert [(q.id, q.perspective, q.text) for q in session.questions] == [
        ("v-03", "b", "Zonder eigen stap?"), ("v-02", "c", "Drie?")]
    capsys.readouterr()
    assert main(["validate", str(path)]) == 0


@pytest.mark.parametrize("name, content, line", [
    ("vragen.txt", "# kop\nGoed?\nMet een \x01 teken?\n", 3),
    ("deelnemers.txt", "Cliënt 1; cliënt\nZonder rol\n", 2),
    ("deelnemers.txt", "Cliënt\x02; cliënt\n", 1),
    ("deelnemers.txt", "Iemand; koning; Team\n", 1),
])
def test_bad_import_lines_name_file_and_line(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             name: str, content: str, line: int) -> None:
    source = tmp_path / name
    source.write_text(content)
    flag = "--questions" if name.startswith("vragen") else "--participants"
    assert main(["new", "spiegelgesprek", flag, str(source), "--dir", str(tmp_path / "D")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{source}:{line}: ")
    assert not (tmp_path / "D").exists()


def test_bad_title_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "buitenspiegel", "--title", "a\x01b", "--dir",
                 str(tmp_path / "D")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "title" in err[0] and "Traceback" not in err[0]
    assert not (tmp_path / "D").exists()


def test_start_without_end_fills_the_slot(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    session = store.load(new(tmp_path, capsys, "spiegelgesprek", "--start", "14:00"))
    assert (session.start_time, session.end_time) == (dt.time(14, 0), dt.time(16, 0))
    session = store.load(new(tmp_path, capsys, "spiegelgesprek"))
    assert session.start_time is None and session.end_time is None
    assert main(["new", "spiegelgesprek", "--start", "14:00", "--end", "13:00",
                 "--dir", str(tmp_path / "E")]) == 2
    assert not (tmp_path / "E").exists()


def test_check_relative_times_and_breaks(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = new(tmp_path, capsys, "digitale-spiegelsessie")
    assert main(["check", str(path)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("+0:00–+0:20")
    assert sum(1 for line in lines if "(pauze)" in line) == 3
    assert lines[-1].startswith("end +3:30, 210 min")


def test_check_warns_for_missing_minutes_and_questions(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = new(tmp_path, capsys, "buitenspiegel", "--start", "13:00")

    def spoil(session):  # type: ignore[no-untyped-def]
        session.agenda[1].planned_min = None
        session.agenda[4].questions = []
    edit_file(path, spoil)
    assert main(["check", str(path)]) == 1
    captured = capsys.readouterr()
    assert "end 15:10" in captured.out
    warnings = captured.err.strip().splitlines()
    assert len(warnings) == 2
    assert "'casus'" in warnings[0] and "minutes" in warnings[0]
    assert "'bespreking-professioneel'" in warnings[1] and "questions" in warnings[1]


def test_new_and_check_through_a_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "spiegel_tui", "new", "buitenspiegel", "--title", "Casus Noord",
         "--date", "2026-11-22", "--start", "13:00", "--end", "15:30",
         "--dir", str(tmp_path / "D")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip().splitlines()[-1])
    assert path.parent == tmp_path / "D" and path.exists()
    assert path.name.startswith("2026-11-22-buitenspiegel-") and "noord" not in path.name
    result = subprocess.run([sys.executable, "-m", "spiegel_tui", "check", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "end 15:30" in result.stdout
    result = subprocess.run([sys.executable, "-m", "spiegel_tui", "new", "bestaat-niet",
                             "--dir", str(tmp_path / "E")], capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "E").exists()


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*"))


BAD_FILES = {"missing": None, "broken": "schema_version = 1\ntitle = \n",
             "schema": 'schema_version = 1\ntitle = "x"\n'}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
@pytest.mark.parametrize("command", [["note", "{f}", "een notitie"], ["export", "{f}"],
                                     ["export", "{f}", "-o", "{d}/uit.md"], ["check", "{f}"],
                                     ["validate", "{f}"], ["run", "{f}"], ["commit", "{f}"],
                                     ["history", "{f}"]])
def test_bad_input_creates_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   case: str, command: list[str]) -> None:
    path = tmp_path / "sessie.toml"
    if BAD_FILES[case] is not None:
        path.write_text(BAD_FILES[case])
    before = _listing(tmp_path)
    argv = [word.format(f=path, d=tmp_path) for word in command]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) >= 1 and all(line.startswith(f"{path}") for line in err)
    if command[0] != "validate":
        assert len(err) == 1, err
    assert _listing(tmp_path) == before


@pytest.mark.parametrize("extra", [[], ["--step", "nope"]])
def test_a_refused_note_creates_no_lock(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        extra: list[str]) -> None:
    path = new(tmp_path, capsys, "buitenspiegel")
    before = _listing(tmp_path)
    assert main(["note", str(path), "   " if not extra else "iets", *extra]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert _listing(tmp_path) == before


@pytest.mark.parametrize("given, message", [
    (".", ".: is a folder, not a session file"),
    ("", ": no session file given"),
    ("nodir/x.toml", "nodir/x.toml: no such file"),
])
def test_note_names_a_bad_path_plainly(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch,
                                       given: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["note", given, "iets"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [message]
    assert _listing(tmp_path) == []


@pytest.mark.parametrize("command", ["check", "export", "validate", "commit", "history"])
def test_an_empty_session_argument_is_named_plainly(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        command: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([command, ""]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [": no session file given"]


def test_start_without_end_past_midnight_says_so(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "buitenspiegel", "--start", "23:00", "--dir", str(tmp_path / "D")]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("buitenspiegel: ") and "midnight" in line and "--end" in line
    assert "150" in line and "23:00" in line and "01:30" not in line
    assert not (tmp_path / "D").exists()
    assert main(["new", "buitenspiegel", "--start", "23:00", "--end", "23:50",
                 "--dir", str(tmp_path / "D")]) == 0


@pytest.mark.parametrize("title, stored", [
    ("   ", "Buitenspiegel"), ("\t\n", "Buitenspiegel"),
    ("Casus\tNoord\n  en  Zuid ", "Casus Noord en Zuid"),
])
def test_title_whitespace_is_collapsed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       title: str, stored: str) -> None:
    session = store.load(new(tmp_path, capsys, "buitenspiegel", "--title", title))
    assert session.title == stored


def test_question_prefixes_match_either_languages_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = tmp_path / "vragen.txt"
    questions.write_text("OPEN VRAGEN: Hoe voelde u zich?\nthe  organisation's questions: "
                         "Hoe was de toegang?\nVragen van toehoorders: Nog iets?\n")
    for lang in ("nl", "en"):
        session = store.load(new(tmp_path, capsys, "spiegelgesprek", "--lang", lang,
                                 "--questions", str(questions)))
        assert [[(q.perspective, q.text) for q in session.step_questions(step)] for step in
                ("open-vragen", "vragen-organisatie", "vragen-toehoorders")] == [
            [("open", "Hoe voelde u zich?")], [("organisatie", "Hoe was de toegang?")],
            [("toehoorders", "Nog iets?")]]


def test_run_on_bad_input_leaves_the_garbage_collector_on(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    """``spiegel run`` pauses the collector for its start-up; a refused file turns it on."""
    import gc

    broken = tmp_path / "kapot.toml"
    broken.write_text("schema_version = [\n")
    assert gc.isenabled()
    assert main(["run", str(broken)]) == 2
    assert gc.isenabled()
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize(("argv", "language", "shown"), [
    (["run", "f.toml"], "en", "en"), (["run", "f.toml"], "nl", "nl"),
    (["run", "f.toml", "--lang", "nl"], "en", "nl"), (["--lang", "en", "run", "f.toml"], "nl", "en"),
])
def test_the_console_speaks_the_sessions_language_unless_told(argv: list[str], language: str,
                                                              shown: str) -> None:
    from spiegel_tui.cli import build_parser, settle_language
    from spiegel_tui.commands.console import screen_language
    from spiegel_tui.model.formats import builtin_formats

    args = settle_language(build_parser(argv).parse_args(argv))
    session = builtin_formats()["buitenspiegel"].make_session(lang=language)
    assert screen_language(args, session) == shown
