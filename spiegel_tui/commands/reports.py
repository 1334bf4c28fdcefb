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

DOCUMENTS = ("report", "letter", "plan", "listeners")


def _target(args: argparse.Namespace) -> str:
    if args.to:
        return str(args.to)
    suffix = Path(args.output).suffix.lower() if args.output else ""
    if suffix in (".html", ".htm"):
        return "html"
    return "pdf" if suffix == ".pdf" and hasattr(args, "as_") else "md"


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


def _write(text: str | bytes, output: str | None, *inputs: Path) -> None:
    if output:
        out = Path(output)
        _check_output(out, *inputs)
        try:
            store.write_atomic(out, text if isinstance(text, bytes) else text.encode("utf-8"))
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
    from spiegel_tui.folder import SessionsFolder

    followed = SessionsFolder(path.parent).find(session.follows)
    if followed is None:
        raise SessionError(f"cannot anonymize: the session it follows ({session.follows}) "
                           "is not in this folder, and its names could be in the notes",
                           path=str(path))
    try:
        return store.load(followed).participants
    except SessionError as error:
        raise SessionError(f"cannot anonymize: the session it follows is unreadable "
                           f"({error})", path=str(path)) from None


def pending_notes_in(path: Path, session: Session) -> Session:
    """The session with the notes a console that died left in its journal, said on stderr
    (the file itself is not changed: ``spiegel run`` folds them in)."""
    from spiegel_tui.live.journal import read_pending

    session, count = read_pending(path, session)
    if count:
        print(f"{path}: {count} change(s) from a console that stopped, not yet in the file, "
              f"are included; `spiegel run {path}` saves them", file=sys.stderr)
    return session


def _document(kind: str, session: Session, args: argparse.Namespace,
              others: list[Participant], to: str) -> str:
    """The text of one document (``--as``) in md or html."""
    if kind == "report":
        if to == "md":
            from spiegel_tui.report.markdown import render
        else:
            from spiegel_tui.report.html import render  # type: ignore[assignment]
        return render(session, anonymize=args.anonymize, others=others)
    from spiegel_tui.report import document, letter, listeners, plan

    if kind == "letter":
        built = letter.build(session, names=args.names, others=others)
    else:
        builder = plan.build if kind == "plan" else listeners.build
        built = builder(session, anonymize=args.anonymize, others=others)
    return document.render(built, to)


def cmd_export(args: argparse.Namespace) -> int:
    path = session_path(args.session)
    kind = args.as_ or "report"
    to = _target(args)
    if to == "pdf" and not args.output:
        raise SessionError("--to pdf writes a file: give -o OUT.pdf", path=str(path))
    if args.names and kind != "letter":
        raise SessionError("--names is for --as letter (the other documents show names "
                           "unless --anonymize)", path=str(path))
    if args.names and args.anonymize:
        raise SessionError("--names and --anonymize contradict each other", path=str(path))
    session = pending_notes_in(path, store.load(path))
    hide = not args.names if kind == "letter" else args.anonymize
    others = _followed_participants(path, session) if hide else []
    text = _document(kind, session, args, others, "html" if to == "pdf" else to)
    if to == "pdf":
        from spiegel_tui.report.pdf import html_to_pdf

        if args.output:
            _check_output(Path(args.output), path)
        _write(html_to_pdf(text, where=str(args.output)), args.output, path)
    else:
        _write(text, args.output, path)
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
    from spiegel_tui.report import overview

    folder_overview = overview.build(loaded, skipped=len(errors), lang=args.lang,
                                     link_base=base, everything=args.all)
    render = overview.render_html if _target(args) == "html" else overview.render_md
    _write(render(folder_overview), args.output)
    return 0


def cmd_actions(args: argparse.Namespace) -> int:
    import datetime as dt

    from spiegel_tui.report import actions, document, series

    folder = Path(args.dir)
    if not folder.is_dir():
        reason = "is not a folder" if folder.exists() else "no such folder"
        raise SessionError(reason, path=str(folder))
    if args.output:
        _check_output(Path(args.output))
    base = Path(args.output).resolve().parent if args.output else Path.cwd()
    loaded, errors = series.load_folder(folder)
    for error in errors:
        print(error, file=sys.stderr)
    built, _ = actions.build(loaded, today=dt.date.today(), base=base, folder=str(folder),
                             lang=args.lang)
    _write(document.render(built, _target(args)), args.output)
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = sub.add_parser("export", help="write the report of a session, or the letter, "
                                           "the plan or the listeners' sheet (md, html, pdf)")
    export.add_argument("session", metavar="SESSION", help="the session file (.toml)")
    export.add_argument("--as", dest="as_", choices=DOCUMENTS, default=None,
                        help="report (default): the verslag; letter: back to participants and "
                             "clients; plan: the improvement plan; listeners: the listeners' "
                             "sheet and the gespreksleidraad")
    export.add_argument("--to", choices=("md", "html", "pdf"), default=None,
                        help="md (default), html (one file, prints on A4) or pdf (through "
                             "headless Chromium; needs -o)")
    export.add_argument("-o", "--output", metavar="OUT", help="file to write (default: stdout)")
    export.add_argument("--anonymize", action="store_true",
                        help="replace every participant name by role and number")
    export.add_argument("--names", action="store_true",
                        help="--as letter: keep the names (the letter is anonymized by "
                             "default)")
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
    overview.add_argument("--all", action="store_true",
                          help="also group the sessions without an organisation, by format "
                               "(without it they are listed as not grouped)")
    overview.set_defaults(handler=cmd_series)

    todo = sub.add_parser("actions", help="every open action across the sessions in DIR, "
                                          "overdue first")
    todo.add_argument("dir", metavar="DIR", nargs="?", default="sessions",
                      help="folder of session files (default: sessions)")
    todo.add_argument("--to", choices=("md", "html"), default=None, help="md (default) or html")
    todo.add_argument("-o", "--output", metavar="OUT", help="file to write (default: stdout)")
    todo.add_argument("--lang", choices=("nl", "en"), default=argparse.SUPPRESS,
                      help="language of the headings (default: nl)")
    todo.set_defaults(handler=cmd_actions)
