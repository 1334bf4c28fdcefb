"""What a live session does for the room: the transient room state (blank, a rule
reminded, notes shown), and the read-only following of the projector view."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spiegel_tui import store
from spiegel_tui.live.change import Change
from spiegel_tui.model.room import Room, dump_room, parse_room, room_path
from spiegel_tui.model.session import Session
from spiegel_tui.model.tomlfile import SessionError


class Following:
    """Mixed into :class:`~spiegel_tui.live.session.LiveSession`."""

    path: Path
    read_only: bool
    follow_room: bool
    _cond: threading.Condition
    _session: Session
    _revision: int
    _saved_revision: int
    _error: str | None
    _room: Room
    _room_dirty: bool
    _room_signature: store.Signature | None
    _room_written: bool
    _file: store.SessionFile
    _publish: Callable[[Change], None]

    @property
    def room(self) -> Room:
        """What the room sees right now (blank, a rule reminded, notes shown)."""
        return self._room

    def set_room(self, **changes: Any) -> Room:
        """Change what the room sees; the projector view follows within moments. Kept out
        of the session file (and so out of its git history)."""
        if self.read_only or self.follow_room:
            raise RuntimeError("this view follows the room; it cannot change it")
        with self._cond:
            room = self._room.model_copy(update=changes)
            if room == self._room:
                return room
            self._room = room
            self._room_dirty = True
            self._cond.notify_all()
            update = Change(self._session, self._revision, "room", room=room)
        self._publish(update)
        return room

    def _write_room(self) -> None:
        with self._cond:
            room, self._room_dirty = self._room, False
        target = room_path(self.path)
        try:
            store.write_atomic(target, dump_room(room))
        except OSError:
            return  # transient state: the next change writes it again
        self._room_signature = store.Signature.of(target)
        self._room_written = True

    def _read_room(self) -> bool:
        """A read-only view takes in the room state the console wrote; True if changed."""
        target = room_path(self.path)
        signature = store.Signature.of(target)
        if signature == self._room_signature:
            return False
        self._room_signature = signature
        try:
            room = parse_room(store.read(target)) if signature is not None else Room()
        except SessionError:
            room = Room()
        with self._cond:
            changed, self._room = room != self._room, room
        return changed

    def _follow(self) -> None:
        """A read-only view (the projector): take the file as it is, never write, never
        lock; a file that does not load keeps the last good session on screen."""
        if self._read_room():
            self._publish(Change(self._session, self._revision, "room", room=self._room))
        if not self._file.changed_on_disk():
            return
        try:
            session, signature = store.load_signed(self.path)
        except SessionError as error:
            with self._cond:
                fresh = self._error != str(error)
                self._error = str(error)
                self._file.signature = store.Signature.of(self.path)  # try again on change
                update = Change(self._session, self._revision, "error", self._error,
                                room=self._room)
            if fresh:
                self._publish(update)
            return
        with self._cond:
            self._file.accept(session, signature)
            self._session, self._error = session, None
            self._revision += 1
            self._saved_revision = self._revision
            update = Change(session, self._revision, "disk", room=self._room)
        self._publish(update)


