"""The sessions folder: the one service below the CLI and the console that reads a folder.

Listing the session files, loading the formats (built-in plus ``DIR/formats/*.toml``),
creating a session from a format, finding a session by id, marking an action in another
session of the folder, and the follow-up scan all live here, so ``spiegel new``, ``spiegel
formats`` and the start, prepare and session screens do the same thing the same way. No
Textual: the console calls these from thread workers.

A broken format file never stands in the way of the others: :func:`load_formats` returns
the formats that load and one :class:`SessionError` per file that does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from spiegel_tui import live, store
from spiegel_tui.model.files import read_regular
from spiegel_tui.model.formats import Format, builtin_formats, parse_format
from spiegel_tui.model.naming import session_stem
from spiegel_tui.model.session import Action, ActionStatus, Participant, Session
from spiegel_tui.model.tomlfile import SessionError, describe, pydantic_problems


@dataclass(frozen=True)
class Entry:
    """One session file of the folder, or the error that keeps it shut."""

    path: Path
    title: str
    date: dt.date | None
    format: str
    status: str
    error: str | None = None


def load_formats(folder: Path | None) -> tuple[dict[str, Format], list[SessionError]]:
    """Built-in formats and the folder's own (``DIR/formats/*.toml``, which win on a name
    clash), plus one error per broken format file: those are left out. ``None``: the
    built-in formats only."""
    formats = builtin_formats()
    broken = []
    repo = Path(folder) / "formats" if folder is not None else None
    if repo is not None and repo.is_dir():
        for path in sorted(repo.glob("*.toml")):
            try:
                fmt = parse_format(read_regular(path), str(path))  # a FIFO would hang
            except SessionError as error:
                broken.append(error)
                continue
            formats[fmt.name] = fmt
    return formats, broken


def format_of(session: Session, folder: Path | None = None) -> Format | None:
    """The format the session was made from (the folder's own first); None when it is
    unknown. A broken format file falls back to the built-in one."""
    try:
        return find_format(session.format, folder)
    except SessionError:
        return builtin_formats().get(session.format)


def find_format(name: str, folder: Path | None) -> Format:
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


def free_path(folder: Path, date: dt.date, format_name: str, code: str | None = None) -> Path:
    """``<date>-<format>-<code>.toml`` in folder: never from the title (names stay out of
    paths and ids); a random neutral code unless a case code is given."""

    def taken(stem: str) -> bool:
        path = folder / f"{stem}.toml"
        return path.exists() or path.is_symlink()

    try:
        return folder / f"{session_stem(date, format_name, taken, code)}.toml"
    except ValueError as error:
        raise SessionError(str(error), path=str(folder)) from None


class SessionsFolder:
    """A folder of session files (``sessions/`` by default) and its ``formats/``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"SessionsFolder({str(self.path)!r})"

    # -- formats ---------------------------------------------------------------------------
    def formats(self) -> tuple[dict[str, Format], list[SessionError]]:
        return load_formats(self.path)

    def find_format(self, name: str) -> Format:
        return find_format(name, self.path)

    # -- sessions --------------------------------------------------------------------------
    def sessions(self) -> list[Entry]:
        """Every session file directly in the folder, newest date first, broken ones last
        (with their one-line error)."""
        from spiegel_tui.report.series import load_folder

        if not self.path.is_dir():
            return []
        loaded, errors = load_folder(self.path)
        entries = [Entry(item.path, item.session.title, item.session.date,
                         item.session.format, item.session.status.value) for item in loaded]
        for error in errors:
            path = Path(error.path or "")
            entries.append(Entry(path, path.name, None, "", "", error=str(error)))
        return sorted(entries, key=lambda e: (e.error is not None,
                                              -(e.date or dt.date.min).toordinal(), e.title,
                                              str(e.path)))

    def find(self, session_id: str) -> Path | None:
        """The file of a session by its id (``<id>.toml`` by convention, else any file of
        the folder whose ``id`` it is)."""
        from spiegel_tui.report.series import load_folder

        path = self.path / f"{session_id}.toml"
        if path.is_file():
            return path
        if not self.path.is_dir():
            return None
        for item in load_folder(self.path)[0]:
            if item.session.id == session_id:
                return item.path
        return None

    def create_session(
        self,
        fmt: Format,
        *,
        title: str,
        date: dt.date,
        lang: str = "nl",
        start_time: dt.time | None = None,
        end_time: dt.time | None = None,
        participants: list[Participant] | None = None,
        fill: Callable[[Session], None] | None = None,
        code: str | None = None,
    ) -> Path:
        """Write a new session from ``fmt`` at a free ``<date>-<format>-<code>.toml``
        (mode 0600; ``code``: a case number, else a random neutral one)
        and return its path. ``fill`` may add to the session before it is checked and
        written (imported questions, what ``--from`` carries over). Nothing is written
        when anything is refused: bad input raises :class:`SessionError`."""
        folder = self.path
        if folder.exists() and not folder.is_dir():
            raise SessionError("is not a folder", path=str(folder))
        path = free_path(folder, date, fmt.name, code)
        try:
            session = fmt.make_session(title=title, date=date, lang=lang,  # type: ignore[arg-type]
                                       session_id=path.stem, start_time=start_time,
                                       end_time=end_time, participants=participants)
            if fill is not None:
                fill(session)
            session = Session.model_validate(session.model_dump())
        except ValidationError as error:  # e.g. a control character in the title
            loc, message = pydantic_problems(error)[0]
            raise SessionError(f"{describe(loc)}: {message}" if loc else message,
                               path=fmt.name) from None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            store.create(session, path)
        except OSError as error:  # a full disk, a read-only folder: one line, no traceback
            raise SessionError(f"cannot write: {error.strerror or error}",
                               path=str(path)) from None
        return path

    # -- actions of other sessions ---------------------------------------------------------
    def follow_ups(self, session: Session) -> list[tuple[str, Action]]:
        """Open actions of earlier sessions of the same organisation, oldest first, as (id
        of the session they were agreed in, action); see
        :func:`spiegel_tui.report.series.open_actions_from_earlier`."""
        from spiegel_tui.report.series import open_actions_from_earlier

        if not self.path.is_dir():
            return []
        return open_actions_from_earlier(session, self.path)

    def set_action_status(self, session_id: str, action_id: str, done: bool) -> ActionStatus:
        """Mark an action of another session of the folder done (or open again), in that
        session's own file, under its lock. Returns the status written."""
        path = self.find(session_id)
        if path is None:
            raise SessionError(f"no session {session_id!r} in this folder", path=str(self.path))
        status = ActionStatus.DONE if done else ActionStatus.OPEN

        def change(earlier: Session) -> None:
            for index, action in enumerate(earlier.actions):
                if action.id == action_id:
                    earlier.actions[index] = action.model_copy(update={"status": status})
                    return
            raise SessionError(f"no action {action_id!r}", path=str(path))

        try:
            live.update(path, change)
        except OSError as error:
            raise SessionError(f"cannot write: {error.strerror or error}",
                               path=str(path)) from None
        return status
