"""Figures measured on a real terminal: first frame and peak RSS (in tmux), key to screen
(in a pseudo-terminal of our own, not Pilot: its ``press()`` waits ~60 ms per key)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shlex
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from bench_common import BARE_APP, BIN, Figure, percentile, session_with

from spiegel_tui import store

COLUMNS, LINES = 160, 45


# -- 1 and 5: first frame and peak RSS, in tmux -------------------------------------------


class Tmux:
    """A private tmux server; each program runs in a fresh window of its own."""

    def __init__(self) -> None:
        self.argv = ["tmux", "-L", f"spiegel-bench-{os.getpid()}", "-f", "/dev/null"]
        self.run("new-session", "-d", "-s", "bench", "-x", str(COLUMNS), "-y", str(LINES),
                 "sleep 100000")

    def run(self, *args: str) -> str:
        return subprocess.run([*self.argv, *args], check=True, capture_output=True,
                              text=True).stdout

    def launch(self, command: str, needle: str, settle: float,
               timeout: float = 30.0) -> tuple[float, float]:
        """(ms until ``needle`` is on screen, peak RSS in MiB ``settle`` s later)."""
        start = time.perf_counter()
        out = self.run("new-window", "-d", "-t", "bench", "-P", "-F",
                       "#{pane_id} #{pane_pid}", f"exec {command}")
        pane, pid = out.split()
        try:
            while True:
                screen = self.run("capture-pane", "-p", "-t", pane)
                if needle in screen:
                    elapsed = (time.perf_counter() - start) * 1000
                    break
                if time.perf_counter() - start > timeout:
                    raise TimeoutError(f"{needle!r} did not appear: {screen[-300:]!r}")
                time.sleep(0.004)
            time.sleep(settle)
            return elapsed, peak_rss_mib(int(pid))
        finally:
            subprocess.run([*self.argv, "kill-pane", "-t", pane], capture_output=True)
            time.sleep(0.2)

    def close(self) -> None:
        subprocess.run([*self.argv, "kill-server"], capture_output=True)


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return float(line.split()[1]) / 1024
    return float("nan")


def figures_first_frame(folder: Path, runs: int) -> list[Figure]:
    """First frame of ``spiegel run`` (2,000 notes) vs a bare Textual app, and peak RSS."""
    if shutil.which("tmux") is None:
        return [Figure("First frame, 2,000 notes", [], [], "ms", "≤ 1.15× bare", None,
                       "tmux not installed: apt-get install tmux")]
    path = folder / "first.toml"
    store.save(session_with(2000, "Eerste beeld"), path)
    bare = folder / "bare.py"
    bare.write_text(BARE_APP)
    ours = f"{shlex.quote(str(BIN / 'spiegel'))} run {shlex.quote(str(path))}"
    reference = f"{shlex.quote(sys.executable)} {shlex.quote(str(bare))} 'Eerste beeld'"
    tmux = Tmux()
    frames: dict[str, list[float]] = {"ours": [], "ref": []}
    rss: dict[str, list[float]] = {"ours": [], "ref": []}
    try:
        tmux.launch(ours, "Eerste beeld", 0)  # warm-up: disk cache, .pyc files
        tmux.launch(reference, "Eerste beeld", 0)
        for _ in range(runs):
            for key, command in (("ours", ours), ("ref", reference)):
                frame, peak = tmux.launch(command, "Eerste beeld", 2.0)
                frames[key].append(frame)
                rss[key].append(peak)
    finally:
        tmux.close()
    frame = Figure("First frame, 2,000 notes", frames["ours"], frames["ref"], "ms",
                   "≤ 1.15× bare").ratio_target(1.15)
    memory = Figure("Peak RSS, 2,000 notes", rss["ours"], rss["ref"], "MiB",
                    "≤ 1.3× bare").ratio_target(1.3)
    memory.note = "VmHWM 2 s after the first frame"
    return [frame, memory]


# -- 2: key to screen, in a pseudo-terminal -------------------------------------------------

LETTERS = b"zxqvjkw"
"""Typed letters: none of them ends an escape sequence Textual writes."""


class Burst:
    """One program in a pty, typed at like a fast typist, timing each key's echo."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the program under test
            os.chdir(cwd)
            os.environ.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
            os.execv(argv[0], argv)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))

    def read(self, wait: float) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, wait))
        if not ready:
            return b""
        try:
            return os.read(self.fd, 1 << 16)
        except OSError:
            return b""

    def settle(self, quiet: float = 0.6, limit: float = 20.0) -> None:
        """Read until the program has drawn and gone quiet."""
        end, seen = time.perf_counter() + limit, False
        while time.perf_counter() < end:
            chunk = self.read(quiet if seen else limit)
            if not chunk and seen:
                return
            seen = seen or bool(chunk)

    def type(self, seconds: float, watch: Path | None) -> tuple[list[float], int, int, int]:
        """Type for ``seconds``; (latencies in ms, notes entered, misses, file writes)."""
        samples: list[float] = []
        misses = notes = writes = 0
        line = b""
        version = _version(watch)
        start = time.perf_counter()
        typed = 0
        while time.perf_counter() - start < seconds:
            slot = start + typed * 0.033  # ~30 keys a second
            while self.read(slot - time.perf_counter()):
                pass  # drain until this key's turn
            typed += 1
            if len(line) >= 24:
                os.write(self.fd, b"\r")
                notes += 1
                line = b""
                continue
            key = bytes([LETTERS[typed % len(LETTERS)]])
            line += key
            expected = line[-3:]
            sent = time.perf_counter()
            os.write(self.fd, key)
            seen = b""
            while True:
                left = sent + 1.0 - time.perf_counter()
                chunk = self.read(left)
                seen += chunk
                if expected in seen:
                    samples.append((time.perf_counter() - sent) * 1000)
                    break
                if left <= 0:
                    misses += 1
                    samples.append(1000.0)
                    break
            now_version = _version(watch)
            if now_version != version:
                writes += 1
                version = now_version
        return samples, notes, misses, writes

    def quit(self) -> None:
        os.write(self.fd, b"\x11")  # ctrl+q: save and quit
        end = time.perf_counter() + 5
        while time.perf_counter() < end:
            self.read(0.05)
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def _version(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_mtime_ns


def burst(argv: list[str], cwd: Path, seconds: float,
          watch: Path | None) -> tuple[list[float], int, int, int]:
    program = Burst(argv, cwd)
    try:
        program.settle()
        return program.type(seconds, watch)
    finally:
        program.quit()


def figures_keys(folder: Path, runs: int, seconds: float) -> list[Figure]:
    path = folder / "keys.toml"
    store.save(session_with(2000, "Toetsen"), path)
    bare = folder / "bare.py"
    bare.write_text(BARE_APP)
    ours = [str(BIN / "spiegel"), "run", str(path)]
    reference = [sys.executable, str(bare), "Toetsen", "input"]
    burst(ours, folder, 1.0, path)  # warm-up
    burst(reference, folder, 1.0, None)
    p50: dict[str, list[float]] = {"ours": [], "ref": []}
    p95: dict[str, list[float]] = {"ours": [], "ref": []}
    keys = notes = misses = writes = 0
    for _ in range(runs):
        for name, argv, watch in (("ours", ours, path), ("ref", reference, None)):
            samples, entered, missed, written = burst(argv, folder, seconds, watch)
            p50[name].append(percentile(samples, 0.5))
            p95[name].append(percentile(samples, 0.95))
            if name == "ours":
                keys, notes = keys + len(samples), notes + entered
                misses, writes = misses + missed, writes + written
    note = (f"{runs} bursts of {seconds:.0f} s at ~30 keys/s: {keys} keys timed, {notes} notes "
            f"entered, {writes} autosaves during the bursts, {misses} keys not echoed "
            "within 1 s (counted as 1,000 ms)")
    first = Figure("Key to screen p50, 2,000 notes, autosaving", p50["ours"], p50["ref"], "ms",
                   "p50 ≤ 10 ms", note=note)
    first.met = bool(first.ours) and statistics.median(first.ours) <= 10
    second = Figure("Key to screen p95, same bursts", p95["ours"], p95["ref"], "ms",
                    "p95 ≤ 16 ms")
    second.met = bool(second.ours) and statistics.median(second.ours) <= 16
    for figure, limit in ((first, 10), (second, 16)):
        if figure.met is False and figure.median is not None:
            figure.extra["gap"] = f"{figure.median - limit:+.1f} ms over the {limit} ms target"
    return [first, second]
