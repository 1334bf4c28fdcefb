"""``spiegel run SESSION`` and ``spiegel`` alone: the live console and its start screen.

The session file is read and validated before Textual is imported, so bad input is one
line and exit code 2 without a screen ever opening.
"""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from spiegel_tui.commands import session_path
from spiegel_tui.model.session import Session
from spiegel_tui.model.tomlfile import SessionError


def screen_language(args: argparse.Namespace, session: Session) -> str:
    """``--lang`` when given; otherwise the session's own language (one made with
    ``new --lang en`` is shown in English), Dutch for anything else."""
    if getattr(args, "lang_given", True):
        return str(args.lang)
    return session.language if session.language in ("nl", "en") else "nl"


def _quit_with_the_server(app: object) -> None:
    """A console that ``spiegel serve`` started for a scribe's browser quits (saving, as
    with ctrl+q) when that server is gone, even when it was killed."""
    import os
    import threading
    import time

    server = os.environ.get("SPIEGEL_SERVER_PID", "")
    if not server.isdigit():
        return

    def alive() -> bool:
        try:
            os.kill(int(server), 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True
        return True

    def watch() -> None:
        while alive():
            time.sleep(1.0)
        with contextlib.suppress(Exception):
            app.call_from_thread(app.exit)  # type: ignore[attr-defined]

    threading.Thread(target=watch, name="spiegel-served", daemon=True).start()


def run(args: argparse.Namespace) -> int:
    from spiegel_tui.live import LiveSession
    from spiegel_tui.speed import StartUp

    path = session_path(args.session)
    startup = StartUp()
    startup.begin()
    try:
        live = LiveSession.open(path)  # raises SessionError on bad input, before any screen
        try:
            from spiegel_tui.ui.app import make_app

            app = make_app(path, lang=screen_language(args, live.session), live=live,
                           clock=live.clock, settled=startup.settled)
            _quit_with_the_server(app)
            result = app.run()
        finally:
            with contextlib.suppress(SessionError):
                live.close()  # saved already at ctrl+q; after a crash its journal stays
    finally:
        startup.end()
    return int(result or 0)


def show(args: argparse.Namespace) -> int:
    """``spiegel show SESSION``: the projector view; it reads the file and never writes it."""
    from spiegel_tui.live import LiveSession

    path = session_path(args.session)
    live = LiveSession.open(path, read_only=True)  # bad input: one line, exit 2
    try:
        from spiegel_tui.ui.projector_app import make_projector_app

        result = make_projector_app(live, lang=screen_language(args, live.session)).run()
    finally:
        live.close()
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
    parser = sub.add_parser("show", help="the projector view: follows the console on the "
                                         "same file, never writes it")
    parser.add_argument("session", metavar="SESSION", help="the session file (.toml)")
    parser.add_argument("--lang", choices=("nl", "en"), default=argparse.SUPPRESS,
                        help="language on screen (default: the session's)")
    parser.set_defaults(handler=show)
