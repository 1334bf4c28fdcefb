"""The console's privacy question before a commit: No has the focus, so Enter commits
nothing; a participant's name in a note is asked about too."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Participant, Role
from spiegel_tui.ui.app import make_app
from spiegel_tui.ui.screens.modals import ConfirmScreen
from tests.conftest import FakeClock, until, isolate_git


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch, tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    return tmp_path


@pytest.mark.parametrize("text", ["bel haar op 06-12345678", "Anouk was er ook"])
async def test_enter_on_the_privacy_question_commits_nothing(
        repo: Path, fake_clock: FakeClock, text: str) -> None:
    session = builtin_formats()["buitenspiegel"].make_session(
        title="Casus", date=dt.date(2026, 11, 22), session_id="s")
    session.participants = [Participant(name="Anouk Jansen", role=Role.CLIENT)]
    path = repo / "s.toml"
    store.save(session, path)
    app = make_app(path, clock=fake_clock, autosave_delay=0.05, poll_interval=0.1)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press(*text, "enter")
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), message="finish?")
        await pilot.click("#yes")  # yes, finish the session
        # the privacy question comes from a worker
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen)
                    and app.screen.question != "", message="the privacy question")
        assert isinstance(app.screen, ConfirmScreen)
        screen = app.screen  # its focus is set once it is mounted: wait for that, not a race
        await until(pilot, lambda: screen.focused is not None, message="the focus")
        assert screen.focused is not None and screen.focused.id == "no"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("ctrl+q")
    assert subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo,
                          capture_output=True).returncode != 0  # nothing committed
    assert store.load(path).status.value == "finished"
