"""Text in the largest type that fits: big block letters when it is short enough, wrapped
bold text otherwise. The letters come from pyfiglet's fonts (the library made for large
text in a terminal); a text with a character a font lacks is shown in normal type."""

from __future__ import annotations

from functools import cache, lru_cache

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

FONTS = ("ansi_regular", "future")
"""Largest first: solid blocks 5 rows high, then a 3-row line font."""


@cache
def _font(name: str):  # type: ignore[no-untyped-def]
    import pyfiglet

    return pyfiglet.Figlet(font=name, width=10_000)


@cache
def _render_line(font_name: str, line: str) -> tuple[str, ...] | None:
    font = _font(font_name)
    if any(ord(char) not in font.Font.chars for char in line):
        return None
    rows = font.renderText(line).rstrip("\n").split("\n")
    while rows and not rows[-1].strip():
        rows.pop()
    return tuple(rows)


def _width(font_name: str, text: str) -> int | None:
    rows = _render_line(font_name, text)
    return None if rows is None else max((len(row) for row in rows), default=0)


def _wrap(font_name: str, words: list[str], width: int) -> list[str] | None:
    """Greedy wrap by the width each word takes in the font (a joined line is never wider
    than its words and spaces side by side); None when a word alone is too wide."""
    space = _width(font_name, "a a") or 0
    space -= 2 * (_width(font_name, "a") or 0)
    lines: list[str] = []
    current, used = "", 0
    for word in words:
        size = _width(font_name, word)
        if size is None or size > width:
            return None
        if current and used + space + size <= width:
            current, used = f"{current} {word}", used + space + size
        else:
            if current:
                lines.append(current)
            current, used = word, size
    lines.append(current)
    return lines


@lru_cache(maxsize=64)
def fit_big(text: str, width: int, height: int) -> tuple[str, tuple[str, ...]] | None:
    """The rows of ``text`` in the largest font whose word-wrapped rendering fits
    ``width`` x ``height``; None when none does (normal type then)."""
    words = text.split()
    if not words or width <= 0 or height <= 0:
        return None
    for name in FONTS:
        lines = _wrap(name, words, width)
        if lines is None:
            continue
        rendered = [_render_line(name, line) for line in lines]
        if any(rows is None or max(len(r) for r in rows) > width for rows in rendered):
            continue
        block = [row for rows in rendered for row in (*rows, "")][:-1]  # type: ignore[misc]
        if len(block) <= height:
            return name, tuple(block)
    return None


class BigText(Widget):
    """``text`` as big as it fits (see :func:`fit_big`), centred."""

    text: reactive[str] = reactive("", layout=False)

    def render(self) -> Text:
        width, height = self.content_size
        fitted = fit_big(self.text, width, height)
        if fitted is None:
            self.set_class(False, "-big")
            return Text(self.text, style="bold", justify="center")
        self.set_class(True, "-big")
        _, rows = fitted
        pad = max(0, (height - len(rows)) // 2)
        block_width = max(len(row) for row in rows)
        body = "\n".join(row.ljust(block_width).center(width) for row in rows)
        return Text("\n" * pad + body, no_wrap=True, overflow="crop")
