"""The incremental paths behind the benchmarks: they must give what the full ones give."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.model import flow, tomlfile
from spiegel_tui.model.chunks import ChunkCache
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Note, NoteKind, Session, snapshot
from spiegel_tui.ui.widgets.notes import WINDOW, NoteItem
from tests.conftest import FakeClock

TZ = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 11, 22, 13, 0, tzinfo=TZ)


def session_with(notes: int, step: str | None = None) -> Session:
    session = builtin_formats()["buitenspiegel"].make_session(title="Cache", date=T0.date())
    flow.start(session, T0)
    step = step or session.agenda[0].id
    session.notes = [Note(id=f"n-{i + 1:04d}", at=T0 + dt.timedelta(seconds=i), step=step,
                          kind=NoteKind.QUOTE if i % 3 else NoteKind.NOTE,
                          text=f'notitie {i} met """quotes""" en \\ #t{i % 5}',
                          tags=[f"t{i % 5}"]) for i in range(notes)]
    return session


def full_dumps(session: Session, monkeypatch: pytest.MonkeyPatch) -> str:
    """What dumps writes with nothing remembered."""
    with monkeypatch.context() as patch:
        patch.setattr(tomlfile, "_cache", ChunkCache(tomlfile._cache.render))
        return tomlfile.dumps(session)


def test_appending_after_a_cached_dumps_gives_the_full_bytes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    session = session_with(300)
    tomlfile.dumps(session)
    for index in range(5):
        flow.add_note(session, f"+ nog een {index} #extra", T0)
        assert tomlfile.dumps(snapshot(session)) == full_dumps(session, monkeypatch)
    assert tomlfile.loads(tomlfile.dumps(session)) == session


@pytest.mark.parametrize("change", ["text", "tags in place", "at", "replaced", "removed"])
def test_a_note_changed_after_a_cached_dumps_is_written_anew(
        change: str, monkeypatch: pytest.MonkeyPatch) -> None:
    session = session_with(50)
    before = tomlfile.dumps(session)
    note = session.notes[7]
    if change == "text":
        note.text = "anders"
    elif change == "tags in place":
        note.tags.append("nieuw")
    elif change == "at":  # an equal instant in another offset must not pass for the same
        note.at = note.at.astimezone(dt.timezone.utc)
    elif change == "replaced":
        session.notes[7] = note.model_copy(update={"kind": NoteKind.ADVICE})
    else:
        del session.notes[7]
    after = tomlfile.dumps(session)
    assert after != before
    assert after == full_dumps(session, monkeypatch)


def test_the_cache_lets_go_of_sessions_no_longer_written() -> None:
    cache = ChunkCache(tomlfile._cache.render)
    for _ in range(3):
        for note in session_with(1500).notes:
            cache.text("notes", note)
        cache.begin()
    for _ in range(5):
        cache.begin()
    assert len(cache.objects) == 0


def test_save_after_open_writes_the_full_bytes_and_only_on_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.toml"
    store.save(session_with(200), path)
    handle = store.SessionFile(path)
    session = handle.open()
    mtime = path.stat().st_mtime_ns
    handle.write(snapshot(session))
    assert path.stat().st_mtime_ns == mtime  # nothing changed: nothing written
    flow.add_note(session, "nieuw", T0)
    handle.write(snapshot(session))
    assert path.read_text() == full_dumps(session, monkeypatch)


@pytest.mark.slow
async def test_a_long_step_lists_its_last_notes_and_the_rest_on_the_way_up(
        tmp_path: Path, fake_clock: FakeClock) -> None:
    from spiegel_tui.ui.app import make_app

    session = session_with(WINDOW * 2 + 5)
    path = tmp_path / "long.toml"
    store.save(session, path)
    app = make_app(path, clock=fake_clock, autosave_delay=0.05, poll_interval=0.1)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        items = app.screen.query(NoteItem)
        assert len(items) == WINDOW
        assert items.last().note_id == session.notes[-1].id
        app.screen.query_one("#notes-list").focus()
        await pilot.pause()
        await pilot.press(*["up"] * (WINDOW * 3 + 10))
        await pilot.pause()
        assert [item.note_id for item in app.screen.query(NoteItem)] == [
            note.id for note in session.notes]
        await pilot.press("ctrl+q")
