"""``spiegel new``, ``formats``, ``validate``, ``note`` and ``check``.

Bad input raises :class:`SessionError` (printed as one line, exit 2) before anything is
written: a new file is created only when everything it needs was read and validated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from pydantic import ValidationError

from spiegel_tui import store
from spiegel_tui.commands import session_path
from spiegel_tui.folder import SessionsFolder, find_format, format_of, load_formats
from spiegel_tui.model import flow, limits, teams
from spiegel_tui.model.clock import system_now
from spiegel_tui.model.formats import Format
from spiegel_tui.model.fields import FIRST_YEAR, LAST_YEAR
from spiegel_tui.model.imports import (
    perspective_names,
    place_questions,
    read_participants,
    read_questions,
)
from spiegel_tui.model.rehearsal import rehearse
from spiegel_tui.model.session import (
    ActionStatus,
    Note,
    NoteKind,
    Session,
    Team,
)
from spiegel_tui.model.tomlfile import SessionError


def _date(text: str) -> dt.date:
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"the year must be between {FIRST_YEAR} and "
                                         f"{LAST_YEAR}: {text!r}")
    return date


def _time(text: str) -> dt.time:
    try:
        return dt.datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time HH:MM: {text!r}") from None


def _import_questions(session: Session, fmt: Format, source: Path) -> None:
    imported = read_questions(source, perspective_names(session, fmt))
    if not imported:
        raise SessionError("no questions in the file", path=str(source))
    place_questions(session, imported, source)


def _carry_over(session: Session, fmt: Format, source: Session, now: dt.datetime) -> None:
    session.follows = source.id
    first = session.agenda[0].id
    for note in source.notes:
        if note.kind in fmt.carries:
            session.notes.append(Note(id=session.next_note_id(), at=now, step=first,
                                      kind=note.kind, text=note.text, tags=list(note.tags),
                                      team=note.team, origin=note.origin or source.id))
    for action in source.actions:
        if action.status is ActionStatus.OPEN:
            session.actions.append(action.model_copy(update={
                "id": session.next_action_id(), "note": None,
                "origin": action.origin or source.id}))


def _three_ts(session: Session, args: argparse.Namespace) -> None:
    """Thema, Timing, Team: the participants file's teams become the session's teams (in
    the order they first appear; a format's placeholder teams fill up the rest), then
    ``--theme``, ``--team-theme TEAM=THEME`` and ``--timing``."""
    named = teams.teams_from_participants(session)
    if named:
        rest = session.teams[len(named):]
        session.teams = [Team(name=name) for name in named] + rest
    if args.theme:
        session.theme = args.theme
    if args.timing:
        session.timing = args.timing
    for given in args.team_theme:
        name, sep, theme = given.partition("=")
        if not sep or not theme.strip():
            raise SessionError(f"--team-theme wants TEAM=THEME, not {given!r}",
                               path=args.format)
        try:
            chosen = teams.resolve(session, name)
        except ValueError as error:
            raise SessionError(f"--team-theme: {error}", path=args.format) from None
        index = [team.name for team in session.teams].index(chosen)
        session.teams[index] = Team(name=chosen, theme=theme.strip())


def cmd_new(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    fmt = find_format(args.format, folder)
    lang = args.lang
    date = args.date or dt.date.today()
    end = args.end
    if args.start is not None and end is None:
        finish = dt.datetime.combine(date, args.start) + dt.timedelta(minutes=fmt.minutes)
        if finish.date() != date:
            raise SessionError(f"the format's {fmt.minutes} minutes from --start "
                               f"{args.start:%H:%M} run past midnight; give --end "
                               "(or pick an earlier start)", path=args.format)
        end = finish.time()
    if args.start is None and end is not None:
        raise SessionError("--end needs --start", path=args.format)
    if args.start is not None and end is not None and end <= args.start:
        raise SessionError(f"--end {end:%H:%M} is not after --start {args.start:%H:%M}",
                           path=args.format)
    participants = read_participants(Path(args.participants)) if args.participants else []
    source = store.load(args.from_session) if args.from_session else None
    title = " ".join((args.title or "").split()) or fmt.shown_title(lang)

    def fill(session: Session) -> None:
        _three_ts(session, args)
        if args.questions:
            _import_questions(session, fmt, Path(args.questions))
        if source is not None:
            _carry_over(session, fmt, source, system_now())

    path = SessionsFolder(folder).create_session(
        fmt, title=title, date=date, lang=lang, start_time=args.start, end_time=end,
        participants=participants, fill=fill, code=args.code)
    print(path)
    return 0


def cmd_formats(args: argparse.Namespace) -> int:
    formats, broken = load_formats(Path(args.dir))
    for error in broken:
        print(error, file=sys.stderr)
    width = max(len(name) for name in formats)
    for name, fmt in formats.items():
        steps = len(fmt.agenda)
        print(f"{name:<{width}}  {fmt.minutes:>4} min  {steps:>2} steps  "
              f"{fmt.shown_title(args.lang)}  ({fmt.source})")
    return 0


def _say_pending(path: Path) -> None:
    from spiegel_tui.live.journal import orphans

    found = list(orphans(path))
    for _, fd in found:
        os.close(fd)
    if found:
        print(f"{path}: a console that stopped left unsaved changes in a journal beside "
              f"it; `spiegel run {path}` saves them", file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    bad = False
    for name in args.files:
        try:
            problems = store.validate(session_path(name))
        except SessionError as error:
            problems = [error]
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            bad = True
        else:
            print(f"{name}: ok")
            _say_pending(session_path(name))
    return 2 if bad else 0


def cmd_note(args: argparse.Namespace) -> int:
    from spiegel_tui.live import update

    path = session_path(args.session)
    if path.is_symlink():
        raise SessionError("is a symbolic link; refusing to write through it", path=str(path))
    kind = NoteKind(args.kind) if args.kind else None
    now = system_now()

    def add(session: Session) -> Note:
        if args.step is not None and session.step(args.step) is None:
            raise ValueError(f"no agenda step {args.step!r}")
        if args.question is not None and session.question(args.question) is None:
            raise ValueError(f"no question {args.question!r}")
        note = flow.add_note(session, args.text, now, kind=kind, step=args.step,
                             question=args.question, tags=args.tag, team=args.team)
        if note is None:
            raise ValueError("empty note")
        return note

    try:
        note = update(path, add)  # under the lock, merging what others wrote meanwhile
    except ValidationError as error:  # a note the model refuses (control characters, …)
        message = error.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise SessionError(f"note refused: {message}", path=str(path)) from None
    except ValueError as error:
        raise SessionError(str(error), path=str(path)) from None
    except OSError as error:  # a full disk: the file is left as it was
        raise SessionError(f"cannot write: {error.strerror or error}", path=str(path)) from None
    print(note.id)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    path = session_path(args.session)
    session = teams.rendered(store.load(path))
    result = rehearse(session)
    result.warnings += limits.warnings(session, format_of(session, path.parent), "en")
    for row in result.rows:
        minutes = f"{row.minutes:>3} min" if row.minutes else "  ? min"
        mark = "  (pauze)" if row.is_break and session.language == "nl" else (
            "  (break)" if row.is_break else "")
        print(f"{row.start}–{row.end}  {minutes}  {row.title}{mark}")
    slot = (f" (slot until {session.end_time:%H:%M})" if session.end_time else "")
    print(f"end {result.end}, {result.total_min} min{slot}")
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 1 if result.warnings else 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    lang = {"choices": ("nl", "en"), "default": argparse.SUPPRESS,
            "help": "language of the session's texts"}
    new = sub.add_parser("new", help="write a new session file from a format")
    new.add_argument("format", metavar="FORMAT")
    new.add_argument("--title")
    new.add_argument("--date", type=_date)
    new.add_argument("--start", type=_time, help="planned start HH:MM")
    new.add_argument("--end", type=_time, help="end of the time slot HH:MM")
    new.add_argument("--dir", default="sessions", help="sessions folder (default: sessions)")
    new.add_argument("--code", metavar="CASE",
                     help="a case number for the file name (default: a random neutral code)")
    new.add_argument("--lang", **lang)
    new.add_argument("--from", dest="from_session", metavar="SESSION",
                     help="the session this one follows (binnenspiegel after buitenspiegel)")
    new.add_argument("--questions", metavar="FILE", help="questions, one per line")
    new.add_argument("--participants", metavar="FILE",
                     help="lines 'name; role; team' (its teams become the session's teams)")
    new.add_argument("--theme", help="Thema: the session's theme")
    new.add_argument("--team-theme", metavar="TEAM=THEME", action="append", default=[],
                     help="Thema per institution (a team's name or prefix); repeatable")
    new.add_argument("--timing", help="Timing: the moment chosen, and why")
    new.set_defaults(handler=cmd_new)

    formats = sub.add_parser("formats", help="list the formats")
    formats.add_argument("--dir", default="sessions")
    formats.add_argument("--lang", **lang)
    formats.set_defaults(handler=cmd_formats)

    validate = sub.add_parser("validate", help="check session files")
    validate.add_argument("files", metavar="FILE", nargs="+")
    validate.set_defaults(handler=cmd_validate)

    note = sub.add_parser("note", help="add a note from outside the console")
    note.add_argument("session", metavar="SESSION")
    note.add_argument("text", metavar="TEXT")
    note.add_argument("--kind", choices=[k.value for k in NoteKind])
    note.add_argument("--step")
    note.add_argument("--question")
    note.add_argument("--tag", action="append", default=[])
    note.add_argument("--team")
    note.set_defaults(handler=cmd_note)

    check = sub.add_parser("check", help="rehearse: the agenda with clock times")
    check.add_argument("session", metavar="SESSION")
    check.set_defaults(handler=cmd_check)

