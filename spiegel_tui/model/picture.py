"""What the room sees, as plain data: the projector view draws this and nothing else.

One pure function of the session, the room state and the time, so the projector view (in a
terminal or a browser) can be tested without a screen, and it can never show a note unless
the facilitator chose to show the closing round's lessons, agreements and actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spiegel_tui.i18n import t
from spiegel_tui.model import clock
from spiegel_tui.model.flow import current_position
from spiegel_tui.model.room import Room
from spiegel_tui.model.session import ActionStatus, NoteKind, Session, Status
from spiegel_tui.model.teams import rendered


@dataclass(frozen=True)
class Picture:
    """``mode`` is ``blank``, ``reminder``, ``break``, ``finished`` or ``step``."""

    mode: str
    step_line: str = ""
    heading: str = ""
    text: str = ""
    clock_value: str = ""
    clock_label: str = ""
    stage: str = "idle"
    session_line: str = ""
    rules: tuple[str, ...] = ()
    closing: tuple[tuple[str, str], ...] = field(default=())
    """(kind label, text) of the lessons, agreements and open actions, when shown."""


def closing_index(session: Session) -> int:
    """The closing round: the last step that is not a break."""
    steps = [i for i, item in enumerate(session.agenda) if not item.is_break]
    return steps[-1] if steps else -1


def _session_line(session: Session, now: dt.datetime, lang: str) -> str:
    """How the session as a whole is doing, said apart from the step (no contradiction
    between a step over its time and a session ahead of schedule)."""
    if not clock.started(session):
        return ""
    drift = clock.drift_s(session, now)
    size = clock.format_duration(abs(drift))
    state = (t("room.session.behind", lang, drift=size) if drift > 0 else
             t("room.session.ahead", lang, drift=size) if drift < 0 else
             t("room.session.on_time", lang))
    end = clock.projected_end(session, now).strftime("%H:%M")
    return f"{state} · {t('clock.end', lang, time=end)}"


def picture(session: Session, room: Room, now: dt.datetime, lang: str) -> Picture:
    session = rendered(session)  # {team.1} in step titles: the teams' real names
    if room.blank:
        return Picture("blank")
    if room.reminder is not None and session.rules:
        rule = session.rules[room.reminder % len(session.rules)]
        return Picture("reminder", heading=t("rules.title", lang).upper(), text=rule.text)
    position = current_position(session)
    if position is None:
        return Picture("step", text=session.title)
    index = clock.current_index(session)
    item = session.agenda[index]
    step_line = t("questions.step", lang, index=index + 1, total=len(session.agenda))
    step_line = f"{step_line} · {item.title}"
    rules = tuple(rule.text for rule in session.rules) if session.show_rules else ()
    if session.status is Status.FINISHED:
        total = sum(step.elapsed_s for step in session.agenda)
        last = max((step for step in session.agenda if step.started_at),
                   key=lambda step: step.started_at, default=None)  # type: ignore[arg-type,return-value]
        ended = (last.started_at + dt.timedelta(seconds=last.elapsed_s)
                 if last is not None and last.started_at else None)
        return Picture("finished", step_line=session.title, text=t("room.finished", lang),
                       clock_value=clock.format_duration(total),
                       clock_label=t("room.total", lang), stage="idle",
                       session_line=t("room.ended", lang, time=ended.strftime("%H:%M"))
                       if ended else "")
    time = clock.step_time(session, item, now)
    value = (clock.format_duration(time.remaining_s) if time.remaining_s >= 0 else
             "+" + clock.format_duration(time.overtime_s)) if item.planned_min else \
        clock.format_duration(time.elapsed_s)
    if not time.running:
        label = t("room.paused", lang) if clock.started(session) else t("room.not_started",
                                                                         lang)
        stage = "paused" if clock.started(session) else "idle"
    elif time.stage is clock.Stage.OVER:
        label, stage = t("room.step.over", lang), "over"
    else:
        label, stage = t("room.step.left", lang), time.stage.value
    session_line = _session_line(session, now, lang)
    if item.is_break:
        back = clock.break_ends(session, item, now).strftime("%H:%M")
        return Picture("break", step_line=step_line, text=t("break.back", lang, time=back),
                       clock_value=value, clock_label=label, stage=stage,
                       session_line=session_line)
    question = session.question(position.question)
    heading, text = "", item.title
    if question is not None:
        heading = session.perspective_label(question.perspective)
        if question.label:
            heading += f" · {question.label}"
        text = question.text
    elif item.prompts:
        text = "\n".join(item.prompts)
    elif item.description:
        heading, text = item.title, item.description
    closing: tuple[tuple[str, str], ...] = ()
    if room.show_notes and index == closing_index(session):
        kinds = {NoteKind.LESSON: t("room.lesson", lang),
                 NoteKind.AGREEMENT: t("room.agreement", lang)}
        closing = tuple((kinds[n.kind], n.text) for n in session.notes if n.kind in kinds)
        closing += tuple((t("room.action", lang), a.text) for a in session.actions
                         if a.status is ActionStatus.OPEN)
    return Picture("step", step_line=step_line, heading=heading, text=text,
                   clock_value=value, clock_label=label, stage=stage,
                   session_line=session_line, rules=rules, closing=closing)
