"""The console's series view (start screen, key o): per question of the highlighted
session's series, the critical notes and advice per session in Textual Sparklines."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Sparkline, Static

from spiegel_tui import store
from spiegel_tui.ui.app import make_app
from spiegel_tui.ui.screens.series import SeriesScreen
from spiegel_tui.ui.screens.start import StartScreen
from spiegel_tui.ui.widgets.trend import TrendRow
from tests.conftest import FakeClock
from tests.test_series_threads import new, trend_folder


async def test_series_view_shows_the_development_per_question(
        tmp_path: Path, fake_clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    folder = trend_folder(tmp_path, capsys)
    other = new(folder, capsys, "spiegelgesprek", "--date", "2026-06-01")  # alone
    app = make_app(None, sessions_dir=folder, clock=fake_clock, autosave_delay=0.05,
                   poll_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("down")  # newest first: the spiegelgesprek, then the series
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SeriesScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = list(app.screen.query(TrendRow))
        label = store.load(next(folder.glob("*buitenspiegel*.toml"))).questions[0].label
        first = next(row for row in rows if row.trend.question == label)
        critical, advice = first.query(Sparkline)
        assert list(critical.data or []) == [3.0, 1.0, 0.0]
        assert list(advice.data or []) == [0.0, 1.0, 2.0]
        counts = [str(s.render()) for s in first.query(".trend-counts").results(Static)]
        assert counts == ["3 → 1 → 0", "0 → 1 → 2"]
        title = str(app.screen.query_one("#series-title", Static).render())
        assert "Gemeente Oostdam (3 sessie(s))" in title
        assert store.load(other).id not in str(
            app.screen.query_one("#series-members", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
