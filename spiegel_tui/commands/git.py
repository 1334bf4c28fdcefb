"""``spiegel init``, ``commit``, ``history``, ``sync`` and ``purge``: session files in git;
and the hidden ``git-merge`` and ``git-diff`` that git runs as the drivers."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from spiegel_tui import gitdrivers, gitsetup, retention, store, vcs
from spiegel_tui.commands import session_path
from spiegel_tui.model.session import Session
from spiegel_tui.model.tomlfile import SessionError, to_dict


def _fail(error: vcs.VcsError, path: str) -> SessionError:
    message = str(error)
    if message.startswith(f"{path}: "):
        message = message[len(path) + 2:]
    return SessionError(message, path=path)


def cmd_init(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    try:
        made = gitsetup.init_repo(folder, encrypt=args.encrypt)
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
        print(f"{'warning: ' if args.allow_personal_data else ''}{line}", file=sys.stderr)
    if warnings and not args.allow_personal_data:
        print(f"{path}: not committed: remove the personal data first (or commit it anyway "
              "with --allow-personal-data)", file=sys.stderr)
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


def cmd_sync(args: argparse.Namespace) -> int:
    root = vcs.repo_root(args.dir)
    if root is None:
        raise SessionError("not inside a git repository", path=args.dir)
    try:
        gitsetup.configure_drivers(root)  # a fresh clone: git does not share config
        result = vcs.sync(root)
    except vcs.VcsError as error:
        raise _fail(error, str(root)) from None
    if result.conflicts:
        print(f"conflict in {', '.join(result.conflicts)}: a note changed on both sides; "
              "both texts are kept in it, marked <<<<<<< / >>>>>>>: choose, then `spiegel "
              "commit` the file and `spiegel sync` again", file=sys.stderr)
        return 1
    print(f"{root}: in sync")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    if not folder.is_dir():
        raise SessionError("no such folder", path=str(folder))
    root = vcs.repo_root(folder)
    if root is None:
        raise SessionError("not inside a git repository", path=str(folder))
    today = args.today or dt.date.today()
    days = retention.retain_days(folder)
    due = []
    for path in sorted(folder.glob("*.toml")):
        session = store.load(path)  # bad input or no key: exit 2 before anything is written
        if retention.expired(session, today, days):
            due.append((path, Session.model_validate(to_dict(retention.summarize(session,
                                                                                today)))))
    for path, summary in due:
        with store.locked(path):
            store.save(summary, path)
    if not due:
        print(f"{folder}: no session past its retention date")
        return 0
    rels = [Path(os.path.relpath(path.resolve(), root.resolve())).as_posix() for path, _ in due]
    try:
        head = vcs.commit_paths(root, rels, f"spiegel purge: {len(due)} session(s) past "
                                "their retention date made anonymized summaries")
    except vcs.VcsError as error:
        raise _fail(error, str(folder)) from None
    for path, _ in due:
        print(f"{path}: purged")
    print(f"{head[:7]} committed; older commits and other clones still hold the full text")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    init = sub.add_parser("init", help="make DIR a sessions repository (git, sessions/)")
    init.add_argument("dir", metavar="DIR", nargs="?", default=".",
                      help="the folder (default: the current one)")
    init.add_argument("--encrypt", action="store_true",
                      help="encrypt personal fields with age to the keys in recipients.txt")
    init.set_defaults(handler=cmd_init)

    commit = sub.add_parser("commit", help="commit one session file alone")
    commit.add_argument("session", metavar="SESSION", help="the session file (.toml)")
    commit.add_argument("--allow-personal-data", action="store_true",
                        help="commit even when the privacy check finds personal data")
    commit.add_argument("--strict", action="store_true",
                        help=argparse.SUPPRESS)  # the default now: refuse personal data
    commit.set_defaults(handler=cmd_commit)

    history = sub.add_parser("history", help="the commits of a session file, in words")
    history.add_argument("session", metavar="SESSION", help="the session file (.toml)")
    history.add_argument("--lang", choices=("nl", "en"), default=argparse.SUPPRESS,
                         help="language of the descriptions (default: nl)")
    history.set_defaults(handler=cmd_history)

    sync = sub.add_parser("sync", help="pull (merging session files by id) and push")
    sync.add_argument("dir", metavar="DIR", nargs="?", default=".",
                      help="a folder in the repository (default: the current one)")
    sync.set_defaults(handler=cmd_sync)

    purge = sub.add_parser("purge", help="turn sessions past retain_until into summaries")
    purge.add_argument("dir", metavar="DIR", nargs="?", default="sessions")
    purge.add_argument("--today", type=dt.date.fromisoformat, default=None,
                       help=argparse.SUPPRESS)  # tests and dry runs: another "today"
    purge.set_defaults(handler=cmd_purge)

    merge = sub.add_parser("git-merge")  # git's merge driver: %O %A %B %P
    for name in ("base", "ours", "theirs", "name"):
        merge.add_argument(name)
    merge.set_defaults(handler=lambda a: gitdrivers.merge_driver(a.base, a.ours, a.theirs,
                                                                 a.name))
    diff = sub.add_parser("git-diff")  # git's textconv: prints a session as lines
    diff.add_argument("file")
    diff.set_defaults(handler=lambda a: gitdrivers.textconv(a.file))
