"""Clock digits as large as the space allows: a block font of our own, scaled whole.

Each glyph is drawn on a 5-row grid; a "pixel" is two cells wide (terminal cells are about
twice as tall as wide), and the whole is scaled by the largest whole factor that fits the
widget, so the digits are 5 rows high at 80x24 and 10 at 160x45.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

GLYPHS: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "-": ("...", "...", "###", "...", "..."),
    " ": (".", ".", ".", ".", "."),
}
ROWS = 5


def glyph_width(text: str) -> int:
    """Pixels across ``text``, one pixel of space between glyphs."""
    return sum(len(GLYPHS.get(c, GLYPHS[" "])[0]) for c in text) + max(0, len(text) - 1)


def scale_for(text: str, width: int, height: int) -> int:
    """The largest whole scale at which ``text`` fits ``width`` x ``height`` cells (≥ 1)."""
    pixels = max(1, glyph_width(text))
    return max(1, min(width // (pixels * 2), height // ROWS))


def render_big(text: str, scale: int) -> list[str]:
    """``text`` as rows of block characters at ``scale``."""
    rows = []
    for row in range(ROWS):
        cells = []
        for index, char in enumerate(text):
            if index:
                cells.append(" " * 2 * scale)
            for pixel in GLYPHS.get(char, GLYPHS[" "])[row]:
                cells.append(("█" if pixel == "#" else " ") * 2 * scale)
        line = "".join(cells)
        rows.extend([line] * scale)
    return rows


class BigClock(Widget):
    """``value`` (``12:34``, ``+01:05``) in block digits scaled to the widget's size."""

    value: reactive[str] = reactive("00:00", layout=False)

    def render(self) -> Text:
        width, height = self.content_size
        scale = scale_for(self.value, width, height)
        lines = render_big(self.value, scale)
        pad = max(0, (height - len(lines)) // 2)
        return Text("\n" * pad + "\n".join(line.center(width) for line in lines),
                    no_wrap=True, overflow="crop")

    @property
    def digit_rows(self) -> int:
        """How many rows the digits take at the widget's size now."""
        width, height = self.content_size
        return ROWS * scale_for(self.value, width, height)
