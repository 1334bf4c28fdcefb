"""Pure time arithmetic over a session: elapsed, remaining, overtime, drift, projected end.

Everything is computed from the file (``started_at``, ``elapsed_s`` and ``[clock] since``)
and a ``now`` handed in, so a reopened or crashed console continues where it was and tests
never sleep. Times are whole seconds: stamps are floored to the second, so sums are exact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from spiegel_tui.model.session import AgendaItem, Session

Now = Callable[[], dt.datetime]

WARNING_S = 120
"""The last two minutes of a step are shown in the warning colour."""


def system_now() -> dt.datetime:
    """The wall clock, local offset, whole seconds: the default injected clock."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


def whole(now: dt.datetime) -> dt.datetime:
    return now.replace(microsecond=0)


class Stage(StrEnum):
    IDLE = "idle"  # the step is not running
    CALM = "calm"
    WARNING = "warning"  # the last two minutes
    OVER = "over"  # overtime


def seconds_between(earlier: dt.datetime, later: dt.datetime) -> int:
    """Whole seconds from earlier to later, never negative (a clock set back counts 0)."""
    return max(0, int((whole(later) - whole(earlier)).total_seconds()))


def step_elapsed(session: Session, item: AgendaItem, now: dt.datetime) -> int:
    """Seconds spent in a step: its stored ``elapsed_s`` plus the run under way, if any."""
    elapsed = item.elapsed_s
    clock = session.clock
    if clock is not None and clock.step == item.id:
        elapsed += seconds_between(clock.since, now)
    return elapsed


@dataclass(frozen=True)
class StepTime:
    step_id: str
    planned_s: int
    elapsed_s: int
    running: bool

    @property
    def remaining_s(self) -> int:
        """Seconds left; negative in overtime."""
        return self.planned_s - self.elapsed_s

    @property
    def overtime_s(self) -> int:
        return max(0, -self.remaining_s) if self.planned_s else 0

    @property
    def stage(self) -> Stage:
        if not self.running:
            return Stage.IDLE
        if self.planned_s and self.remaining_s < 0:
            return Stage.OVER
        if self.planned_s and self.remaining_s <= WARNING_S:
            return Stage.WARNING
        return Stage.CALM


def step_time(session: Session, item: AgendaItem, now: dt.datetime) -> StepTime:
    running = session.clock is not None and session.clock.step == item.id
    return StepTime(item.id, item.planned_s, step_elapsed(session, item, now), running)


def current_index(session: Session) -> int:
    """Index of the current step (the clock's, else ``current_step``, else the first)."""
    wanted = session.clock.step if session.clock else session.current_step
    for index, item in enumerate(session.agenda):
        if item.id == wanted:
            return index
    return 0


def started(session: Session) -> bool:
    """Whether the clock has run at all in this session."""
    return session.clock is not None or any(item.elapsed_s for item in session.agenda)


def drift_s(session: Session, now: dt.datetime) -> int:
    """How far the session runs behind (+) or ahead (−) of its plan, in seconds.

    Steps before the current one count their actual minus planned time; the current step
    counts only its overtime (until it ends nobody knows whether it will finish early).
    Before the clock has ever run there is no drift, whatever step is shown (paging through
    the agenda to look ahead is no skipping), as :func:`projected_end` keeps the full plan.
    """
    if not session.agenda or not started(session):
        return 0
    index = current_index(session)
    drift = 0
    for item in session.agenda[:index]:
        drift += step_elapsed(session, item, now) - item.planned_s
    current = session.agenda[index]
    drift += max(0, step_elapsed(session, current, now) - current.planned_s)
    return drift


def planned_start(session: Session) -> dt.datetime | None:
    if session.start_time is None:
        return None
    tz = dt.datetime.now().astimezone().tzinfo
    return dt.datetime.combine(session.date, session.start_time, tzinfo=tz)


def projected_end(session: Session, now: dt.datetime) -> dt.datetime:
    """When the session will end if every remaining step takes its planned time.

    Before the first start it is the planned start (or now) plus all planned minutes.
    """
    if not session.agenda:
        return whole(now)
    if not started(session):
        start = planned_start(session)
        base = start if start is not None and start > now else whole(now)
        return base + dt.timedelta(minutes=session.planned_minutes)
    index = current_index(session)
    current = session.agenda[index]
    left = max(0, current.planned_s - step_elapsed(session, current, now))
    left += sum(item.planned_s for item in session.agenda[index + 1 :])
    return whole(now) + dt.timedelta(seconds=left)


def break_ends(session: Session, item: AgendaItem, now: dt.datetime) -> dt.datetime:
    """The time a break is over ("terug om HH:MM")."""
    left = max(0, item.planned_s - step_elapsed(session, item, now))
    return whole(now) + dt.timedelta(seconds=left)


def format_duration(seconds: int, signed: bool = False) -> str:
    """``mm:ss`` (``h:mm:ss`` past an hour); with ``signed`` a leading ``+`` or ``−``."""
    sign = ""
    if signed:
        sign = "+" if seconds >= 0 else "−"
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    body = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return sign + body
