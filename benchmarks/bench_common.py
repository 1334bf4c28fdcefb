"""Shared pieces of the benchmarks: a figure, interleaved timing, generated sessions."""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from spiegel_tui.model import flow  # noqa: E402
from spiegel_tui.model.formats import builtin_formats  # noqa: E402
from spiegel_tui.model.session import Note, NoteKind, Session  # noqa: E402

TZ = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 11, 22, 13, 0, tzinfo=TZ)
BIN = Path(sys.executable).parent
KINDS = list(NoteKind)

BARE_APP = '''
import sys
from textual.app import App
from textual.widgets import Digits, Footer, Header, Input, Static
class Bare(App):
    def compose(self):
        yield Header()
        yield Static(sys.argv[1])
        yield Digits("10:00")
        if len(sys.argv) > 2:
            yield Input(id="i")
        yield Footer()
    def on_mount(self):
        if len(sys.argv) > 2:
            self.query_one("#i").focus()
Bare().run()
'''
"""The reference: a bare Textual app (Header, Static, Digits, Footer; an Input for keys)."""


@dataclass
class Figure:
    """One row of the table: our samples, the reference's, and the target."""

    name: str
    ours: list[float]
    reference: list[float]
    unit: str
    target: str
    met: bool | None = None
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def fmt(values: list[float]) -> str:
        if not values:
            return "–"
        med = statistics.median(values)
        digits = 0 if med >= 100 else (1 if med >= 10 else 2)
        return f"{med:.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"

    @property
    def median(self) -> float | None:
        return statistics.median(self.ours) if self.ours else None

    @property
    def ratio(self) -> float | None:
        if not self.ours or not self.reference:
            return None
        reference = statistics.median(self.reference)
        return statistics.median(self.ours) / reference if reference else None

    def ratio_target(self, limit: float) -> Figure:
        """Met when the ratio of medians is at most ``limit``; else say by how much not."""
        ratio = self.ratio
        self.met = ratio is not None and ratio <= limit
        if ratio is not None and not self.met:
            self.extra["gap"] = f"{ratio / limit - 1:+.0%} over the {limit}× limit"
        return self


def session_with(notes: int, title: str = "Benchmark", fmt: str = "buitenspiegel") -> Session:
    """A running session of ``fmt`` with ``notes`` notes spread over its flow."""
    session = builtin_formats()[fmt].make_session(title=title, date=T0.date())
    flow.start(session, T0)
    spots = flow.positions(session)
    per_spot = max(1, notes // len(spots))
    made = []
    for index in range(notes):
        spot = spots[min(index // per_spot, len(spots) - 1)]
        made.append(Note(
            id=f"n-{index + 1:04d}", at=T0 + dt.timedelta(seconds=7 * index), step=spot.step,
            question=spot.question, kind=KINDS[index % len(KINDS)],
            text=f"notitie {index} over de samenwerking met het wijkteam #tag{index % 40}"
                 + ("\nmet een tweede regel" if index % 9 == 0 else ""),
            tags=[f"tag{index % 40}"]))
    session.notes = made
    return session


def interleaved(ours: Callable[[], object], reference: Callable[[], object],
                runs: int) -> tuple[list[float], list[float]]:
    """Milliseconds of ``runs`` calls of each, alternating, after one warm-up of each."""
    ours()
    reference()
    mine: list[float] = []
    refs: list[float] = []
    for _ in range(runs):
        for function, samples in ((ours, mine), (reference, refs)):
            start = time.perf_counter()
            function()
            samples.append((time.perf_counter() - start) * 1000)
    return mine, refs


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
