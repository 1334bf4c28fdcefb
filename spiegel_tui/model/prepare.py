"""Preparing a session: the edits behind the prepare screen, as pure functions (no Textual).

Every edit is checked by the session's own pydantic models (``validate_assignment`` on a
copy, or the model's constructor) and refused with :class:`Refused` when invalid, so the
screen never holds, and never saves, a value the file format would reject. Typed text is
turned into values here too (``parse_*``), so a form field and the file agree on what is
valid.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from spiegel_tui.model.imports import (
    default_perspective,
    default_step,
    parse_question_lines,
    perspective_names,
)
from spiegel_tui.model.session import (
    AgendaItem,
    ItemKind,
    Participant,
    Question,
    Role,
    Rule,
    Session,
    Team,
    next_id,
    reference_problems,
)
from spiegel_tui.model.tomlfile import SessionError

if TYPE_CHECKING:
    from spiegel_tui.model.formats import Format


class Refused(ValueError):
    """An edit the models refuse. ``code`` names the kind of problem (for a translated
    message); ``message`` is the model's own words."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code
        self.message = message or code


def _refused(error: ValidationError) -> Refused:
    first = error.errors(include_url=False)[0]
    return Refused(first["type"], str(first["msg"]).removeprefix("Value error, "))


def assign(model: BaseModel, field: str, value: Any) -> Any:
    """A copy of ``model`` with ``field`` set to ``value``, validated by the model itself
    (field constraints and the model's own checks). The original is never touched."""
    copy = model.model_copy()
    try:
        type(model).__pydantic_validator__.validate_assignment(copy, field, value)
    except ValidationError as error:
        raise _refused(error) from None
    return copy


# -- typed text to values -----------------------------------------------------------------
def parse_text(text: str, required: bool = True) -> str | None:
    value = text.strip()
    if not value:
        if required:
            raise Refused("too_short")
        return None
    return value


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise Refused("date") from None


def parse_time(text: str) -> dt.time | None:
    """``HH:MM`` (or ``H:MM``); empty means no time."""
    value = text.strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{1,2}:\d{2}", value):
        raise Refused("time")
    try:
        return dt.datetime.strptime(value, "%H:%M").time()
    except ValueError:
        raise Refused("time") from None


def parse_minutes(text: str) -> int:
    """Whole minutes, checked against :class:`AgendaItem`'s own limits."""
    value = text.strip()
    if not value.isdigit():
        raise Refused("int_parsing")
    probe = AgendaItem(id="probe", title="probe")
    return assign(probe, "planned_min", int(value)).planned_min  # type: ignore[no-any-return]


# -- the time slot ------------------------------------------------------------------------
@dataclass(frozen=True)
class Fit:
    total: int  # planned minutes, breaks included
    slot: int | None  # minutes from start_time to end_time, None without both
    end: dt.time | None  # when the agenda ends from start_time

    @property
    def over(self) -> int:
        return max(0, self.total - self.slot) if self.slot is not None else 0

    @property
    def fits(self) -> bool:
        return self.slot is None or self.total <= self.slot


def fit(session: Session) -> Fit:
    start = session.start_time
    begin = dt.datetime.combine(session.date, start) if start else None
    end = (begin + dt.timedelta(minutes=session.planned_minutes)).time() if begin else None
    slot = None
    if begin is not None and session.end_time is not None:
        slot = int((dt.datetime.combine(session.date, session.end_time) - begin)
                   .total_seconds() // 60)
    return Fit(session.planned_minutes, slot, end)


def clock_times(session: Session) -> list[str]:
    """The planned start of every agenda item (``13:40``, or ``+0:40`` without a start)."""
    times, minutes = [], 0
    begin = (dt.datetime.combine(session.date, session.start_time)
             if session.start_time else None)
    for item in session.agenda:
        if begin is None:
            times.append(f"+{minutes // 60}:{minutes % 60:02d}")
        else:
            times.append((begin + dt.timedelta(minutes=minutes)).strftime("%H:%M"))
        minutes += item.planned_min or 0
    return times


# -- lists ------------------------------------------------------------------------------
def move(items: list[Any], index: int, delta: int) -> int:
    """Move ``items[index]`` by ``delta`` places; returns its new index."""
    target = index + delta
    if not (0 <= index < len(items) and 0 <= target < len(items)):
        return index
    items.insert(target, items.pop(index))
    return target


def _used_steps(session: Session) -> set[str]:
    used = {note.step for note in session.notes}
    if session.clock is not None:
        used.add(session.clock.step)
    if session.current_step:
        used.add(session.current_step)
    return used


def add_step(session: Session, after: int, kind: ItemKind, title: str, minutes: int) -> int:
    """A new step or break after position ``after`` (-1: at the top); returns its index."""
    prefix = "pauze" if kind is ItemKind.BREAK else "stap"
    item = AgendaItem(id=next_id(prefix, (i.id for i in session.agenda), 1), title=title,
                      planned_min=minutes, kind=kind)
    session.agenda.insert(after + 1, item)
    return after + 1


def remove_step(session: Session, index: int) -> None:
    item = session.agenda[index]
    if item.id in _used_steps(session) or item.started_at is not None:
        raise Refused("in_use")
    session.agenda.pop(index)


def set_step(session: Session, index: int, field: str, value: Any) -> None:
    session.agenda[index] = assign(session.agenda[index], field, value)


# -- participants -----------------------------------------------------------------------
def next_pseudonym(label: str, names: list[str]) -> str:
    """``label N`` with N one past the highest number already used with that label."""
    pattern = re.compile(rf"^{re.escape(label)} (\d+)$")
    numbers = [int(m[1]) for name in names if (m := pattern.match(name))]
    return f"{label} {max(numbers, default=0) + 1}"


def make_participant(name: str, role: Role | str, team: str | None) -> Participant:
    try:
        return Participant(name=name, role=role, team=team)
    except ValidationError as error:
        raise _refused(error) from None


def pseudonymise(session: Session, labels: dict[Role, str]) -> int:
    """Replace every name by its role's pseudonym (``Cliënt 1``, …); returns how many
    changed. Names that already are a pseudonym of their role are kept."""
    changed = 0
    for index, person in enumerate(session.participants):
        label = labels[person.role]
        if re.fullmatch(rf"{re.escape(label)} \d+", person.name):
            continue
        others = [p.name for p in session.participants]
        session.participants[index] = person.model_copy(
            update={"name": next_pseudonym(label, others)})
        changed += 1
    return changed


# -- teams (digitale spiegelsessie) -------------------------------------------------------
def set_team(session: Session, index: int, name: str | None, theme: str | None) -> None:
    teams = list(session.teams)
    while len(teams) <= index:
        teams.append(Team(name=f"Team {len(teams) + 1}"))
    try:
        teams[index] = Team(name=name or "", theme=theme)
    except ValidationError as error:
        raise _refused(error) from None
    session.teams = teams


# -- questions --------------------------------------------------------------------------
def step_of(session: Session, question_id: str) -> str | None:
    return next((item.id for item in session.agenda if question_id in item.questions), None)


def _sort_step_lists(session: Session) -> None:
    order = {q.id: index for index, q in enumerate(session.questions)}
    for item in session.agenda:
        item.questions = sorted(item.questions, key=lambda qid: order.get(qid, len(order)))


def assign_step(session: Session, question_id: str, step_id: str | None) -> None:
    """Put a question in one agenda step (None: in none), in the questions' order."""
    for item in session.agenda:
        if question_id in item.questions and item.id != step_id:
            item.questions = [q for q in item.questions if q != question_id]
    target = session.step(step_id)
    if target is not None and question_id not in target.questions:
        target.questions = [*target.questions, question_id]
    _sort_step_lists(session)


def add_question(session: Session, text: str, perspective: str, step_id: str | None,
                 after: int) -> int:
    qid = next_id("v", (q.id for q in session.questions), 2)
    try:
        question = Question(id=qid, perspective=perspective, text=text)
    except ValidationError as error:
        raise _refused(error) from None
    session.questions.insert(after + 1, question)
    assign_step(session, qid, step_id)
    return after + 1


def set_question(session: Session, index: int, field: str, value: Any) -> None:
    session.questions[index] = assign(session.questions[index], field, value)


def move_question(session: Session, index: int, delta: int) -> int:
    new = move(session.questions, index, delta)
    _sort_step_lists(session)
    return new


def remove_question(session: Session, index: int) -> None:
    qid = session.questions[index].id
    used = {note.question for note in session.notes} | {session.current_question}
    if qid in used or session.questions[index].asked_at is not None:
        raise Refused("in_use")
    session.questions.pop(index)
    for item in session.agenda:
        item.questions = [q for q in item.questions if q != qid]


def organisation_step(session: Session) -> AgendaItem | None:
    """The step the organisation's own questions go in (the step ``spiegel new
    --questions`` puts a question without a perspective in)."""
    return default_step(session)


def paste_questions(session: Session, text: str,
                    fmt: Format | None = None) -> tuple[int, int]:
    """The organisation's questions, one per line (``#`` comments, blank lines, an optional
    ``Perspective: question`` prefix), replace that step's questions, except those asked
    or noted on. All of them go in that step: a prefix sets a question's perspective only
    (unlike ``spiegel new --questions``, which puts it in that perspective's step).
    ``fmt``, the session's format, names the perspectives in either language. Returns
    (added, replaced)."""
    names = perspective_names(session, fmt)
    try:
        lines = parse_question_lines(text, names)
    except SessionError as error:
        raise Refused("too_long", f"line {error.line}: {error.message}") from None
    target = organisation_step(session)
    if not lines or target is None:
        raise Refused("no_questions")
    default = default_perspective(session, target)
    used = {note.question for note in session.notes} | {session.current_question}
    used |= {q.id for q in session.questions if q.asked_at is not None}  # asked: kept
    replaced = [qid for qid in target.questions if qid not in used]
    kept = [q for q in session.questions if q.id not in replaced]
    taken = {q.id for q in session.questions}  # a replaced id is not handed out again
    new = []
    for perspective, line, _number in lines:
        qid = next_id("v", taken, 2)
        taken.add(qid)
        try:
            new.append(Question(id=qid, perspective=perspective or default, text=line))
        except ValidationError as error:
            raise _refused(error) from None
    session.questions = kept + new
    target.questions = [q for q in target.questions if q not in replaced] + [q.id for q in new]
    _sort_step_lists(session)
    return len(new), len(replaced)


# -- rules ------------------------------------------------------------------------------
def parse_rules(text: str) -> list[Rule]:
    """One rule per line; blank lines are skipped."""
    try:
        return [Rule(text=line.strip()) for line in text.splitlines() if line.strip()]
    except ValidationError as error:
        raise _refused(error) from None


def check(session: Session) -> None:
    """The cross-checks of the whole session (ids unique, references exist)."""
    problems = reference_problems(session)
    if problems:
        raise Refused("reference", problems[0].message)


SESSION_FIELDS = {"title", "date", "start_time", "end_time", "location", "organisation",
                  "theme", "timing"}
"""The session's own fields the general form edits."""


def set_field(session: Session, key: str, value: Any, index: int = -1) -> bool:
    """One form field into the session: a session field (``title``), ``team.N.name`` /
    ``team.N.theme``, or ``step.F`` / ``person.F`` / ``question.F`` of the row at ``index``.
    Returns False when the session holds that value already; raises Refused."""
    if key in SESSION_FIELDS:
        if getattr(session, key) == value:
            return False
        setattr(session, key, getattr(assign(session, key, value), key))
        return True
    head, _, field = key.partition(".")
    if head == "team":
        number, _, part = field.partition(".")
        team_index = int(number)
        team = session.teams[team_index] if team_index < len(session.teams) else None
        name = value if part == "name" else (team.name if team else None)
        theme = value if part == "theme" else (team.theme if team else None)
        set_team(session, team_index, name, theme)
    elif head == "step":
        set_step(session, index, field, value)
    elif head == "person":
        person = session.participants[index]
        update = {"name": person.name, "role": person.role, "team": person.team, field: value}
        session.participants[index] = make_participant(**update)
    elif head == "question":
        set_question(session, index, field, value)
    else:
        return False
    return True
