"""The built-in formats, a repo's own format, and the example sessions in ``sessions/``."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.folder import load_formats
from spiegel_tui.model.formats import Format, builtin_formats, parse_format
from spiegel_tui.model.session import Session
from spiegel_tui.model.teams import rendered

REPO = Path(__file__).resolve().parents[1]
SESSIONS = REPO / "sessions"
FORMAT_FILES = sorted((REPO / "spiegel_tui" / "formats").glob("*.toml"))

NINE = [  # (perspective, label, text), verbatim from methods.md / flyer 001
    ("present", "Aanwezigheid", "Hoe was u aanwezig (sterkte, tijdigheid)?"),
    ("present", "Aandacht", "Hoe maakte u contact met betrokkenen en hoeveel aandacht was er "
                            "voor hun oordeel en bijdrage?"),
    ("present", "Antwoord", "Hoe was u in staat om het verschil te maken?"),
    ("professioneel", "Bevoegd", "Hoe hanteerde u de grenzen van uw bevoegdheden?"),
    ("professioneel", "Bekwaam", "Was u voldoende toegerust en wat valt er nog te leren?"),
    ("professioneel", "Betrouwbaar", "Handelde u vanuit een professionele attitude?"),
    ("integraal", "Grondig", "Keek u naar het geheel of slechts een deel van het vraagstuk?"),
    ("integraal", "Gedeeld", "Deelde u informatie met burgers en partners?"),
    ("integraal", "Gezamenlijk", "Werkte u samen vanuit één visie – één plan?"),
]

RULES = [
    "Toehoorders luisteren alleen; zij reageren niet en gaan niet in discussie.",
    "Er wordt niet verdedigd of uitgelegd: alles wat gezegd wordt mag er zijn.",
    "Cliënten spreken voor zichzelf; niemand hoeft iets te vertellen.",
    "Wat hier persoonlijk gedeeld wordt, blijft hier (vertrouwelijk).",
    "De gespreksleider bewaakt tijd, vragen en spelregels en is onafhankelijk.",
    "Na afloop mogen toehoorders aanvullende vragen stellen aan de cliënten.",
]

CRITCH_ABC = [
    "a. Waarom is dit onderwerp belangrijk binnen herstelgericht werken van jullie instelling?",
    "b. Hoe pakken jullie dit aan?",
    "c. Wat gaat daarbij goed en welke uitdagingen zijn er?",
]
CRITCH_1 = CRITCH_ABC + ["d. Wat zouden jullie graag van de andere instelling willen horen/weten?"]
CRITCH_2 = CRITCH_ABC + ["d. Waar is nog ontwikkeling nodig en hoe werken jullie daaraan?"]

CENTRAL_QUESTION = ("Hoe kan betere sturing en betere organisatie helpen om in de praktijk "
                    "beter werk te leveren?")


def all_format_files() -> list[Path]:
    return FORMAT_FILES + sorted((SESSIONS / "formats").glob("*.toml"))


def example(format_name: str) -> Session:
    found = [store.load(path) for path in sorted(SESSIONS.glob("*.toml"))]
    matching = [session for session in found if session.format == format_name]
    assert len(matching) == 1, f"expected one example of {format_name}"
    return matching[0]


# -- the built-in formats ---------------------------------------------------------------

def test_the_four_builtin_formats_load() -> None:
    formats = builtin_formats()
    assert set(formats) == {"buitenspiegel", "binnenspiegel", "spiegelgesprek",
                            "digitale-spiegelsessie"}
    assert len(FORMAT_FILES) == 4
    for path in FORMAT_FILES:
        fmt = parse_format(path.read_bytes(), str(path))
        assert fmt.name == path.stem


def test_buitenspiegel_has_the_nine_questions_in_three_discussion_steps() -> None:
    fmt = builtin_formats()["buitenspiegel"]
    assert fmt.minutes == 150 and fmt.breaks == 0
    assert [(q.perspective, q.label, q.text) for q in fmt.questions] == NINE
    assert Counter(q.perspective for q in fmt.questions) == {
        "present": 3, "professioneel": 3, "integraal": 3}
    assert [p.id for p in fmt.perspectives] == ["present", "professioneel", "integraal"]
    by_id = {q.id: q for q in fmt.questions}
    discussion = [step for step in fmt.agenda if step.questions]
    assert [step.id for step in discussion] == [
        "bespreking-present", "bespreking-professioneel", "bespreking-integraal"]
    for step, perspective in zip(discussion, ["present", "professioneel", "integraal"]):
        assert len(step.questions) == 3
        assert {by_id[qid].perspective for qid in step.questions} == {perspective}
    casus = next(step for step in fmt.agenda if step.id == "casus")
    assert casus.planned_min == 20
    assert fmt.agenda[0].title == "Welkom en kennismaking"
    assert fmt.agenda[-1].title == "Afsluiting en afspraken"


def test_binnenspiegel_starts_from_the_lessons_and_ends_in_agreements() -> None:
    fmt = builtin_formats()["binnenspiegel"]
    assert 120 <= fmt.minutes <= 150
    assert fmt.subtitle == CENTRAL_QUESTION
    assert fmt.agenda[0].title == "Terugblik: lessen uit de buitenspiegel"
    assert fmt.agenda[0].prompts
    assert "afspraken" in fmt.agenda[-1].title.lower() and fmt.agenda[-1].prompts
    assert {p.id for p in fmt.perspectives} == {"sturing", "organisatie", "faciliteren"}
    by_id = {q.id: q for q in fmt.questions}
    discussion = [step for step in fmt.agenda if step.questions]
    assert len(discussion) == 3
    for step in discussion:
        assert len({by_id[qid].perspective for qid in step.questions}) == 1
    for step in fmt.agenda:
        assert step.questions or step.prompts or step.kind.value == "break", step.id


def test_spiegelgesprek_is_the_fishbowl_with_its_rules_on_screen() -> None:
    fmt = builtin_formats()["spiegelgesprek"]
    assert fmt.minutes == 120 and fmt.show_rules is True
    assert [rule.text for rule in fmt.rules] == RULES
    assert [(p.id, p.label) for p in fmt.perspectives] == [
        ("open", "Open vragen"), ("organisatie", "Vragen van de organisatie"),
        ("toehoorders", "Vragen van toehoorders")]
    by_id = {q.id: q for q in fmt.questions}
    flow = [(step.id, sorted({by_id[qid].perspective for qid in step.questions}))
            for step in fmt.agenda]
    assert flow == [("welkom", []), ("open-vragen", ["open"]),
                    ("vragen-organisatie", ["organisatie"]),
                    ("vragen-toehoorders", ["toehoorders"]), ("afsluiting", [])]
    organisation = [q for q in fmt.questions if q.perspective == "organisatie"]
    assert 3 <= len(organisation) <= 4
    for step in fmt.agenda:
        assert step.questions or step.prompts, step.id


def test_digitale_spiegelsessie_has_three_breaks_critch_and_two_teams() -> None:
    fmt = builtin_formats()["digitale-spiegelsessie"]
    assert fmt.minutes == 210 and fmt.breaks == 3
    assert [team.name for team in fmt.teams] == ["Instelling A", "Instelling B"]
    ids = [step.id for step in fmt.agenda]
    assert ids[0] == "kennismaking" and ids[-1] == "evaluatie"
    steps = {step.id: step for step in fmt.agenda}
    assert steps["thema1-critch1"].prompts == CRITCH_1
    assert steps["thema1-critch2"].prompts == CRITCH_2
    assert steps["thema2-critch1"].prompts == CRITCH_1
    assert steps["thema2-critch2"].prompts == CRITCH_2
    # the titles name the session's teams (issue 13): {team.1} filled in when shown
    assert "{team.1}" in steps["thema1-critch1"].title
    assert "{team.2}" in steps["thema2-critch1"].title
    shown = rendered(fmt.make_session(date=dt.date(2026, 11, 3)))
    assert "Instelling A" in shown.step("thema1-critch1").title  # type: ignore[union-attr]
    assert "Instelling B" in shown.step("thema2-critch1").title  # type: ignore[union-attr]
    for theme in ("thema1", "thema2"):
        order = [ids.index(f"{theme}-{part}") for part in ("critch1", "critch2", "snelkookpan")]
        assert order == sorted(order)
        assert "brievenbus" in steps[f"{theme}-snelkookpan"].title
    assert ids.index("thema1-snelkookpan") < ids.index("thema2-critch1")
    assert ids.index("thema2-snelkookpan") < ids.index("uitwerking")
    kinds = [step.kind.value for step in fmt.agenda]
    breaks = [index for index, kind in enumerate(kinds) if kind == "break"]
    assert 0 not in breaks and len(kinds) - 1 not in breaks
    assert all(b - a > 1 for a, b in zip(breaks, breaks[1:])), "two breaks in a row"


@pytest.mark.parametrize("path", all_format_files(), ids=lambda p: p.name)
def test_every_shown_text_has_english(path: Path) -> None:
    fmt = parse_format(path.read_bytes(), str(path))
    assert fmt.title_en and fmt.description_en
    assert bool(fmt.subtitle) == bool(fmt.subtitle_en)
    for perspective in fmt.perspectives:
        assert perspective.label_en, perspective.id
        assert bool(perspective.description) == bool(perspective.description_en), perspective.id
    for team in fmt.teams:
        assert team.name_en, team.name
    for step in fmt.agenda:
        assert step.title_en, step.id
        assert bool(step.description) == bool(step.description_en), step.id
        assert len(step.prompts_en) == len(step.prompts), step.id
    for question in fmt.questions:
        assert question.text_en, question.id
        assert bool(question.label) == bool(question.label_en), question.id
    for rule in fmt.rules:
        assert rule.text_en, rule.text


@pytest.mark.parametrize("path", all_format_files(), ids=lambda p: p.name)
def test_make_session_in_english_shows_the_english_texts(path: Path) -> None:
    fmt = parse_format(path.read_bytes(), str(path))
    day = dt.date(2026, 11, 22)
    english = fmt.make_session(lang="en", date=day)
    dutch = fmt.make_session(date=day)
    assert english.language == "en" and dutch.language == "nl"
    assert english.title == fmt.title_en and dutch.title == fmt.title
    assert english.subtitle == fmt.subtitle_en
    assert [item.title for item in english.agenda] == [step.title_en for step in fmt.agenda]
    assert [item.prompts for item in english.agenda] == [step.prompts_en for step in fmt.agenda]
    assert [item.description for item in english.agenda] == [
        step.description_en for step in fmt.agenda]
    assert [q.text for q in english.questions] == [q.text_en for q in fmt.questions]
    assert [q.label for q in english.questions] == [q.label_en for q in fmt.questions]
    assert [p.label for p in english.perspectives] == [p.label_en for p in fmt.perspectives]
    assert [r.text for r in english.rules] == [r.text_en for r in fmt.rules]
    assert [t.name for t in english.teams] == [t.name_en for t in fmt.teams]
    assert [q.text for q in dutch.questions] == [q.text for q in fmt.questions]
    assert [item.planned_min for item in english.agenda] == [s.planned_min for s in fmt.agenda]


def repo_formats(folder: Path) -> dict[str, Format]:
    """The folder's own formats (none of its format files broken)."""
    formats, broken = load_formats(folder)
    assert broken == []
    return {name: fmt for name, fmt in formats.items() if fmt.source != "built-in"}


def test_a_repo_format_loads_beside_the_builtins() -> None:
    files = sorted((SESSIONS / "formats").glob("*.toml"))
    assert files
    found = repo_formats(SESSIONS)
    assert sorted(found) == sorted(parse_format(p.read_bytes(), str(p)).name for p in files)
    assert all(isinstance(fmt, Format) for fmt in found.values())
    assert not set(found) & set(builtin_formats())
    for fmt in found.values():
        assert fmt.source.endswith(".toml")
        assert fmt.make_session(date=dt.date(2026, 12, 1)).agenda


# -- the example sessions ---------------------------------------------------------------

def test_every_example_session_validates_and_is_named_after_its_id() -> None:
    files = sorted(SESSIONS.glob("*.toml"))
    assert files
    for path in files:
        assert store.validate(path) == [], path
        session = store.load(path)
        assert session.id == path.stem
        assert path.stem.startswith(session.date.isoformat() + "-")
    formats = {store.load(path).format for path in files}
    assert formats >= set(builtin_formats())
    assert formats <= set(builtin_formats()) | set(repo_formats(SESSIONS))


def test_finished_buitenspiegel_example() -> None:
    session = example("buitenspiegel")
    assert session.status.value == "finished" and session.clock is None
    for item in session.agenda:
        assert item.started_at is not None, item.id
        assert item.elapsed_s != item.planned_s, item.id
        assert abs(item.elapsed_s - item.planned_s) <= 0.2 * item.planned_s, item.id
    assert len(session.questions) == 9
    assert all(q.asked_at is not None for q in session.questions)
    per_question = Counter(note.question for note in session.notes if note.question)
    assert set(per_question) == {q.id for q in session.questions}
    assert all(3 <= count <= 6 for count in per_question.values()), per_question
    kinds = {note.kind.value for note in session.notes}
    assert kinds >= {"quote", "compliment", "critical", "advice", "lesson", "agreement",
                     "question"}
    tags = Counter(tag for note in session.notes for tag in note.tags)
    assert {"huisvesting", "informatiedeling", "casusregie"} <= set(tags)
    assert all(tags[tag] >= 3 for tag in ("huisvesting", "informatiedeling", "casusregie"))
    assert len({p.role for p in session.participants}) >= 4
    assert 4 <= len(session.actions) <= 6
    assert {a.horizon.value for a in session.actions} == {"short", "long"}
    assert any(a.owner and a.due for a in session.actions)
    assert [a.status.value for a in session.actions].count("done") == 1


def test_binnenspiegel_example_follows_the_buitenspiegel_and_brings_its_lessons() -> None:
    source = example("buitenspiegel")
    session = example("binnenspiegel")
    assert session.follows == source.id
    first = session.agenda[0].id
    brought = {note.text for note in session.notes if note.step == first}
    lessons = {note.text for note in source.notes if note.kind.value == "lesson"}
    assert lessons and lessons <= brought
    carried = [a for a in session.actions if a.origin == source.id]
    assert carried and all(a.status.value == "open" for a in carried)


def test_spiegelgesprek_example_has_the_organisations_own_questions() -> None:
    session = example("spiegelgesprek")
    fmt = builtin_formats()["spiegelgesprek"]
    assert session.show_rules is True
    assert [rule.text for rule in session.rules] == RULES
    own = session.step_questions("vragen-organisatie")
    assert 5 <= len(own) <= 6
    assert all(q.perspective == "organisatie" for q in own)
    assert not {q.text for q in own} & {q.text for q in fmt.questions}
    inner = [p for p in session.participants if p.role.value in ("client", "relative")]
    assert 6 <= len(inner) <= 10
    assert any(p.role.value == "listener" for p in session.participants)
    assert {note.step for note in session.notes} >= {"open-vragen", "vragen-organisatie",
                                                      "vragen-toehoorders"}


def test_digitale_spiegelsessie_example_has_a_full_brievenbus() -> None:
    session = example("digitale-spiegelsessie")
    teams = [team.name for team in session.teams]
    assert teams == ["Instelling A", "Instelling B"]
    for team in teams:
        mail = Counter(note.kind.value for note in session.notes if note.team == team)
        assert mail["compliment"] >= 3 and mail["critical"] >= 2 and mail["advice"] >= 3, team
        horizons = {a.horizon.value for a in session.actions if a.team == team}
        assert horizons == {"short", "long"}, team
    assert all(action.team in teams for action in session.actions)
    breaks = [item for item in session.agenda if item.is_break]
    assert len(breaks) == 3 and all(item.started_at for item in breaks)
