"""``spiegel run`` on the laptop and ``spiegel show`` on the projector, on one file, each in
a real terminal (tmux), at a projector's size and at 80x24."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import signal
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.model import prepare
from spiegel_tui.model.clock import current_index
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import ItemKind
from tests.tmux import HAVE_TMUX, SPIEGEL, private_tmux, wait_for

pytestmark = pytest.mark.skipif(not HAVE_TMUX, reason="tmux is not installed")
TITLE = "Kring Oost"
SECRET = "verhaal vier keer vertellen"


def fishbowl(folder: Path) -> Path:
    session = builtin_formats()["spiegelgesprek"].make_session(
        title=TITLE, date=dt.date.today(), session_id="kring-oost")
    prepare.add_step(session, 1, ItemKind.BREAK, "Pauze", 10)  # a break after step 2
    path = folder / "kring-oost.toml"
    store.create(session, path)
    return path


@pytest.mark.parametrize("size", [(160, 45), (80, 24)], ids=["160x45", "80x24"])
def test_show_follows_run_and_never_shows_notes(tmp_path: Path, size: tuple[int, int]) -> None:
    path = fishbowl(tmp_path)
    session = store.load(path)
    rule = session.rules[0].text
    assert len(rule) < 100  # short enough for big letters at both sizes
    quoted = shlex.quote(str(path))
    with private_tmux() as laptop, private_tmux() as projector:
        laptop.start(f"{shlex.quote(str(SPIEGEL))} run {quoted}", size=size)
        projector.start(f"{shlex.quote(str(SPIEGEL))} show {quoted}", size=size)
        assert laptop.wait_screen(lambda s: TITLE in s, timeout=60), laptop.capture()
        assert projector.wait_screen(lambda s: "Stap 1" in s, timeout=60), projector.capture()
        before = projector.capture()

        laptop.type(f"! Ik moest mijn {SECRET}")
        laptop.keys("Enter")
        assert wait_for(lambda: any(SECRET in n.text for n in store.load(path).notes), 30)
        for _ in range(3):
            laptop.keys("PageDown")
        changed = projector.wait_screen(lambda s: s != before and "Stap 1 " not in s, 30)
        assert changed, projector.capture()

        laptop.keys("F6")  # blank
        blank = projector.wait_screen(lambda s: not s.strip(), 30)
        assert blank and not blank.strip(), projector.capture()
        laptop.keys("Space")  # any key returns (a lone Escape waits for a sequence)
        assert projector.wait_screen(lambda s: s.strip() != "", 30), projector.capture()

        laptop.keys("F3")  # a rule, big
        shown = projector.wait_screen(lambda s: "SPELREGELS" in s, 30)  # the reminder's head
        assert shown, projector.capture()
        assert rule.split()[0] not in shown  # the rule itself in big letters, not body text
        laptop.keys("Space")
        assert projector.wait_screen(lambda s: "SPELREGELS" not in s, 30), projector.capture()

        pause = next(i for i, item in enumerate(session.agenda) if item.is_break)
        laptop.keys("F5")  # the clock runs: the break says when it ends
        assert wait_for(lambda: store.load(path).clock is not None, 30)
        here = current_index(store.load(path))
        for _ in range(pause - here):
            laptop.keys("F8")  # next step
        assert wait_for(lambda: current_index(store.load(path)) == pause, 30)
        assert projector.wait_screen(lambda s: "terug om" in s or "TERUG" in s, 30), \
            projector.capture()
        assert SECRET not in projector.capture()
        assert wait_for(lambda: not list(path.parent.glob(".*.tmp")), 30)
        written = path.read_bytes(), path.stat().st_mtime_ns
        os.kill(projector.pane_pid(), signal.SIGKILL)  # kill -9 of show changes nothing
        assert wait_for(projector.pane_dead, 30)
        assert (path.read_bytes(), path.stat().st_mtime_ns) == written
        laptop.keys("C-q")
        assert wait_for(laptop.pane_dead, 30)
    assert store.validate(path) == []
    assert any(SECRET in note.text for note in store.load(path).notes)
