"""``spiegel run SESSION`` and ``spiegel`` alone: the live console and its start screen.

The session file is read and validated before Textual is imported, so bad input is one
line and exit code 2 without a screen ever opening.
"""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

from spiegel_tui import store
from spiegel_tui.commands import session_path
from spiegel_tui.model.session import Session
from spiegel_tui.model.tomlfile import SessionError


def screen_language(args: argparse.Namespace, session: Session) -> str:
    """``--lang`` when given; otherwise the session's own language (one made with
    ``new --lang en`` is shown in English), Dutch for anything else."""
    if getattr(args, "lang_given", True):
        return str(args.lang)
    return session.language if session.language in ("nl", "en") else "nl"


def run(args: argparse.Namespace) -> int:
    path = session_path(args.session)
    if path.is_symlink():
        raise SessionError("is a symbolic link; open the file it points to", path=str(path))
    # Start-up makes many objects and no garbage worth a collection: the session, Textual's
    # imports, the screen. The console collects once, freezes what is loaded and turns the
    # collector on again a second after its first frame (``SessionScreen._settle_in``);
    # whatever happens, it is on again when this returns.
    gc.disable()
    try:
        from spiegel_tui.ui.sync import SessionSync

        opened = SessionSync.open(path)  # raises SessionError on bad input
        store.remove_stale_temps(path)  # what writers killed mid-save left beside it
        from spiegel_tui.ui.app import make_app

        result = make_app(path, lang=screen_language(args, opened[1]), opened=opened).run()
    finally:
        gc.enable()
    return int(result or 0)


def start_screen(args: argparse.Namespace) -> int:
    from spiegel_tui.ui.app import make_app

    result = make_app(None, lang=getattr(args, "lang", "nl"),
                      sessions_dir=Path("sessions")).run()
    return int(result or 0)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("run", help="open the live console on a session file")
    parser.add_argument("session", metavar="SESSION", help="the session file (.toml)")
    parser.add_argument("--lang", choices=("nl", "en"), default=argparse.SUPPRESS,
                        help="language on screen (default: nl)")
    parser.set_defaults(handler=run)
