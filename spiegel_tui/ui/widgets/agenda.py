"""The agenda: every step with planned minutes and time spent, done / current / next."""

from __future__ import annotations

import datetime as dt
import textwrap

from textual.content import Content
from textual.markup import escape
from textual.widget import Widget

from spiegel_tui.model.clock import current_index, format_duration, step_elapsed
from spiegel_tui.model.session import Session

MARKS = {"done": "✓", "current": "▶", "next": "›", "later": " "}


class AgendaView(Widget):
    """The steps as a table: mark, title, time spent and planned minutes.

    The screen calls :meth:`show`; the table is laid out for the widget's width at render
    time. Titles wrap while the list fits, and are cut to one line when it would not.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rows: list[tuple[str, str, bool, str, str, bool]] = []

    def show(self, session: Session, now: dt.datetime) -> None:
        here = current_index(session)
        rows = []
        for index, item in enumerate(session.agenda):
            state = ("done" if index < here else "current" if index == here
                     else "next" if index == here + 1 else "later")
            spent = step_elapsed(session, item, now)
            over = bool(item.planned_s) and spent > item.planned_s
            running = session.clock is not None and session.clock.step == item.id
            actual = format_duration(spent) if spent or running else ""
            planned = f"{item.planned_min}′" if item.planned_min else "–"
            rows.append((state, item.title, item.is_break, actual, planned, over))
        if rows != self._rows:
            self._rows = rows
            self.refresh()

    def render(self) -> Content:
        width = max(12, self.content_size.width)
        height = self.content_size.height
        right = max((len(a) for _, _, _, a, _, _ in self._rows), default=0)
        title_w = width - 2 - 5 - (right + 1 if right else 0)
        below = title_w < 20  # narrow: the time spent goes on a line of its own
        if below:
            title_w = width - 2 - 5
        title_w = max(6, title_w)
        wrapped = [self._wrap(title, is_break, title_w) for _, title, is_break, *_ in self._rows]
        extra = sum(1 for row in self._rows if row[3]) if below else 0
        if height and sum(len(lines) for lines in wrapped) + extra > height:
            wrapped = [self._cut(lines, title_w) for lines in wrapped]
        out: list[str] = []
        for (state, _, is_break, actual, planned, over), lines in zip(self._rows, wrapped,
                                                                      strict=True):
            times = escape(actual)
            if over:
                times = f"[b $warning]{times}[/]"
            elif actual:
                times = f"[$text-muted]{times}[/]" if state == "done" else times
            tail = f"[$text-muted]{planned:>4}[/]"
            if right and not below:
                tail = f"{' ' * (right - len(actual))}{times} {tail}"
            style = {"done": "$text-muted", "current": "b $accent", "next": "b",
                     "later": ""}[state]
            for number, line in enumerate(lines):
                pad = " " * (title_w - Content(line).cell_length)
                mark = MARKS[state] if number == 0 else " "
                text = escape(line)
                if is_break:
                    text = f"[i]{text}[/i]"
                body = f"{mark} {text}{pad}"
                if style:
                    body = f"[{style}]{body}[/]"
                out.append(body + (f" {tail}" if number == 0 else ""))
            if below and actual:
                out.append(f"  {times}")
        return Content.from_markup("\n".join(out))

    @staticmethod
    def _wrap(title: str, is_break: bool, width: int) -> list[str]:
        if is_break:
            title = f"☕ {title}"
        lines = textwrap.wrap(title, width, break_long_words=False) or [""]
        return [line if len(line) <= width else line[: width - 1] + "…" for line in lines]

    @staticmethod
    def _cut(lines: list[str], width: int) -> list[str]:
        if len(lines) == 1:
            return lines
        joined = " ".join(lines)
        return [joined[: width - 1].rstrip() + "…"]
