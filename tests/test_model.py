"""The model: markers, the facilitator's flow and the clock, all with injected time."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from spiegel_tui.model import clock, flow
from spiegel_tui.model.formats import builtin_formats, slugify
from spiegel_tui.model.markers import parse
from spiegel_tui.model.session import NoteKind, Session, Status

TZ = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 11, 22, 13, 0, 0, tzinfo=TZ)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=round(minutes * 60))


def buitenspiegel() -> Session:
    return builtin_formats()["buitenspiegel"].make_session(
        title="Casus Noord", date=dt.date(2026, 11, 22), start_time=dt.time(13, 0))


@pytest.mark.parametrize(
    ("typed", "kind", "text", "tags"),
    [
        ("+ sterk gesprek #toon", NoteKind.COMPLIMENT, "sterk gesprek #toon", ["toon"]),
        ("! te laat ingegrepen", NoteKind.CRITICAL, "te laat ingegrepen", []),
        ("> bel eerder #Casusregie #casusregie", NoteKind.ADVICE,
         "bel eerder #Casusregie #casusregie", ["casusregie"]),
        ('"Ik voelde me gehoord"', NoteKind.QUOTE, "Ik voelde me gehoord", []),
        ("? wie had de regie", NoteKind.QUESTION, "wie had de regie", []),
        ("gewone notitie over #huisvesting, en #jeugd-zorg.", NoteKind.NOTE,
         "gewone notitie over #huisvesting, en #jeugd-zorg.", ["huisvesting", "jeugd-zorg"]),
        ("mail a#b en kanaal #1", NoteKind.NOTE, "mail a#b en kanaal #1", ["1"]),
    ],
)
def test_markers(typed: str, kind: NoteKind, text: str, tags: list[str]) -> None:
    parsed = parse(typed)
    assert (parsed.kind, parsed.text, parsed.tags) == (kind, text, tags)


def test_flow_walks_questions_then_steps_and_back() -> None:
    session = buitenspiegel()
    seen = []
    while True:
        position = flow.current_position(session)
        seen.append((position.step, position.question))
        if not flow.move(session, +1, T0):
            break
    assert seen[:4] == [("welkom", None), ("casus", None), ("verheldering", None),
                        ("bespreking-present", "aanwezigheid")]
    assert len(seen) == 3 + 9 + 1
    assert seen[-1] == ("afsluiting", None)
    assert flow.move(session, -1, T0)
    assert flow.current_position(session).question == "gezamenlijk"


def test_clock_runs_moves_with_the_flow_and_pauses_exactly() -> None:
    session = buitenspiegel()
    flow.start(session, at(0))
    assert session.status is Status.RUNNING
    assert session.agenda[0].started_at == at(0)
    flow.move(session, +1, at(12.5))  # welkom ran 12.5 minutes, planned 10
    assert session.agenda[0].elapsed_s == 750
    assert session.clock.step == "casus" and session.clock.since == at(12.5)
    assert clock.drift_s(session, at(12.5)) == 150
    flow.pause(session, at(20))
    assert session.status is Status.PAUSED and session.clock is None
    assert session.agenda[1].elapsed_s == 450
    flow.start(session, at(30))  # ten minutes of pause do not count
    step = session.agenda[1]
    time = clock.step_time(session, step, at(40))
    assert time.elapsed_s == 450 + 600 and time.remaining_s == 1200 - 1050
    assert time.stage is clock.Stage.CALM


def test_stages_overtime_drift_and_projected_end() -> None:
    session = buitenspiegel()
    flow.start(session, at(0))
    step = session.agenda[0]  # 10 minutes planned
    assert clock.step_time(session, step, at(7.9)).stage is clock.Stage.CALM
    assert clock.step_time(session, step, at(8)).stage is clock.Stage.WARNING
    over = clock.step_time(session, step, at(13))
    assert over.stage is clock.Stage.OVER and over.overtime_s == 180
    assert clock.drift_s(session, at(13)) == 180
    # 150 planned minutes, three behind: ends at 15:33
    assert clock.projected_end(session, at(13)) == T0 + dt.timedelta(minutes=153)
    assert clock.format_duration(-180, signed=True) == "−03:00"
    assert clock.format_duration(3725) == "1:02:05"


def test_projected_end_before_the_start_uses_the_planned_start() -> None:
    session = buitenspiegel()
    end = clock.projected_end(session, T0 - dt.timedelta(hours=2))
    assert (end.hour, end.minute) == (15, 30)


def test_a_four_hour_session_with_pauses_has_no_drift() -> None:
    """Simulated through the injected clock: the seconds the steps record equal the
    seconds the clock really ran, counted independently, after 4 hours of starts, pauses
    and step changes at odd moments."""
    session = buitenspiegel()
    now = T0
    ran = 0
    flow.start(session, now)
    for tick in range(4 * 60 * 4):  # every 15 (±2) seconds for four hours
        step = 13 + (tick % 5)
        if session.clock is not None:
            ran += step
        now += dt.timedelta(seconds=step)
        if tick % 23 == 0:
            flow.toggle(session, now)
        elif tick % 37 == 0:
            flow.move(session, +1, now)
        elif tick % 41 == 0:
            flow.move(session, -1, now)
    assert now - T0 >= dt.timedelta(hours=4)
    live = sum(clock.step_elapsed(session, item, now) for item in session.agenda)
    assert live == ran
    flow.finish(session, now)
    assert sum(item.elapsed_s for item in session.agenda) == ran
    assert session.status is Status.FINISHED and session.clock is None


def test_break_ends_at() -> None:
    fmt = builtin_formats().get("digitale-spiegelsessie")
    if fmt is None:
        pytest.skip("format not there yet")
    session = fmt.make_session(date=dt.date(2026, 11, 22))
    pause = next(item for item in session.agenda if item.is_break)
    flow.go_to(session, flow.Position(pause.id), at(0))
    flow.start(session, at(0))
    assert clock.break_ends(session, pause, at(2)) == at(pause.planned_min)


def test_cross_checks_refuse_dangling_references_and_duplicates() -> None:
    session = buitenspiegel()
    flow.add_note(session, "een", T0)
    data = session.model_dump()
    data["notes"][0]["step"] = "bestaat-niet"
    with pytest.raises(ValidationError, match="does not exist"):
        Session.model_validate(data)
    data = session.model_dump()
    data["agenda"][1]["id"] = "welkom"
    with pytest.raises(ValidationError, match="duplicate id"):
        Session.model_validate(data)
    data = session.model_dump()
    data["agenda"][0]["planned_min"] = 0
    with pytest.raises(ValidationError):
        Session.model_validate(data)


def test_slugs_are_safe() -> None:
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("Cliëntenraad: ‘zorg’ & welzijn") == "clientenraad-zorg-welzijn"
    assert slugify("...") == "sessie"
