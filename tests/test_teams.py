"""Issue 13: the digitale spiegelsessie as an exchange between two teams, and the seeds'
limits. The model (placeholders, @Team, the brievenbus default, limits, the listeners'
queue), the CLI (new / note / check / export) and the console through Pilot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.cli import main
from spiegel_tui.folder import format_of
from spiegel_tui.model import flow, limits, teams
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import NoteKind, Participant, Role, Session, Team
from spiegel_tui.ui.app import make_app
from spiegel_tui.ui.screens.session import SessionScreen
from spiegel_tui.ui.widgets.queue import QueuePanel
from spiegel_tui.ui.widgets.received import ReceivedPanel
from tests.conftest import FakeClock, until

T0 = dt.datetime(2026, 11, 22, 13, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
DAY = dt.date(2026, 11, 22)


def exchange(**kwargs: object) -> Session:
    session = builtin_formats()["digitale-spiegelsessie"].make_session(
        date=DAY, session_id="2026-11-22-dss", **kwargs)  # type: ignore[arg-type]
    session.teams = [Team(name="GGZ Noord", theme="Ervaringsdeskundigheid"),
                     Team(name="Lentis", theme="Naasten betrekken")]
    return session


def at_step(session: Session, step_id: str) -> None:
    flow.start(session, T0)
    flow.go_to(session, flow.Position(step_id), T0)


# -- the model ---------------------------------------------------------------------------
def test_placeholders_fill_in_names_and_themes_and_follow_a_rename() -> None:
    session = exchange()
    assert session.step("thema1-critch1").title == "Thema 1: CRITCH 1 van {team.1}"  # type: ignore[union-attr]
    shown = teams.rendered(session)
    assert shown.step("thema1-critch1").title == "Thema 1: CRITCH 1 van GGZ Noord"  # type: ignore[union-attr]
    assert "Ervaringsdeskundigheid" in (shown.step("thema1-critch1").description or "")  # type: ignore[union-attr]
    assert shown.step("thema2-critch1").title == "Thema 2: CRITCH 1 van Lentis"  # type: ignore[union-attr]
    session.teams[0] = Team(name="Dimence")
    shown = teams.rendered(session)
    assert shown.step("thema2-critch2").title == "Thema 2: CRITCH 2 van Dimence"  # type: ignore[union-attr]
    assert "(thema nog niet gekozen)" in (shown.step("thema1-critch1").description or "")  # type: ignore[union-attr]
    assert teams.render(session, "{team.3} en {team.x}") == "{team.3} en {team.x}"
    assert session.step("thema1-critch1").title.endswith("{team.1}")  # type: ignore[union-attr]


def test_at_team_addresses_a_note_by_name_or_prefix_case_insensitive() -> None:
    session = exchange()
    at_step(session, "kennismaking")
    note = flow.add_note(session, "@lentis + mooi voorbeeld van ervaringsdeskundigheid", T0)
    assert note is not None
    assert (note.kind, note.text, note.team) == (
        NoteKind.COMPLIMENT, "mooi voorbeeld van ervaringsdeskundigheid", "Lentis")
    note = flow.add_note(session, "@GGZ Noord > vraag naasten eerder", T0)
    assert note is not None and (note.team, note.kind) == ("GGZ Noord", NoteKind.ADVICE)
    with pytest.raises(ValueError, match=r"unknown team 'bestaatniet' \(teams: GGZ Noord, "
                                         r"Lentis\)"):
        flow.add_note(session, "@bestaatniet + x", T0)
    session.teams.append(Team(name="Lentis Zuid"))
    with pytest.raises(ValueError, match="ambiguous team 'len'"):
        flow.add_note(session, "@len + x", T0)
    with pytest.raises(ValueError, match="unknown team 'nope'"):
        flow.add_note(session, "x", T0, team="nope")


def test_brievenbus_default_goes_to_the_other_team_than_the_theme_discussed() -> None:
    session = exchange()
    at_step(session, "thema1-snelkookpan")
    assert [flow.add_note(session, text, T0).team for text in (  # type: ignore[union-attr]
        "+ sterk verhaal", "! geen naasten", "> begin klein", "gewone notitie",
        "@ggz ! te weinig naasten betrokken")] == [
        "Lentis", "Lentis", "Lentis", None, "GGZ Noord"]
    flow.go_to(session, flow.Position("thema2-snelkookpan"), T0)
    assert flow.add_note(session, "+ helder", T0).team == "GGZ Noord"  # type: ignore[union-attr]
    flow.go_to(session, flow.Position("kennismaking"), T0)
    assert flow.add_note(session, "+ welkom", T0).team is None  # type: ignore[union-attr]


def test_received_groups_each_teams_mailbox_by_kind() -> None:
    session = exchange()
    at_step(session, "thema1-snelkookpan")
    for text in ("@ggz > advies", "@ggz + compliment", "@ggz ! kritisch", "@lentis + ook"):
        flow.add_note(session, text, T0)
    got = {name: [(kind, [n.text for n in notes]) for kind, notes in groups]
           for name, groups in teams.received(session)}
    assert got == {
        "GGZ Noord": [(NoteKind.COMPLIMENT, ["compliment"]), (NoteKind.CRITICAL, ["kritisch"]),
                      (NoteKind.ADVICE, ["advies"])],
        "Lentis": [(NoteKind.COMPLIMENT, ["ook"])],
    }


def test_the_listeners_queue_is_walked_one_by_one_then_the_flow_moves_on() -> None:
    session = builtin_formats()["spiegelgesprek"].make_session(date=DAY, session_id="sg")
    flow.start(session, T0)
    for text in ("? Wie beslist er?", "gewoon", "? Hoe lang duurt de wachtlijst?"):
        flow.add_note(session, text, T0)
    step = session.step("vragen-toehoorders")
    assert step is not None and step.shows == "questions"
    flow.go_to(session, flow.Position(step.id, step.questions[0]), T0)
    assert [n.text for n in teams.queued_questions(session)] == [
        "Wie beslist er?", "Hoe lang duurt de wachtlijst?"]
    assert flow.move(session, 1, T0) and step.queue_at == 1
    assert flow.current_position(session).step == step.id  # type: ignore[union-attr]
    assert flow.move(session, -1, T0) and step.queue_at == 0
    assert flow.move(session, 1, T0) and flow.move(session, 1, T0)
    assert flow.current_position(session).step == "afsluiting"  # type: ignore[union-attr]


def people(team: str, roles: list[Role]) -> list[Participant]:
    return [Participant(name=f"{team} {i}", role=role, team=team)
            for i, role in enumerate(roles)]


def test_limits_of_a_digital_exchange_and_a_spiegelgesprek() -> None:
    session = exchange()
    fmt = format_of(session)
    session.participants = (people("GGZ Noord", [Role.CLIENT] + [Role.PROFESSIONAL] * 6)
                            + people("Lentis", [Role.PROFESSIONAL] * 2))
    assert limits.warnings(session, fmt, "en") == [
        "team GGZ Noord has 7 participants (at most 6)",
        "team Lentis has no client / relative (the team is triadic)",
    ]
    session.participants = (people("GGZ Noord", [Role.RELATIVE, Role.PROFESSIONAL])
                            + people("Lentis", [Role.CLIENT]))
    assert limits.warnings(session, fmt) == []
    talk = builtin_formats()["spiegelgesprek"].make_session(date=DAY, session_id="sg")
    talk.participants = [Participant(name=f"c{i}", role=Role.CLIENT) for i in range(11)]
    talk.agenda[0].planned_min = 15
    assert limits.warnings(talk, format_of(talk), "en") == [
        "11 clients in the inner circle (at most 10)",
        "the meeting takes 125 min (at most 120)"]
    case = builtin_formats()["buitenspiegel"].make_session(date=DAY, session_id="bs")
    case.step("casus").planned_min = 25  # type: ignore[union-attr]
    assert limits.warnings(case, format_of(case), "en") == [
        "step 'casus' (Chronologische presentatie van de casus) takes 25 min (at most 20)",
        "the meeting takes 155 min (at most 150)"]


# -- the CLI -----------------------------------------------------------------------------
def new_exchange(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> Path:
    names = tmp_path / "deelnemers.txt"
    names.write_text("P1; cliënt; GGZ Noord\nP2; professional; GGZ Noord\n"
                     "P3; naaste; Lentis\nP4; professional; Lentis\nP5; gespreksleider\n",
                     encoding="utf-8")
    assert main(["new", "digitale-spiegelsessie", "--dir", str(tmp_path / "s"), "--date",
                 "2026-12-10", "--participants", str(names), *extra]) == 0
    return Path(capsys.readouterr().out.strip())


def test_new_takes_the_teams_and_the_three_ts(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = new_exchange(tmp_path, capsys, "--team-theme", "ggz=Ervaringsdeskundigheid",
                        "--team-theme", "Lentis=Naasten betrekken", "--timing",
                        "vlak voor de aftrap van het herstelprogramma", "--theme", "Herstel")
    session = store.load(path)
    assert [(t.name, t.theme) for t in session.teams] == [
        ("GGZ Noord", "Ervaringsdeskundigheid"), ("Lentis", "Naasten betrekken")]
    assert session.timing == "vlak voor de aftrap van het herstelprogramma"
    assert session.theme == "Herstel"
    assert main(["check", str(path)]) == 0
    assert "Thema 1: CRITCH 1 van GGZ Noord" in capsys.readouterr().out
    assert main(["new", "digitale-spiegelsessie", "--dir", str(tmp_path / "s"),
                 "--team-theme", "zzz=x"]) == 2
    assert "--team-theme: unknown team 'zzz'" in capsys.readouterr().err


def test_note_addresses_a_team_and_the_report_lists_it(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = new_exchange(tmp_path, capsys, "--team-theme", "GGZ Noord=Ervaringsdeskundigheid",
                        "--team-theme", "Lentis=Naasten betrekken")
    assert main(["note", str(path), "@lentis + mooi voorbeeld van ervaringsdeskundigheid"]) == 0
    capsys.readouterr()
    note = store.load(path).notes[-1]
    assert (note.kind, note.team) == (NoteKind.COMPLIMENT, "Lentis")
    before = path.read_bytes()
    assert main(["note", str(path), "@bestaatniet + x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "teams: GGZ Noord, Lentis" in err
    assert main(["note", str(path), "x", "--team", "Nergens"]) == 2
    assert "unknown team 'Nergens' (teams: GGZ Noord, Lentis)" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert main(["export", "--to", "md", str(path)]) == 0
    md = capsys.readouterr().out
    teams = next(x for x in md.splitlines() if x.startswith("- **Teams en thema's:**"))
    assert "GGZ Noord — Ervaringsdeskundigheid" in teams
    assert "Lentis — Naasten betrekken" in teams
    assert "Thema 1: CRITCH 1 van GGZ Noord" in md
    mailbox = md[md.index("### Voor Lentis"):]
    assert "mooi voorbeeld van ervaringsdeskundigheid" in mailbox


def test_check_warns_one_line_per_limit(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = new_exchange(tmp_path, capsys)
    session = store.load(path)
    session.participants += people("GGZ Noord", [Role.PROFESSIONAL] * 5)
    session.participants = [p for p in session.participants
                            if not (p.team == "Lentis" and p.role is Role.RELATIVE)]
    store.save(session, path)
    assert main(["check", str(path)]) == 1
    warnings = [line for line in capsys.readouterr().err.splitlines()]
    assert warnings == ["warning: team GGZ Noord has 7 participants (at most 6)",
                        "warning: team Lentis has no client / relative (the team is triadic)"]
    talk = builtin_formats()["spiegelgesprek"].make_session(date=DAY, session_id="sg")
    talk.participants = [Participant(name=f"c{i}", role=Role.CLIENT) for i in range(11)]
    store.save(talk, tmp_path / "sg.toml")
    assert main(["check", str(tmp_path / "sg.toml")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "warning: 11 clients in the inner circle (at most 10)"]


# -- the console (Pilot) -------------------------------------------------------------------
def saved_exchange(tmp_path: Path, step: str | None = None) -> Path:
    session = exchange(start_time=dt.time(13, 0))
    if step is not None:
        at_step(session, step)
    path = tmp_path / f"{session.id}.toml"
    store.save(session, path)
    return path


def app_for(path: Path, clock: FakeClock):  # type: ignore[no-untyped-def]
    return make_app(path, clock=clock, autosave_delay=0.05, poll_interval=0.1)


async def type_note(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    field = pilot.app.screen.query_one("#note-input")
    field.focus()
    field.value = text
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.slow
async def test_console_addresses_in_the_brievenbus_and_lists_it_in_the_uitwerking(
        tmp_path: Path, fake_clock: FakeClock) -> None:
    path = saved_exchange(tmp_path, "thema1-snelkookpan")
    app = app_for(path, fake_clock)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await type_note(pilot, "@GGZ ! te weinig naasten betrokken")
        await until(pilot, lambda: screen.session.notes, message="the note")
        note = screen.session.notes[-1]
        assert (note.kind, note.team, note.text) == (
            NoteKind.CRITICAL, "GGZ Noord", "te weinig naasten betrokken")
        from spiegel_tui.ui.widgets.notes import NoteItem

        await until(pilot, lambda: screen.query(NoteItem), message="the note listed")
        listed = " ".join(str(screen.query(NoteItem).last().render()).split())
        assert "! @GGZ Noord te weinig naasten betrokken" in listed
        await type_note(pilot, "@bestaatniet + x")
        assert len(screen.session.notes) == 1
        assert screen.query_one("#note-input").value == "@bestaatniet + x"
        assert any("bestaatniet" in str(n.message) for n in app._notifications)
        assert not screen.query_one(ReceivedPanel).display
        screen.live.apply(lambda s: flow.go_to(s, flow.Position("uitwerking"), fake_clock()))
        await until(pilot, lambda: screen.query_one(ReceivedPanel).display,
                    message="the per-team view")
        columns = {c.name: str(c.render()) for c in screen.query(".team-received")}
        assert set(columns) == {"GGZ Noord", "Lentis"}
        assert "Kritische noten" in columns["GGZ Noord"]
        assert "te weinig naasten betrokken" in columns["GGZ Noord"]
        assert "te weinig naasten" not in columns["Lentis"]


@pytest.mark.slow
async def test_console_shows_team_names_and_a_rename_follows(tmp_path: Path,
                                                             fake_clock: FakeClock) -> None:
    path = saved_exchange(tmp_path, "thema1-critch1")
    app = app_for(path, fake_clock)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = app.screen
        step = str(screen.query_one("#question-step").render())
        assert "Thema 1: CRITCH 1 van GGZ Noord" in step
        assert "Ervaringsdeskundigheid" in str(screen.query_one("#question-current").render())

        def rename(session: Session) -> None:
            session.teams[0] = Team(name="Dimence", theme="Werk")

        screen.live.apply(rename)
        await until(pilot, lambda: "van Dimence" in str(
            screen.query_one("#question-step").render()), message="the rename")
        assert "Werk" in str(screen.query_one("#question-current").render())


@pytest.mark.slow
async def test_console_warns_of_the_limits_when_the_clock_starts(tmp_path: Path,
                                                                 fake_clock: FakeClock) -> None:
    session = exchange()
    session.participants = people("GGZ Noord", [Role.PROFESSIONAL] * 7)
    path = tmp_path / "dss.toml"
    store.save(session, path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("team GGZ Noord heeft 7 deelnemers (ten hoogste 6)" in m for m in messages)
        assert any("team Lentis heeft geen cliënt / naaste" in m for m in messages)


@pytest.mark.slow
async def test_console_walks_the_listeners_questions(tmp_path: Path,
                                                     fake_clock: FakeClock) -> None:
    session = builtin_formats()["spiegelgesprek"].make_session(date=DAY, session_id="sg")
    flow.start(session, T0)
    flow.add_note(session, "? Wie beslist er?", T0)
    flow.add_note(session, "? Hoe lang duurt het?", T0)
    step = session.step("vragen-toehoorders")
    assert step is not None
    flow.go_to(session, flow.Position(step.id, step.questions[0]), T0)
    path = tmp_path / "sg.toml"
    store.save(session, path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=(120, 35)) as pilot:
        queue = app.screen.query_one(QueuePanel)
        assert queue.display
        assert "Wie beslist er?" in str(queue.render())
        assert "1 van 2" in str(queue.render())
        await pilot.press("pagedown")
        await until(pilot, lambda: "2 van 2" in str(queue.render()), message="the next")
        assert "Hoe lang duurt het?" in str(queue.render())


@pytest.mark.slow
async def test_prepare_shows_the_limits_and_edits_the_three_ts(tmp_path: Path,
                                                               fake_clock: FakeClock) -> None:
    from textual.widgets import Static

    from spiegel_tui.ui.screens.prepare import PrepareScreen
    from spiegel_tui.ui.widgets.form_field import FormField

    session = exchange()
    session.participants = (people("GGZ Noord", [Role.CLIENT] + [Role.PROFESSIONAL] * 6)
                            + people("Lentis", [Role.RELATIVE]))
    path = tmp_path / "dss.toml"
    store.save(session, path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, PrepareScreen), message="F9")
        screen = app.screen
        bar = screen.query_one("#prepare-limits", Static)  # a LimitsBar
        assert bar.display
        assert "team GGZ Noord heeft 7 deelnemers (ten hoogste 6)" in str(bar.render())
        fields = {f.key: f for f in screen.query(FormField)}
        assert {"theme", "timing", "team.0.name", "team.0.theme", "team.1.theme"} <= set(fields)
        fields["timing"].input.focus()
        await pilot.press(*"na de training")
        fields["team.1.theme"].input.focus()  # leaving the field applies it
        await until(pilot, lambda: screen.live.session.timing == "na de training",
                    message="the timing")

        def fewer(s: Session) -> None:
            s.participants = s.participants[:3] + s.participants[-1:]

        screen.live.apply(fewer)
        screen.refresh_top()
        await until(pilot, lambda: not bar.display, message="no more warnings")
    assert store.load(path).timing == "na de training"


@pytest.mark.slow
async def test_an_action_from_a_note_in_the_uitwerking_carries_team_and_horizon(
        tmp_path: Path, fake_clock: FakeClock) -> None:
    from textual.widgets import RadioButton

    from spiegel_tui.model.session import Horizon
    from spiegel_tui.ui.screens.modals import ActionScreen

    path = saved_exchange(tmp_path, "uitwerking")
    app = app_for(path, fake_clock)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = app.screen
        await type_note(pilot, "@lentis Naasten uitnodigen bij de intake")
        await until(pilot, lambda: screen.session.notes, message="the note")
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, ActionScreen), message="ctrl+t")
        app.screen.query_one("#long", RadioButton).value = True
        await pilot.click("#save")
        await until(pilot, lambda: screen.session.actions, message="the action")
    (action,) = store.load(path).actions
    assert (action.text, action.team, action.horizon) == (
        "Naasten uitnodigen bij de intake", "Lentis", Horizon.LONG)


@pytest.mark.slow
async def test_quit_keeps_a_typed_note_to_an_unknown_team(tmp_path: Path,
                                                          fake_clock: FakeClock) -> None:
    path = saved_exchange(tmp_path, "thema1-snelkookpan")
    app = make_app(path, clock=fake_clock, autosave_delay=30, poll_interval=0.1)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, SessionScreen)
                    and app.screen.query_one("#notes-list").is_mounted, message="mounted")
        app.screen.query_one("#note-input").value = "@nergens ! niet kwijtraken"
        await pilot.press("ctrl+q")
    (note,) = store.load(path).notes
    assert note.text == "nergens ! niet kwijtraken" and note.team is None


def test_editing_a_note_can_readdress_it(tmp_path: Path) -> None:
    from spiegel_tui.live import LiveSession

    path = saved_exchange(tmp_path, "thema1-snelkookpan")
    live = LiveSession.open(path, clock=lambda: T0)
    try:
        note = live.add_note("+ helder verhaal")
        assert note is not None and note.team == "Lentis"
        edited = live.edit_note(note.id, "@ggz + helder verhaal")
        assert edited is not None and (edited.team, edited.text) == ("GGZ Noord", "helder verhaal")
        with pytest.raises(ValueError, match="unknown team"):
            live.edit_note(note.id, "@niemand + x")
        assert live.session.notes[-1].team == "GGZ Noord"
    finally:
        live.close()
