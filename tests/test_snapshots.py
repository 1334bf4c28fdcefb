"""SVG snapshots of the start screen and the session screen at 80x24 and 160x45.

Everything on screen is fixed: the sessions are made here from the formats with fixed dates
and a fake clock, the note input's cursor does not blink. After a deliberate change of the
look, regenerate with ``pytest tests/test_snapshots.py --snapshot-update`` and LOOK at the
SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from spiegel_tui import store
from spiegel_tui.model import flow
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Session, Status
from spiegel_tui.ui.app import make_app
from tests.conftest import FakeClock

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]
DAY = dt.date(2026, 11, 22)


def make(folder: Path, name: str, title: str, date: dt.date = DAY,
         status: Status = Status.PLANNED) -> Path:
    session = builtin_formats()[name].make_session(
        title=title, date=date, start_time=dt.time(13, 0), end_time=dt.time(16, 30))
    session.status = status
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{session.id}.toml"
    store.save(session, path)
    return path


def play(path: Path, clock: FakeClock, until: flow.Position,
         notes: dict[str, list[str]] | None = None) -> None:
    """Run the meeting from 13:00 to ``until``: each position takes its share of the step's
    planned minutes plus a tenth; notes are typed at the positions (step ids) named."""
    session = store.load(path)
    flow.start(session, clock())
    for position in flow.positions(session):
        for text in (notes or {}).get(position.question or position.step, []):
            clock.advance(minutes=1)
            flow.add_note(session, text, clock())
        if position == until:
            break
        step = session.step(position.step)
        assert step is not None
        share = max(1, len(session.step_questions(step.id)))
        clock.advance(minutes=round(step.planned_min * 1.1 / share, 1))
        flow.move(session, 1, clock())
    assert flow.current_position(session) == until
    store.save(session, path)


async def steady(pilot: Pilot) -> None:
    """Wait for workers (the start screen's listing) and stop the cursor blinking (in the
    Inputs and in the note input, a TextArea): a blinking cursor is drawn or not depending
    on when the picture is taken, which a busy machine changes."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


def console(path: Path, clock: FakeClock, **kwargs: object):  # type: ignore[no-untyped-def]
    return make_app(path, clock=clock, autosave_delay=0.05, poll_interval=0.1, **kwargs)


@pytest.mark.parametrize("size", SIZES)
def test_start_screen(snap_compare: Callable[..., bool], tmp_path: Path,
                      fake_clock: FakeClock, size: tuple[int, int]) -> None:
    folder = tmp_path / "sessions"
    make(folder, "buitenspiegel", "Casus wijkteam Noord", dt.date(2026, 11, 20))
    make(folder, "spiegelgesprek", "Gesprek met ouders", dt.date(2026, 10, 8), Status.FINISHED)
    make(folder, "digitale-spiegelsessie", "Herstelgericht werken", dt.date(2026, 11, 5),
         Status.PAUSED)
    make(folder, "binnenspiegel", "Terugblik Noord", dt.date(2026, 12, 3))
    (folder / "2026-12-10-half.toml").write_text('title = "niet af\n', encoding="utf-8")
    app = make_app(None, sessions_dir=folder, clock=fake_clock)
    assert snap_compare(app, terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES)
def test_buitenspiegel_at_a_question(snap_compare: Callable[..., bool], tmp_path: Path,
                                     fake_clock: FakeClock, size: tuple[int, int]) -> None:
    path = make(tmp_path, "buitenspiegel", "Casus wijkteam Noord")
    play(path, fake_clock, flow.Position("bespreking-present", "aandacht"), notes={
        "casus": ["Eerste melding via de huisarts, daarna drie loketten"],
        "aanwezigheid": ["+ Binnen een dag teruggebeld #bereikbaarheid",
                         "! Drie weken geen reactie op de mail #bereikbaarheid"],
        "aandacht": ['" Ik moest mijn verhaal vier keer vertellen"',
                     "> Eén vast aanspreekpunt vanaf de eerste melding"],
    })
    fake_clock.advance(minutes=4)
    assert snap_compare(console(path, fake_clock), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES)
def test_spiegelgesprek_with_rules(snap_compare: Callable[..., bool], tmp_path: Path,
                                   fake_clock: FakeClock, size: tuple[int, int]) -> None:
    path = make(tmp_path, "spiegelgesprek", "Gesprek met ouders en jongeren")
    session = store.load(path)
    assert session.show_rules and session.rules
    first = flow.positions(session)[1]  # the first open question to the clients
    play(path, fake_clock, first, notes={
        first.question or first.step: ["+ De begeleider nam de tijd", "? Wie beslist er?"],
    })
    fake_clock.advance(minutes=6)
    assert snap_compare(console(path, fake_clock), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES)
def test_digitale_spiegelsessie_in_a_break(snap_compare: Callable[..., bool], tmp_path: Path,
                                           fake_clock: FakeClock, size: tuple[int, int]) -> None:
    path = make(tmp_path, "digitale-spiegelsessie", "Herstelgericht werken")
    play(path, fake_clock, flow.Position("pauze-1"), notes={
        "thema1-snelkookpan": ["> Ervaringsdeskundige bij elk intakegesprek"],
    })
    fake_clock.advance(minutes=3)
    assert snap_compare(console(path, fake_clock), terminal_size=size, run_before=steady)


def test_play_reaches_the_position_it_names(tmp_path: Path, fake_clock: FakeClock) -> None:
    """The scenes above are what they claim to be (a snapshot alone would not say)."""
    path = make(tmp_path, "digitale-spiegelsessie", "Herstelgericht werken")
    play(path, fake_clock, flow.Position("pauze-1"))
    session: Session = store.load(path)
    assert session.status is Status.RUNNING
    assert session.clock is not None and session.clock.step == "pauze-1"
    assert session.step("pauze-1").kind.value == "break"  # type: ignore[union-attr]


async def preparing(pilot: Pilot) -> None:
    """The prepare screen on the agenda tab, a break added so the slot is overrun."""
    await pilot.pause()
    await pilot.press("f9")
    await pilot.pause()
    await pilot.press("f4", "down", "ctrl+b")
    await pilot.pause(0.2)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.slow
def test_prepare_screen(snap_compare: Callable[..., bool], tmp_path: Path,
                        fake_clock: FakeClock, size: tuple[int, int]) -> None:
    path = make(tmp_path, "spiegelgesprek", "Gesprek met ouders en jongeren")
    session = store.load(path)
    session.end_time = dt.time(15, 0)
    store.save(session, path)
    assert snap_compare(console(path, fake_clock), terminal_size=size, run_before=preparing)
