"""``spiegel demo``: the console on a fresh session from a built-in format, in a temp folder.

Needs no config and no files: the committed examples in ``sessions/`` are never touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from spiegel_tui import store
from spiegel_tui.folder import find_format
from spiegel_tui.model.clock import system_now

DEMO_TITLES = {
    "nl": "Demo: casus wijkteam Noord",
    "en": "Demo: neighbourhood team North case",
}


def make_demo(folder: Path, format_name: str, lang: str) -> Path:
    """Write the demo session into ``folder``; returns its path."""
    now = system_now()
    start = (now + dt.timedelta(minutes=5)).replace(second=0)
    fmt = find_format(format_name, None)
    session = fmt.make_session(title=DEMO_TITLES[lang], date=now.date(), lang=lang,
                               start_time=start.time().replace(tzinfo=None))
    path = folder / f"{session.id}.toml"
    store.create(session, path)
    return path


def run_demo(args: argparse.Namespace) -> int:
    folder = Path(tempfile.mkdtemp(prefix="spiegel-demo-"))
    path = make_demo(folder, args.format, args.lang)
    from spiegel_tui.ui.app import make_app

    result = make_app(path, lang=args.lang).run()
    print(f"demo session saved in {path}", file=sys.stderr)
    return int(result or 0)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("demo", help="open the console on a demo session (temp folder)")
    parser.add_argument("--format", default="buitenspiegel",
                        help="built-in format of the demo session (default: buitenspiegel)")
    parser.add_argument("--lang", choices=("nl", "en"), default=argparse.SUPPRESS)
    parser.set_defaults(handler=run_demo)
