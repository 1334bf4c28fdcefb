"""Storage: byte-stable round trips, atomic saves that never damage the old file, merging."""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from spiegel_tui import store
from spiegel_tui.model import flow, prepare
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Action, Note, Session
from spiegel_tui.model.tomlfile import SessionError, dumps, loads
from tests.strategies import sessions, text

TZ = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 11, 22, 13, 0, 0, tzinfo=TZ)


def new_session(title: str = "Casus Noord") -> Session:
    return builtin_formats()["buitenspiegel"].make_session(title=title,
                                                           date=dt.date(2026, 11, 22))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
def test_any_valid_session_round_trips_and_saves_byte_stable(session: Session) -> None:
    first = dumps(session)
    loaded = loads(first)
    assert loaded == session
    assert dumps(loaded) == first


@settings(max_examples=200, deadline=None)
@given(text)
def test_note_text_with_quotes_backslashes_and_crlf_round_trips(typed: str) -> None:
    session = new_session()
    note = flow.add_note(session, typed, T0)
    if note is None:
        return
    assert "\r" not in note.text
    again = loads(dumps(session))
    assert again.notes[0].text == note.text
    assert dumps(again) == dumps(session)


def test_crlf_is_normalised_in_the_model() -> None:
    session = new_session()
    flow.add_note(session, "regel een\r\nregel twee\rregel drie", T0)
    assert session.notes[0].text == "regel een\nregel twee\nregel drie"


def test_multiline_note_text_stays_readable_in_the_file() -> None:
    session = new_session()
    flow.add_note(session, 'eerste regel\ntweede "regel"', T0)
    text_ = dumps(session)
    assert 'text = """\neerste regel\ntweede \\"regel\\""""' in text_


def test_file_shape_follows_the_contract() -> None:
    session = new_session()
    flow.start(session, T0)
    flow.add_note(session, "+ sterk gesprek #toon", T0)
    text_ = dumps(session)
    assert text_.startswith('schema_version = 1\nid = "2026-11-22-casus-noord"\n')
    assert "at = 2026-11-22T13:00:00+01:00\n" in text_
    assert 'tags = ["toon"]\n' in text_
    assert "[clock]\nstep = \"welkom\"\nsince = 2026-11-22T13:00:00+01:00\n" in text_
    # keys absent when empty: no null, no empty arrays
    assert "[]" not in text_ and "null" not in text_


def test_save_creates_0600_and_is_atomic(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store.save(new_session(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store.load(path) == new_session()
    assert [p.name for p in tmp_path.iterdir()] == ["s.toml"]


@pytest.mark.parametrize("failing", ["write", "fsync", "chmod", "replace"])
def test_a_failing_save_leaves_the_old_file_byte_identical(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    path = tmp_path / "s.toml"
    store.save(new_session(), path)
    before = path.read_bytes()
    changed = new_session("Anders")
    flow.add_note(changed, "nieuwe notitie", T0)

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_fdopen = os.fdopen

        def fdopen(fd: int, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            handle = real_fdopen(fd, *args, **kwargs)  # type: ignore[arg-type]
            handle.write = boom  # type: ignore[method-assign]
            return handle

        monkeypatch.setattr(store.os, "fdopen", fdopen)
    else:
        monkeypatch.setattr(store.os, failing, boom)
    with pytest.raises(OSError):
        store.save(changed, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.toml"]  # no temp file left


def test_crash_between_write_and_replace_leaves_old_file(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.toml"
    store.save(new_session(), path)
    before = path.read_bytes()

    class Crash(BaseException):
        pass

    def crash(*args: object) -> None:
        raise Crash

    monkeypatch.setattr(store.os, "replace", crash)
    with pytest.raises(Crash):
        store.save(new_session("Anders"), path)
    assert path.read_bytes() == before


def test_save_makes_an_existing_file_0600(tmp_path: Path) -> None:
    """Issue 17 reversed the old rule (keep the mode): a session file that came in 0640
    (a git checkout, a stash pop) is 0600 after spiegel saves it."""
    path = tmp_path / "s.toml"
    store.save(new_session(), path)
    path.chmod(0o640)
    store.save(new_session("Anders"), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_refuses_to_write_through_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "elders.toml"
    store.save(new_session(), target)
    before = target.read_bytes()
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    with pytest.raises(SessionError):
        store.save(new_session("Anders"), link)
    assert target.read_bytes() == before and link.is_symlink()


def test_create_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store.create(new_session(), path)
    before = path.read_bytes()
    with pytest.raises(SessionError):
        store.create(new_session("Anders"), path)
    assert path.read_bytes() == before


def test_load_errors_name_the_line(tmp_path: Path) -> None:
    session = new_session()
    for typed in ["een", "twee", "drie", "vier"]:
        flow.add_note(session, typed, T0)
    lines = dumps(session).split("\n")
    fourth = [i for i, line in enumerate(lines) if line == "[[notes]]"][3]
    kind_line = next(i for i in range(fourth, len(lines)) if lines[i].startswith("kind ="))
    lines[kind_line] = 'kind = "gerucht"'
    path = tmp_path / "s.toml"
    path.write_text("\n".join(lines))
    with pytest.raises(SessionError) as caught:
        store.load(path)
    assert str(caught.value).startswith(f"{path}:{kind_line + 1}: notes[4].kind")


def test_key_inside_multiline_text_is_not_taken_for_a_key(tmp_path: Path) -> None:
    session = new_session()
    flow.add_note(session, 'kop\nkind = "x"\n[[notes]]', T0)
    flow.add_note(session, "tweede", T0)
    lines = dumps(session).split("\n")
    target = max(i for i, line in enumerate(lines) if line.startswith("kind ="))
    lines[target] = 'kind = "fout"'
    path = tmp_path / "s.toml"
    path.write_text("\n".join(lines))
    problems = store.validate(path)
    assert [p.line for p in problems] == [target + 1]


def test_syntax_error_line_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('schema_version = 1\ntitle = "open\n')
    (problem,) = store.validate(path)
    assert problem.line == 2 and "TOML syntax" in problem.message
    (missing,) = store.validate(tmp_path / "nope.toml")
    assert "no such file" in str(missing)


def test_update_appends_under_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store.save(new_session(), path)
    store.update(path, lambda s: flow.add_note(s, "! te laat #tijd", T0))
    (note,) = store.load(path).notes
    assert (note.kind.value, note.text, note.tags) == ("critical", "te laat #tijd", ["tijd"])
    assert store.lock_path(path).exists()


# -- merging -----------------------------------------------------------------------------


def test_session_file_merges_outside_notes_instead_of_overwriting(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store.save(new_session(), path)
    handle = store.SessionFile(path)
    ours = handle.open()
    flow.add_note(ours, "van de notulist", T0)
    store.update(path, lambda s: flow.add_note(s, "van buiten", T0))  # also n-0001
    saved, merged = handle.save(ours)
    assert merged
    on_disk = store.load(path)
    assert sorted(n.text for n in on_disk.notes) == ["van buiten", "van de notulist"]
    assert len({n.id for n in on_disk.notes}) == 2
    assert saved == on_disk


def test_reload_takes_outside_changes_and_keeps_ours(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store.save(new_session(), path)
    handle = store.SessionFile(path)
    ours = handle.open()
    flow.start(ours, T0)
    assert not handle.changed_on_disk()
    store.update(path, lambda s: flow.add_note(s, "van buiten", T0))
    assert handle.changed_on_disk()
    merged, changed = handle.reload(ours)
    assert changed and merged.clock is not None
    assert [n.text for n in merged.notes] == ["van buiten"]


def test_merge_keeps_our_edit_and_their_deletion() -> None:
    base = new_session()
    flow.add_note(base, "een", T0)
    flow.add_note(base, "twee", T0)
    ours = base.model_copy(deep=True)
    ours.notes[0] = ours.notes[0].model_copy(update={"text": "een, verbeterd"})
    theirs = base.model_copy(deep=True)
    del theirs.notes[1]
    merged = store.merge_sessions(base, ours, theirs)
    assert [n.text for n in merged.notes] == ["een, verbeterd"]


def _their_note(step: str, question: str | None = None, text: str = "van buiten"):  # type: ignore[no-untyped-def]
    def change(session: Session) -> None:
        session.notes.append(Note(id=session.next_note_id(), at=T0, step=step,
                                  question=question, text=text))
        session.actions.append(Action(id=session.next_action_id(), text="bellen"))
    return change


def test_their_note_on_a_step_we_removed_restores_the_step(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store.save(new_session(), path)
    handle = store.SessionFile(path)
    ours = handle.open()
    prepare.remove_step(ours, [i.id for i in ours.agenda].index("afsluiting"))
    store.update(path, _their_note("afsluiting"))
    handle.save(ours)
    on_disk = store.load(path)
    assert [n.text for n in on_disk.notes] == ["van buiten"]
    assert [a.text for a in on_disk.actions] == ["bellen"]
    assert on_disk.step("afsluiting") is not None
    assert [i.id for i in on_disk.agenda] == [i.id for i in new_session().agenda]


def test_their_note_on_a_question_we_removed_restores_the_question(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store.save(new_session(), path)
    handle = store.SessionFile(path)
    ours = handle.open()
    assert ours.questions[0].id == "aanwezigheid"
    prepare.remove_question(ours, 0)
    ours.title = "Nieuwe titel"
    store.update(path, _their_note("bespreking-present", "aanwezigheid"))
    handle.save(ours)
    on_disk = store.load(path)
    assert [(n.text, n.question) for n in on_disk.notes] == [("van buiten", "aanwezigheid")]
    assert on_disk.question("aanwezigheid") is not None and on_disk.title == "Nieuwe titel"
    assert [a.text for a in on_disk.actions] == ["bellen"]


def test_a_note_new_in_theirs_survives_when_we_deleted_every_note() -> None:
    base = new_session()
    flow.add_note(base, "oud", T0)
    ours = base.model_copy(deep=True)
    ours.notes = []
    theirs = base.model_copy(deep=True)
    theirs.notes.append(theirs.notes[0].model_copy(update={"id": "n-0002", "text": "nieuw"}))
    merged = store.merge_sessions(base, ours, theirs)
    assert [n.text for n in merged.notes] == ["nieuw"]


@pytest.mark.parametrize("code", [errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV])
def test_create_works_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         code: int) -> None:
    def no_links(*args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(store.os, "link", no_links)
    path = tmp_path / "s.toml"
    store.create(new_session(), path)
    assert store.load(path) == new_session()
    before = path.read_bytes()
    with pytest.raises(SessionError):
        store.create(new_session("Anders"), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".s.toml.lock", "s.toml"]


def test_create_succeeds_when_the_temp_file_cannot_be_removed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_unlink(self: Path, *args: object) -> None:
        raise OSError(errno.EBUSY, "busy")

    monkeypatch.setattr(Path, "unlink", no_unlink)
    path = tmp_path / "s.toml"
    store.create(new_session(), path)
    monkeypatch.undo()
    assert store.load(path) == new_session()


def test_a_save_after_a_merge_is_written_even_if_it_matches_our_last_text(
        tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store.save(new_session(), path)
    a, b = store.SessionFile(path), store.SessionFile(path)
    ours = a.open()
    flow.add_note(ours, "origineel", T0)
    ours, _ = a.save(ours)
    theirs = b.open()
    theirs.notes[0] = theirs.notes[0].model_copy(update={"text": "van console B"})
    b.save(theirs)
    ours, changed = a.reload(ours)
    assert changed and ours.notes[0].text == "van console B"
    ours.notes[0] = ours.notes[0].model_copy(update={"text": "origineel"})
    a.save(ours)
    assert [n.text for n in store.load(path).notes] == ["origineel"]


@pytest.mark.parametrize("content", [None, 'schema_version = 1\ntitle = "open\n',
                                     "schema_version = 1\n"])
def test_update_of_a_bad_file_creates_no_lock(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "s.toml"
    if content is not None:
        path.write_text(content)
    with pytest.raises(SessionError):
        store.update(path, lambda s: flow.add_note(s, "iets", T0))
    assert not store.lock_path(path).exists()
    assert [p.name for p in tmp_path.iterdir()] == ([] if content is None else ["s.toml"])


def test_update_refused_by_the_change_creates_no_lock_and_keeps_an_old_one(
        tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store.save(new_session(), path)
    before = path.read_bytes()

    def refuse(session: Session) -> None:
        raise SessionError("nee", path=str(path))

    with pytest.raises(SessionError):
        store.update(path, refuse)
    assert not store.lock_path(path).exists() and path.read_bytes() == before
    store.lock_path(path).touch()  # a lock another program made stays where it is
    path.write_text("kapot = [\n")
    with pytest.raises(SessionError):
        store.update(path, lambda s: flow.add_note(s, "iets", T0))
    assert store.lock_path(path).exists()
