"""A failing disk at every step of the atomic save: the old file survives, no note is lost.

:class:`Fault` makes one step of ``store.write_atomic`` (or the lock before it) raise an
``OSError`` such as ENOSPC, only for files under the test's own folder. Every writer is
checked: the plain save, the console's :class:`~spiegel_tui.store.SessionFile`, the
``spiegel note`` update, the CLI itself, and the live console through Pilot, which must
say so on screen, keep the note in memory and write it once the disk is back.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from spiegel_tui import cli, store
from spiegel_tui.live import session as live_session
from spiegel_tui.model import flow
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Session, snapshot
from spiegel_tui.model.tomlfile import dumps
from spiegel_tui.ui.app import make_app
from tests.conftest import FakeClock
from tests.tmux import wait_for

TZ = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 11, 22, 13, 0, 0, tzinfo=TZ)

STEPS = ["lock", "create", "write", "flush", "fsync", "close", "chmod", "replace",
         "folder-fsync"]
"""Each step of a save that touches the disk, in order (creating a file links instead of
replacing)."""
AFTER_REPLACE = {"folder-fsync"}
"""Steps after the new file is in place: there the file is the new one, whole."""


class Fault:
    """Makes one step of saving under ``folder`` fail with ``OSError(code)`` while armed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, folder: Path, step: str,
                 code: int = errno.ENOSPC) -> None:
        self.folder, self.step, self.code = str(folder.resolve()), step, code
        self.armed = True
        self.hits = 0
        real = {name: getattr(os, name) for name in ("open", "fsync", "chmod", "replace",
                                                      "link", "fdopen")}
        real_mkstemp = store.tempfile.mkstemp
        self.real = real

        def ours(path: Any) -> bool:
            return str(Path(os.fspath(path)).resolve()).startswith(self.folder)

        def fd_path(fd: int) -> str:
            try:
                return os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                return ""

        def fail_if(now: str, where: str) -> None:
            if self.armed and self.step == now and where.startswith(self.folder):
                self.hits += 1
                raise OSError(self.code, os.strerror(self.code))

        def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if str(path).endswith(".lock") and ours(path):
                fail_if("lock", self.folder)
            return real["open"](path, flags, *args, **kwargs)

        def fake_mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
            if ours(kwargs.get("dir", ".")):
                fail_if("create", self.folder)
            return real_mkstemp(*args, **kwargs)

        def fake_fsync(fd: int) -> None:
            where = fd_path(fd)
            is_folder = stat.S_ISDIR(os.fstat(fd).st_mode)
            fail_if("folder-fsync" if is_folder else "fsync", where)
            real["fsync"](fd)

        def fake_chmod(path: Any, *args: Any, **kwargs: Any) -> None:
            fail_if("chmod", str(path))
            real["chmod"](path, *args, **kwargs)

        def fake_replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            fail_if("replace", str(dst))
            real["replace"](src, dst, *args, **kwargs)

        def fake_link(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            fail_if("link", str(dst))
            real["link"](src, dst, *args, **kwargs)

        def fake_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            where = fd_path(fd)
            return Handle(real["fdopen"](fd, *args, **kwargs), where, fail_if)

        patches: dict[str, Callable[..., Any]] = {
            "open": fake_open, "fsync": fake_fsync, "chmod": fake_chmod,
            "replace": fake_replace, "link": fake_link, "fdopen": fake_fdopen}
        for name, fake in patches.items():
            monkeypatch.setattr(store.os, name, fake)
        monkeypatch.setattr(store.tempfile, "mkstemp", fake_mkstemp)


class Handle:
    """A file object whose write (half written, then the disk is full), flush or close
    fails when its fault is armed."""

    def __init__(self, handle: Any, where: str, fail_if: Callable[[str, str], None]) -> None:
        self.handle, self.where, self.fail_if = handle, where, fail_if

    def __enter__(self) -> Handle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()
        if exc[0] is None:
            self.fail_if("close", self.where)

    def write(self, data: bytes) -> int:
        try:
            self.fail_if("write", self.where)
        except OSError:
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise
        return int(self.handle.write(data))

    def flush(self) -> None:
        self.fail_if("flush", self.where)
        self.handle.flush()

    def fileno(self) -> int:
        return int(self.handle.fileno())

    def __getattr__(self, name: str) -> Any:  # read, close, …: the real file's
        return getattr(self.handle, name)


def new_session(title: str = "Casus Noord") -> Session:
    return builtin_formats()["buitenspiegel"].make_session(
        title=title, date=dt.date(2026, 11, 22), session_id="casus")


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    folder = tmp_path / "D"
    folder.mkdir()
    path = folder / "casus.toml"
    session = new_session()
    flow.start(session, T0)
    flow.add_note(session, "er was eens", T0)
    store.create(session, path)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith((".toml", ".lock")))


def check_after_failure(path: Path, before: bytes, new: bytes, step: str) -> None:
    after = path.read_bytes()
    if step in AFTER_REPLACE:
        assert after == new, "after the rename the file is the new one, whole"
    else:
        assert after == before, f"{step}: the old file changed"
    assert leftovers(path.parent) == [], f"{step}: temp files left behind"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
@pytest.mark.parametrize("step", STEPS[1:])
def test_plain_save_leaves_the_old_file_byte_identical(
        saved: Path, monkeypatch: pytest.MonkeyPatch, step: str, code: int) -> None:
    before = saved.read_bytes()
    changed = store.load(saved)
    flow.add_note(changed, "tweede notitie", T0)
    fault = Fault(monkeypatch, saved.parent, step, code)
    with pytest.raises(OSError) as raised:
        store.save(changed, saved)
    assert raised.value.errno == code and fault.hits == 1
    check_after_failure(saved, before, dumps(changed).encode(), step)
    fault.armed = False
    store.save(changed, saved)
    assert store.load(saved) == changed


@pytest.mark.parametrize("step", STEPS)
def test_the_consoles_file_keeps_the_note_and_writes_it_on_retry(
        saved: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    handle = store.SessionFile(saved)
    ours = handle.open()
    before = saved.read_bytes()
    flow.add_note(ours, "tijdens de storing", T0)
    fault = Fault(monkeypatch, saved.parent, step)
    for _ in range(3):  # the console retries; the disk stays full a while
        with pytest.raises(OSError), store.locked(saved):  # as the live session writes
            handle.write(snapshot(ours))
        check_after_failure(saved, before, dumps(ours).encode(), step)
    assert fault.hits == 3
    fault.armed = False
    handle.write(snapshot(ours))
    written = handle.base
    on_disk = store.load(saved)
    assert [n.text for n in on_disk.notes] == ["er was eens", "tijdens de storing"]
    assert on_disk == written == ours
    assert leftovers(saved.parent) == []


@pytest.mark.parametrize("step", STEPS)
def test_spiegel_note_on_a_full_disk_is_one_line_and_no_change(
        saved: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        step: str) -> None:
    before = saved.read_bytes()
    fault = Fault(monkeypatch, saved.parent, step)
    code = cli.main(["note", str(saved), "vol"])
    out, err = capsys.readouterr()
    assert fault.hits == 1
    assert code == 2, (out, err)
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{saved}: "), err
    assert "No space left on device" in lines[0]
    if step not in AFTER_REPLACE:
        assert saved.read_bytes() == before
    assert leftovers(saved.parent) == []
    fault.armed = False
    assert cli.main(["note", str(saved), "vol"]) == 0
    texts = [n.text for n in store.load(saved).notes]
    assert texts.count("vol") == (2 if step in AFTER_REPLACE else 1)


@pytest.mark.parametrize(("command", "step"), [
    *[("new", step) for step in ("create", "write", "fsync", "chmod", "link")],
    *[("export", step) for step in ("create", "write", "fsync", "chmod", "replace")]])
def test_spiegel_new_and_export_on_a_full_disk_are_one_line(
        saved: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        command: str, step: str) -> None:
    folder = saved.parent
    fault = Fault(monkeypatch, folder, step)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    argv = {"new": ["new", "buitenspiegel", "--title", "Vol", "--dir", str(folder)],
            "export": ["export", str(saved), "-o", str(folder / "verslag.md")]}[command]
    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    assert fault.hits == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(folder)), err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


# -- the live console ----------------------------------------------------------------------


def save_failed_shown(app: Any) -> bool:
    return any(n.severity == "error" and ("Opslaan mislukt" in str(n.message))
               for n in app._notifications)


@pytest.mark.parametrize("step", ["create", "write", "fsync", "replace", "folder-fsync"])
async def test_the_console_shows_the_failure_keeps_the_note_and_retries(
        saved: Path, monkeypatch: pytest.MonkeyPatch, fake_clock: FakeClock,
        step: str) -> None:
    before = saved.read_bytes()
    monkeypatch.setattr(live_session, "RETRY_S", 0.3)  # a quicker retry, the same code path
    fault = Fault(monkeypatch, saved.parent, step)
    app = make_app(saved, clock=fake_clock, autosave_delay=0.05, poll_interval=0.1)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press(*"storing", "enter")

        async def until(probe: Callable[[], bool], timeout: float) -> bool:
            for _ in range(int(timeout / 0.05)):
                if probe():
                    return True
                await pilot.pause(0.05)
            return probe()

        assert await until(lambda: fault.hits >= 1, 30), "no save was tried"
        assert await until(lambda: save_failed_shown(app), 30), "no error on screen"
        screen = app.session_screen
        assert [n.text for n in screen.session.notes] == ["er was eens", "storing"]
        if step not in AFTER_REPLACE:
            assert saved.read_bytes() == before
        assert await until(lambda: fault.hits >= 2, 30), "the save is not retried"
        await pilot.press(*"nog", "enter")  # typing goes on while the disk is full
        assert await until(lambda: fault.hits >= 3, 30), "the save is not retried"
        fault.armed = False  # the disk is back: the next retry writes both notes

        def written() -> bool:
            texts = [n.text for n in store.load(saved).notes]
            return texts == ["er was eens", "storing", "nog"]

        assert await until(written, 30), store.load(saved).notes
        # the note journal is there while the console is open (removed at quit)
        assert [f for f in leftovers(saved.parent) if not f.endswith(".journal")] == []
        await pilot.press("ctrl+q")
    assert app.return_value == 0
    assert [n.text for n in store.load(saved).notes] == ["er was eens", "storing", "nog"]
    assert wait_for(lambda: not leftovers(saved.parent), 10)
