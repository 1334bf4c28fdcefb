"""The value types of the session document: text, ids, integers, dates and time stamps.

Each takes only what TOML typed as that type (a date is not a date-time, ``true`` is not 1),
so what loads is written back in the same form and loads again. Text is normalised on the
way in (``\\r\\n`` and ``\\r`` become ``\\n``; an empty optional string becomes absent).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"
"""Ids appear in file names and references: letters, digits, ``.``, ``_`` and ``-``."""


def normalise_newlines(value: str) -> str:
    """``\\r\\n`` and a lone ``\\r`` become ``\\n`` (TOML writers cannot keep them)."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
MAX_TEXT = 100_000
"""Longest text a field takes (a 2,000-character question is fine; 10 MB is hostile)."""


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = normalise_newlines(value)
    bad = _CONTROL.search(value)
    if bad:
        raise ValueError(f"text holds a control character U+{ord(bad.group()):04X}")
    if _SURROGATE.search(value):  # bytes that were not UTF-8 (a command-line argument)
        raise ValueError("text is not valid UTF-8")
    if len(value) > MAX_TEXT:
        raise ValueError(f"text is {len(value)} characters long (at most {MAX_TEXT})")
    return value


def _non_blank(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str) and value and not value.strip():
        raise ValueError("text is blank (only white space)")
    return value


def _optional_text(value: Any) -> Any:
    value = _text(value)
    return value if value != "" else None


FIRST_YEAR, LAST_YEAR = 1900, 9000
"""Dates and time stamps outside these years are refused: arithmetic on them (a start plus
the agenda's minutes, a time stamp moved to UTC) must never overflow."""


def _in_range(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"the year must be between {FIRST_YEAR} and {LAST_YEAR}")
    return value


def exactly(kind: type, what: str) -> Any:
    """A validator that takes only values of exactly this type, as TOML typed them: a date
    where a date-time belongs, ``true`` or ``1.0`` for a number, ``"yes"`` for a boolean
    are refused rather than converted (the file would be rewritten in another form)."""

    def check(value: Any) -> Any:
        if type(value) is not kind and not (kind is dt.datetime
                                            and isinstance(value, dt.datetime)):
            raise ValueError(f"expected {what}, got {_typed(value)}")
        return value

    return BeforeValidator(check)


def _typed(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number with a fraction",
             str: "a string", dt.date: "a date without a time", dt.time: "a time of day",
             dt.datetime: "a date-time", list: "an array", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _whole_seconds(value: dt.datetime) -> dt.datetime:
    offset = value.utcoffset()
    if offset is not None and offset.total_seconds() % 60:
        raise ValueError("the UTC offset must be whole minutes")
    return value.replace(microsecond=0)


def _whole_second_time(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError("a planned time is local time, without a UTC offset")
    return value.replace(microsecond=0)


Text = Annotated[str, BeforeValidator(_text)]
NonEmptyText = Annotated[str, BeforeValidator(_non_blank), Field(min_length=1)]
OptionalText = Annotated[str | None, BeforeValidator(_optional_text)]
Id = Annotated[str, Field(pattern=ID_PATTERN)]
Integer = Annotated[int, exactly(int, "an integer")]
Boolean = Annotated[bool, exactly(bool, "true or false")]
Date = Annotated[dt.date, exactly(dt.date, "a date (2026-11-22)"), AfterValidator(_in_range)]
Timestamp = Annotated[dt.datetime, exactly(dt.datetime, "a date-time with a UTC offset "
                                          "(2026-11-22T09:14:03+01:00)"),
                      AfterValidator(_in_range), AfterValidator(_whole_seconds)]
LocalTime = Annotated[dt.time, exactly(dt.time, "a time of day (13:00:00)"),
                      AfterValidator(_whole_second_time)]


def _aware(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        raise ValueError("a time stamp needs a UTC offset, e.g. 2026-11-22T09:14:03+01:00")
    return value


AwareTimestamp = Annotated[Timestamp, BeforeValidator(_aware)]

