"""Messages that carry the live session's changes to the screens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message
from textual.message_pump import MessagePump

from spiegel_tui.live import Change, LiveSession


@dataclass
class SessionChanged(Message):
    """The live session changed (posted from whichever thread changed it)."""

    change: Change

    def can_replace(self, message: Message) -> bool:
        # Only the newest state matters, but an error or a merge is still said.
        return isinstance(message, SessionChanged) and message.change.origin == "local" \
            and self.change.origin == "local"


def follow(target: MessagePump, live: LiveSession) -> Callable[[], None]:
    """Post every change of ``live`` to ``target`` (``post_message`` is thread-safe).
    Returns the way to stop."""
    return live.subscribe(lambda change: target.post_message(SessionChanged(change)))
