"""What the room sees right now, apart from the session itself: the projector blanked, a
rule reminded on screen, notes shown to the room.

This is transient state, not part of the meeting's record: it lives in a small sidecar file
beside the session (``.NAME.toml.room``, git-ignored), written by the console and read by
the projector view, so it never shows up in the session's git history.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Room(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    blank: bool = False
    """The projector shows nothing (F6)."""
    reminder: int | None = Field(default=None, ge=0)
    """Index of the rule reminded on screen (F3), while it is shown."""
    show_notes: bool = False
    """At the closing step the room sees the lessons, agreements and actions so far."""


def room_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.room")


def parse_room(data: bytes) -> Room:
    """The room state in a sidecar file; anything unreadable is the default (nothing
    blanked, nothing reminded): the projector never shows less because of it."""
    try:
        return Room.model_validate(json.loads(data.decode("utf-8")))
    except (ValueError, UnicodeDecodeError, ValidationError):
        return Room()


def dump_room(room: Room) -> bytes:
    return (json.dumps(room.model_dump(), sort_keys=True) + "\n").encode("utf-8")
