"""The live console and four ``spiegel note`` writers on one file at once: nothing is lost.

The console runs in a private tmux server while four processes each append 250 notes
through ``spiegel note`` (the CLI's own ``main``, called in a loop so that a thousand notes
do not cost a thousand interpreter start-ups; a short pause stands in for the start-up,
without which one writer re-takes the lock the moment it lets go and starves the others
past the lock's 10 s timeout), and the scribe keeps typing in the console.
After ctrl+q the file must be valid and hold every note exactly once: the thousand from
outside under the ids ``spiegel note`` printed, and everything typed in the console.
"""

from __future__ import annotations

import datetime as dt
import shlex
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.model.formats import builtin_formats
from tests.conftest import REPO
from tests.tmux import HAVE_TMUX, SPIEGEL, private_tmux, wait_for

pytestmark = pytest.mark.skipif(not HAVE_TMUX, reason="tmux is not installed")

WRITERS = 4
PER_WRITER = 250
TYPED = 20
DEADLINE_S = 900
"""A deadline, not a speed test: with four CPU-bound processes beside the suite the storm
once ran into the 180 s this was before."""
TITLE = "Casus Storm"

WRITER = """
import sys, time
from spiegel_tui import cli
path, who, count, deadline = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
for number in range(count):
    if time.time() > deadline:
        print(f"{who}: out of time after {number} notes", file=sys.stderr)
        sys.exit(3)
    print(f"{who}-{number:03d}", end=" ", flush=True)
    code = cli.main(["note", path, f"{who}-{number:03d} van buiten \\"aanhalingen\\" \\\\"])
    if code != 0:
        print(f"{who}: note {number} exit {code}", file=sys.stderr)
        sys.exit(4)
    time.sleep(0.02)  # a shell loop has a process start-up between notes (~0.2 s)
"""


def test_the_console_and_four_note_writers_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "D"
    folder.mkdir()
    path = folder / "storm.toml"
    store.create(builtin_formats()["buitenspiegel"].make_session(
        title=TITLE, date=dt.date(2026, 11, 22), session_id="storm"), path)
    deadline = time.time() + DEADLINE_S
    exit_file = tmp_path / "exit"
    command = (f"sh -c '{shlex.quote(str(SPIEGEL))} run {shlex.quote(str(path))}; "
               f"echo $? > {shlex.quote(str(exit_file))}'")
    with private_tmux() as tmux:
        tmux.start(command)
        assert tmux.wait_screen(lambda s: TITLE in s and "Notities" in s, timeout=15), \
            tmux.capture()
        writers = [subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), f"w{k}", str(PER_WRITER), str(deadline)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
            for k in range(WRITERS)]
        try:
            typed = []
            for number in range(TYPED):  # the scribe types on during the storm
                text = f"c-{number:02d} in de console"
                tmux.type(text)
                tmux.keys("Enter")
                typed.append(text)
                time.sleep(0.25)
            results = [w.communicate(timeout=max(1, deadline - time.time())) for w in writers]
        finally:
            for writer in writers:
                writer.kill()
        failed = [(k, w.returncode, err[-400:]) for k, (w, (_, err)) in
                  enumerate(zip(writers, results, strict=True)) if w.returncode != 0]
        assert not failed, failed
        printed = {}  # text -> the id spiegel note printed for it
        for out, _ in results:
            words = out.split()
            # the writer prints its own label, then cli.main prints the new note's id
            for label, note_id in zip(words[::2], words[1::2], strict=True):
                printed[label] = note_id
        assert len(printed) == WRITERS * PER_WRITER

        tmux.keys("C-q")
        assert wait_for(exit_file.is_file, timeout=30), tmux.capture()
        assert wait_for(lambda: exit_file.read_text().strip(), timeout=2) == "0"

    assert store.validate(path) == []
    notes = store.load(path).notes
    ids = Counter(note.id for note in notes)
    assert [i for i, n in ids.items() if n > 1] == [], "duplicate ids"
    texts = Counter(note.text for note in notes)
    assert [t for t, n in texts.items() if n > 1] == [], "a note saved twice"
    outside = {note.text.split()[0]: note.id for note in notes if note.text.startswith("w")}
    assert sorted(set(printed) - set(outside)) == [], "notes from outside lost"
    moved = {label: (printed[label], outside[label]) for label in printed
             if outside[label] != printed[label]}
    assert moved == {}, "a note from outside changed its id"
    console = {note.text for note in notes if note.text.startswith("c-")}
    assert sorted(set(typed) - console) == [], "notes typed in the console lost"
    assert len(notes) == WRITERS * PER_WRITER + TYPED
