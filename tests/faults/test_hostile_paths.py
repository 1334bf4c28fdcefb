"""Hostile paths and streams (issue 17): a FIFO or ``/dev/zero`` wherever a path is read,
bytes that are not UTF-8 in an argument, a closed or full stdout, an export to a device or
a FIFO. Each is one line on stderr, exit 2, no traceback, nothing changed; none hangs.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.model.formats import builtin_formats


def spiegel(*args: str | bytes, cwd: Path | None = None, stdout: int | None = None,
            close_stdout: bool = False) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "TERM": "dumb"}
    command = [sys.executable.encode(), b"-m", b"spiegel_tui",
               *(arg if isinstance(arg, bytes) else arg.encode() for arg in args)]
    if close_stdout:  # the shell's >&-: the child starts with fd 1 closed
        command = [b"/bin/sh", b"-c", b'exec "$@" >&-', b"sh", *command]
    return subprocess.run(command, stdout=stdout if stdout is not None else subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=30, stdin=subprocess.DEVNULL,
                          env=env, cwd=cwd)


def one_line(result: subprocess.CompletedProcess[bytes]) -> str:
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, err[-500:]
    assert len(err.strip().splitlines()) == 1, err[-500:]
    assert "Traceback" not in err
    return err


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    path = tmp_path / "casus.toml"
    store.create(builtin_formats()["buitenspiegel"].make_session(
        title="Casus", date=dt.date(2026, 11, 22), session_id="casus"), path)
    return path


def endless(folder: Path, name: str, kind: str) -> Path:
    path = folder / name
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    return path


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_fifo_or_dev_zero_among_the_formats_is_skipped(tmp_path: Path, kind: str) -> None:
    (tmp_path / "formats").mkdir()
    endless(tmp_path / "formats", "eigen.toml", kind)
    result = spiegel("formats", "--dir", str(tmp_path))
    assert result.returncode == 0
    assert b"buitenspiegel" in result.stdout and b"eigen.toml" in result.stderr
    made = spiegel("new", "eigen", "--dir", str(tmp_path))
    assert b"is not a regular file" in made.stderr
    one_line(made)


@pytest.mark.parametrize("option", ["--questions", "--participants"])
@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_fifo_or_dev_zero_as_an_input_file_is_refused(tmp_path: Path, option: str,
                                                       kind: str) -> None:
    source = endless(tmp_path, "input.txt", kind)
    result = spiegel("new", "spiegelgesprek", option, str(source), "--dir",
                     str(tmp_path / "sessions"))
    assert str(source).encode() in result.stderr
    one_line(result)
    assert not (tmp_path / "sessions").exists()


def test_an_oversized_input_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "vragen.txt"
    with source.open("wb") as handle:  # sparse: no disk used
        handle.truncate(50 * 1024 * 1024)
    one_line(spiegel("new", "spiegelgesprek", "--questions", str(source), "--dir",
                     str(tmp_path / "sessions")))


def test_a_title_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    result = spiegel("new", "buitenspiegel", "--title", b"\xff\xfe", "--dir", str(tmp_path))
    assert b"UTF-8" in result.stderr
    one_line(result)
    assert list(tmp_path.iterdir()) == []


def test_a_note_that_is_not_utf8_is_one_line(session_file: Path) -> None:
    before = session_file.read_bytes()
    one_line(spiegel("note", str(session_file), b"caf\xe9"))
    assert session_file.read_bytes() == before


def test_export_with_stdout_closed_is_one_line(session_file: Path) -> None:
    result = spiegel("export", str(session_file), close_stdout=True)
    assert b"standard output is closed" in result.stderr
    one_line(result)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("command", ["export", "formats", "validate"])
def test_a_full_stdout_is_one_line(session_file: Path, command: str) -> None:
    args = [command] if command == "formats" else [command, str(session_file)]
    with open("/dev/full", "wb") as full:
        result = spiegel(*args, stdout=full.fileno())
    one_line(result)


def test_export_does_not_replace_a_fifo(session_file: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "report.md"
    os.mkfifo(fifo)
    one_line(spiegel("export", str(session_file), "-o", str(fifo)))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_export_does_not_replace_a_device(session_file: Path, tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # /dev/null's numbers
    except OSError:
        pytest.skip("cannot make a device node here (not root)")
    one_line(spiegel("export", str(session_file), "-o", str(device)))
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_export_writes_a_new_path_and_replaces_a_regular_file(session_file: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "rapport.md"
    assert spiegel("export", str(session_file), "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("# Casus")
    out.write_text("oud", encoding="utf-8")
    assert spiegel("export", str(session_file), "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("# Casus")
