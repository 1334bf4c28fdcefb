"""A session as TOML text and back, with errors that name the line they are about.

``dumps`` writes keys in model order, leaves out what is empty (TOML has no null) and keeps
multi-line note text readable. Every ``[[table]]`` entry is serialised on its own and
remembered, so saving a session with thousands of notes re-serialises only what changed.
``loads`` reports a TOML syntax error at the line the parser names and a schema error at the
line of the offending key (the ``kind =`` line inside the 4th ``[[notes]]`` table).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import tomllib
from enum import Enum
from typing import Any

import tomli_w
from pydantic import BaseModel, ValidationError

from spiegel_tui.model.chunks import ChunkCache
from spiegel_tui.model.session import (
    COLLECT_REFERENCES,
    SCHEMA_VERSION,
    Session,
    reference_problems,
)
from spiegel_tui.speed import collector_paused

TABLES = ("participants", "teams", "perspectives", "agenda", "clock", "questions", "rules",
          "notes", "actions", "posts")
"""Keys written as TOML tables, in file order, after the top-level scalar keys."""

MAX_PROBLEMS = 50
"""``validate`` lists at most this many problems of one file, then how many more."""

_OMIT_WHEN_DEFAULT = {"show_rules": False, "rule_reminders": 0, "elapsed_s": 0,
                      "mailbox": False, "queue_at": 0}


class SessionError(Exception):
    """Something wrong with a session file, at a line where known: ``FILE:LINE: message``."""

    MAX_MESSAGE = 300
    """A hostile file can hold a 2 MB key name; the one line about it stays readable."""

    def __init__(self, message: str, *, path: str = "<session>", line: int | None = None):
        if len(message) > self.MAX_MESSAGE:
            half = self.MAX_MESSAGE // 2 - 1
            message = f"{message[:half]}…{message[-half:]}"
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


# -- writing ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """model_dump output made ready for tomli-w: enums to str, empties dropped."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if item is None or item == []:
                continue
            if key in _OMIT_WHEN_DEFAULT and item == _OMIT_WHEN_DEFAULT[key]:
                continue
            out[key] = _plain(item)
        return out
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def to_dict(model: BaseModel) -> dict[str, Any]:
    """A model as the plain dict that goes into the file (no None, no empty lists)."""
    return _plain(model.model_dump(mode="python", exclude_none=True))


def _string(value: str) -> str:
    """A TOML string literal; multi-line text stays readable as a ``\"\"\"`` block."""
    return tomli_w.dumps({"s": value}, multiline_strings=True)[4:-1]


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dt.date, dt.time)):  # a datetime is a date; isoformat has the "T"
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_literal(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to a session file")


def _body(table: dict[str, Any]) -> str:
    return "".join(f"{key} = {_literal(value)}\n" for key, value in table.items())


_cache = ChunkCache(lambda table, model: f"[[{table}]]\n" + _body(to_dict(model)))
_cache_lock = threading.Lock()
"""One ``dumps`` at a time uses the cache: the console saves from a worker thread while
another (a follow-up action ticked off) may write a file too."""


def dumps(session: Session) -> str:
    """The session as TOML text: stable key order, arrays in creation order."""
    scalars = {}
    for name in Session.model_fields:
        if name not in TABLES:
            scalars[name] = getattr(session, name)
    parts = [_body(_plain(scalars))]
    with _cache_lock:
        _cache.begin()
        for table in TABLES:
            value = getattr(session, table)
            if value is None or value == []:
                continue
            if isinstance(value, BaseModel):
                parts.append(f"[{table}]\n" + _body(to_dict(value)))
            else:
                parts.extend(_cache.text(table, item) for item in value)
    return "\n".join(parts)


# -- reading ---------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]\s*(#.*)?$")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=\s*(.*)$")
_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """Map every table header and key of a TOML text to its 1-based line number.

    ``("notes", 3, "kind")`` is the ``kind =`` line of the 4th ``[[notes]]`` table and
    ``("notes", 3)`` its header. Content of multi-line strings is skipped.
    """
    lines: dict[tuple[str | int, ...], int] = {}
    counters: dict[str, int] = {}
    current: tuple[str | int, ...] = ()
    closing: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if closing is not None:
            if _closes(line, closing):
                closing = None
            continue
        match = _HEADER.match(line)
        if match:
            name = match.group(1)
            index = counters.get(name, 0)
            counters[name] = index + 1
            current = (name, index)
            lines.setdefault(current, number)
            continue
        match = _TABLE.match(line)
        if match:
            current = tuple(match.group(1).split("."))
            lines.setdefault(current, number)
            continue
        match = _KEY.match(line)
        if match:
            key = match.group(1).strip('"')
            lines.setdefault(current + (key,), number)
            value = match.group(2)
            for delimiter in ('"""', "'''"):
                if value.startswith(delimiter) and not _closes(value[3:], delimiter):
                    closing = delimiter
                    break
    return lines


def _closes(fragment: str, delimiter: str) -> bool:
    """Whether a multi-line string opened before this fragment ends in it."""
    if delimiter == "'''":
        return delimiter in fragment
    index = fragment.find(delimiter)
    while index != -1:
        backslashes = len(fragment[:index]) - len(fragment[:index].rstrip("\\"))
        if backslashes % 2 == 0:
            return True
        index = fragment.find(delimiter, index + 1)
    return False


def line_of(lines: dict[tuple[str | int, ...], int], loc: tuple[str | int, ...]) -> int | None:
    """The line of ``loc``, or of the nearest enclosing table or key that has one."""
    for end in range(len(loc), 0, -1):
        line = lines.get(tuple(loc[:end]))
        if line is not None:
            return line
    return None


def describe(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _short(value: Any) -> str | None:
    if isinstance(value, (dict, list)):
        return None
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def pydantic_problems(error: ValidationError) -> list[tuple[tuple[str | int, ...], str]]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if not (isinstance(part, str) and "[" in part))
        message = item["msg"]
        if item["type"] == "missing":
            message = f"missing key {loc[-1]!r}" if loc else "missing key"
            loc = loc[:-1] + (loc[-1],) if loc else loc
        elif item["type"] == "extra_forbidden":
            message = "unknown key (a typo?)"
        else:
            got = _short(item.get("input"))
            if got is not None and item["type"] not in ("value_error", "assertion_error"):
                message = f"{message}, got {got}"
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        problems.append((loc, message))
    return problems


def parse_document(data: bytes, path: str = "<session>") -> tuple[str, dict[str, Any]]:
    """Bytes to TOML text and table, or one :class:`SessionError` at the right line."""
    if not data.strip():
        raise SessionError("empty file: not a session", path=path, line=1)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SessionError("binary data (a NUL byte): not a TOML text file", path=path,
                           line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SessionError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x})", path=path, line=line
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error.args[0] if error.args else error)
        line = getattr(error, "lineno", None)
        match = _POSITION.search(message)
        if match:
            line = line or int(match.group(1))
            message = message[: match.start()]
        elif _AT_END.search(message):
            line = line or text.count("\n") + 1
            message = _AT_END.sub("", message)
        raise SessionError(f"TOML syntax: {message}", path=path, line=line) from None
    except RecursionError:
        raise SessionError("TOML nested too deeply", path=path, line=1) from None
    return text, table


def session_problems(text: str, table: dict[str, Any], path: str) -> tuple[
        Session | None, list[SessionError]]:
    """Validate a parsed table: the session, or every problem at its line."""

    index: dict[tuple[str | int, ...], int] | None = None

    def error(loc: tuple[str | int, ...], message: str) -> SessionError:
        nonlocal index
        if loc and index is None:
            index = key_lines(text)  # once: a file with 20,000 bad keys stays linear
        line = line_of(index, loc) if loc and index is not None else None
        return SessionError(f"{describe(loc)}: {message}" if loc else message, path=path,
                            line=line or 1)

    def errors(problems: list[tuple[tuple[str | int, ...], str]]) -> list[SessionError]:
        shown = [error(loc, message) for loc, message in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            shown.append(SessionError(f"… and {len(problems) - MAX_PROBLEMS} more problems "
                                      "not shown", path=path))
        return shown

    version = table.get("schema_version")
    if type(version) is not int or version != SCHEMA_VERSION:
        if "schema_version" in table:
            message = (f"unsupported schema_version {version!r} "
                       f"(this spiegel reads {SCHEMA_VERSION})")
            return None, [error(("schema_version",), message)]
        return None, [error((), f"missing key 'schema_version' (expected {SCHEMA_VERSION})")]
    try:
        with collector_paused():
            session = Session.model_validate(table, context={COLLECT_REFERENCES: True})
    except ValidationError as invalid:
        return None, errors(pydantic_problems(invalid))
    problems = reference_problems(session)
    if problems:
        return None, errors([(p.loc, p.message) for p in problems])
    return session, []


def loads(data: bytes | str, path: str = "<session>") -> Session:
    """Parse and validate a session; raise the first problem as a :class:`SessionError`."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    text, table = parse_document(data, path)
    session, errors = session_problems(text, table, path)
    if errors:
        raise errors[0]
    assert session is not None
    return session


def check(data: bytes, path: str = "<session>") -> list[SessionError]:
    """Every problem of a session file (empty when it is valid)."""
    try:
        text, table = parse_document(data, path)
    except SessionError as error:
        return [error]
    return session_problems(text, table, path)[1]
