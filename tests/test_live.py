"""The live session: commands, saving, watching, merging, the journal."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.live import Change, LiveSession, update
from spiegel_tui.live import journal as journals
from spiegel_tui.model import flow, prepare
from spiegel_tui.model.session import Action, Note, NoteKind, Session
from tests.conftest import TZ, FakeClock, edit_file, new_session, wait_for

T0 = dt.datetime(2026, 11, 22, 13, 0, 0, tzinfo=TZ)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "s.toml"
    store.save(new_session(), target)
    return target


def live_on(path: Path, **options: object) -> LiveSession:
    return LiveSession.open(path, clock=FakeClock(T0), **options)  # type: ignore[arg-type]


def test_a_note_is_journalled_at_once_and_saved_soon(path: Path) -> None:
    live = live_on(path, save_delay=60)
    try:
        note = live.add_note("+ sterk gesprek #toon")
        assert note is not None and note.kind is NoteKind.COMPLIMENT
        (journal,) = path.parent.glob(journals.pattern(path))
        assert b"sterk gesprek" in journal.read_bytes()
        assert store.load(path).notes == []  # the TOML save waits for its delay
        live.flush()
        assert [n.text for n in store.load(path).notes] == ["sterk gesprek #toon"]
        assert journal.read_bytes() == b""  # folded into the file
    finally:
        live.close()
    assert list(path.parent.glob(journals.pattern(path))) == []


def test_commands_leave_handed_out_sessions_unchanged(path: Path) -> None:
    with live_on(path) as live:
        before = live.session
        live.add_note("een")
        live.move(+1)
        assert before.notes == [] and live.session.notes[0].text == "een"
        assert live.session is not before and live.revision == 2


def test_subscribers_hear_every_change(path: Path) -> None:
    heard: list[Change] = []
    with live_on(path) as live:
        live.subscribe(heard.append)
        live.toggle_clock()
        wait_for(lambda: any(c.origin == "saved" for c in heard), message="a save")
    assert heard[0].origin == "local" and heard[0].session.clock is not None


def test_a_refused_change_changes_nothing(path: Path) -> None:
    with live_on(path) as live:
        with pytest.raises(ValueError):
            live.add_note("x", step="bestaat-niet")
        assert live.revision == 0 and live.session.notes == []
        assert live.add_note("   ") is None and live.revision == 0
        assert live.move(-1) is False and live.revision == 0  # at the start already


def test_a_note_from_outside_is_merged_not_overwritten(path: Path) -> None:
    with live_on(path, save_delay=60) as live:
        live.add_note("van de notulist")
        edit_file(path, lambda s: flow.add_note(s, "van buiten", T0))  # n-0001 as well
        live.flush()  # the save takes in what the other wrote
        assert len(live.session.notes) == 2
    notes = store.load(path).notes
    assert sorted(n.text for n in notes) == ["van buiten", "van de notulist"]
    assert len({n.id for n in notes}) == 2


def test_an_external_revert_is_not_a_deletion(path: Path) -> None:
    """``git checkout -- FILE`` while the console is open: the notes typed since stay."""
    old = path.read_bytes()
    with live_on(path) as live:
        live.add_note("na de commit getypt")
        live.flush()
        store.write_atomic(path, old)  # the file put back to its committed version
        wait_for(lambda: [n.text for n in store.load(path).notes] == ["na de commit getypt"],
                 message="the note back on disk")
        assert [n.text for n in live.session.notes] == ["na de commit getypt"]


def test_a_deletion_on_purpose_is_not_brought_back(path: Path) -> None:
    edit_file(path, lambda s: flow.add_note(s, "weg ermee", T0))
    with live_on(path) as live:
        note = live.delete_note("n-0001")
        assert note is not None
        live.flush()
        edit_file(path, lambda s: setattr(s, "title", "Nieuwe titel"))
        wait_for(lambda: live.session.title == "Nieuwe titel", message="the merge")
        assert live.session.notes == []
        live.restore_note(note)
        assert [n.text for n in live.session.notes] == ["weg ermee"]
    assert [n.text for n in store.load(path).notes] == ["weg ermee"]
    assert store.load(path).deleted_notes == []


def test_a_new_note_never_takes_a_deleted_notes_id(path: Path) -> None:
    with live_on(path) as live:
        live.add_note("een")
        live.delete_note("n-0001")
        assert live.add_note("twee").id == "n-0002"  # type: ignore[union-attr]


@pytest.mark.slow
def test_a_broken_file_is_never_overwritten_and_the_save_is_retried(path: Path) -> None:
    errors: list[Change] = []
    with live_on(path, save_delay=0.01) as live:
        live.subscribe(lambda c: errors.append(c) if c.origin == "error" else None)
        live.flush()
        path.write_text("schema_version = 1\nkapot = [\n")  # a bad hand edit
        live.add_note("blijft bewaard")
        wait_for(lambda: errors, message="the error")
        assert path.read_text() == "schema_version = 1\nkapot = [\n"
        store.save(new_session(), path)  # the file is good again
        wait_for(lambda: any(n.text == "blijft bewaard" for n in store.load(path).notes),
                 message="the retried save")


KILLED = textwrap.dedent("""
    import os, sys
    from spiegel_tui.live import LiveSession
    live = LiveSession.open(sys.argv[1], save_delay=3600)
    live.add_note("voor de kill")
    print("ok", flush=True)
    sys.stdin.read()
""")


def kill_a_writer(path: Path, meanwhile: Callable[[], None] = lambda: None) -> None:
    """A program that journals a note and is killed before it saves the file."""
    child = subprocess.Popen([sys.executable, "-c", KILLED, str(path)],
                             stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ok"
        meanwhile()
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_a_killed_writers_journal_is_replayed_on_open(path: Path) -> None:
    def while_alive() -> None:
        with live_on(path) as other:  # the writer is alive: its journal is not replayed
            assert other.session.notes == []

    kill_a_writer(path, while_alive)
    assert store.load(path).notes == []  # the TOML never got it: only the journal
    with live_on(path) as live:
        assert [n.text for n in live.session.notes] == ["voor de kill"]
    assert [n.text for n in store.load(path).notes] == ["voor de kill"]
    assert list(path.parent.glob(journals.pattern(path))) == []


def test_the_journal_is_created_private(path: Path) -> None:
    with live_on(path, save_delay=60) as live:
        live.add_note("x")
        (journal,) = path.parent.glob(journals.pattern(path))
        assert os.stat(journal).st_mode & 0o777 == 0o600


def test_outside_changes_come_in_and_ours_stay(path: Path) -> None:
    with live_on(path) as live:
        live.toggle_clock()
        edit_file(path, lambda s: flow.add_note(s, "van buiten", T0))
        wait_for(lambda: [n.text for n in live.session.notes] == ["van buiten"],
                 message="the merge")
        assert live.session.clock is not None
    on_disk = store.load(path)
    assert on_disk.clock is not None and [n.text for n in on_disk.notes] == ["van buiten"]


def _their_note(step: str, question: str | None = None):  # type: ignore[no-untyped-def]
    def change(session: Session) -> None:
        session.notes.append(Note(id=session.next_note_id(), at=T0, step=step,
                                  question=question, text="van buiten"))
        session.actions.append(Action(id=session.next_action_id(), text="bellen"))
    return change


def test_their_note_on_a_step_we_removed_restores_the_step(path: Path) -> None:
    with live_on(path, save_delay=60) as live:
        live.apply(lambda s: prepare.remove_step(s, [i.id for i in s.agenda].index("afsluiting")))
        edit_file(path, _their_note("afsluiting"))
    on_disk = store.load(path)
    assert [n.text for n in on_disk.notes] == ["van buiten"]
    assert [a.text for a in on_disk.actions] == ["bellen"]
    assert [i.id for i in on_disk.agenda] == [i.id for i in new_session().agenda]


def test_their_note_on_a_question_we_removed_restores_the_question(path: Path) -> None:
    with live_on(path, save_delay=60) as live:
        def change(session: Session) -> None:
            assert session.questions[0].id == "aanwezigheid"
            prepare.remove_question(session, 0)
            session.title = "Nieuwe titel"

        live.apply(change)
        edit_file(path, _their_note("bespreking-present", "aanwezigheid"))
    on_disk = store.load(path)
    assert [(n.text, n.question) for n in on_disk.notes] == [("van buiten", "aanwezigheid")]
    assert on_disk.question("aanwezigheid") is not None and on_disk.title == "Nieuwe titel"
    assert [a.text for a in on_disk.actions] == ["bellen"]


def test_a_save_after_a_merge_is_written_even_if_it_matches_our_last_text(path: Path) -> None:
    with live_on(path) as a:
        a.add_note("origineel")
        a.flush()
        with live_on(path) as b:
            b.edit_note("n-0001", "van console B")
        wait_for(lambda: a.session.notes[0].text == "van console B", message="the merge")
        a.edit_note("n-0001", "origineel")
    assert [n.text for n in store.load(path).notes] == ["origineel"]


def test_one_shot_update_appends_under_the_lock(path: Path) -> None:
    update(path, lambda s: flow.add_note(s, "! te laat #tijd", T0))
    (note,) = store.load(path).notes
    assert (note.kind.value, note.text, note.tags) == ("critical", "te laat #tijd", ["tijd"])
    assert store.lock_path(path).exists()


def test_validate_and_export_say_so_of_a_dead_consoles_journal(
        path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from spiegel_tui import cli

    kill_a_writer(path)
    before = path.read_bytes()
    assert cli.main(["validate", str(path)]) == 0
    assert "journal" in capsys.readouterr().err
    assert cli.main(["export", str(path), "--to", "md"]) == 0
    out, err = capsys.readouterr()
    assert "voor de kill" in out and "spiegel run" in err
    assert path.read_bytes() == before  # a report changes no file
