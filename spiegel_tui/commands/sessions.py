"""``spiegel new``, ``formats``, ``validate``, ``note`` and ``check``.

Bad input raises :class:`SessionError` (printed as one line, exit 2) before anything is
written: a new file is created only when everything it needs was read and validated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from pydantic import ValidationError

from spiegel_tui import store
from spiegel_tui.commands import session_path
from spiegel_tui.model import flow
from spiegel_tui.model.clock import system_now
from spiegel_tui.model.fields import FIRST_YEAR, LAST_YEAR
from spiegel_tui.model.files import read_regular
from spiegel_tui.model.formats import Format, builtin_formats, parse_format, slugify
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
)
from spiegel_tui.model.tomlfile import SessionError, describe, pydantic_problems

CARRIED_KINDS = (NoteKind.LESSON, NoteKind.CRITICAL, NoteKind.ADVICE, NoteKind.AGREEMENT)
"""What a binnenspiegel brings in from the buitenspiegel it follows."""


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


def free_path(folder: Path, date: dt.date, title: str) -> Path:
    """``<date>-<slug>.toml`` in folder; ``-2``, ``-3``… when the name is taken."""
    stem = f"{date.isoformat()}-{slugify(title)}"
    path = folder / f"{stem}.toml"
    number = 2
    while path.exists() or path.is_symlink():
        path = folder / f"{stem}-{number}.toml"
        number += 1
    return path


def _import_questions(session: Session, fmt: Format, source: Path) -> None:
    imported = read_questions(source, perspective_names(session, fmt))
    if not imported:
        raise SessionError("no questions in the file", path=str(source))
    place_questions(session, imported, source)


def load_formats(folder: Path) -> tuple[dict[str, Format], list[SessionError]]:
    """Built-in formats and the sessions repo's own (``DIR/formats/*.toml``, which win on a
    name clash), plus one error per broken repo format file: those are left out."""
    formats = builtin_formats()
    broken = []
    repo = folder / "formats"
    if repo.is_dir():
        for path in sorted(repo.glob("*.toml")):
            try:
                fmt = parse_format(read_regular(path), str(path))  # a FIFO would hang
            except SessionError as error:
                broken.append(error)
                continue
            formats[fmt.name] = fmt
    return formats, broken


def find_format(name: str, folder: Path) -> Format:
    """The format called name; a broken file of another format does not stand in the way,
    a broken ``formats/<name>.toml`` is reported as such."""
    formats, broken = load_formats(folder)
    if name in formats:
        return formats[name]
    for error in broken:
        if error.path is not None and Path(error.path).stem == name:
            raise error
    known = ", ".join(sorted(formats))
    raise SessionError(f"unknown format {name!r} (known: {known})", path=name)


def _carry_over(session: Session, source: Session, now: dt.datetime) -> None:
    session.follows = source.id
    first = session.agenda[0].id
    for note in source.notes:
        if note.kind in CARRIED_KINDS:
            session.notes.append(Note(id=session.next_note_id(), at=now, step=first,
                                      kind=note.kind, text=note.text, tags=list(note.tags),
                                      team=note.team))
    for action in source.actions:
        if action.status is ActionStatus.OPEN:
            session.actions.append(action.model_copy(update={
                "id": session.next_action_id(), "note": None,
                "origin": action.origin or source.id}))


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
    if folder.exists() and not folder.is_dir():
        raise SessionError("is not a folder", path=str(folder))
    path = free_path(folder, date, title)
    try:
        session = fmt.make_session(title=title, date=date, lang=lang, session_id=path.stem,
                                   start_time=args.start, end_time=end,
                                   participants=participants)
        if args.questions:
            _import_questions(session, fmt, Path(args.questions))
        if source is not None:
            _carry_over(session, source, system_now())
        session = Session.model_validate(session.model_dump())
    except ValidationError as error:  # e.g. a control character in --title
        loc, message = pydantic_problems(error)[0]
        raise SessionError(f"{describe(loc)}: {message}" if loc else message,
                           path=args.format) from None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        store.create(session, path)
    except OSError as error:  # a full disk, a read-only folder: one line, no traceback
        raise SessionError(f"cannot write: {error.strerror or error}", path=str(path)) from None
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
    return 2 if bad else 0


def cmd_note(args: argparse.Namespace) -> int:
    path = session_path(args.session)
    if path.is_symlink():
        raise SessionError("is a symbolic link; refusing to write through it", path=str(path))
    kind = NoteKind(args.kind) if args.kind else None
    added: list[Note] = []

    def change(session: Session) -> None:
        if args.step is not None and session.step(args.step) is None:
            raise SessionError(f"no agenda step {args.step!r}", path=str(path))
        if args.question is not None and session.question(args.question) is None:
            raise SessionError(f"no question {args.question!r}", path=str(path))
        note = flow.add_note(session, args.text, system_now(), kind=kind, step=args.step,
                             question=args.question, tags=args.tag, team=args.team)
        if note is None:
            raise SessionError("empty note", path=str(path))
        added.append(note)

    try:
        store.update_briefly(path, change)  # the lock only to check and write
    except ValidationError as error:  # a note the model refuses (control characters, …)
        message = error.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise SessionError(f"note refused: {message}", path=str(path)) from None
    except ValueError as error:
        raise SessionError(str(error), path=str(path)) from None
    except OSError as error:  # a full disk: the file is left as it was
        raise SessionError(f"cannot write: {error.strerror or error}", path=str(path)) from None
    print(added[-1].id)  # the change may run more than once, each time on a fresh copy
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    session = store.load(session_path(args.session))
    result = rehearse(session)
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
    new.add_argument("--lang", **lang)
    new.add_argument("--from", dest="from_session", metavar="SESSION",
                     help="the session this one follows (binnenspiegel after buitenspiegel)")
    new.add_argument("--questions", metavar="FILE", help="questions, one per line")
    new.add_argument("--participants", metavar="FILE", help="lines 'name; role; team'")
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

