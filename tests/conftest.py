"""Shared fixtures. Every test runs isolated from the user's folders, in a temp cwd."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

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


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
