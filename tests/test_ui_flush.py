"""The prepare screen and the console on one live session.

A note written by ``spiegel note`` just before F9 or Esc is merged in; neither screen may
read its absence as a deletion. A full disk is shown, not a crash: the notes stay, F9 still
prepares (there is nothing to hand over), and ctrl+q refuses to quit until it can save.
"""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.model import flow
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.ui.app import make_app
from spiegel_tui.ui.screens.prepare import PrepareScreen
from spiegel_tui.ui.screens.session import SessionScreen
from tests.conftest import FakeClock, edit_file, until

TZ = dt.timezone(dt.timedelta(hours=1))
SIZE = (120, 35)


def fishbowl(tmp_path: Path) -> Path:
    session = builtin_formats()["spiegelgesprek"].make_session(title="Kring",
                                                             date=dt.date(2026, 11, 22))
    path = tmp_path / f"{session.id}.toml"
    store.create(session, path)
    return path


def from_outside(path: Path, text: str) -> None:
    """What ``spiegel note`` does, in this process."""
    at = dt.datetime(2026, 11, 22, 13, 0, tzinfo=TZ)
    edit_file(path, lambda session: flow.add_note(session, text, at))


def texts(path: Path) -> list[str]:
    return [note.text for note in store.load(path).notes]


@pytest.mark.slow
async def test_a_note_from_outside_survives_opening_and_closing_prepare(
        tmp_path: Path, fake_clock: FakeClock) -> None:
    path = fishbowl(tmp_path)
    # a poll far away stands for "spiegel note ran less than one poll before the key"
    app = make_app(path, clock=fake_clock, autosave_delay=0.05, poll_interval=30)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        from_outside(path, "voor F9")
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, PrepareScreen), message="prepare")
        await pilot.press("end", "x")  # an edit in the prepare screen: it saves
        await until(pilot, lambda: store.load(path).title == "Kringx", message="the save")
        assert "voor F9" in texts(path)
        from_outside(path, "voor Esc")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen), message="console")
        await pilot.press(*"hallo", "enter")  # a note in the console: it saves
        await until(pilot, lambda: texts(path) == ["voor F9", "voor Esc", "hallo"],
                    message="all three notes on disk")
        await pilot.press("ctrl+q")
    assert texts(path) == ["voor F9", "voor Esc", "hallo"]
    assert store.load(path).title == "Kringx"


@pytest.mark.slow
async def test_a_full_disk_at_f9_is_shown_and_loses_nothing(
        tmp_path: Path, fake_clock: FakeClock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = fishbowl(tmp_path)
    app = make_app(path, clock=fake_clock, autosave_delay=0.05, poll_interval=0.1)
    write_atomic = store.write_atomic

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(store, "write_atomic", full)
        await pilot.press(*"belangrijk", "enter")
        await until(pilot, lambda: app.live.error is not None, message="the failed save")
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, PrepareScreen), message="prepare")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen), message="console")
        said: list[str] = []
        notify = app.notify
        monkeypatch.setattr(app, "notify", lambda text, **kw: (said.append(str(text)),
                                                                notify(text, **kw)))
        await pilot.press("ctrl+q")  # cannot save: stays open, the note kept
        await until(pilot, lambda: any("No space" in text for text in said),
                    message="the error shown")
        assert app.is_running
        assert [n.text for n in app.screen.session.notes] == ["belangrijk"]
        assert texts(path) == []
        monkeypatch.setattr(store, "write_atomic", write_atomic)  # space again
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    assert texts(path) == ["belangrijk"]


@pytest.mark.slow
async def test_prepare_and_the_console_share_one_session(
        tmp_path: Path, fake_clock: FakeClock) -> None:
    """An edit in prepare is in the console at once (no hand-over), and on disk soon."""
    path = fishbowl(tmp_path)
    app = make_app(path, clock=fake_clock, autosave_delay=0.05, poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        console = app.screen
        assert isinstance(console, SessionScreen)
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, PrepareScreen), message="prepare")
        prepare = app.screen
        assert prepare.live is console.live
        await pilot.press("end", "!")
        await pilot.pause()
        assert console.session.title == "Kring!"  # the console below has it already
        assert "Kring!" in str(console.query_one("#topbar-title").render())
        await until(pilot, lambda: store.load(path).title == "Kring!", message="on disk")
        await pilot.press("ctrl+q")
    assert app.return_code == 0
