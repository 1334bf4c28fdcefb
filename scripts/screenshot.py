"""Regenerate docs/console.svg, the picture of the live console in the README.

    .venv/bin/python scripts/screenshot.py [--size 160x45] [--lang nl] [-o docs/console.svg]

The session is made up: built here from the built-in buitenspiegel format in a temporary
folder, played to the second question of the first discussion with a few notes, on a fixed
clock in Amsterdam time, so the picture only changes when the console's look does.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

from textual.widgets import Input

from spiegel_tui import store
from spiegel_tui.model import flow
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.ui.app import make_app

ROOT = Path(__file__).resolve().parents[1]
START = dt.datetime(2026, 11, 22, 13, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
NOTES = {
    "casus": ["Eerste melding via de huisarts, daarna drie loketten"],
    "aanwezigheid": ["+ Binnen een dag teruggebeld #bereikbaarheid",
                     "! Drie weken geen reactie op de mail #bereikbaarheid"],
    "aandacht": ['" Ik moest mijn verhaal vier keer vertellen"',
                 "> Eén vast aanspreekpunt vanaf de eerste melding"],
}
NOTES_EN = {
    "casus": ["First report through the GP, then three different desks"],
    "aanwezigheid": ["+ Called back within a day #reachability",
                     "! Three weeks without an answer to the e-mail #reachability"],
    "aandacht": ['" I had to tell my story four times"',
                 "> One contact person from the first report on"],
}


class Clock:
    """The fixed clock the console is given: moved by hand, never by the wall."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += dt.timedelta(seconds=round(minutes * 60))


def make_session(folder: Path, clock: Clock, lang: str) -> Path:
    session = builtin_formats()["buitenspiegel"].make_session(
        title="Casus wijkteam Noord" if lang == "nl" else "Case team North",
        date=START.date(), lang=lang, start_time=dt.time(13, 0), end_time=dt.time(16, 30))
    until = flow.Position("bespreking-present", "aandacht")
    notes = NOTES if lang == "nl" else NOTES_EN
    flow.start(session, clock())
    for position in flow.positions(session):
        for text in notes.get(position.question or position.step, []):
            clock.advance(1)
            flow.add_note(session, text, clock())
        if position == until:
            break
        step = session.step(position.step)
        assert step is not None
        share = max(1, len(session.step_questions(step.id)))
        clock.advance(round(step.planned_min * 1.1 / share, 1))
        flow.move(session, 1, clock())
    clock.advance(4)
    path = folder / f"{session.id}.toml"
    store.save(session, path)
    return path


async def shoot(size: tuple[int, int], lang: str, out: Path) -> None:
    clock = Clock(START)
    with tempfile.TemporaryDirectory() as folder:
        path = make_session(Path(folder), clock, lang)
        app = make_app(path, clock=clock, lang=lang)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for field in app.screen.query(Input):
                field.cursor_blink = False
            await pilot.pause()
            out.parent.mkdir(parents=True, exist_ok=True)
            app.save_screenshot(filename=out.name, path=str(out.parent))
            await app.workers.wait_for_complete()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="160x45", help="WIDTHxHEIGHT (default 160x45)")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "console.svg")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    os.environ["TZ"] = "Europe/Amsterdam"
    time.tzset()
    asyncio.run(shoot((width, height), args.lang, args.output))
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
