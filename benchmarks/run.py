"""spiegel benchmarks: every figure a ratio against a reference measured in the same run.

    .venv/bin/python benchmarks/run.py            # all figures, writes benchmarks/results.md
    .venv/bin/python benchmarks/run.py --quick    # a smoke run (fewer, shorter runs)
    .venv/bin/python benchmarks/run.py --only save,series   # some figures, no results.md

Needs tmux for the first frame and memory (``apt-get install tmux``); no network. Each
figure is the median of the runs (≥ 5) after a warm-up, with min–max; ours and the
reference alternate run by run, so a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import ROOT, Figure  # noqa: E402
from bench_files import figure_clock, figures_save_load, figures_series  # noqa: E402
from bench_serve import figure_projector, figures_post  # noqa: E402
from bench_terminal import figures_first_frame, figures_keys  # noqa: E402

PARTS = ("frame", "keys", "save", "series", "clock", "serve")


def table(figures: list[Figure]) -> str:
    rows = ["| figure | spiegel | reference | ratio | target | met |",
            "|---|---:|---:|---:|---|---|"]
    for f in figures:
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "–"
        met = {True: "met", False: "**not met**", None: "–"}[f.met]
        if "gap" in f.extra:
            met += f" ({f.extra['gap']})"
        rows.append(f"| {f.name} ({f.unit}) | {Figure.fmt(f.ours)} | {Figure.fmt(f.reference)} "
                    f"| {ratio} | {f.target} | {met} |")
    return "\n".join(rows)


def notes(figures: list[Figure]) -> str:
    return "\n".join(f"- **{f.name}**: {f.note}" for f in figures if f.note)


def analysis() -> str:
    """The hand-written part of results.md: profiles, changes, before → after."""
    path = ROOT / "benchmarks" / "analysis.md"
    return "\n" + path.read_text() if path.exists() else ""


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", load %.1f %.1f %.1f" % os.getloadavg() if hasattr(os, "getloadavg") else ""
    return (f"{cpu}, {os.cpu_count()} cores{load}; Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 short runs: a smoke test")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (at least 5)")
    parser.add_argument("--only", help="comma-separated subset of " + ",".join(PARTS))
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.md",
                        help="where the full run writes its report")
    args = parser.parse_args()
    runs = 3 if args.quick else max(5, args.runs)
    only = set((args.only or ",".join(PARTS)).split(","))
    started, before = time.perf_counter(), machine()
    # As ``pip install .`` leaves it: spiegel's modules compiled, like Textual's. An editable
    # install under PYTHONDONTWRITEBYTECODE would compile them anew at every start, a cost
    # of the set-up, not of spiegel, and one the bare reference app does not pay.
    compileall.compile_dir(ROOT / "spiegel_tui", quiet=1)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="spiegel-bench-") as tmp:
        folder = Path(tmp)
        steps = {
            "frame": lambda: figures_first_frame(folder, runs),
            "keys": lambda: figures_keys(folder, runs, 2.0 if args.quick else 5.5),
            "save": lambda: figures_save_load(folder, runs),
            "series": lambda: figures_series(folder, runs),
            "clock": lambda: [figure_clock(folder)],
            "serve": lambda: figures_post(folder, runs) + figure_projector(folder, runs),
        }
        for part in PARTS:
            if part in only:
                print(f"… {part}", file=sys.stderr, flush=True)
                figures += steps[part]()
    text = table(figures)
    print(text)
    print(notes(figures))
    took = time.perf_counter() - started
    print(f"({took:.0f} s)", file=sys.stderr)
    if args.only is None and not args.quick:
        args.output.write_text(
            "# spiegel benchmark results\n\n"
            f"{dt.date.today().isoformat()} — {before}\n\n"
            f"`.venv/bin/python benchmarks/run.py` ({runs} runs per figure after a warm-up, "
            f"{took:.0f} s). Cells: median (min–max) of the runs; the reference ran in the "
            "same invocation, alternating with ours; ratio = median ÷ median.\n\n"
            + text + "\n\n" + notes(figures) + "\n" + analysis())
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
