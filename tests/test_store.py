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
from spiegel_tui.live import update
from spiegel_tui.model import flow
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Session
from spiegel_tui.model.tomlfile import SessionError, dumps, loads
from tests.strategies import sessions, text

TZ = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 11, 22, 13, 0, 0, tzinfo=TZ)


def new_session(title: str = "Casus Noord") -> Session:
    return builtin_formats()["buitenspiegel"].make_session(title=title,
                                                           date=dt.date(2026, 11, 22))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
@pytest.mark.slow
def test_any_valid_session_round_trips_and_saves_byte_stable(session: Session) -> None:
    first = dumps(session)
    loaded = loads(first)
    assert loaded == session
    assert dumps(loaded) == first


@settings(max_examples=200, deadline=None)
@given(text)
@pytest.mark.slow
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


@pytest.mark.parametrize("content", [None, 'schema_version = 1\ntitle = "open\n',
                                     "schema_version = 1\n"])
def test_update_of_a_bad_file_creates_no_lock(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "s.toml"
    if content is not None:
        path.write_text(content)
    with pytest.raises(SessionError):
        update(path, lambda s: flow.add_note(s, "iets", T0))
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
        update(path, refuse)
    assert not store.lock_path(path).exists() and path.read_bytes() == before
    store.lock_path(path).touch()  # a lock another program made stays where it is
    path.write_text("kapot = [\n")
    with pytest.raises(SessionError):
        update(path, lambda s: flow.add_note(s, "iets", T0))
    assert store.lock_path(path).exists()
