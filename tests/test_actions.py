"""``spiegel actions DIR``: every open action across the sessions, overdue first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.cli import main
from spiegel_tui.model.session import ActionStatus
from spiegel_tui.report import actions, series
from tests.test_series import carry_over, make

EXAMPLES = Path(__file__).resolve().parents[1] / "sessions"


def rows(md: str) -> list[list[str]]:
    out = []
    for line in md.splitlines():
        if line.startswith("| ") and not line.startswith("| Actie |"):
            out.append([c.strip() for c in line.strip("|").split(" | ")])
    return out


def test_example_sessions_open_actions_overdue_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", str(EXAMPLES)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    table = rows(captured.out)
    expected = {a.text for path in EXAMPLES.glob("*.toml")
                for a in store.load(path).actions if a.status is ActionStatus.OPEN}
    assert sorted(row[0] for row in table) == sorted(expected)  # each once
    today = dt.date.today().isoformat()
    states = [row[3] for row in table]
    overdue = [row for row in table if row[2] != "—" and row[2] < today]
    assert all(state == "verlopen" for state in states[:len(overdue)])
    assert "verlopen" not in states[len(overdue):]
    dated = [row[2] for row in table if row[2] != "—"]
    assert dated == sorted(dated)  # overdue (oldest first), then the rest by date
    assert all(row[2] == "—" for row in table[len(dated):])  # no date: last
    for row in table:
        assert (EXAMPLES / f"{row[4]}.toml").is_file()  # the session it came from


def test_order_with_a_fixed_today_and_carried_copies_once(tmp_path: Path) -> None:
    first, second = make(0, notes=False), make(1, notes=False)
    first.actions[0].due = dt.date(2025, 3, 1)
    second.actions[0].due = dt.date(2025, 1, 20)
    carry_over(second, first)
    for session in (first, second):
        store.save(session, tmp_path / f"{session.id}.toml")
    loaded, _ = series.load_folder(tmp_path)
    base = tmp_path
    early = actions.ordered(loaded, dt.date(2025, 1, 1), base)
    assert [i.action.text for i in early] == ["Open actie van sessie 1", "Open actie van sessie 0"]
    late = actions.ordered(loaded, dt.date(2025, 2, 1), base)  # only session 1's is overdue
    assert [i.action.text for i in late] == ["Open actie van sessie 1", "Open actie van sessie 0"]
    second.actions[0].due = dt.date(2025, 4, 1)
    store.save(second, tmp_path / f"{second.id}.toml")
    loaded, _ = series.load_folder(tmp_path)
    march = actions.ordered(loaded, dt.date(2025, 3, 15), base)  # session 0's overdue
    assert [i.action.text for i in march] == ["Open actie van sessie 0", "Open actie van sessie 1"]
    assert march[0].session_id == first.id  # the copy in session 1 is listed at its origin


def test_actions_html_and_missing_folder(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "acties.html"
    assert main(["actions", str(EXAMPLES), "--to", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "verlopen" in page and "<table>" in page
    assert main(["actions", str(tmp_path / "nergens")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nergens" in err[0]
