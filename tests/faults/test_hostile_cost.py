"""Unbounded cost on hostile input (issue 17): every command answers in bounded time.

Each limit is far below what the quadratic or backtracking code took (1,134 s, 36 s, 34 s,
41 s). A command is measured by the CPU time of its process, start-up included, so that a
busy machine does not make the test flaky; an in-process measure is wall time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from spiegel_tui import cli, store
from spiegel_tui.model import contact, flow
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Note, Participant, Role, Session
from spiegel_tui.model.tomlfile import dumps
from spiegel_tui.report.anonymize import Anonymizer

TZ = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 11, 22, 13, 0, 0, tzinfo=TZ)


def fresh() -> Session:
    return builtin_formats()["buitenspiegel"].make_session(
        title="Casus", date=dt.date(2026, 11, 22), session_id="casus")


def spiegel(*args: str, cwd: Path | None = None) -> tuple[subprocess.CompletedProcess[str],
                                                          float]:
    """The command's result and the CPU time it took (user + system, start-up included):
    on a machine shared by several developers, wall time measures the others too."""
    env = {**os.environ, "TERM": "dumb"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([sys.executable, "-m", "spiegel_tui", *args], capture_output=True,
                            text=True, timeout=120, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return result, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@pytest.mark.slow
def test_validate_of_a_session_with_20000_extra_keys_answers_in_2_s(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    session = fresh()
    flow.start(session, T0)
    flow.add_note(session, "een notitie", T0)
    text = dumps(session) + "".join(f"extra{i} = {i}\n" for i in range(20_000))
    path.write_text(text, encoding="utf-8")
    result, took = spiegel("validate", str(path))
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2
    assert took < 2.0, took
    assert 1 < len(lines) <= 100  # capped: the first problems, then how many more
    assert "more problems" in lines[-1] and "19950" in lines[-1]
    assert all(line.startswith(str(path)) for line in lines)
    for command in ("note", "check", "export"):  # one line, quickly, from every command
        args = [command, str(path)] + (["x"] if command == "note" else [])
        result, took = spiegel(*args)
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
        assert took < 2.0, (command, took)


@pytest.mark.parametrize("text", ["x" * 100_000, "a@" + "x" * 99_990, "a." * 50_000 + "@",
                                  "0 " * 50_000, "+1" * 50_000, "(0" * 50_000,
                                  "1" * 100_000, "1." * 50_000],
                         ids=lambda text: f"{text[:4]!r}x{len(text)}")
def test_the_contact_patterns_are_linear(text: str) -> None:
    """Ten times the text costs about ten times as much (a pattern that backtracks costs a
    hundred times or more). Measured as a ratio, best of three, the two sizes alternating,
    so a busy machine slows both alike: on a quiet one the ratio is 9.9-11.6 for all of
    these texts, and 100,000 characters take 12-130 ms."""
    names = Anonymizer([Participant(name="Fenna de Vries", role=Role.CLIENT)])

    def cost(sample: str, times: int = 1) -> float:
        started = time.perf_counter()
        for _ in range(times):
            contact.findings_in(sample)
            contact.redact(sample, "e", "p", "b")
            names.text(sample)
        return (time.perf_counter() - started) / times

    tenth = text[: len(text) // 10]
    large, small = [], []
    for _ in range(5):  # the tenth ten times over: both timings about as long
        large.append(cost(text))
        small.append(cost(tenth, 10))
    assert min(large) / min(small) < 25, (min(large), min(small))


@pytest.mark.slow
def test_commit_check_and_anonymized_export_of_hostile_notes_are_quick(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    session = fresh()
    session.participants = [Participant(name="Fenna de Vries", role=Role.CLIENT)]
    flow.start(session, T0)
    for text in ("x" * 99_999, "a@" + "x" * 99_990):
        session.notes.append(Note(id=session.next_note_id(), at=T0, step=session.agenda[0].id,
                                  text=text))
    store.save(session, path)
    for args in (["export", str(path), "--anonymize"], ["export", str(path), "--to", "html",
                                                       "--anonymize"]):
        result, took = spiegel(*args)
        assert result.returncode == 0, result.stderr[-300:]
        assert took < 2.0, (args, took)
    from spiegel_tui import vcs

    started = time.monotonic()
    vcs.privacy_findings(store.load(path))
    assert time.monotonic() - started < 0.5


def many_participants(count: int) -> Session:
    session = fresh()
    session.participants = [Participant(name=f"Voornaam{i} van der Achternaam{i} Extra{i}",
                                        role=Role.CLIENT) for i in range(count)]
    flow.start(session, T0)
    words = " ".join(f"Voornaam{i} en Achternaam{i}s" for i in range(0, count, 7))
    for index in range(40):
        flow.add_note(session, f"{index} {words}"[:20_000], T0)
    return session


def many_notes(count: int) -> Session:
    session = fresh()
    flow.start(session, T0)
    step = session.agenda[0].id
    session.notes = [Note(id=f"n-{index + 1:04d}", at=T0, step=step, kind="compliment",
                          text=f"notitie {index} over de wachttijd #tag{index % 50}",
                          tags=[f"tag{index % 50}"]) for index in range(count)]
    return session


def many_steps(count: int) -> Session:
    session = fresh()
    questions = session.questions
    session.agenda = [session.agenda[0].model_copy(update={
        "id": f"stap-{i}", "title": f"Stap {i}", "questions": [q.id for q in questions]})
        for i in range(count)]
    return session


def long_name() -> Session:
    session = fresh()
    session.participants = [Participant(name=" ".join(f"Naam{i}" for i in range(9_000)),
                                        role=Role.CLIENT)]
    flow.start(session, T0)
    flow.add_note(session, " ".join(f"Naam{i}" for i in range(0, 9_000, 3)), T0)
    return session


SHAPES = {"participants": lambda: many_participants(2_000), "notes": lambda: many_notes(6_500),
          "steps": lambda: many_steps(3_000), "long-name": long_name}


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_no_command_takes_over_2_s_on_a_file_under_1_mb(tmp_path: Path, shape: str) -> None:
    path = tmp_path / "casus.toml"
    store.save(SHAPES[shape](), path)
    assert path.stat().st_size < 1024 * 1024, path.stat().st_size
    commands = [["validate", str(path)], ["check", str(path)],
                ["export", str(path), "--anonymize"],
                ["export", str(path), "--to", "html", "--anonymize"],
                ["note", str(path), "nog een notitie"], ["series", str(tmp_path)]]
    for args in commands:
        result, took = spiegel(*args)
        assert result.returncode in (0, 1), (args, result.stderr[-300:])
        assert took < 2.0, (shape, args[0], took)


@contextlib.contextmanager
def timed_lock(held: list[float]) -> Iterator[None]:
    real = store.locked

    @contextlib.contextmanager
    def locked(path: object, timeout: float = 10.0) -> Iterator[None]:
        with real(path, timeout):  # type: ignore[arg-type]
            started = time.monotonic()
            try:
                yield
            finally:
                held.append(time.monotonic() - started)

    store.locked = locked  # type: ignore[assignment]
    try:
        yield
    finally:
        store.locked = real  # type: ignore[assignment]


@pytest.mark.slow
def test_spiegel_note_on_many_notes_holds_the_lock_briefly(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store.save(many_notes(20_000), path)
    held: list[float] = []
    started = time.monotonic()
    with timed_lock(held):
        assert cli.main(["note", str(path), "nog een"]) == 0
    total = time.monotonic() - started
    assert held, "the lock was never taken"
    assert max(held) < 0.5 and max(held) < total / 4, (held, total)
    assert store.load(path).notes[-1].text == "nog een"
