"""Figures measured in-process or on files: save / load, series, the clock."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import tomli_w
from bench_common import BIN, T0, Figure, interleaved, session_with

from spiegel_tui import store
from spiegel_tui.live import LiveSession
from spiegel_tui.model import clock, flow
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import snapshot
from spiegel_tui.model.tomlfile import dumps, loads, to_dict

SIZES = (100, 2000, 20000)


# -- 3. save / load -----------------------------------------------------------------------


def figures_save_load(folder: Path, runs: int) -> list[Figure]:
    appends, figures = [], []
    for size in SIZES:
        path = folder / f"save-{size}.toml"
        store.save(session_with(size), path)
        live = LiveSession.open(path, start=False, watch_interval=None, clock=lambda: T0)
        current = live.session
        data = to_dict(current)
        count = [0]

        def append_and_save(live=live, count=count) -> None:
            # What the console does on Enter and at the autosave after it: add the note
            # (journalled, fdatasync), then lock, check the disk, serialise, write
            # atomically (fsync), empty the journal.
            count[0] += 1
            live.add_note(f"nog een notitie {count[0]} #bench")
            live.flush()

        ours, reference = interleaved(append_and_save, lambda data=data: tomli_w.dumps(data),
                                      runs)
        serialise = _serialise_only(current, runs)
        label = f"Append a note + autosave, {size:,} notes"
        figure = Figure(label, ours, reference, "ms", "reported", None,
                        f"ref: tomli_w.dumps of it; of which serialising "
                        f"{statistics.median(serialise):.2f} ms, the rest lock, write, fsync")
        if size == 2000:
            figure.target = "≤ 0.5× tomli_w.dumps"
            figure.ratio_target(0.5)
        appends.append(figure)
        figures.append(figure)
        raw = path.read_bytes()
        text = raw.decode()
        load, parse = interleaved(lambda raw=raw: loads(raw), lambda text=text: tomllib.loads(text),
                                  runs)
        figures.append(Figure(f"Load + validate, {size:,} notes", load, parse, "ms",
                              "≤ 1.2× tomllib.loads").ratio_target(1.2))
    small, middle, large = (statistics.median(f.ours) for f in appends)
    growth = Figure("Append growth, 2,000 → 20,000 notes", [large / middle], [], "×",
                    "< 10× (sublinear)", large / middle < 10 and middle / small < 20,
                    f"100 → 2,000 notes: ×{middle / small:.1f} (linear: ×20); "
                    f"2,000 → 20,000: ×{large / middle:.1f} (linear: ×10)")
    if not growth.met:
        growth.extra["gap"] = (f"×{large / middle:.1f} for ×10 the notes: "
                               f"{large / middle / 10 - 1:+.0%} over linear")
    index = figures.index(appends[-1]) + 2
    return figures[:index] + [growth] + figures[index:]


def _serialise_only(current, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        flow.add_note(current, "nog een", T0)
        start = time.perf_counter()
        dumps(current)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


# -- 4. series ------------------------------------------------------------------------------


def figures_series(folder: Path, runs: int) -> list[Figure]:
    figures = []
    template = session_with(100)
    for count in (50, 500):
        target = folder / f"series-{count}"
        target.mkdir()
        for index in range(count):
            copy = template.model_copy(update={
                "id": f"s-{index:04d}", "title": f"Sessie {index}",
                "date": T0.date() - dt.timedelta(days=7 * index)})
            (target / f"s-{index:04d}.toml").write_text(dumps(copy))
        ours_argv = [str(BIN / "spiegel"), "series", str(target)]
        done = subprocess.run(ours_argv, capture_output=True, text=True)
        if done.returncode != 0:
            figures.append(Figure(f"Series of {count} sessions", [], [], "ms",
                                  "≤ 1.3× bare load", None,
                                  f"spiegel series failed: {done.stderr.strip()[:120]}"))
            continue
        bare_argv = [sys.executable, "-c",
                     "import pathlib, sys, tomllib\n"
                     "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.toml')):\n"
                     "    tomllib.loads(p.read_bytes().decode())\n", str(target)]

        def run(argv: list[str]) -> None:
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)

        ours, reference = interleaved(lambda a=ours_argv: run(a), lambda a=bare_argv: run(a),
                                      runs)
        figure = Figure(f"`spiegel series`, {count} sessions of 100 notes", ours, reference,
                        "ms", "reported", None, "ref: python -c tomllib-load the same files")
        if count == 500:
            figure.target = "≤ 1.3× bare tomllib load"
            figure.ratio_target(1.3)
        figures.append(figure)
    return figures


# -- 6. clock -------------------------------------------------------------------------------


class FakeClock:
    """The injected clock: whole seconds, moved on by the benchmark, never by the wall."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


async def _drive(path: Path, fake: FakeClock, rng: random.Random, until: dt.datetime,
                 running: list[bool], ran: list[int]) -> None:
    from spiegel_tui.ui.app import make_app

    app = make_app(path, clock=fake, autosave_delay=0.05)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        while fake.now < until:
            action = rng.random()
            if action < 0.25:
                await pilot.press("f5")  # start / pause
                running[0] = not running[0]
            elif action < 0.85:
                await pilot.press("pagedown")
            else:
                await pilot.press("pageup")
            step = rng.randint(20, 600)  # whole seconds, as the console's clock gives
            fake.now += dt.timedelta(seconds=step)
            if running[0]:
                ran[0] += step
            await pilot.pause()
        await pilot.press("ctrl+q")


def figure_clock(folder: Path) -> Figure:
    """A 4-hour digitale spiegelsessie (3 breaks) driven through the real console with an
    injected clock: F5 pauses, PageDown/PageUp through steps and breaks, a quit and reopen
    halfway. Drift: time on the file's clocks minus the time the clock truly ran."""
    fmt = builtin_formats()["digitale-spiegelsessie"]
    path = folder / "clock.toml"
    store.save(fmt.make_session(title="Klok", date=T0.date()), path)
    fake, rng = FakeClock(T0), random.Random(20261122)
    running, ran = [False], [0]
    halfway, end = T0 + dt.timedelta(hours=2), T0 + dt.timedelta(hours=4)
    asyncio.run(_drive(path, fake, rng, halfway, running, ran))
    asyncio.run(_drive(path, fake, rng, end, running, ran))  # reopened: continues
    session = store.load(path)
    counted = sum(clock.step_elapsed(session, item, fake.now) for item in session.agenda)
    drift = counted - ran[0]
    breaks = sum(1 for item in session.agenda if item.is_break and item.elapsed_s)
    return Figure("Clock drift, 4 h simulated", [float(drift)], [], "s", "0 s", drift == 0,
                  f"{ran[0] / 3600:.2f} h on the clock, {breaks} breaks timed, one quit and "
                  "reopen, through the console with an injected clock")
