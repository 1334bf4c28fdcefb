"""``spiegel check``: the agenda with clock times from the planned start, and warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spiegel_tui.model.session import ItemKind, Session


@dataclass(frozen=True)
class Row:
    start: str  # "13:00", or "+0:00" without a planned start
    end: str
    minutes: int | None
    title: str
    is_break: bool


@dataclass
class Rehearsal:
    rows: list[Row] = field(default_factory=list)
    end: str = ""
    total_min: int = 0
    warnings: list[str] = field(default_factory=list)


def _clock(start: dt.datetime | None, minutes: int) -> str:
    if start is None:
        return f"+{minutes // 60}:{minutes % 60:02d}"
    return (start + dt.timedelta(minutes=minutes)).strftime("%H:%M")


def is_discussion(session: Session, index: int) -> bool:
    """A step where questions are expected: its id says so, or the format's other steps
    of the same kind carry questions."""
    item = session.agenda[index]
    return item.kind is ItemKind.STEP and (
        item.id.startswith(("bespreking", "vragen", "discussie"))
        or (not item.prompts and not item.description and not item.questions)
    )


def rehearse(session: Session) -> Rehearsal:
    start = (dt.datetime.combine(session.date, session.start_time)
             if session.start_time is not None else None)
    result = Rehearsal()
    elapsed = 0
    for index, item in enumerate(session.agenda):
        minutes = item.planned_min
        begin = elapsed
        if minutes is None:
            result.warnings.append(f"step {item.id!r} ({item.title}) has no minutes")
        else:
            elapsed += minutes
        result.rows.append(Row(_clock(start, begin), _clock(start, elapsed), minutes,
                               item.title, item.is_break))
        if is_discussion(session, index) and not item.questions:
            result.warnings.append(f"discussion step {item.id!r} ({item.title}) has no questions")
    result.total_min = elapsed
    result.end = _clock(start, elapsed)
    if start is not None and session.end_time is not None:
        slot_end = dt.datetime.combine(session.date, session.end_time)
        over = int((start + dt.timedelta(minutes=elapsed) - slot_end).total_seconds() // 60)
        if over > 0:
            result.warnings.append(
                f"the agenda ends at {result.end}, {over} min past the end of the time slot "
                f"({session.end_time.strftime('%H:%M')})")
    return result
