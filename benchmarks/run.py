"""spiegel benchmarks: every figure a ratio against a reference measured in the same run.

    python benchmarks/run.py            # all figures, writes benchmarks/results.md
    python benchmarks/run.py --quick    # fewer runs (a smoke test)

Needs tmux for the first-frame figure (``apt-get install tmux``). No network.
Each figure is the median of >= 5 runs after a warm-up, with min–max.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import pty
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import tomli_w

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spiegel_tui import store  # noqa: E402
from spiegel_tui.model import clock, flow  # noqa: E402
from spiegel_tui.model.formats import builtin_formats  # noqa: E402
from spiegel_tui.model.session import Note, NoteKind, Session, snapshot  # noqa: E402
from spiegel_tui.model.tomlfile import dumps, loads, to_dict  # noqa: E402

TZ = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 11, 22, 13, 0, tzinfo=TZ)
BIN = Path(sys.executable).parent
BARE_APP = '''
import sys
from textual.app import App
from textual.widgets import Digits, Footer, Header, Input, Static
class Bare(App):
    def compose(self):
        yield Header()
        yield Static(sys.argv[1])
        yield Digits("10:00")
        if len(sys.argv) > 2:
            yield Input(id="i")
        yield Footer()
    def on_mount(self):
        if len(sys.argv) > 2:
            self.query_one("#i").focus()
Bare().run()
'''


@dataclass
class Figure:
    name: str
    ours: list[float]
    reference: list[float]
    unit: str
    target: str
    met: bool | None
    note: str = ""

    @staticmethod
    def fmt(values: list[float]) -> str:
        if not values:
            return "–"
        med = statistics.median(values)
        return f"{med:.2f} ({min(values):.2f}–{max(values):.2f})"

    @property
    def ratio(self) -> float | None:
        if not self.ours or not self.reference:
            return None
        return statistics.median(self.ours) / statistics.median(self.reference)


def session_with(notes: int, seed_title: str = "Benchmark") -> Session:
    session = builtin_formats()["buitenspiegel"].make_session(
        title=seed_title, date=dt.date(2026, 11, 22))
    flow.start(session, T0)
    positions = flow.positions(session)
    per_position = max(1, notes // len(positions))
    session.notes = [
        Note(id=f"n-{index + 1:04d}", at=T0 + dt.timedelta(seconds=7 * index),
             step=positions[min(index // per_position, len(positions) - 1)].step,
             question=positions[min(index // per_position, len(positions) - 1)].question,
             kind=NoteKind.COMPLIMENT,
             text=f"notitie {index} over de samenwerking #tag{index % 40}",
             tags=[f"tag{index % 40}"])
        for index in range(notes)
    ]
    return session


def timed(function: Callable[[], object], runs: int) -> list[float]:
    function()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


# -- 1. first frame --------------------------------------------------------------------


def first_frame(command: str, needle: str, timeout: float = 20.0) -> float:
    socket = f"bench{os.getpid()}"
    tmux = ["tmux", "-L", socket]
    start = time.perf_counter()
    subprocess.run([*tmux, "new-session", "-d", "-x", "160", "-y", "45", command], check=True)
    try:
        while time.perf_counter() - start < timeout:
            screen = subprocess.run([*tmux, "capture-pane", "-p"], capture_output=True,
                                    text=True).stdout
            if needle in screen:
                return (time.perf_counter() - start) * 1000
            time.sleep(0.005)
        raise TimeoutError(f"{needle!r} did not appear")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def figure_first_frame(folder: Path, runs: int) -> Figure:
    if shutil.which("tmux") is None:
        return Figure("First frame (2,000 notes)", [], [], "ms", "≤ 1.15× bare", None,
                      "tmux not installed")
    path = folder / "first.toml"
    store.save(session_with(2000, "Eerste beeld"), path)
    bare = folder / "bare.py"
    bare.write_text(BARE_APP)
    ours = f"{BIN / 'spiegel'} run {path}"
    reference = f"{sys.executable} {bare} 'Eerste beeld'"
    first_frame(ours, "Eerste beeld")
    first_frame(reference, "Eerste beeld")
    mine, refs = [], []
    for _ in range(runs):
        mine.append(first_frame(ours, "Eerste beeld"))
        refs.append(first_frame(reference, "Eerste beeld"))
    figure = Figure("First frame (2,000 notes)", mine, refs, "ms", "≤ 1.15× bare", None)
    figure.met = figure.ratio is not None and figure.ratio <= 1.15
    return figure


# -- 2. key to screen ------------------------------------------------------------------


def key_latencies(argv: list[str], seconds: float, cwd: Path) -> list[float]:
    """Type into a real pty and time each key until the program writes to the screen."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the program under test
        os.chdir(cwd)
        os.environ["TERM"] = "xterm-256color"
        os.environ["COLUMNS"], os.environ["LINES"] = "160", "45"
        os.execv(argv[0], argv)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 160, 0, 0))

    def drain(wait: float) -> bytes:
        out = b""
        end = time.perf_counter() + wait
        while True:
            left = end - time.perf_counter()
            if left <= 0:
                return out
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                return out
            try:
                out += os.read(fd, 65536)
            except OSError:
                return out

    drain(3.0)  # start-up
    samples = []
    stop = time.perf_counter() + seconds
    typed = 0
    try:
        while time.perf_counter() < stop:
            key = b"\r" if typed % 25 == 24 else b"abcdefghij"[typed % 10:typed % 10 + 1]
            typed += 1
            start = time.perf_counter()
            os.write(fd, key)
            ready, _, _ = select.select([fd], [], [], 1.0)
            if ready:
                samples.append((time.perf_counter() - start) * 1000)
                drain(0.0)
            drain(0.03)  # a fast typist: ~30 keys a second
    finally:
        os.write(fd, b"\x11")  # ctrl+q
        drain(1.0)
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    return samples


def figure_keys(folder: Path, seconds: float) -> list[Figure]:
    path = folder / "keys.toml"
    store.save(session_with(2000, "Toetsen"), path)
    bare = folder / "bare.py"
    bare.write_text(BARE_APP)
    ours = key_latencies([str(BIN / "spiegel"), "run", str(path)], seconds, folder)
    refs = key_latencies([sys.executable, str(bare), "Toetsen", "input"], seconds, folder)
    notes = len(store.load(path).notes) - 2000
    p50 = Figure("Key to screen p50 (2,000 notes, autosaving)", ours, refs, "ms",
                 "p50 ≤ 10 ms", None, f"{notes} notes typed and saved during the burst")
    p50.met = bool(ours) and statistics.median(ours) <= 10
    q = statistics.quantiles
    p95_ours = [q(ours, n=20)[18]] if len(ours) > 20 else []
    p95_refs = [q(refs, n=20)[18]] if len(refs) > 20 else []
    p95 = Figure("Key to screen p95", p95_ours, p95_refs, "ms", "p95 ≤ 16 ms", None)
    p95.met = bool(p95_ours) and p95_ours[0] <= 16
    return [p50, p95]


# -- 3. save / load --------------------------------------------------------------------


def figure_save_load(folder: Path, runs: int) -> list[Figure]:
    figures = []
    for size in (100, 2000, 20000):
        session = session_with(size)
        path = folder / f"save-{size}.toml"
        handle = store.SessionFile(path)
        store.save(session, path)
        current = handle.open()
        data = to_dict(current)
        counter = [0]

        def append_and_save() -> None:
            counter[0] += 1
            flow.add_note(current, f"nog een notitie {counter[0]}", T0)
            handle.save(snapshot(current))

        ours = timed(append_and_save, runs * 2)
        reference = timed(lambda: tomli_w.dumps(data), runs)
        figure = Figure(f"Append a note + autosave ({size:,} notes)", ours, reference, "ms",
                        "≤ 0.5× tomli_w.dumps (2,000)" if size == 2000 else "grows sublinearly",
                        None)
        if size == 2000:
            figure.met = figure.ratio is not None and figure.ratio <= 0.5
        figures.append(figure)
        raw = path.read_bytes()
        text = raw.decode()
        load = timed(lambda: loads(raw), runs)
        parse = timed(lambda: tomllib.loads(text), runs)
        load_figure = Figure(f"Load + validate ({size:,} notes)", load, parse, "ms",
                             "≤ 1.2× tomllib.loads", None)
        load_figure.met = load_figure.ratio is not None and load_figure.ratio <= 1.2
        figures.append(load_figure)
    saves = [f for f in figures if f.name.startswith("Append")]
    growth = statistics.median(saves[2].ours) / max(statistics.median(saves[1].ours), 1e-9)
    saves[2].met = growth < 10
    saves[2].note = f"×{growth:.1f} from 2,000 to 20,000 notes (linear would be ×10)"
    return figures


# -- 4. series -------------------------------------------------------------------------


def figure_series(folder: Path, runs: int) -> list[Figure]:
    figures = []
    template = session_with(100)
    for count in (50, 500):
        target = folder / f"series-{count}"
        target.mkdir()
        for index in range(count):
            copy = template.model_copy(update={"id": f"s-{index:04d}",
                                               "title": f"Sessie {index}"})
            (target / f"s-{index:04d}.toml").write_text(dumps(copy))
        command = [str(BIN / "spiegel"), "series", str(target)]
        if subprocess.run(command, capture_output=True).returncode != 0:
            figures.append(Figure(f"Series of {count}", [], [], "ms", "≤ 1.3× bare load",
                                  None, "spiegel series failed"))
            continue
        ours = timed(lambda: subprocess.run(command, capture_output=True, check=True), runs)
        bare = [sys.executable, "-c", "import pathlib, sys, tomllib\n"
                f"[tomllib.loads(p.read_text()) for p in pathlib.Path({str(target)!r})"
                ".glob('*.toml')]"]
        reference = timed(lambda: subprocess.run(bare, check=True), runs)
        figure = Figure(f"Series of {count} sessions (≈100 notes each)", ours, reference, "ms",
                        "≤ 1.3× bare tomllib load" if count == 500 else "reported", None)
        if count == 500:
            figure.met = figure.ratio is not None and figure.ratio <= 1.3
        figures.append(figure)
    return figures


# -- 5. memory -------------------------------------------------------------------------


def peak_rss_kb(argv: list[str], cwd: Path) -> float:
    process = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL,
                               env={**os.environ, "TERM": "xterm-256color"})
    time.sleep(4)
    status = Path(f"/proc/{process.pid}/status").read_text()
    process.kill()
    process.wait()
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return float(line.split()[1]) / 1024
    return float("nan")


def figure_memory(folder: Path, runs: int) -> Figure:
    path = folder / "memory.toml"
    store.save(session_with(2000, "Geheugen"), path)
    bare = folder / "bare.py"
    bare.write_text(BARE_APP)
    if shutil.which("script") is None:
        return Figure("Peak RSS", [], [], "MiB", "≤ 1.3× bare", None, "no `script` command")
    ours, refs = [], []
    for _ in range(max(3, runs // 2)):
        ours.append(peak_rss_kb(["script", "-qec", f"{BIN / 'spiegel'} run {path}",
                                 "/dev/null"], folder))
        refs.append(peak_rss_kb(["script", "-qec", f"{sys.executable} {bare} Geheugen",
                                 "/dev/null"], folder))
    figure = Figure("Peak RSS (2,000 notes)", ours, refs, "MiB", "≤ 1.3× bare", None,
                    "VmHWM of the process tree's shell child")
    figure.met = figure.ratio is not None and figure.ratio <= 1.3
    return figure


# -- 6. clock --------------------------------------------------------------------------


def figure_clock() -> Figure:
    session = builtin_formats()["digitale-spiegelsessie"].make_session(date=T0.date())
    now, ran = T0, 0
    flow.start(session, now)
    for tick in range(4 * 3600 // 15):
        if session.clock is not None:
            ran += 15
        now += dt.timedelta(seconds=15)
        if tick % 29 == 0:
            flow.toggle(session, now)
        elif tick % 43 == 0:
            flow.move(session, +1, now)
    counted = sum(clock.step_elapsed(session, item, now) for item in session.agenda)
    drift = abs(counted - ran)
    return Figure("Clock drift over 4 h (pauses, breaks)", [float(drift)], [], "s", "0 s",
                  drift == 0)


# -- output ----------------------------------------------------------------------------


def table(figures: list[Figure]) -> str:
    rows = ["| figure | spiegel | reference | ratio | target | met |",
            "|---|---:|---:|---:|---|---|"]
    for f in figures:
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "–"
        met = {True: "met", False: "NOT met", None: "–"}[f.met]
        note = f" ({f.note})" if f.note else ""
        rows.append(f"| {f.name} ({f.unit}) | {Figure.fmt(f.ours)} | {Figure.fmt(f.reference)} "
                    f"| {ratio} | {f.target} | {met}{note} |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="comma-separated: frame,keys,save,series,memory,clock")
    args = parser.parse_args()
    runs = 3 if args.quick else max(5, args.runs)
    only = set((args.only or "frame,keys,save,series,memory,clock").split(","))
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="spiegel-bench-") as tmp:
        folder = Path(tmp)
        if "frame" in only:
            figures.append(figure_first_frame(folder, runs))
        if "keys" in only:
            figures += figure_keys(folder, 2.0 if args.quick else 6.0)
        if "save" in only:
            figures += figure_save_load(folder, runs)
        if "series" in only:
            figures += figure_series(folder, runs)
        if "memory" in only:
            figures.append(figure_memory(folder, runs))
        if "clock" in only:
            figures.append(figure_clock())
    machine = (f"{platform.node() and 'machine'}: {platform.machine()}, {os.cpu_count()} cores, "
               f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    text = table(figures)
    print(text)
    report = (f"# spiegel benchmark results\n\n{dt.date.today().isoformat()} — {machine}\n\n"
              f"Command: `python benchmarks/run.py{' --quick' if args.quick else ''}`. "
              "Times in ms: median of the runs after a warm-up, min–max in brackets; the "
              "reference runs in the same invocation.\n\n" + text + "\n")
    if args.only is None:
        (ROOT / "benchmarks" / "results.md").write_text(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
