"""Texts the session screen sets again at every refresh: redrawn only when they change.

A :class:`~textual.widgets.Static`'s ``update`` redraws the widget and lays out the whole
screen, even for the same text; the screen refreshes its panes on every change of the
session (each note), and the clock once a second, so unchanged texts must cost nothing.
"""

from __future__ import annotations

from textual.widgets import Static


class QuietText(Static):
    """A :class:`Static` set with :meth:`show_text`: unchanged text is not redrawn."""

    _text: str | None = None

    def show_text(self, text: str) -> None:
        if text == self._text:
            return
        layout = self._needs_layout(text)
        self._text = text
        self.update(text, layout=layout)

    def _needs_layout(self, text: str) -> bool:
        return True  # new text can wrap to another height


class TickerText(QuietText):
    """One line set once a second (the clock's lines, the time in the top bar): a new
    layout only when the length changes, as Textual's own ``Digits`` does."""

    def _needs_layout(self, text: str) -> bool:
        return self._text is None or len(text) != len(self._text)
