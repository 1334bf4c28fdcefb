"""Neutral names for new session files: ``<date>-<format>-<code>``, never the title.

A file name and a session id end up in git histories, logs and shared folders, so they hold
nothing about the people in the session: the date, the format's name and either a case
number the user gives (``spiegel new --code 2026-017``) or a short random code. The code's
alphabet has no vowels, so a random code never spells a word or a name. Pure: the caller
says which names are taken.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable

from spiegel_tui.model.formats import slugify

CODE_ALPHABET = "bcdfghjkmnpqrstvwxz23456789"
"""No vowels (no words, no names) and no look-alikes (no l/1, no o/0)."""
CODE_LENGTH = 4
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def random_code(choice: Callable[[str], str] = secrets.choice) -> str:
    return "".join(choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def check_code(code: str) -> str:
    """A case number as given, checked: letters, digits, ``.``, ``_``, ``-`` (max 40)."""
    code = code.strip()
    if not _CODE.match(code):
        raise ValueError(f"not a case code (letters, digits, '.', '_', '-'): {code!r}")
    return code


def session_stem(date: dt.date, format_name: str, taken: Callable[[str], bool],
                 code: str | None = None,
                 choice: Callable[[str], str] = secrets.choice) -> str:
    """The file stem (also the session id) of a new session: ``2026-12-02-buitenspiegel-k7q2``
    or, with a case code, ``2026-12-02-buitenspiegel-2026-017`` (``-2``, ``-3``… when that
    is taken). ``taken(stem)`` says whether a stem is in use."""
    head = f"{date.isoformat()}-{slugify(format_name, 40)}"
    if code is not None:
        stem = f"{head}-{check_code(code)}"
        number = 2
        candidate = stem
        while taken(candidate):
            candidate = f"{stem}-{number}"
            number += 1
        return candidate
    for _ in range(1000):
        candidate = f"{head}-{random_code(choice)}"
        if not taken(candidate):
            return candidate
    raise RuntimeError("no free session name")  # 27**4 codes a day: never in practice
