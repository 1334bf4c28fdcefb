"""The one place for tricks that make spiegel faster than plain code would be.

Each is here because ``benchmarks/run.py`` showed it was needed; nothing else in spiegel
switches interpreter-wide state.

The cyclic garbage collector. Reading a session makes ~10 objects per note and no reference
cycles, yet every 700 new objects start a collection that walks everything kept so far:
about half the time of validating 20,000 notes (``collector_paused``). In the console, a
full collection walked the 2,000 notes and Textual's widgets, 60 ms and more, in the middle
of typing (key p95 34 → 12 ms in the 2026-12-01 run): ``spiegel run`` pauses the collector
for the start-up and, a second after the first frame, collects once, moves what is loaded
out of its way (``gc.freeze``) and turns it on again (:class:`StartUp`).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection while a block makes many long-lived objects (parsing and
    validating a session); on again after, as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class StartUp:
    """The collector paused from :meth:`begin` until :meth:`settled` (called by the app a
    moment after its first frame) or :meth:`end`, whichever comes first; always on after."""

    def __init__(self) -> None:
        self._paused = False

    def begin(self) -> None:
        self._paused = gc.isenabled()
        gc.disable()

    def settled(self) -> None:
        """What is loaded now lives as long as the program: freeze it, collect from here."""
        if self._paused:
            self._paused = False
            gc.collect()
            gc.freeze()
            gc.enable()

    def end(self) -> None:
        if self._paused:
            self._paused = False
            gc.enable()
