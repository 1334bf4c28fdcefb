"""Keeps the console's session and its file in step, from worker threads.

No Textual here: the screen runs these calls in ``@work(thread=True)`` workers and applies
the results on its own thread. One lock serialises the file work of this process; the
sidecar file lock (in :mod:`spiegel_tui.store`) serialises it with other processes.
"""

from __future__ import annotations

import threading
from pathlib import Path

from spiegel_tui.model.session import Session
from spiegel_tui.store import SessionFile


class SessionSync:
    def __init__(self, handle: SessionFile) -> None:
        self.handle = handle
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> tuple[SessionSync, Session]:
        handle = SessionFile(path)
        session = handle.open()
        return cls(handle), session

    @property
    def path(self) -> Path:
        return self.handle.path

    def changed_on_disk(self) -> bool:
        return self.handle.changed_on_disk()

    def save(self, snapshot: Session) -> tuple[Session, bool]:
        """Write the snapshot, merging what others wrote. Returns (written, merged?)."""
        with self._lock:
            return self.handle.save(snapshot)

    def prime(self) -> None:
        """Serialise the session as opened, once, so that the first autosave writes only
        what changed. Cold, a save serialises every note (~70 ms of Python at 2,000 notes):
        in a worker thread, but holding the interpreter lock that the keys wait for. The
        screen runs this in a worker a moment after its first frame."""
        with self._lock:
            self.handle.prime()

    def reload(self, snapshot: Session) -> tuple[Session, bool]:
        """Merge what others wrote into the snapshot. Returns (merged, changed?)."""
        with self._lock:
            return self.handle.reload(snapshot)

    def on_disk(self) -> Session | None:
        """The version last read or written (what the file holds as far as we know)."""
        return self.handle.base
