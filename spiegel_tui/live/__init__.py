"""The live session: the one owner of an open session file (no Textual).

Every view (the console, the prepare screen, the projector view, the web server) and
``spiegel note`` read the session from a :class:`LiveSession` and change it through its
commands; it saves, watches the file for changes from outside and merges them.
"""

from spiegel_tui.live.change import Change
from spiegel_tui.live.session import LiveSession, update

__all__ = ["Change", "LiveSession", "update"]
