"""Any text the model accepts survives the file byte for byte, whichever way it is saved.

tests/test_store.py already round-trips generated sessions in memory. These go further:
note texts from all of Unicode (every control character included, so the model's own
rule decides what is accepted: tab, newline and ``\\r``/``\\r\\n``, which become newlines),
written through the store to disk, saved twice, and built up note by note through the
live session's :class:`~spiegel_tui.store.SessionFile` with edits and deletions in between (the
autosave path, which may serialise incrementally) — always the same bytes as one full save.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from spiegel_tui import store
from spiegel_tui.model import flow
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Session, snapshot
from spiegel_tui.model.tomlfile import dumps, loads
from tests.strategies import sessions

TZ = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 11, 22, 13, 0, 0, tzinfo=TZ)

any_character = st.characters(blacklist_categories=("Cs",))  # all but lone surrogates
pieces = st.sampled_from(['"""', "'''", '""""', "\\", '\\"', "\\u0041", "\r\n", "\r", "\n",
                          "\t", "\x00", "\x1b[31m", "\x7f", "\x85", "\u2028", "\ufeff",
                          "\u202e", "\uffff", "🙂", "# x", "[[notes]]", 'text = "x"', "'",
                          '"', "+", "!", ">", "?", "#tag"])
typed_texts = st.lists(st.one_of(st.text(any_character, max_size=30), pieces),
                       min_size=1, max_size=8).map("".join)
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


def fresh() -> Session:
    session = builtin_formats()["buitenspiegel"].make_session(
        title="Casus", date=dt.date(2026, 11, 22), session_id="casus")
    flow.start(session, T0)
    return session


def add(session: Session, typed: str) -> bool:
    """Add the note the model accepts; a refused one must be a clean ValueError."""
    try:
        return flow.add_note(session, typed, T0) is not None
    except ValidationError as error:
        message = str(error)
        assert "control character" in message or "characters long" in message, message
        return False


def saved_twice_identical(session: Session, path: Path) -> bytes:
    store.save(session, path)
    first = path.read_bytes()
    loaded = store.load(path)
    assert loaded == session
    store.save(loaded, path)
    assert path.read_bytes() == first
    assert first.decode("utf-8") == dumps(session)
    return first


@SETTINGS
@given(st.lists(typed_texts, min_size=1, max_size=6))
def test_any_typed_note_round_trips_through_the_file(texts: list[str]) -> None:
    session = fresh()
    kept = [typed for typed in texts if add(session, typed)]
    assert len(session.notes) == len(kept)
    for note in session.notes:
        assert "\r" not in note.text
    with tempfile.TemporaryDirectory() as folder:
        saved_twice_identical(session, Path(folder) / "s.toml")


@SETTINGS
@given(sessions(max_notes=8), st.lists(typed_texts, max_size=4))
def test_any_session_saves_byte_stable_on_disk(session: Session, texts: list[str]) -> None:
    if session.agenda:
        for typed in texts:
            add(session, typed)
        session = Session.model_validate(session.model_dump())
    with tempfile.TemporaryDirectory() as folder:
        data = saved_twice_identical(session, Path(folder) / "s.toml")
    assert loads(data) == session


edits = st.lists(st.tuples(st.sampled_from(["add", "add", "add", "edit", "delete", "clock"]),
                           typed_texts, st.integers(0, 50)), min_size=1, max_size=12)


@SETTINGS
@given(edits)
def test_the_autosave_path_writes_what_a_full_save_writes(steps: list[tuple[str, str, int]]
                                                          ) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.toml"
        store.create(fresh(), path)
        handle = store.SessionFile(path)
        session = handle.open()
        for what, typed, pick in steps:
            notes = session.notes
            if what == "add" or not notes:
                add(session, typed)
            elif what == "edit":
                index = pick % len(notes)
                probe = fresh()  # the text the model keeps of what was typed: the typed
                # string itself can hold a control character that parsing strips ("\x1f0")
                text = probe.notes[-1].text if add(probe, typed) else "bewerkt"
                notes[index] = notes[index].model_copy(update={"text": text.strip() or "x"})
            elif what == "delete":
                notes.pop(pick % len(notes))
            else:
                flow.toggle(session, T0 + dt.timedelta(seconds=pick))
            handle.write(snapshot(session))
            written = handle.base
            on_disk = path.read_bytes()
            assert on_disk.decode("utf-8") == dumps(session), what
            assert store.load(path) == session == written
        reopened = store.SessionFile(path)
        assert reopened.open() == session
        assert dumps(session).encode("utf-8") == path.read_bytes()
