"""The note journal: what makes a note durable the moment Enter is handled.

A live session appends every note change (added, edited, deleted) to a journal of its own
beside the session file, ``.NAME.toml.<token>.journal``: one JSON line, written with
``O_APPEND`` and ``fdatasync``, a few hundred bytes, on the caller's thread. The debounced
save then folds the changes into the TOML file and drops them from the journal. The journal
holds an exclusive ``flock`` on itself for as long as its session is open, so a journal
whose lock can be taken belongs to a program that is gone (killed, crashed): opening the
session replays it into the file and removes it. A clean close removes it too.

No Textual here; the lines are plain JSON of the note as the file would hold it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import secrets
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import tomli_w
from pydantic import ValidationError

from spiegel_tui.model.session import Note, Session, snapshot
from spiegel_tui.model.tomlfile import to_dict

SUFFIX = ".journal"


def pattern(path: Path) -> str:
    """The glob of every journal of a session file (for listing and ``.gitignore``)."""
    return f".{path.name}.*{SUFFIX}"


@dataclass(frozen=True)
class Entry:
    """One journalled change: ``op`` is ``add``, ``edit`` or ``delete``; the note as the
    TOML table the session file would hold (so its types survive, as a load wants them)."""

    seq: int
    op: str
    note: str


def _as_toml(note: Note) -> str:
    return tomli_w.dumps(to_dict(note))


class Journal:
    """The open journal of one live session (created on first use)."""

    def __init__(self, path: Path) -> None:
        self.session_path = path
        self.path = path.with_name(f".{path.name}.{secrets.token_hex(6)}{SUFFIX}")
        self._fd: int | None = None
        self._pending: list[Entry] = []
        self._seq = 0

    @property
    def seq(self) -> int:
        """The number of the last change written (0: none yet)."""
        return self._seq

    def _open(self) -> int:
        if self._fd is None:
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC | os.O_NOFOLLOW
            fd = os.open(self.path, flags, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a new name: never contended
            self._fd = fd
        return self._fd

    def write(self, op: str, note: Note) -> None:
        """Append one change and make it durable before returning."""
        self._seq += 1
        entry = Entry(self._seq, op, _as_toml(note))
        line = json.dumps({"op": entry.op, "note": entry.note}, ensure_ascii=False) + "\n"
        fd = self._open()
        os.write(fd, line.encode("utf-8"))
        os.fdatasync(fd)
        self._pending.append(entry)

    def saved_through(self, seq: int) -> None:
        """The session file now holds every change up to ``seq``: drop them here."""
        if self._fd is None or not self._pending:
            return
        self._pending = [entry for entry in self._pending if entry.seq > seq]
        os.ftruncate(self._fd, 0)  # O_APPEND: the next write starts at the new end
        if self._pending:
            data = "".join(json.dumps({"op": e.op, "note": e.note}, ensure_ascii=False) + "\n"
                           for e in self._pending)
            os.write(self._fd, data.encode("utf-8"))
        os.fdatasync(self._fd)

    def close(self, *, remove: bool) -> None:
        """Close; ``remove`` when the file holds everything (a clean quit)."""
        if self._fd is None:
            return
        if remove and not self._pending:
            with contextlib.suppress(OSError):
                self.path.unlink()
        os.close(self._fd)  # releases the flock: a journal left behind is an orphan now
        self._fd = None


def orphans(path: Path) -> Iterator[tuple[Path, int]]:
    """Journals of ``path`` whose program is gone, each with its lock taken (an open fd
    the caller closes). A journal still locked belongs to a live session: left alone."""
    for candidate in sorted(path.parent.glob(pattern(path))):
        try:
            fd = os.open(candidate, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            if error.errno in (errno.EAGAIN, errno.EACCES):
                continue
            raise
        yield candidate, fd


def read_entries(fd: int) -> list[tuple[str, Note]]:
    """The changes in a journal; a torn or unreadable line (a kill mid-write) is skipped."""
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    entries = []
    for line in b"".join(chunks).decode("utf-8", "replace").splitlines():
        try:
            raw = json.loads(line)
            table = tomllib.loads(raw["note"])  # TOML keeps the types (a date-time is one)
            entries.append((str(raw["op"]), Note.model_validate(table)))
        except (ValueError, KeyError, TypeError, ValidationError, tomllib.TOMLDecodeError):
            continue
    return entries


def _same_note(a: Note, b: Note) -> bool:
    """The same note, whatever id a merge gave it."""
    return a.at == b.at and a.text == b.text and a.step == b.step


def replay(session: Session, entries: list[tuple[str, Note]]) -> int:
    """Lay journalled changes over a session in place; returns how many changed it.

    An added note already in the file (as is, or renumbered by a merge) is not added
    again; an edit or deletion applies to the note with that id and time stamp only."""
    steps = {item.id for item in session.agenda}
    questions = {q.id for q in session.questions}
    changed = 0
    for op, note in entries:
        if note.step not in steps:
            continue  # its step is gone from the file: the note cannot be placed
        if note.question is not None and note.question not in questions:
            note = note.model_copy(update={"question": None})
        index = next((i for i, n in enumerate(session.notes) if n.id == note.id), None)
        same_id = session.notes[index] if index is not None else None
        if op == "add":
            if any(_same_note(note, n) for n in session.notes):
                continue
            if same_id is not None or note.id in session.deleted_notes:
                note = note.model_copy(update={"id": session.next_note_id()})
            session.notes.append(note)
        elif same_id is None or same_id.at != note.at:
            continue
        elif op == "edit":
            if same_id == note:
                continue
            session.notes[index] = note  # type: ignore[index]
        elif op == "delete":
            session.notes.pop(index)  # type: ignore[arg-type]
            if note.id not in session.deleted_notes:
                session.deleted_notes.append(note.id)
        else:
            continue
        changed += 1
    return changed


def read_pending(path: Path, session: Session) -> tuple[Session, int]:
    """``session`` (the file as read) with the changes of journals left by programs that
    died laid over it, in memory: a report made now holds every note, and the file is not
    touched (``spiegel run`` folds them in). Returns the session and how many changes."""
    found = list(orphans(path))
    if not found:
        return session, 0
    try:
        draft = snapshot(session)
        changed = sum(replay(draft, read_entries(fd)) for _, fd in found)
    finally:
        for _, fd in found:
            os.close(fd)
    return (draft, changed) if changed else (session, 0)
