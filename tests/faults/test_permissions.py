"""Permissions, the sidecar lock and crash leftovers (issue 17).

A session file is 0600 after every save by spiegel (whatever ``git clone`` or ``git stash
pop`` made it); a read-only file is not rewritten; the sidecar lock never follows a
symbolic link; temp files a killed writer left are removed on save, a living writer's kept.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Session
from spiegel_tui.model.tomlfile import SessionError


def fresh() -> Session:
    return builtin_formats()["buitenspiegel"].make_session(
        title="Casus", date=dt.date(2026, 11, 22), session_id="casus")


def spiegel(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spiegel_tui", *args], capture_output=True,
                          text=True, timeout=30, stdin=subprocess.DEVNULL)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("writer", ["save", "note", "write_atomic"])
def test_a_0644_session_file_is_0600_after_a_save(tmp_path: Path, writer: str) -> None:
    path = tmp_path / "casus.toml"
    store.save(fresh(), path)
    path.chmod(0o644)  # as git checkout leaves it
    if writer == "save":
        store.save(fresh(), path)
    elif writer == "note":
        assert spiegel("note", str(path), "een notitie").returncode == 0
    else:
        store.write_atomic(path, path.read_bytes())
    assert mode(path) == 0o600


def test_a_read_only_session_file_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "casus.toml"
    store.save(fresh(), path)
    path.chmod(0o444)
    before = path.read_bytes()
    result = spiegel("note", str(path), "een notitie")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "read-only" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before and mode(path) == 0o444
    with pytest.raises(PermissionError):
        store.save(fresh(), path)
    assert path.read_bytes() == before


def test_the_sidecar_lock_refuses_a_symbolic_link(tmp_path: Path) -> None:
    path = tmp_path / "casus.toml"
    store.save(fresh(), path)
    target = tmp_path / "elsewhere" / "victim"
    target.parent.mkdir()
    store.lock_path(path).symlink_to(target)
    before = path.read_bytes()
    result = spiegel("note", str(path), "een notitie")
    assert result.returncode == 2 and "symbolic link" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not target.exists()  # O_CREAT did not make the link's target
    assert path.read_bytes() == before
    with pytest.raises(SessionError), store.locked(path):
        pass


def test_the_sidecar_lock_refuses_a_fifo(tmp_path: Path) -> None:
    path = tmp_path / "casus.toml"
    store.save(fresh(), path)
    os.mkfifo(store.lock_path(path))
    with pytest.raises(SessionError), store.locked(path):
        pass


def stale_temp(path: Path, age_s: float, suffix: str = "abc123") -> Path:
    temp = path.with_name(f".{path.name}.{suffix}.tmp")
    temp.write_bytes(b"half a session of notes")
    old = time.time() - age_s
    os.utime(temp, (old, old))
    return temp


def test_stale_temp_files_are_removed_on_save(tmp_path: Path) -> None:
    path = tmp_path / "casus.toml"
    store.save(fresh(), path)
    killed = [stale_temp(path, 3600, f"k{i}") for i in range(5)]
    other = stale_temp(tmp_path / "other.toml", 3600)  # another session's: not ours
    store.save(fresh(), path)
    assert not any(temp.exists() for temp in killed)
    assert other.exists()


def test_stale_temp_files_are_removed_by_spiegel_note(tmp_path: Path) -> None:
    path = tmp_path / "casus.toml"
    store.save(fresh(), path)
    killed = stale_temp(path, 3600)
    assert spiegel("note", str(path), "een notitie").returncode == 0
    assert not killed.exists()


def test_a_living_writers_temp_file_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "casus.toml"
    store.save(fresh(), path)
    writing = stale_temp(path, 3600, "writing")  # old, but a writer holds its lock
    fd = os.open(writing, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        young = stale_temp(path, 0, "young")  # just made: its writer may not have locked yet
        assert store.remove_stale_temps(path) == 0
        assert writing.exists() and young.exists()
    finally:
        os.close(fd)
    assert store.remove_stale_temps(path) == 1  # the writer is gone: the old one goes
    assert not writing.exists() and young.exists()


def test_a_killed_writer_leaves_a_removable_temp_file(tmp_path: Path) -> None:
    """A writer killed between writing its temp file and putting it in place."""
    path = tmp_path / "casus.toml"
    store.save(fresh(), path)
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from spiegel_tui import store\n"
        "os.replace = lambda *a, **k: os.kill(os.getpid(), 9)\n"
        f"store.write_atomic(Path({str(path)!r}), b'x' * 1000)\n")
    result = subprocess.run([sys.executable, "-c", script], timeout=30)
    assert result.returncode == -9
    left = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1
    assert store.remove_stale_temps(path, older_than=time.time() + 1) == 1
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
