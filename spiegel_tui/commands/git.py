"""``spiegel init``, ``spiegel commit`` and ``spiegel history``: session files in git."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spiegel_tui import store, vcs
from spiegel_tui.commands import session_path
from spiegel_tui.model.tomlfile import SessionError


def _fail(error: vcs.VcsError, path: str) -> SessionError:
    message = str(error)
    if message.startswith(f"{path}: "):
        message = message[len(path) + 2:]
    return SessionError(message, path=path)


def cmd_init(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    try:
        made = vcs.init_repo(folder)
    except vcs.VcsError as error:
        raise _fail(error, str(folder)) from None
    except OSError as error:
        raise SessionError(f"cannot make the repository: {error.strerror}",
                           path=str(folder)) from None
    if made:
        print(f"{folder}: made {', '.join(made)}")
    else:
        print(f"{folder}: already a sessions repository; nothing changed")
    return 0


def privacy_warnings(path: Path) -> list[str]:
    """One line per finding, naming its kind and place, never the value."""
    session = store.load(path)
    return [f"{path}: privacy: {finding}" for finding in vcs.privacy_findings(session)]


def cmd_commit(args: argparse.Namespace) -> int:
    path = session_path(args.session)
    if path.is_symlink():
        raise SessionError("is a symbolic link; commit the file it points to", path=str(path))
    warnings = privacy_warnings(path)  # also validates the file (bad input: exit 2)
    if vcs.repo_root(path) is None:
        raise SessionError("not inside a git repository (make one with `spiegel init`)",
                           path=str(path))
    for line in warnings:
        print(f"warning: {line}", file=sys.stderr)
    if warnings and args.strict:
        print(f"{path}: not committed (--strict): remove the personal data first",
              file=sys.stderr)
        return 2
    try:
        commit = vcs.commit_file(path)
    except vcs.VcsError as error:
        raise _fail(error, str(path)) from None
    if commit is None:
        print(f"{path}: no changes to commit")
    else:
        print(f"{commit.hash[:7]} {commit.message}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    path = session_path(args.session)
    if path.is_dir():
        raise SessionError("is a folder, not a session file", path=str(path))
    if vcs.repo_root(path) is None:
        raise SessionError("not inside a git repository", path=str(path))
    try:
        entries = vcs.file_history(path, lang=args.lang)
    except vcs.VcsError as error:
        raise _fail(error, str(path)) from None
    if not entries:
        if not path.exists():
            raise SessionError("no such file, and no commits of it", path=str(path))
        from spiegel_tui.i18n import t

        print(t("report.history.none", args.lang))
        return 0
    for entry in entries:
        when = entry.date.replace("T", " ")[:16]
        print(f"{entry.short}  {when}  {entry.message}")
        for change in entry.changes:
            print(f"    - {change}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    init = sub.add_parser("init", help="make DIR a sessions repository (git, sessions/)")
    init.add_argument("dir", metavar="DIR", nargs="?", default=".",
                      help="the folder (default: the current one)")
    init.set_defaults(handler=cmd_init)

    commit = sub.add_parser("commit", help="commit one session file alone")
    commit.add_argument("session", metavar="SESSION", help="the session file (.toml)")
    commit.add_argument("--strict", action="store_true",
                        help="refuse (exit 2) when the privacy check finds personal data")
    commit.set_defaults(handler=cmd_commit)

    history = sub.add_parser("history", help="the commits of a session file, in words")
    history.add_argument("session", metavar="SESSION", help="the session file (.toml)")
    history.add_argument("--lang", choices=("nl", "en"), default=argparse.SUPPRESS,
                         help="language of the descriptions (default: nl)")
    history.set_defaults(handler=cmd_history)
