"""The console in a series: follow-up of earlier open actions, and git on finishing."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Action, ActionStatus, Participant, Role
from spiegel_tui.ui.app import make_app
from spiegel_tui.ui.screens.modals import ConfirmScreen
from spiegel_tui.ui.widgets.followup import FollowUpPanel
from tests.conftest import FakeClock


def session_file(folder: Path, title: str, date: dt.date, actions: list[Action] = ()) -> Path:
    session = builtin_formats()["buitenspiegel"].make_session(title=title, date=date)
    session.organisation = "Gemeente Oostdam"
    session.participants = [Participant(name="Anouk Jansen", role=Role.CLIENT)]
    session.actions = list(actions)
    path = folder / f"{session.id}.toml"
    store.save(session, path)
    return path


@pytest.mark.slow
async def test_open_actions_of_earlier_sessions_at_the_first_step(
        tmp_path: Path, fake_clock: FakeClock) -> None:
    earlier = session_file(tmp_path, "Eerste casus", dt.date(2026, 10, 1), [
        Action(id="a-01", text="Casusregie vastleggen"),
        Action(id="a-02", text="Al gedaan", status=ActionStatus.DONE)])
    now = session_file(tmp_path, "Tweede casus", dt.date(2026, 11, 22))
    app = make_app(now, clock=fake_clock, autosave_delay=0.05, poll_interval=0.1)
    async with app.run_test(size=(140, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one(FollowUpPanel)
        assert panel.display
        assert [action.text for _, action in panel.items] == ["Casusregie vastleggen"]
        panel.query_one("OptionList").focus()
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("pagedown")
        assert not panel.display  # only at the first step
        await pilot.press("ctrl+q")
    assert store.load(earlier).actions[0].status is ActionStatus.DONE


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}.items():
        monkeypatch.setenv(key, value)
    git("init", "-q", cwd=tmp_path)
    (tmp_path / "other.txt").write_text("x")
    git("add", "other.txt", cwd=tmp_path)
    return tmp_path


async def finish(app, pilot, answer_privacy: bool | None = None) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+f")
    assert isinstance(app.screen, ConfirmScreen)
    await pilot.click("#yes")
    for _ in range(50):
        await pilot.pause(0.05)
        if answer_privacy is not None and isinstance(app.screen, ConfirmScreen):
            await pilot.click("#yes" if answer_privacy else "#no")
            answer_privacy = None
        if not any(w.group == "git" and w.is_running for w in app.workers):
            break
    await app.workers.wait_for_complete()


@pytest.mark.slow
async def test_finishing_commits_that_file_alone_without_names(
        repo: Path, fake_clock: FakeClock) -> None:
    path = session_file(repo, "Casus van Anouk Jansen", dt.date(2026, 11, 22))
    app = make_app(path, clock=fake_clock, autosave_delay=0.05, poll_interval=0.1)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press(*"een notitie", "enter")
        await finish(app, pilot, answer_privacy=True)  # the title holds a participant's name
        await pilot.press("ctrl+q")
    log = git("log", "--format=%s", "--name-only", cwd=repo).strip().splitlines()
    assert len([line for line in log if line.endswith(".toml")]) == 1
    message = log[0]
    assert "buitenspiegel" in message and "2026-11-22" in message
    assert "Anouk" not in message and "Jansen" not in message
    assert "other.txt" not in log  # staged, but not part of this commit
    assert store.load(path).status.value == "finished"


@pytest.mark.slow
async def test_privacy_check_asks_before_committing(repo: Path, fake_clock: FakeClock) -> None:
    path = session_file(repo, "Casus", dt.date(2026, 11, 22))
    app = make_app(path, clock=fake_clock, autosave_delay=0.05, poll_interval=0.1)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press(*"bel haar op 06-12345678", "enter")
        await finish(app, pilot, answer_privacy=False)
        await pilot.press("ctrl+q")
    assert subprocess.run(["git", "log"], cwd=repo, capture_output=True).returncode != 0


@pytest.mark.slow
async def test_outside_a_repository_it_carries_on(tmp_path: Path, fake_clock: FakeClock) -> None:
    path = session_file(tmp_path, "Casus", dt.date(2026, 11, 22))
    app = make_app(path, clock=fake_clock, autosave_delay=0.05, poll_interval=0.1)
    async with app.run_test(size=(140, 40)) as pilot:
        await finish(app, pilot)
        await pilot.press("ctrl+q")
    assert app.return_code == 0 and store.load(path).status.value == "finished"
