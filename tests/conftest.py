"""Shared fixtures. Every test runs isolated from the user's folders, in a temp cwd."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from spiegel_tui.model.session import Session

REPO = Path(__file__).resolve().parents[1]
TZ = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test reads or writes the user's home, config or ./sessions; local time is
    Amsterdam's so clock times on screen are the same on every machine."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    work = tmp_path_factory.mktemp("cwd")
    monkeypatch.chdir(work)
    yield work
    monkeypatch.undo()
    time.tzset()


def isolate_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """git without the user's or the system's config, with an identity to commit as."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Test Runner")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "tests@example.invalid")


@pytest.fixture
def repo_root() -> Path:
    return REPO


class FakeClock:
    """The injected clock: whole seconds, moved by hand."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float = 0, *, minutes: float = 0) -> dt.datetime:
        self.now += dt.timedelta(seconds=round(seconds + minutes * 60))
        return self.now


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock(dt.datetime(2026, 11, 22, 13, 0, 0, tzinfo=TZ))


def write_session(folder: Path, name: str, title: str, date: dt.date,
                  **fields: object) -> Path:
    """A session of built-in format ``name`` saved as ``<id>.toml`` in folder (made if
    need be); ``fields`` are set on it first (``status=``, ``actions=``, …)."""
    from spiegel_tui import store
    from spiegel_tui.model.formats import builtin_formats

    session = builtin_formats()[name].make_session(title=title, date=date)
    for key, value in fields.items():
        setattr(session, key, value)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{session.id}.toml"
    store.save(session, path)
    return path


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


def edit_file(path: Path, change: Callable[[Session], object]) -> Session:
    """Another program's write: load, change and save a session file under its lock."""
    from spiegel_tui import store

    with store.locked(path):
        session = store.load(path)
        change(session)
        session = Session.model_validate(session.model_dump())
        store.save(session, path)
    return session


def wait_for(condition: Callable[[], object], timeout: float = 30.0,
             message: str = "condition") -> None:
    """Poll ``condition`` until it holds; a generous deadline, so a busy machine passes."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(0.01)


def new_session(format_name: str = "buitenspiegel", title: str = "Casus Noord") -> Session:
    from spiegel_tui.model.formats import builtin_formats

    return builtin_formats()[format_name].make_session(title=title, date=dt.date(2026, 11, 22))


async def until(pilot: object, condition: Callable[[], object], timeout: float = 30.0,
                 message: str = "condition") -> None:
    """Let a Pilot-driven app run until ``condition`` holds (never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        await pilot.pause(0.02)  # type: ignore[attr-defined]


SLOW_FOLDERS = ("faults", "e2e")
"""Every test in these folders is slow (real terminals, kills, many processes)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent.name in SLOW_FOLDERS:
            item.add_marker(pytest.mark.slow)
