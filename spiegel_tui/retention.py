"""Retention: a session past its ``retain_until`` date becomes an anonymized summary.

The date is the session's own ``retain_until``, else its date plus the repository's
``retain_days`` (``spiegel.toml`` at the top of the repository). The summary keeps what
the action research needs: the agenda with its timing, the notes' count, kinds, steps and
times (their texts and tags go), the actions' texts with names replaced and without
owners, and participants as role and number. It is marked ``purged_on``, so purging twice
changes nothing. Older commits and other clones still hold the full text: see README.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from spiegel_tui import crypt
from spiegel_tui.model.session import Session
from spiegel_tui.model.tomlfile import SessionError
from spiegel_tui.report.anonymize import Anonymizer

SETTINGS_FILE = "spiegel.toml"
REMOVED = {"nl": "[verwijderd na de bewaartermijn]", "en": "[removed after retention]"}


def retain_days(folder: Path) -> int | None:
    """The repository's ``retain_days`` (None when not set)."""
    top = crypt.repo_top(folder)
    if top is None or not (top / SETTINGS_FILE).exists():
        return None
    path = top / SETTINGS_FILE
    try:
        days = tomllib.loads(path.read_text(encoding="utf-8")).get("retain_days")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SessionError(f"cannot read the settings: {error}", path=str(path)) from None
    if days is None:
        return None
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise SessionError(f"retain_days must be a whole number of days, got {days!r}",
                           path=str(path))
    return days


def retain_until(session: Session, days: int | None) -> dt.date | None:
    if session.retain_until is not None:
        return session.retain_until
    return session.date + dt.timedelta(days=days) if days is not None else None


def expired(session: Session, today: dt.date, days: int | None) -> bool:
    until = retain_until(session, days)
    return session.purged_on is None and until is not None and until < today


def summarize(session: Session, today: dt.date) -> Session:
    """The anonymized summary of a session (a new object; the session is not changed)."""
    names = Anonymizer.for_session(session)
    removed = REMOVED.get(session.language, REMOVED["en"])
    return session.model_copy(update={
        "title": names.text(session.title) or removed,
        "subtitle": names.text(session.subtitle) or None,
        "location": None,
        "organisation": names.text(session.organisation) or None,
        "theme": names.text(session.theme) or None,
        "participants": [person.model_copy(update={"name": names.person(person)})
                         for person in session.participants],
        "questions": [question.model_copy(update={"text": names.text(question.text)})
                      for question in session.questions],
        "notes": [note.model_copy(update={"text": removed, "tags": []})
                  for note in session.notes],
        "actions": [action.model_copy(update={"text": names.text(action.text) or removed,
                                              "owner": None})
                    for action in session.actions],
        "posts": [],  # the moderation queue: never kept past the meeting's retention
        "purged_on": today,
    })
