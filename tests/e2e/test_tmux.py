"""The console in a real terminal, driven through tmux like a facilitator with a clicker.

These tests start the installed ``spiegel`` (the one next to this Python), so they check the
whole program: argument parsing, the terminal driver, saving, merging and quitting.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from spiegel_tui import store
from tests.tmux import HAVE_TMUX, SPIEGEL, Tmux, private_tmux, wait_for

pytestmark = pytest.mark.skipif(not HAVE_TMUX, reason="tmux is not installed")

QUESTION = "Hoe was u aanwezig (sterkte, tijdigheid)?"
BORDERS = "│▎▊╰╯╭╮─▔▁"


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    with private_tmux() as server:
        yield server


def spiegel(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(SPIEGEL), *map(str, args)], capture_output=True, text=True,
                          timeout=20)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def new_session(folder: Path) -> Path:
    done = spiegel("new", "buitenspiegel", "--title", "Casus Noord", "--dir", folder)
    path = Path(done.stdout.strip().splitlines()[-1])
    assert path.is_file()
    return path


def block_at(screen: str, start: str) -> str:
    """The text of the panel column where ``start`` is, from that line down (app-wrapped
    lines joined), so a question wrapped inside its panel reads as one line."""
    lines = screen.splitlines()
    for number, line in enumerate(lines):
        column = line.find(start)
        if column < 0:
            continue
        parts = []
        for below in lines[number:]:
            piece = below[column:]
            cut = min((piece.find(c) for c in BORDERS if c in piece), default=len(piece))
            piece = piece[:cut].strip()
            if not piece:
                break
            parts.append(piece)
        return " ".join(parts)
    return ""


def notes_in(path: Path) -> list[str]:
    return [note.text for note in store.load(path).notes]


def step_elapsed_shown(screen: str) -> int | None:
    """Seconds the agenda (the left panel) shows as spent on the only step that ran."""
    panel = [line[1:line.find("│", 1)] for line in screen.splitlines()
             if line.startswith("│") and "│" in line[1:]]
    found = re.search(r"(\d\d):(\d\d)", "\n".join(panel))
    return int(found[1]) * 60 + int(found[2]) if found else None


def test_console_in_a_real_terminal(tmux: Tmux, tmp_path: Path) -> None:
    folder = tmp_path / "D"
    path = new_session(folder)
    exit_file = folder / "exit"
    tmux.start(f"sh -c '{shlex.quote(str(SPIEGEL))} run {shlex.quote(str(path))}; "
               f"echo EXIT=$? > {shlex.quote(str(exit_file))}'")

    shown = {
        "the title": "Casus Noord",
        "the agenda": "Agenda",
        "its first step": "Welkom en",
        "the stopped clock": "klok staat stil",
        "its big digits": "██████",
    }
    screen = tmux.wait_screen(lambda s: all(text in s for text in shown.values()), timeout=10)
    last = screen or tmux.capture()
    missing = [what for what, text in shown.items() if text not in last]
    assert not missing, f"{missing} not on screen:\n{last}"

    tmux.keys("F5")
    assert wait_for(lambda: "klok staat stil" not in tmux.capture(), timeout=2)
    first = tmux.wait_screen(lambda s: step_elapsed_shown(s) is not None, timeout=2)
    time.sleep(2.1)
    second = tmux.capture()
    assert second != first, "the clock does not run"
    before, after = step_elapsed_shown(first), step_elapsed_shown(second)
    assert before is not None and after is not None and after - before >= 1, (before, after)

    for _ in range(6):
        if QUESTION in block_at(tmux.capture(), "Hoe was u"):
            break
        tmux.keys("NPage")
        time.sleep(0.3)
    assert QUESTION in block_at(tmux.capture(), "Hoe was u"), tmux.capture()

    tmux.type("! te laat gebeld #bereikbaarheid")
    tmux.keys("Enter")
    assert wait_for(lambda: "te laat gebeld #bereikbaarheid" in notes_in(path), timeout=1.5)
    (note,) = store.load(path).notes
    assert (note.kind.value, note.step, note.question) == (
        "critical", "bespreking-present", "aanwezigheid")

    spiegel("note", path, "+ snel geschakeld")
    assert wait_for(lambda: "snel geschakeld" in tmux.capture(), timeout=2), tmux.capture()

    tmux.keys("C-q")
    assert wait_for(exit_file.is_file, timeout=5), tmux.capture()
    assert exit_file.read_text().strip() == "EXIT=0"
    assert notes_in(path) == ["te laat gebeld #bereikbaarheid", "snel geschakeld"]
    assert spiegel("validate", path, check=False).returncode == 0


def test_kill_9_loses_no_note_and_the_clock_runs_on(tmux: Tmux, tmp_path: Path) -> None:
    path = new_session(tmp_path / "D")
    run = f"exec {shlex.quote(str(SPIEGEL))} run {shlex.quote(str(path))}"
    tmux.start(run)
    assert wait_for(lambda: "klok staat stil" in tmux.capture(), timeout=10), tmux.capture()
    console = tmux.pane_pid()

    tmux.keys("F5")
    started = time.monotonic()
    assert wait_for(lambda: store.load(path).clock is not None, timeout=1.5)
    typed: list[tuple[str, float]] = []
    for number, pause in enumerate((1.2, 0.4, 1.1, 0.0), start=1):
        text = f"notitie {number}"
        tmux.type(text)
        tmux.keys("Enter")
        typed.append((text, time.monotonic()))
        time.sleep(pause)
    tmux.type("half getypt")
    os.kill(console, signal.SIGKILL)
    killed = time.monotonic()

    session = store.load(path)  # the file parses
    kept = [n.text for n in session.notes]
    for text, at in typed:
        if killed - at >= 1.0:
            assert text in kept, (text, kept)
    assert "half getypt" not in kept
    assert session.clock is not None and session.clock.step == "welkom"

    time.sleep(2)
    tmux.kill()  # the old pane is gone; a fresh server for the reopened console
    tmux.start(run, name="reopened")
    screen = tmux.wait_screen(lambda s: step_elapsed_shown(s) is not None, timeout=10)
    assert screen, tmux.capture()
    shown = step_elapsed_shown(screen)
    assert shown is not None
    # the clock continued across the crash: it counts from F5, not from the reopening
    ran = time.monotonic() - started
    assert ran - 2.5 <= shown <= ran + 1, (shown, ran)
    tmux.keys("C-q")
    assert wait_for(lambda: not tmux.capture(), timeout=5)
    final = [n.text for n in store.load(path).notes]
    # what the file held at the kill, then what the killed console's journal held
    assert final[:len(kept)] == kept
    assert final == [text for text, _ in typed][:len(final)] and "half getypt" not in final
