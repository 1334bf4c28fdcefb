"""``spiegel export`` (the report of one session) and ``spiegel series`` (the overview).

Both write to stdout, or with ``-o OUT`` to a file through the store (atomic, new files
mode 0600). The format follows ``--to``, else the suffix of OUT (``.html``), else Markdown.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from spiegel_tui import store
from spiegel_tui.commands import session_path
from spiegel_tui.model.session import Participant, Session
from spiegel_tui.model.tomlfile import SessionError


def _target(args: argparse.Namespace) -> str:
    if args.to:
        return str(args.to)
    if args.output and Path(args.output).suffix.lower() in (".html", ".htm"):
        return "html"
    return "md"


def _check_output(out: Path, *inputs: Path) -> None:
    if out.is_dir():
        raise SessionError("is a folder; give a file name to write the report to", path=str(out))
    if not out.parent.is_dir():
        raise SessionError(f"folder {str(out.parent)!r} does not exist", path=str(out))
    if out.suffix.lower() == ".toml":
        raise SessionError("refusing to write a report over a .toml file", path=str(out))
    for source in inputs:
        if out.exists() and source.exists() and os.path.samefile(out, source):
            raise SessionError("is the input; choose another output file", path=str(out))


def _write(text: str, output: str | None, *inputs: Path) -> None:
    if output:
        out = Path(output)
        _check_output(out, *inputs)
        try:
            store.write_atomic(out, text.encode("utf-8"))
        except OSError as error:  # a full disk: one line, no traceback
            raise SessionError(f"cannot write: {error.strerror or error}",
                               path=str(out)) from None
    else:
        if sys.stdout is None:  # started with >&-
            raise SessionError("standard output is closed; give -o FILE", path="stdout")
        try:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as error:  # > /dev/full
            raise SessionError(f"cannot write: {error.strerror or error}",
                               path="stdout") from None


def _followed_participants(path: Path, session: Session) -> list[Participant]:
    """The people of the session this one follows (its carried-over notes may name them),
    found by id in the same folder. When it cannot be read, anonymizing refuses: an
    "anonymized" report with names in it is worse than none."""
    if not session.follows:
        return []
    from spiegel_tui.report.series import find_session_file

    followed = find_session_file(path.parent, session.follows)
    if followed is None:
        raise SessionError(f"cannot anonymize: the session it follows ({session.follows}) "
                           "is not in this folder, and its names could be in the notes",
                           path=str(path))
    try:
        return store.load(followed).participants
    except SessionError as error:
        raise SessionError(f"cannot anonymize: the session it follows is unreadable "
                           f"({error})", path=str(path)) from None


def cmd_export(args: argparse.Namespace) -> int:
    path = session_path(args.session)
    session = store.load(path)
    if _target(args) == "html":
        from spiegel_tui.report.html import render
    else:
        from spiegel_tui.report.markdown import render  # type: ignore[assignment]
    others = _followed_participants(path, session) if args.anonymize else []
    _write(render(session, anonymize=args.anonymize, others=others), args.output, path)
    return 0


def cmd_series(args: argparse.Namespace) -> int:
    from spiegel_tui.report import series

    folder = Path(args.dir)
    if not folder.is_dir():
        reason = "is not a folder" if folder.exists() else "no such folder"
        raise SessionError(reason, path=str(folder))
    base = Path(args.output).resolve().parent if args.output else Path.cwd()
    if args.output:
        _check_output(Path(args.output))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    loaded, errors = series.load_folder(folder, processes=min(8, cores or 1))
    for error in errors:
        print(error, file=sys.stderr)
    overview = series.build(loaded, skipped=len(errors), lang=args.lang, link_base=base)
    if _target(args) == "html":
        from spiegel_tui.report.html_series import render_series
    else:
        from spiegel_tui.report.markdown import render_series  # type: ignore[assignment]
    _write(render_series(overview), args.output)
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = sub.add_parser("export", help="write the report of a session (md or html)")
    export.add_argument("session", metavar="SESSION", help="the session file (.toml)")
    export.add_argument("--to", choices=("md", "html"), default=None,
                        help="md (default) or html (one file, prints on A4)")
    export.add_argument("-o", "--output", metavar="OUT", help="file to write (default: stdout)")
    export.add_argument("--anonymize", action="store_true",
                        help="replace every participant name by role and number")
    export.set_defaults(handler=cmd_export)

    overview = sub.add_parser("series",
                              help="the action-research overview across the sessions in DIR")
    overview.add_argument("dir", metavar="DIR", nargs="?", default="sessions",
                          help="folder of session files (default: sessions)")
    overview.add_argument("--to", choices=("md", "html"), default=None,
                          help="md (default) or html")
    overview.add_argument("-o", "--output", metavar="OUT",
                          help="file to write (default: stdout)")
    overview.add_argument("--lang", choices=("nl", "en"), default=argparse.SUPPRESS,
                          help="language of the headings (default: nl)")
    overview.set_defaults(handler=cmd_series)
