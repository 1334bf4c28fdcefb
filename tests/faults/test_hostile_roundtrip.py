"""Files that load but would save unreadable, or crash on open (issue 17).

The rule: what ``load`` accepts, ``save`` writes back in a form ``load`` accepts, with
every value the TOML type it was typed as. A hand-edited value of the wrong type (a bare
date where a date-time belongs, ``true`` for 1, ``"yes"`` for a boolean) is refused as one
line, exit 2, rather than converted; a date that overflows arithmetic is refused too.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.tomlfile import SessionError, dumps, loads

NOTE = ('\n[[notes]]\nid = "n-0001"\nat = 2026-11-22T13:00:00+01:00\nstep = "welkom"\n'
        'text = "x"\n')


def good_text() -> str:
    session = builtin_formats()["buitenspiegel"].make_session(
        title="Casus", date=dt.date(2026, 11, 22), session_id="casus")
    session.participants = []
    return dumps(session)


def spiegel(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TERM": "dumb"}
    return subprocess.run([sys.executable, "-m", "spiegel_tui", *args], capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL, env=env, cwd=cwd)


def refused_cleanly(result: subprocess.CompletedProcess[str], path: Path | str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr[-500:]
    assert len(lines) == 1, lines[:5]
    assert lines[0].startswith(str(path)), lines[0]
    assert "Traceback" not in result.stderr


def with_top(text: str, line: str) -> str:
    """The text with a top-level key added (or replaced) before the first table."""
    key = line.split("=")[0].strip()
    rows = [row for row in text.split("\n") if not row.startswith(f"{key} =")]
    first_table = next(i for i, row in enumerate(rows) if row.startswith("["))
    rows.insert(first_table - 1, line)
    return "\n".join(rows)


BARE_DATES = {
    "note-at": good_text() + NOTE.replace("2026-11-22T13:00:00+01:00", "2026-11-22"),
    "started_at": good_text().replace("planned_min = 10\n",
                                      "planned_min = 10\nstarted_at = 2026-11-22\n", 1),
    "clock-since": good_text() + '\n[clock]\nstep = "welkom"\nsince = 2026-11-22\n',
    "asked_at": good_text().replace('perspective = "present"\n',
                                    'perspective = "present"\nasked_at = 2026-11-22\n', 1),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(BARE_DATES))
@pytest.mark.parametrize("command", ["validate", "run", "check", "note"])
def test_a_bare_date_where_a_date_time_belongs_is_refused(tmp_path: Path, case: str,
                                                         command: str) -> None:
    path = tmp_path / "s.toml"
    path.write_text(BARE_DATES[case], encoding="utf-8")
    before = path.read_bytes()
    args = {"note": ["note", str(path), "hoi"]}.get(command, [command, str(path)])
    result = spiegel(*args)
    refused_cleanly(result, path)
    assert "date-time" in result.stderr
    assert path.read_bytes() == before


def test_the_far_future_is_refused_not_an_overflow(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    text = with_top(good_text().replace("date = 2026-11-22", "date = 9999-12-31"),
                    "start_time = 23:00:00")
    path.write_text(text, encoding="utf-8")
    for command in ("validate", "check", "export"):
        refused_cleanly(spiegel(command, str(path)), path)
    result = spiegel("new", "buitenspiegel", "--date", "9999-12-31", "--start", "23:00",
                     "--dir", str(tmp_path / "new"))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and not (tmp_path / "new").exists()


@pytest.mark.slow
def test_the_far_future_does_not_crash_the_console(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    text = with_top(good_text().replace("date = 2026-11-22", "date = 9999-12-31"),
                    "start_time = 23:00:00")
    path.write_text(text, encoding="utf-8")
    refused_cleanly(spiegel("run", str(path)), path)


LOOSE = {
    "schema-true": lambda t: t.replace("schema_version = 1", "schema_version = true"),
    "schema-float": lambda t: t.replace("schema_version = 1", "schema_version = 1.0"),
    "show_rules-yes": lambda t: with_top(t, 'show_rules = "yes"'),
    "show_rules-1": lambda t: with_top(t, "show_rules = 1"),
    "reminders-true": lambda t: with_top(t, "rule_reminders = true"),
    "reminders-float": lambda t: with_top(t, "rule_reminders = 2.0"),
    "planned-float": lambda t: t.replace("planned_min = 10", "planned_min = 10.0", 1),
    "planned-string": lambda t: t.replace("planned_min = 10", 'planned_min = "10"', 1),
    "elapsed-true": lambda t: t.replace("planned_min = 10", "planned_min = 10\nelapsed_s = true",
                                        1),
    "date-as-datetime": lambda t: t.replace("date = 2026-11-22",
                                            "date = 2026-11-22T00:00:00"),
    "start-as-seconds": lambda t: with_top(t, "start_time = 46800"),
    "due-as-datetime": lambda t: t + ('\n[[actions]]\nid = "a-01"\ntext = "doen"\n'
                                      "due = 2026-12-01T00:00:00\n"),
    "blank-participant": lambda t: t + '\n[[participants]]\nname = "   "\nrole = "client"\n',
    "blank-note": lambda t: t + NOTE.replace('text = "x"', 'text = " \\t "'),
}


@pytest.mark.parametrize("case", sorted(LOOSE))
def test_loose_types_are_refused_not_rewritten(case: str) -> None:
    text = LOOSE[case](good_text())
    with pytest.raises(SessionError):
        loads(text, "s.toml")


def test_a_blank_participant_name_is_refused_in_a_participants_file(tmp_path: Path) -> None:
    names = tmp_path / "deelnemers.txt"
    names.write_text("Fenna; cliënt\n\u3000\u2003; cliënt\n", encoding="utf-8")
    result = spiegel("new", "buitenspiegel", "--participants", str(names), "--dir",
                     str(tmp_path / "s"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "s").exists()


# -- the round trip over every field type ----------------------------------------------

def scalar_slots(text: str) -> list[tuple[int, str]]:
    """(line index, key) of every ``key = value`` line of a valid session text."""
    return [(index, row.split(" = ", 1)[0]) for index, row in enumerate(text.split("\n"))
            if " = " in row and not row.startswith((" ", "#", '"'))]


def full_text() -> str:
    """A session using every key of the schema at least once."""
    text = with_top(good_text(), "start_time = 13:00:00")
    text = with_top(text, "end_time = 16:00:00")
    text = with_top(text, "show_rules = true")
    text = with_top(text, "rule_reminders = 2")
    text = with_top(text, 'subtitle = "ondertitel"')
    text = text.replace("planned_min = 10\n", "planned_min = 10\nstarted_at = "
                        "2026-11-22T13:00:00+01:00\nelapsed_s = 30\n", 1)
    text = text.replace('perspective = "present"\n', 'perspective = "present"\n'
                        "asked_at = 2026-11-22T13:05:00+01:00\n", 1)
    text += ('\n[[participants]]\nname = "Fenna"\nrole = "client"\nteam = "Noord"\n'
             '\n[clock]\nstep = "welkom"\nsince = 2026-11-22T13:00:30+01:00\n'
             + NOTE + 'kind = "quote"\ntags = ["a", "b"]\n'
             '\n[[actions]]\nid = "a-01"\ntext = "doen"\nowner = "team"\n'
             'due = 2026-12-01\nhorizon = "long"\nstatus = "done"\nnote = "n-0001"\n')
    # [clock] and [[participants]] must stand before the notes in dumps' order, but TOML
    # takes them anywhere: the model does not care where a table is written.
    loads(text)
    return text


TOML_VALUES = st.one_of(
    st.booleans().map(lambda b: "true" if b else "false"),
    st.integers(-3, 10**6).map(str),
    st.sampled_from(["0x1", "1e3", "1.0", "0.5", "-0.0", "inf", "nan", "1_000"]),
    st.sampled_from(['"x"', '""', '"  "', "'lit'", '"""multi\nline"""', '"2026-11-22"',
                     '"true"', '"1"', '"welkom"', '"n-0001"', '"a-01"', '"client"',
                     '"open"', '"long"', '"quote"', '"nl"', '"running"', '"presentie"']),
    st.sampled_from(["2026-11-22", "1899-12-31", "9999-12-31", "0001-01-01",
                     "2026-11-22T13:00:00", "2026-11-22T13:00:00+01:00",
                     "2026-11-22T13:00:00.5+01:00", "9999-12-31T23:59:59-12:00",
                     "2026-11-22T13:00:00+01:00:30".rsplit(":", 1)[0],
                     "13:00:00", "13:00:00.25", "00:00:00", "23:59:59"]),
    st.sampled_from(["[]", "[1, 2]", '["a", "b"]', '["a b"]', "[true]", "{}", "{ a = 1 }",
                     "[2026-11-22]"]),
)


def toml_kind(value: object) -> str:
    for kind in (bool, int, float, str, dt.datetime, dt.date, dt.time, list, dict):
        if isinstance(value, kind):
            return kind.__name__
    return type(value).__name__


BASE = None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_what_loads_saves_back_as_typed_and_loads_again(data: st.DataObject) -> None:
    global BASE
    BASE = BASE or full_text()
    rows = BASE.split("\n")
    slots = scalar_slots(BASE)
    index, key = data.draw(st.sampled_from(slots))
    value = data.draw(TOML_VALUES)
    rows[index] = f"{key} = {value}"
    text = "\n".join(rows)
    try:
        typed = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    try:
        session = loads(text)
    except SessionError:
        return  # refused: fine, as long as it is a clean SessionError
    written = dumps(session)
    again = loads(written)  # what load accepted, save wrote loadable
    assert again == session
    assert dumps(again) == written
    # ... and in the type it was typed as: nothing converted behind the user's back
    where = [row for row in BASE.split("\n")[:index + 1] if row.startswith("[")]
    table = where[-1].strip("[]") if where else None
    before = typed if table is None else typed[table]
    after = tomllib.loads(written)
    if table is not None:
        after = after.get(table)
    if isinstance(before, list):  # the first entry of an array of tables is the one edited
        position = sum(1 for row in BASE.split("\n")[:index + 1] if row == f"[[{table}]]") - 1
        before, after = before[position], (after or [{}] * (position + 1))[position]
    if key in (after or {}):
        assert toml_kind(after[key]) == toml_kind(before[key]), (key, value, after[key])
