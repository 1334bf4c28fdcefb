"""Preparing a session (issue 5): the prepare screen through Pilot, and its model edits."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from textual import events
from textual.widgets import TextArea

from spiegel_tui import store
from spiegel_tui.model import prepare as edit
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import ItemKind, Note, Role
from spiegel_tui.model.tomlfile import to_dict
from spiegel_tui.ui.app import make_app
from spiegel_tui.ui.screens.prepare import PrepareScreen
from spiegel_tui.ui.screens.session import SessionScreen
from spiegel_tui.ui.screens.start import StartScreen
from spiegel_tui.ui.screens.title_prompt import TitlePrompt
from spiegel_tui.ui.widgets.form_field import FormField
from tests.conftest import FakeClock

SIZE = (120, 35)
DAY = dt.date(2026, 11, 22)
OWN = [
    "Hoe was de eerste kennismaking?",
    "Wist u bij wie u terecht kon?",
    "Organisatie: Werd u op tijd teruggebeld?",
    "Hoe werd er met uw klacht omgegaan?",
    "Wat zou u de directie willen zeggen?",
    "Welke verandering merkt u het eerst?",
]


def make(tmp_path: Path, name: str = "spiegelgesprek", **kwargs: object) -> Path:
    session = builtin_formats()[name].make_session(
        title="Gesprek Zuid", date=DAY, start_time=dt.time(13, 0), end_time=dt.time(15, 0),
        **kwargs)
    path = tmp_path / f"{session.id}.toml"
    store.save(session, path)
    return path


def app_for(path: Path | None, clock: FakeClock, **kwargs: object):  # type: ignore[no-untyped-def]
    return make_app(path, clock=clock, autosave_delay=0.05, poll_interval=0.1, **kwargs)


async def settle(pilot, app) -> None:  # type: ignore[no-untyped-def]
    """Let the debounced save run and finish (not every worker: the session screen's
    ``action_prepare`` waits for the prepare screen to close)."""
    await pilot.pause(0.15)
    saving = [w for w in app.workers if w.group in ("io", "prepare-close") and w.is_running]
    if saving:
        await app.workers.wait_for_complete(saving)
    await pilot.pause()


async def open_prepare(pilot, app) -> PrepareScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("f9")
    await settle(pilot, app)
    assert isinstance(app.screen, PrepareScreen)
    return app.screen


def field(screen: PrepareScreen, key: str) -> FormField:
    return next(f for f in screen.query(FormField) if f.key == key)


def error_text(screen: PrepareScreen, key: str) -> str:
    return str(field(screen, key).query_one(".form-error").render())


async def choose(pilot, select_id: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Open a Select with the keyboard and move to ``value``, as a person would."""
    select = pilot.app.screen.query_one(select_id)
    values = [option[1] for option in select._options]  # noqa: SLF001 - (label, value) pairs
    delta = values.index(value) - values.index(select.value)
    select.focus()
    await pilot.press("enter", *(["down"] * delta if delta > 0 else ["up"] * -delta), "enter")
    await pilot.pause()


@pytest.mark.slow
async def test_prepare_a_spiegelgesprek(tmp_path: Path, fake_clock: FakeClock) -> None:
    """6 own questions, 8 participants, two agenda steps swapped, a break added: the file
    validates and holds exactly that, and nothing else changed."""
    path = make(tmp_path)
    before = store.load(path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_prepare(pilot, app)
        # participants: six clients under pseudonyms, then a facilitator and a scribe
        await pilot.press("f3")
        assert not screen.query_one("#real-names").value  # no real names unless chosen
        await pilot.press(*["ctrl+n"] * 8)
        await choose(pilot, "#person-role", "facilitator")
        await pilot.press("f3", "up")
        await choose(pilot, "#person-role", "scribe")
        # the organisation's questions, pasted one per line, then inserted
        await pilot.press("f5")
        area = screen.query_one("#paste-area", TextArea)
        area.focus()
        screen.post_message(events.Paste("# van de organisatie\r\n\r\n" + "\r\n".join(OWN)))
        await pilot.pause()
        screen.query_one("#paste-go").focus()
        await pilot.press("enter")
        # agenda: the listeners' questions before the organisation's, a break after them
        await pilot.press("f4", "down", "down", "down", "ctrl+up", "ctrl+b")
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session == store.load(path)  # the console took the prepared one

    after = store.load(path)  # validates
    assert [(p.name, p.role) for p in after.participants] == [
        *[(f"Cliënt {n}", Role.CLIENT) for n in range(1, 7)],
        ("Notulist 1", Role.SCRIBE), ("Gespreksleider 1", Role.FACILITATOR)]
    organisation = after.step("vragen-organisatie")
    assert organisation is not None
    own = after.step_questions(organisation.id)
    assert [q.text for q in own] == [text.removeprefix("Organisatie: ") for text in OWN]
    assert [q.id for q in own] == [f"v-{n:02d}" for n in range(1, 7)]
    assert {q.perspective for q in own} == {"organisatie"}
    assert [(i.id, i.kind, i.planned_min) for i in after.agenda] == [
        ("welkom", ItemKind.STEP, 10), ("open-vragen", ItemKind.STEP, 30),
        ("vragen-toehoorders", ItemKind.STEP, 20), ("pauze-1", ItemKind.BREAK, 15),
        ("vragen-organisatie", ItemKind.STEP, 45), ("afsluiting", ItemKind.STEP, 15)]
    # nothing else changed: the format's other questions, the rules, the fields
    replaced = set(before.step("vragen-organisatie").questions)  # type: ignore[union-attr]
    assert [q for q in after.questions if q.id not in {q.id for q in own}] == [
        q for q in before.questions if q.id not in replaced]
    same = {k: v for k, v in to_dict(before).items()
            if k not in ("participants", "agenda", "questions")}
    assert {k: v for k, v in to_dict(after).items()
            if k not in ("participants", "agenda", "questions")} == same


@pytest.mark.parametrize(("key", "typed", "message"), [
    ("step.planned_min", "abc", "Een heel getal minuten"),
    ("title", "", "Mag niet leeg zijn"),
    ("end_time", "12:00", "end_time must be after start_time"),
    ("date", "22-11-2026", "Een datum als"),
])
@pytest.mark.slow
async def test_an_invalid_value_is_shown_and_never_saved(
        tmp_path: Path, fake_clock: FakeClock, key: str, typed: str, message: str) -> None:
    path = make(tmp_path)
    original = path.read_bytes()
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_prepare(pilot, app)
        if key.startswith("step."):
            await pilot.press("f4")
        field(screen, key).input.focus()
        await pilot.press("end", "shift+home", *(typed or ["backspace"]))
        await settle(pilot, app)
        assert message in error_text(screen, key)
        assert field(screen, key).has_class("-invalid")
        assert path.read_bytes() == original
        # a valid value afterwards is saved: the refusal above was not a broken save
        await pilot.press("ctrl+u", *{"step.planned_min": "25", "title": "Gesprek Oost",
                                      "end_time": "16:00", "date": "2026-11-23"}[key])
        await settle(pilot, app)
        assert error_text(screen, key) == ""
        assert path.read_bytes() != original
    saved = store.load(path)
    assert (saved.agenda[0].planned_min, saved.title, saved.end_time, saved.date) == {
        "step.planned_min": (25, "Gesprek Zuid", dt.time(15, 0), DAY),
        "title": (10, "Gesprek Oost", dt.time(15, 0), DAY),
        "end_time": (10, "Gesprek Zuid", dt.time(16, 0), DAY),
        "date": (10, "Gesprek Zuid", dt.time(15, 0), dt.date(2026, 11, 23)),
    }[key]


@pytest.mark.slow
async def test_the_total_against_the_slot_turns_red(tmp_path: Path,
                                                    fake_clock: FakeClock) -> None:
    path = make(tmp_path)  # 120 minutes from 13:00 to 15:00
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_prepare(pilot, app)
        fit = screen.query_one("#prepare-fit")
        assert "120 min" in str(fit.render()) and "past" in str(fit.render())
        assert not fit.has_class("-over")
        await pilot.press("f4", "ctrl+b")  # a 15-minute break
        assert fit.has_class("-over") and "15 min te lang" in str(fit.render())
        await pilot.press("f2")
        field(screen, "end_time").input.focus()
        await pilot.press("end", "ctrl+u", *"15:15")
        await pilot.pause()
        assert not fit.has_class("-over")


@pytest.mark.slow
async def test_real_names_are_a_choice(tmp_path: Path, fake_clock: FakeClock) -> None:
    path = make(tmp_path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_prepare(pilot, app)
        await pilot.press("f3", "ctrl+n")
        assert field(screen, "person.name").input.disabled  # pseudonyms only
        screen.query_one("#real-names").focus()
        await pilot.press("space")
        field(screen, "person.name").input.focus()
        await pilot.press("end", "ctrl+u", *"Robin de Vries")
        await settle(pilot, app)
        assert store.load(path).participants[0].name == "Robin de Vries"
        screen.query_one("#real-names").focus()
        await pilot.press("space")
        await settle(pilot, app)
    assert [p.name for p in store.load(path).participants] == ["Cliënt 1"]


@pytest.mark.slow
async def test_rules_and_questions_are_edited(tmp_path: Path, fake_clock: FakeClock) -> None:
    path = make(tmp_path, "buitenspiegel")
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_prepare(pilot, app)
        await pilot.press("f6")
        area = screen.query_one("#rules-text", TextArea)
        area.load_text("")
        area.focus()
        await pilot.press(*"Wees eerlijk", "enter", "enter", *"Luister")
        await pilot.press("f5", "down", "ctrl+down")  # "aandacht" moves down one place
        await pilot.press("ctrl+r")  # and is removed there
        await settle(pilot, app)
    saved = store.load(path)
    assert [rule.text for rule in saved.rules] == ["Wees eerlijk", "Luister"]
    assert [q.id for q in saved.step_questions("bespreking-present")] == [
        "aanwezigheid", "antwoord"]
    assert saved.question("aandacht") is None


@pytest.mark.slow
async def test_start_screen_prepares_a_new_session(tmp_path: Path,
                                                   fake_clock: FakeClock) -> None:
    folder = tmp_path / "sessions"
    app = app_for(None, fake_clock, sessions_dir=folder, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, StartScreen)
        await pilot.press("p")  # the formats list has focus when there are no sessions
        await pilot.pause()
        assert isinstance(app.screen, TitlePrompt)
        await pilot.press(*"Panel", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PrepareScreen)
        assert "Preparing" in str(app.screen.query_one("#prepare-title").render())
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, StartScreen)
        app.screen.query_one("#start-sessions").focus()
        await pilot.press("p")
        await settle(pilot, app)
        assert isinstance(app.screen, PrepareScreen)
        await pilot.press("ctrl+q")
    assert len(list(folder.glob("*.toml"))) == 1


@pytest.mark.slow
async def test_quit_saves_what_was_just_typed(tmp_path: Path, fake_clock: FakeClock) -> None:
    path = make(tmp_path)
    app = make_app(path, clock=fake_clock, autosave_delay=30, poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_prepare(pilot, app)
        field(screen, "location").input.focus()
        await pilot.press(*"Buurthuis")
        await pilot.press("ctrl+q")
    assert store.load(path).location == "Buurthuis"


# -- the model edits --------------------------------------------------------------------
def test_paste_reads_lines_like_the_questions_file() -> None:
    session = builtin_formats()["spiegelgesprek"].make_session(title="x", date=DAY)
    long = "Waarom " + "x" * 1992 + "?"
    added, replaced = edit.paste_questions(session, "# c\r\n\r\nOpen vragen: Hoe?\r\n" + long)
    assert (added, replaced, len(long)) == (2, 4, 2000)
    step = edit.organisation_step(session)
    assert [(q.perspective, q.text) for q in session.step_questions(step.id)] == [
        ("open", "Hoe?"), ("organisatie", long)]
    with pytest.raises(edit.Refused):
        edit.paste_questions(session, "# alleen commentaar\n\n")


def test_a_step_with_notes_or_time_cannot_be_removed() -> None:
    session = builtin_formats()["buitenspiegel"].make_session(title="x", date=DAY)
    session.notes.append(Note(id="n-0001", at=dt.datetime(2026, 11, 22, 13, 5, tzinfo=dt.UTC),
                              step="casus", text="x"))
    with pytest.raises(edit.Refused) as refused:
        edit.remove_step(session, 1)
    assert refused.value.code == "in_use" and session.agenda[1].id == "casus"
    edit.remove_step(session, 0)
    assert session.agenda[0].id == "casus"


def test_minutes_and_times_are_checked_by_the_model() -> None:
    assert edit.parse_minutes(" 20 ") == 20
    for bad, code in (("abc", "int_parsing"), ("0", "greater_than"), ("5000", "less_than_equal"),
                      ("-5", "int_parsing")):
        with pytest.raises(edit.Refused) as refused:
            edit.parse_minutes(bad)
        assert refused.value.code == code
    assert edit.parse_time("9:30") == dt.time(9, 30) and edit.parse_time("") is None
    with pytest.raises(edit.Refused):
        edit.parse_time("25:00")


@pytest.mark.parametrize("name", ["spiegelgesprek", "buitenspiegel", "digitale-spiegelsessie"])
@pytest.mark.slow
async def test_looking_changes_nothing(tmp_path: Path, fake_clock: FakeClock, name: str) -> None:
    """Opening every tab and closing again leaves the file byte-identical."""
    path = make(tmp_path, name)
    original = path.read_bytes()
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_prepare(pilot, app)
        for key in ("f3", "f4", "down", "f5", "down", "f6", "f2", "escape"):
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot, app)
        assert isinstance(app.screen, SessionScreen)
    assert path.read_bytes() == original


async def test_the_team_fields_follow_the_formats_teams(tmp_path: Path,
                                                        fake_clock: FakeClock) -> None:
    """A session of a two-team format that lost its teams is offered both again; the
    number comes from the format file (read in a worker), not from its name."""
    path = make(tmp_path, "digitale-spiegelsessie")
    session = store.load(path)
    session.teams = []
    store.save(session, path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_prepare(pilot, app)
        deadline = time.monotonic() + 10  # the format is read in a worker
        while screen.format is None and time.monotonic() < deadline:
            await pilot.pause(0.05)
        await pilot.pause()
        keys = [f.key for f in screen.query(FormField) if f.key.startswith("team.")]
        assert keys == ["team.0.name", "team.0.theme", "team.1.name", "team.1.theme"]
        assert screen.format is not None and screen.format.name == "digitale-spiegelsessie"
        field(screen, "team.1.name").input.value = "Instelling Zuid"
        await pilot.press("tab")
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
    assert [team.name for team in store.load(path).teams][-1:] == ["Instelling Zuid"]
