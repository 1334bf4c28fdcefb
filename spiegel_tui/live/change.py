"""What a live session tells its subscribers."""

from __future__ import annotations

from dataclasses import dataclass

from spiegel_tui.model.room import Room
from spiegel_tui.model.session import Session


@dataclass(frozen=True)
class Change:
    """What a subscriber is told: the session as it is now, and why it changed.

    ``origin`` is ``local`` (a command), ``disk`` (merged from the file), ``saved`` (a save
    finished), ``room`` (what the room sees changed: :mod:`spiegel_tui.model.room`) or
    ``error`` (a save or reload failed: ``error`` says why; the session keeps every change
    and the save is retried; a read-only view keeps the last good session)."""

    session: Session
    revision: int
    origin: str
    error: str | None = None
    room: Room = Room()
