"""The timing table of a report: planned against actual per step, and the drift.

A step that is running when the report is made counts up to that moment (``now``), as the
console shows it, so an export during a session does not show the running step as 00:00.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spiegel_tui.i18n import t
from spiegel_tui.model.clock import format_duration, step_elapsed, system_now
from spiegel_tui.model.session import Session
from spiegel_tui.report.anonymize import Anonymizer


def clock_time(stamp: dt.datetime | None) -> str:
    return stamp.strftime("%H:%M") if stamp is not None else ""


@dataclass
class TimingRow:
    title: str
    is_break: bool
    planned: str
    actual: str
    difference: str
    started: str


@dataclass
class Timing:
    rows: list[TimingRow]
    planned_total: str
    actual_total: str
    drift: str
    drift_summary: str  # the drift in words: "12:30 uitgelopen"
    breaks: str  # empty without breaks



# -- timing ----------------------------------------------------------------------------


def timing(session: Session, anon: Anonymizer | None = None,
           now: dt.datetime | None = None) -> Timing:
    """Planned vs actual per step; the drift counts the steps held (started or timed).
    The step the clock runs in counts up to ``now`` (default: the wall clock)."""
    lang = session.language
    anon = anon or Anonymizer([], enabled=False)
    now = now or system_now()
    rows = []
    drift = planned_total = actual_total = 0
    break_count = break_planned = break_actual = 0
    for item in session.agenda:
        elapsed = step_elapsed(session, item, now)
        running = session.clock is not None and session.clock.step == item.id
        held = item.started_at is not None or elapsed > 0 or running
        planned_total += item.planned_s
        actual_total += elapsed
        if held:
            drift += elapsed - item.planned_s
        if item.is_break:
            break_count += 1
            break_planned += item.planned_s
            break_actual += elapsed
        rows.append(TimingRow(
            title=anon.text(item.title),
            is_break=item.is_break,
            planned=t("report.minutes", lang, n=item.planned_min) if item.planned_min else "—",
            actual=(format_duration(elapsed) + (" " + t("report.running", lang) if running
                                                else "")) if held
            else t("report.not_run", lang),
            difference=format_duration(elapsed - item.planned_s, signed=True)
            if held else "—",
            started=clock_time(item.started_at),
        ))
    return Timing(
        rows=rows,
        planned_total=t("report.minutes", lang, n=planned_total // 60),
        actual_total=format_duration(actual_total),
        drift=format_duration(drift, signed=True),
        drift_summary=t("report.drift.over" if drift > 0 else "report.drift.under", lang,
                        time=format_duration(abs(drift))) if drift
        else t("report.drift.even", lang),
        breaks=t("report.breaks_summary", lang, n=break_count,
                 planned=format_duration(break_planned), actual=format_duration(break_actual))
        if break_count else "",
    )


