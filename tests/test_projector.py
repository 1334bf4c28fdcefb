"""The projector view (``spiegel show``): what the room sees, and that it never writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.live import LiveSession
from spiegel_tui.model import flow
from spiegel_tui.model.picture import closing_index, picture
from spiegel_tui.model.room import Room
from spiegel_tui.model.session import Session
from spiegel_tui.ui.projector_app import make_projector_app
from spiegel_tui.ui.widgets.big_clock import BigClock, render_big, scale_for
from spiegel_tui.ui.widgets.big_text import fit_big
from tests.conftest import TZ, FakeClock, new_session, until

T0 = dt.datetime(2026, 11, 22, 13, 0, tzinfo=TZ)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


def running(name: str = "buitenspiegel", moves: int = 3) -> Session:
    session = new_session(name)
    session.start_time = dt.time(13, 0)
    flow.start(session, T0)
    for _ in range(moves):
        flow.move(session, 1, T0)
    return session


def test_the_picture_holds_no_note_unless_the_closing_is_shown() -> None:
    session = running()
    flow.add_note(session, "! Ik moest mijn verhaal vier keer vertellen", T0)
    flow.add_note(session, "les: altijd terugbellen", T0)
    shown = picture(session, Room(), T0, "nl")
    assert "vier keer" not in repr(shown) and "terugbellen" not in repr(shown)
    assert shown.text == session.question(session.current_question).text  # type: ignore[union-attr]
    closing = session.agenda[closing_index(session)]
    flow.go_to(session, flow.Position(closing.id), T0)
    assert picture(session, Room(), T0, "nl").closing == ()
    shown = picture(session, Room(show_notes=True), T0, "nl")
    assert ("Les", "altijd terugbellen") in shown.closing
    assert "vier keer" not in repr(shown)  # a critical note is never shown


def test_blank_reminder_break_and_the_clock_states() -> None:
    session = new_session("spiegelgesprek")
    assert picture(session, Room(blank=True), T0, "nl").mode == "blank"
    assert picture(session, Room(), T0, "nl").clock_label == "nog niet begonnen"
    reminded = picture(session, Room(reminder=1), T0, "nl")
    assert reminded.mode == "reminder" and reminded.text == session.rules[1].text
    flow.start(session, T0)
    flow.pause(session, T0 + dt.timedelta(minutes=1))
    assert picture(session, Room(), T0, "nl").clock_label == "gepauzeerd"
    session = new_session("digitale-spiegelsessie")
    flow.start(session, T0)
    pause = next(item for item in session.agenda if item.is_break)
    flow.go_to(session, flow.Position(pause.id), T0)
    shown = picture(session, Room(), T0 + dt.timedelta(minutes=3), "nl")
    back = (T0 + dt.timedelta(minutes=pause.planned_min)).strftime("%H:%M")
    assert shown.mode == "break" and shown.text == f"Pauze — terug om {back}"
    over = picture(session, Room(), T0 + dt.timedelta(minutes=pause.planned_min + 2), "nl")
    assert over.clock_value == "+02:00" and over.stage == "over"  # a break runs over too


def test_step_and_session_are_said_apart() -> None:
    session = running(moves=0)
    late = T0 + dt.timedelta(minutes=session.agenda[0].planned_min + 5)
    shown = picture(session, Room(), late, "nl")
    assert shown.clock_label == "deze stap loopt over de tijd"
    assert shown.session_line.startswith("Sessie: ")


def test_finished_shows_the_end_not_frozen_digits() -> None:
    session = running(moves=0)
    flow.finish(session, T0 + dt.timedelta(minutes=90))
    shown = picture(session, Room(), T0 + dt.timedelta(hours=3), "nl")
    assert shown.mode == "finished" and shown.clock_value == "1:30:00"
    assert shown.session_line == "afgerond om 14:30"


@pytest.mark.parametrize(("size", "rows"), [((80, 24), 5), ((160, 45), 9)])
def test_clock_digits_scale_to_the_window(size: tuple[int, int], rows: int) -> None:
    width, height = size[0] - 4, int(size[1] * 0.45) - 2
    scale = scale_for("+12:34", width, height)
    drawn = render_big("+12:34", scale)
    assert len(drawn) >= rows and max(len(line) for line in drawn) <= width


def test_a_short_question_is_big_and_a_long_one_wraps() -> None:
    assert fit_big("Hoe was u aanwezig?", 150, 20) is not None
    assert fit_big("Hoe was u aanwezig?", 150, 20)[0] == "ansi_regular"  # type: ignore[index]
    assert fit_big(" ".join(["woord"] * 80), 76, 8) is None


def make_file(tmp_path: Path, session: Session) -> Path:
    path = tmp_path / "s.toml"
    store.save(session, path)
    return path


@pytest.mark.slow
async def test_show_follows_the_file_and_never_writes_it(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    path = make_file(tmp_path, running("spiegelgesprek", moves=1))
    viewer = LiveSession.open(path, read_only=True, clock=clock, watch_interval=0.05)
    writer = LiveSession.open(path, clock=clock, save_delay=0.0)
    app = make_projector_app(viewer, clock=clock)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            screen = app.screen
            first = screen.shown.text
            writer.add_note("! Ik moest mijn verhaal vier keer vertellen")
            writer.move(+1)
            await until(pilot, lambda: screen.shown.text != first, message="the next question")
            writer.set_room(blank=True)
            await until(pilot, lambda: screen.has_class("-blank"), message="blank")
            writer.set_room(blank=False, reminder=0)
            await until(pilot, lambda: screen.has_class("-reminder"), message="the reminder")
            writer.set_room(reminder=None)
            writer.flush()
            written = path.read_bytes(), path.stat().st_mtime_ns
            await until(pilot, lambda: screen.has_class("-step"), message="back")
            text = " ".join(str(w.render()) for w in screen.query("Static"))
            assert "vier keer" not in text
            assert screen.query_one("#proj-digits", BigClock).digit_rows >= 9
        assert (path.read_bytes(), path.stat().st_mtime_ns) == written
    finally:
        writer.close()
        viewer.close()


@pytest.mark.slow
async def test_an_unreadable_file_keeps_the_last_picture_then_recovers(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    session = running()
    path = make_file(tmp_path, session)
    viewer = LiveSession.open(path, read_only=True, clock=clock, watch_interval=0.05)
    app = make_projector_app(viewer, clock=clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            question = screen.shown.text
            path.write_text("schema_version = 1\nkapot = [\n")  # a bad hand edit
            await until(pilot, lambda: screen.unreadable, message="the marker")
            assert screen.shown.text == question
            assert screen.query_one("#proj-marker").display
            flow.move(session, 1, T0)
            store.save(session, path)  # good again
            await until(pilot, lambda: not screen.unreadable and screen.shown.text != question,
                        timeout=30, message="recovery")
    finally:
        viewer.close()


@pytest.mark.parametrize("size", SIZES)
def test_projector_snapshot(tmp_path: Path, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock(T0 + dt.timedelta(minutes=7))
    path = make_file(tmp_path, running())
    viewer = LiveSession.open(path, read_only=True, clock=clock, start=False)
    try:
        assert snap_compare(make_projector_app(viewer, clock=clock), terminal_size=size)
    finally:
        viewer.close()


def test_the_room_sees_the_teams_real_names() -> None:
    session = new_session("digitale-spiegelsessie")
    session.teams[0] = session.teams[0].model_copy(update={"name": "GGZ Noord"})
    raw = next(item for item in session.agenda if "{team.1}" in item.title)
    flow.go_to(session, flow.Position(raw.id), T0)
    shown = picture(session, Room(), T0, "nl")
    assert "GGZ Noord" in shown.step_line and "{team" not in shown.step_line
