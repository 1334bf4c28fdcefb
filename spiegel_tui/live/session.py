"""One open session file and its current state, shared by every view.

A :class:`LiveSession` owns the current :class:`Session`, the file, the revision, a
debounced save run on a thread of its own, the watch for changes made from outside
(``spiegel note``, a second console, a ``git pull``), the merge, and the note journal. It is
the only code that merges. Changes are commands (:class:`~spiegel_tui.live.commands.Commands`)
that build a new session from a copy of the current one, so a session once handed out is
never changed again and any thread may read it; subscribers are told of every change.

One thread does all file work, so a save and a reload never run side by side. The calls a
view makes (commands, ``session``) never touch the disk, except that a note change is
appended to the journal (a few hundred bytes and an ``fdatasync``) before the call returns.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from spiegel_tui import store
from spiegel_tui.live.change import Change
from spiegel_tui.live.commands import Commands, NoChange
from spiegel_tui.live.following import Following
from spiegel_tui.live.journal import Journal, orphans, read_entries, replay
from spiegel_tui.model.clock import system_now
from spiegel_tui.model.merge import merge_sessions
from spiegel_tui.model.room import Room, room_path
from spiegel_tui.model.session import Note, Session, reference_problems, snapshot
from spiegel_tui.model.tomlfile import SessionError

T = TypeVar("T")

RETRY_S = 2.0
"""A failed save (a full disk, a lock held too long) is tried again after this long."""


Subscriber = Callable[[Change], None]


class LiveSession(Commands, Following):
    """The open session file. Make one with :meth:`open`; :meth:`close` it when done."""

    def __init__(self, path: Path, session: Session, signature: store.Signature | None, *,
                 clock: Callable[[], Any] = system_now, save_delay: float = 0.05,
                 watch_interval: float | None = 0.25, journal: bool = True,
                 read_only: bool = False, follow_room: bool = False) -> None:
        self.path = path
        self.clock = clock
        self.save_delay = save_delay
        self.watch_interval = watch_interval
        self._file = store.SessionFile(path)
        self._file.accept(session, signature)
        self._session = session
        self._revision = 0
        self._saved_revision = 0
        self._failures = 0
        self._error: str | None = None
        self._save_due: float | None = None
        self._cond = threading.Condition(threading.RLock())
        self._subscribers: list[Subscriber] = []
        self.read_only = read_only
        self.follow_room = follow_room or read_only
        """Take in the room state another program's console writes (the projector view,
        the web server); such a view never writes the room state itself."""
        self._journal = Journal(path) if journal and not read_only else None
        self._room = Room()
        self._room_dirty = False
        self._room_signature: store.Signature | None = None
        self._room_written = False  # a console that never changed the room leaves it be
        self._stopping = False
        self._prime_wanted = False
        self._thread: threading.Thread | None = None

    # -- opening and closing ---------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], *, replay_journals: bool = True,
             start: bool = True, **options: Any) -> LiveSession:
        """Read and validate the file (a problem raises :class:`SessionError` before any
        lock or file is made), fold in the journals of programs that died, and start."""
        path = Path(path)
        if path.is_symlink():
            raise SessionError("is a symbolic link; open the file it points to", path=str(path))
        session, signature = store.load_signed(path)
        live = cls(path, session, signature, **options)
        if live.follow_room:
            live._read_room()
        if not live.read_only:
            store.remove_stale_temps(path)  # what writers killed mid-save left beside it
            if replay_journals and next(iter(path.parent.glob(f".{path.name}.*.journal")),
                                        None):
                live._replay_orphans()
        if start:
            live.start()
        return live

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="spiegel-live", daemon=True)
            self._thread.start()

    def close(self, timeout: float = 30.0) -> None:
        """Save what is pending (raises when that fails: nothing is lost, the journal
        stays), stop the thread and remove the journal and the room state."""
        if not self.read_only:
            self.flush(timeout)
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        if self._journal is not None:
            self._journal.close(remove=True)
        if self._room_written:
            with contextlib.suppress(OSError):
                room_path(self.path).unlink()  # the meeting is over: nothing is on screen

    def __enter__(self) -> LiveSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _replay_orphans(self) -> None:
        """Journals of a console that was killed: lay them over the file and save."""
        with store.locked(self.path):
            found = list(orphans(self.path))
            try:
                if not found:
                    return
                on_disk, signature = store.load_signed(self.path)
                self._file.accept(on_disk, signature)
                session = snapshot(on_disk)
                changed = sum(replay(session, read_entries(fd)) for _, fd in found)
                if changed:
                    session = Session.model_validate(session.model_dump())
                    self._file.write(session)
                self._session = session
                for journal, _ in found:
                    with contextlib.suppress(OSError):
                        journal.unlink()
            finally:
                for _, fd in found:
                    os.close(fd)

    def commit(self, change: Callable[[Session], T], result: T) -> T:
        """Write now, under the lock (see :func:`update`); ``result`` is what ``change``
        returned on the session as opened. Returns what it returned on the one written."""
        text: str | None = store.render(self._session, self.path)  # outside the lock
        with self._cond, store.locked(self.path):  # held only to check and write
            changed = self._file.read_changed()
            if changed is not None:
                self._file.accept(*changed)
                self._session = changed[0]
                result = self.apply(change)
                text = None
            self._file.write(self._session, text)
            self._saved_revision = self._revision
        return result

    # -- reading -------------------------------------------------------------------------
    @property
    def session(self) -> Session:
        """The current session. Never changed after it is handed out: read it freely."""
        return self._session

    @property
    def revision(self) -> int:
        return self._revision

    @property
    def error(self) -> str | None:
        """Why the last save or reload failed, while it is being retried."""
        return self._error

    @property
    def dirty(self) -> bool:
        """Whether there are changes the file does not hold yet."""
        return self._saved_revision < self._revision

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback`` with every :class:`Change`, from whichever thread made it
        (a view hands it to its own thread). Returns the way to unsubscribe."""
        with self._cond:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._cond, contextlib.suppress(ValueError):
                self._subscribers.remove(callback)

        return unsubscribe

    def _publish(self, change: Change) -> None:
        for callback in list(self._subscribers):
            callback(change)

    # -- changing ------------------------------------------------------------------------
    def apply(self, change: Callable[[Session], T], *,
              journal: Callable[[Session, T], tuple[str, Note] | None] | None = None,
              delay: float | None = None) -> T:
        """Run ``change`` on a copy of the session; if it returns without raising and the
        result holds together, it becomes the session, is journalled and saved soon.
        What ``change`` raises reaches the caller with nothing changed. ``journal`` names
        the note change to make durable at once: ``(op, note)`` from the draft and result."""
        if self.read_only:
            raise RuntimeError("a read-only view cannot change the session")
        with self._cond:
            draft = snapshot(self._session)
            try:
                result = change(draft)
            except NoChange as unchanged:
                return unchanged.value  # type: ignore[no-any-return]
            problems = reference_problems(draft)
            if problems:
                raise ValueError(f"{'.'.join(map(str, problems[0].loc))}: "
                                 f"{problems[0].message}")
            self._session = draft
            self._revision += 1
            notes = journal(draft, result) if journal is not None else None
            if self._journal is not None and notes is not None:
                try:
                    self._journal.write(*notes)
                except OSError as error:  # a full disk: the note is kept, the save retries
                    self._error = str(error.strerror or error)
            self._schedule(self.save_delay if delay is None else delay)
            update = Change(draft, self._revision, "local", room=self._room)
        self._publish(update)
        return result

    def _schedule(self, delay: float) -> None:
        due = time.monotonic() + delay
        if self._save_due is None or due < self._save_due:
            self._save_due = due
        self._cond.notify_all()

    def flush(self, timeout: float = 30.0) -> None:
        """Save now and wait for it. Raises :class:`SessionError` when the save fails."""
        deadline = time.monotonic() + timeout
        with self._cond:
            target, failures = self._revision, self._failures
            if self._saved_revision >= target:
                return
            if self._thread is None:  # not started (a one-shot command): save right here
                self._save_due = time.monotonic()
                self._save()
            else:
                self._schedule(0)
            while self._saved_revision < target:
                if self._failures != failures:
                    raise SessionError(f"cannot save: {self._error}", path=str(self.path))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SessionError("saving took too long", path=str(self.path))
                self._cond.wait(left)

    def prime(self) -> None:
        """Serialise the session as opened, on the file thread, so that the first save
        writes only what changed (cold, a save serialises every note: ~70 ms at 2,000,
        holding the interpreter lock the keys wait for). Views ask for it a moment after
        their first frame."""
        with self._cond:
            self._prime_wanted = True
            self._cond.notify_all()

    # -- the file thread -------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cond:
                if self._stopping and self._save_due is None:
                    return
                prime, self._prime_wanted = self._prime_wanted, False
            if prime:
                with contextlib.suppress(Exception):
                    self._file.prime()
            if self._room_dirty:
                self._write_room()
            elif self.follow_room and not self.read_only and self._read_room():
                self._publish(Change(self._session, self._revision, "room", room=self._room))
            with self._cond:
                now = time.monotonic()
                wait = self.watch_interval if self.watch_interval is not None else 3600.0
                if self._save_due is not None:
                    wait = min(wait, self._save_due - now)
                if wait > 0 and not self._stopping:
                    self._cond.wait(wait)
                due = self._save_due is not None and (
                    self._stopping or time.monotonic() >= self._save_due)
            if due:
                self._save()
            elif self.read_only:
                self._follow()
            elif (self.watch_interval is not None and self._save_due is None
                  and self._file.changed_on_disk()):
                self._reload()  # with a save due, that save takes in what others wrote

    def _failed(self, error: Exception) -> None:
        with self._cond:
            self._failures += 1
            self._error = str(error.strerror if isinstance(error, OSError) and error.strerror
                              else error)
            if self.dirty:
                self._save_due = time.monotonic() + RETRY_S
            update = Change(self._session, self._revision, "error", self._error,
                            room=self._room)
            self._cond.notify_all()
        self._publish(update)

    def _save(self) -> None:
        with self._cond:
            ours, revision = self._session, self._revision
            seq = self._journal.seq if self._journal is not None else 0
            self._save_due = None
        try:
            with store.locked(self.path):
                changed = self._file.read_changed()
                theirs = changed[0] if changed is not None else None
                base = self._file.base
                written = ours if theirs is None else merge_sessions(base, ours, theirs)
                self._file.write(written)
        except Exception as error:  # noqa: BLE001 - any failure: say so, keep it all, retry
            self._failed(error)
            return
        self._settle(ours, revision, written, merged=theirs is not None, seq=seq)

    def _reload(self) -> None:
        with self._cond:
            ours, revision = self._session, self._revision
        try:
            with store.locked(self.path):
                changed = self._file.read_changed()
                if changed is None:
                    return
                theirs, signature = changed
                base = self._file.base
                self._file.accept(theirs, signature)
        except Exception as error:  # noqa: BLE001 - a half-written file: keep ours, retry
            self._failed(error)
            return
        merged = merge_sessions(base, ours, theirs)
        self._settle(ours, revision, merged, merged=True, seq=None,
                     on_disk=merged == theirs and revision == self._saved_revision)

    def _settle(self, ours: Session, revision: int, result: Session, *, merged: bool,
                seq: int | None, on_disk: bool = True) -> None:
        """Take in what a save or reload produced; what was changed meanwhile stays."""
        with self._cond:
            if self._error is not None and on_disk:
                self._error = None
            if seq is not None and self._journal is not None:
                self._journal.saved_through(seq)
            if merged:
                if self._revision == revision:
                    self._session = result
                else:  # commands ran while the file thread worked: lay them over it
                    self._session = merge_sessions(ours, self._session, result)
                    on_disk = False
                self._revision += 1
            if on_disk:
                self._saved_revision = revision if not merged else (
                    self._revision if self._session is result else revision)
            if self.dirty and self._save_due is None:
                self._schedule(self.save_delay)
            update = Change(self._session, self._revision, "disk" if merged else "saved",
                            room=self._room)
            self._cond.notify_all()
        self._publish(update)


def update(path: str | os.PathLike[str], change: Callable[[Session], T], *,
           clock: Callable[[], Any] = system_now) -> T:
    """One change to a session file from a program that does not keep it open (``spiegel
    note``, ticking off an action of an earlier session).

    The change runs first on the file as read, without a lock, so bad input (a broken
    file, a change that raises) fails before any lock or file is made. Then, under the
    lock: when nobody wrote the file meanwhile (the usual case) that result is written as
    it is, with no second read; otherwise the change runs again on the file as it is now,
    so what it returns (a new note's id) is what the file holds. One read and one
    validation of the file, plus one of the changed tables."""
    live = LiveSession.open(path, start=False, journal=False, watch_interval=None, clock=clock)
    result = live.apply(change)
    return live.commit(change, result)


