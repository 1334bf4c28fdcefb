"""Text that is set every second (the clock's lines, the time in the top bar)."""

from __future__ import annotations

from textual.widgets import Static


class TickerText(Static):
    """A :class:`Static` for text set once a second: unchanged text is not redrawn, and a new
    layout is asked for only when the length changes, as Textual's own ``Digits`` does. A
    plain ``update`` lays out the whole screen each time, which held up keystrokes."""

    _text: str | None = None

    def show_text(self, text: str) -> None:
        if text == self._text:
            return
        layout = self._text is None or len(text) != len(self._text)
        self._text = text
        self.update(text, layout=layout)
