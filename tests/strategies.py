"""Hypothesis strategies for valid sessions, shared by the model, store and fault tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from spiegel_tui.model.fields import FIRST_YEAR, LAST_YEAR
from spiegel_tui.model.session import (
    Action,
    ActionStatus,
    AgendaItem,
    Clock,
    Horizon,
    ItemKind,
    Note,
    NoteKind,
    Participant,
    Question,
    Role,
    Rule,
    Session,
    Status,
)

# Any Unicode a person can type or paste: no surrogates, no control characters but
# newline and tab; plus the characters that break naive TOML writers.
_alphabet = st.characters(
    blacklist_categories=("Cs", "Cc"), whitelist_characters='\n\t"\\\'#[]={}'
)
tricky = st.sampled_from(['"""', "'''", "\\", '"', "\r\n", "\r", "\\n", "# not a comment",
                          "[[notes]]", "kind = \"x\"", "\u00e9", "\u200b", "🙂"])
text = st.lists(st.one_of(st.text(_alphabet, max_size=40), tricky), min_size=1,
                max_size=6).map("".join).filter(lambda s: s.strip() != "" and s != "")
ident = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
offsets = st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=1)),
                           dt.timezone(dt.timedelta(hours=-5, minutes=-30))])
stamps = st.builds(
    lambda d, tz: d.replace(microsecond=0, tzinfo=tz),
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    offsets,
)
dates = st.dates(min_value=dt.date(FIRST_YEAR, 1, 1), max_value=dt.date(LAST_YEAR, 12, 31))
tags = st.lists(st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True), max_size=3,
                unique=True)


@st.composite
def sessions(draw: st.DrawFn, max_notes: int = 12) -> Session:
    step_ids = draw(st.lists(ident, min_size=1, max_size=5, unique=True))
    question_ids = draw(st.lists(ident.map(lambda s: "q" + s), max_size=5, unique=True))
    questions = [
        Question(id=qid, perspective=draw(ident), label=draw(st.none() | text),
                 text=draw(text), asked_at=draw(st.none() | stamps))
        for qid in question_ids
    ]
    agenda = [
        AgendaItem(
            id=sid,
            title=draw(text),
            planned_min=draw(st.none() | st.integers(1, 600)),
            kind=draw(st.sampled_from(ItemKind)),
            started_at=draw(st.none() | stamps),
            elapsed_s=draw(st.integers(0, 10**6)),
            questions=draw(st.lists(st.sampled_from(question_ids), unique=True))
            if question_ids else [],
            prompts=draw(st.lists(text, max_size=3)),
            theme_of=draw(st.none() | st.integers(1, 3)),
            mailbox=draw(st.booleans()),
            shows=draw(st.sampled_from([None, "received", "questions"])),
            queue_at=draw(st.integers(0, 20)),
        )
        for sid in step_ids
    ]
    notes = [
        Note(
            id=f"n-{index + 1:04d}",
            at=draw(stamps),
            step=draw(st.sampled_from(step_ids)),
            question=draw(st.none() | st.sampled_from(question_ids)) if question_ids else None,
            kind=draw(st.sampled_from(NoteKind)),
            text=draw(text),
            tags=draw(tags),
            team=draw(st.none() | text),
        )
        for index in range(draw(st.integers(0, max_notes)))
    ]
    note_ids = [n.id for n in notes]
    actions = [
        Action(
            id=f"a-{index + 1:02d}",
            text=draw(text),
            owner=draw(st.none() | text),
            due=draw(st.none() | dates),
            horizon=draw(st.sampled_from(Horizon)),
            status=draw(st.sampled_from(ActionStatus)),
            note=draw(st.none() | st.sampled_from(note_ids)) if note_ids else None,
        )
        for index in range(draw(st.integers(0, 4)))
    ]
    running = draw(st.booleans())
    return Session(
        id=draw(ident),
        title=draw(text),
        format=draw(ident),
        language=draw(st.sampled_from(["nl", "en"])),
        date=draw(dates),
        status=draw(st.sampled_from(Status)),
        subtitle=draw(st.none() | text),
        timing=draw(st.none() | text),
        show_rules=draw(st.booleans()),
        rule_reminders=draw(st.integers(0, 50)),
        current_step=draw(st.none() | st.sampled_from(step_ids)),
        participants=draw(st.lists(st.builds(Participant, name=text,
                                             role=st.sampled_from(Role),
                                             team=st.none() | text), max_size=4)),
        agenda=agenda,
        clock=Clock(step=step_ids[0], since=draw(stamps)) if running else None,
        questions=questions,
        rules=draw(st.lists(st.builds(Rule, text=text), max_size=3)),
        notes=notes,
        actions=actions,
    )
