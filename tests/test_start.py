"""The start screen through Pilot: the sessions to resume, the formats to start from."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from spiegel_tui import store
from spiegel_tui.folder import Entry, SessionsFolder
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Status
from spiegel_tui.ui.app import make_app
from spiegel_tui.ui.screens.session import SessionScreen
from spiegel_tui.ui.screens.start import StartScreen
from spiegel_tui.ui.screens.title_prompt import TitlePrompt
from tests.conftest import FakeClock, write_session

SIZE = (120, 35)


def three_sessions(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "oud": write_session(folder, "spiegelgesprek", "Gesprek West", dt.date(2026, 9, 17),
                             status=Status.FINISHED),
        "nieuw": write_session(folder, "buitenspiegel", "Casus Noord", dt.date(2026, 11, 20)),
        "midden": write_session(folder, "digitale-spiegelsessie", "Online Oost",
                                dt.date(2026, 10, 6), status=Status.PAUSED),
    }
    broken = folder / "2026-12-01-kapot.toml"
    broken.write_text('schema_version = 1\ntitle = "half\n', encoding="utf-8")
    paths["kapot"] = broken
    return paths


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def loaded(pilot, app) -> StartScreen:  # type: ignore[no-untyped-def]
    """Wait for the list worker and the rows it fills in."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, StartScreen)
    return app.screen


def app_for(folder: Path, clock: FakeClock, **kwargs: object):  # type: ignore[no-untyped-def]
    return make_app(None, sessions_dir=folder, clock=clock, autosave_delay=0.05,
                    poll_interval=0.1, **kwargs)


async def test_lists_sessions_newest_first_broken_one_last(tmp_path: Path,
                                                           fake_clock: FakeClock) -> None:
    folder = tmp_path / "sessions"
    three_sessions(folder)
    (folder / "notes.txt").write_text("geen sessie", encoding="utf-8")
    (folder / "sub").mkdir()
    write_session(folder / "sub", "buitenspiegel", "Dieper", dt.date(2026, 12, 31))
    app = app_for(folder, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        table = screen.query_one("#start-sessions", DataTable)
        assert rows(table) == [
            ["Casus Noord", "2026-11-20", "gepland", "buitenspiegel"],
            ["Online Oost", "2026-10-06", "gepauzeerd", "digitale-spiegelsessie"],
            ["Gesprek West", "2026-09-17", "afgerond", "spiegelgesprek"],
            ["2026-12-01-kapot.toml", "", "kapot", ""],
        ]
        assert table.has_focus
        error = screen.query_one("#start-error", Static)
        assert str(error.render()) == ""
        await pilot.press("down", "down", "down")
        shown = str(error.render())
        assert "2026-12-01-kapot.toml:2:" in shown and "\n" not in shown.strip()


@pytest.mark.slow
async def test_enter_opens_the_highlighted_session(tmp_path: Path,
                                                   fake_clock: FakeClock) -> None:
    folder = tmp_path / "sessions"
    paths = three_sessions(folder)
    app = app_for(folder, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.path == paths["midden"]
        assert app.screen.session.title == "Online Oost"
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_a_broken_session_is_not_opened(tmp_path: Path, fake_clock: FakeClock) -> None:
    folder = tmp_path / "sessions"
    paths = three_sessions(folder)
    before = paths["kapot"].read_bytes()
    app = app_for(folder, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert any("kapot.toml:2:" in n.message for n in app._notifications)
    assert paths["kapot"].read_bytes() == before


async def test_formats_built_in_and_the_teams_own(repo_root: Path,
                                                  fake_clock: FakeClock) -> None:
    app = app_for(repo_root / "sessions", fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        listing = rows(screen.query_one("#start-formats", DataTable))
        names = [row[0] for row in listing]
        assert "Buitenspiegel" in names and "Spiegelgesprek" in names
        assert len(listing) == 5  # four built in, klantpanel beside the sessions
        for name, fmt in builtin_formats().items():
            row = listing[names.index(fmt.shown_title("nl"))]
            assert row[1:] == [str(fmt.minutes), str(len(fmt.agenda))], name
        assert screen.query_one("#start-sessions", DataTable).row_count == len(
            list((repo_root / "sessions").glob("*.toml")))
        await pilot.press("tab")
        info = str(screen.query_one("#start-format-info", Static).render())
        first = next(iter(screen.formats.values()))
        assert info == first.description


@pytest.mark.slow
async def test_new_session_from_a_format(tmp_path: Path, fake_clock: FakeClock) -> None:
    folder = tmp_path / "nog" / "niet" / "er"  # made when the first session is
    app = app_for(folder, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        assert "Nog geen sessies" in str(screen.query_one("#start-error", Static).render())
        listing = screen.query_one("#start-formats", DataTable)
        assert listing.has_focus  # nothing to resume: the formats have the focus
        names = list(screen.formats)
        await pilot.press(*["down"] * names.index("spiegelgesprek"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, TitlePrompt)
        await pilot.press("enter")  # an empty title is refused
        assert isinstance(app.screen, TitlePrompt)
        assert "titel" in str(app.screen.query_one("#title-error", Static).render())
        await pilot.press(*"Gesprek Zuid", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        path = app.screen.path
    today = dt.date.today()
    assert path.parent == folder and path.name.startswith(f"{today.isoformat()}-spiegelgesprek-")
    assert "zuid" not in path.name.lower()  # the title stays inside the file
    assert store.validate(path) == []
    session = store.load(path)
    assert (session.title, session.format, session.status) == (
        "Gesprek Zuid", "spiegelgesprek", Status.PLANNED)
    assert session.rules and session.language == "nl"
    assert path.stat().st_mode & 0o077 == 0


@pytest.mark.slow
async def test_a_taken_name_gets_a_number_and_escape_makes_nothing(
        tmp_path: Path, fake_clock: FakeClock) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    taken = write_session(folder, "buitenspiegel", "Casus Noord", dt.date.today())
    before = taken.read_bytes()
    app = app_for(folder, fake_clock, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        assert "Sessions" in str(screen.query_one(".start-heading", Static).render())
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TitlePrompt)
        await pilot.press(*"weg ermee", "escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert sorted(folder.iterdir()) == [taken]
        first = next(iter(screen.formats))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Casus Noord", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    (second,) = set(folder.glob("*.toml")) - {taken}
    assert second.name.startswith(f"{today_stem()}-{first}-") and "noord" not in second.name
    assert taken.read_bytes() == before
    session = store.load(second)
    assert (session.format, session.language, session.id) == (first, "en", second.stem)


def today_stem() -> str:
    return dt.date.today().isoformat()


async def test_listing_runs_in_a_worker_and_keys_work_meanwhile(
        tmp_path: Path, fake_clock: FakeClock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "sessions"
    three_sessions(folder)
    release = threading.Event()
    real_sessions = SessionsFolder.sessions

    def slow_sessions(self: SessionsFolder) -> list[Entry]:
        assert release.wait(5)
        return real_sessions(self)

    monkeypatch.setattr(SessionsFolder, "sessions", slow_sessions)
    app = app_for(folder, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        table = screen.query_one("#start-sessions", DataTable)
        assert table.row_count == 0  # still reading: the screen is up and answers keys
        await pilot.press("tab")
        assert screen.query_one("#start-formats", DataTable).has_focus
        release.set()
        await loaded(pilot, app)
        assert table.row_count == 4


async def test_a_broken_team_format_keeps_the_others_and_shows_its_line(
        tmp_path: Path, repo_root: Path, fake_clock: FakeClock) -> None:
    folder = tmp_path / "sessions"
    (folder / "formats").mkdir(parents=True)
    (folder / "formats" / "klantpanel.toml").write_bytes(
        (repo_root / "sessions" / "formats" / "klantpanel.toml").read_bytes())
    broken = folder / "formats" / "kapot.toml"
    broken.write_text('name = "kapot"\ntitle = \n', encoding="utf-8")
    app = app_for(folder, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        assert set(screen.formats) == set(builtin_formats()) | {"klantpanel"}
        names = [row[0] for row in rows(screen.query_one("#start-formats", DataTable))]
        assert "Klantpanel" in names and len(names) == 5
        shown = str(screen.query_one("#start-format-errors", Static).render()).strip()
        assert shown.startswith(f"{broken}:2: ") and "\n" not in shown


async def test_an_english_start_screen_names_its_keys_in_english(
        tmp_path: Path, fake_clock: FakeClock) -> None:
    app = app_for(tmp_path / "sessions", fake_clock, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        shown = {b.binding.description for b in screen.active_bindings.values()
                 if b.binding.show}
        assert {"Prepare", "Refresh", "Quit"} <= shown
        assert not shown & {"Voorbereiden", "Vernieuwen", "Stoppen", "Opslaan en stoppen"}
        await pilot.press("enter")  # the formats have the focus: a new session's title
        await pilot.pause()
        assert isinstance(app.screen, TitlePrompt)
        keys = {b.binding.id: b.binding for b in app.screen.active_bindings.values()}
        assert (keys["title.cancel"].description, keys["title.cancel"].tooltip) == (
            "Cancel", "Close without making a session")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


def test_dialogs_are_named_in_dutch_unless_english() -> None:
    dutch, english = TitlePrompt("Buitenspiegel"), TitlePrompt("Buitenspiegel", lang="en")
    assert isinstance(english, TitlePrompt) and type(english) is not TitlePrompt
    assert type(dutch) is TitlePrompt
    assert [b.description for b in type(dutch).BINDINGS] == ["Annuleren"]
    assert [b.description for b in type(english).BINDINGS] == ["Cancel"]
    assert type(TitlePrompt("x", "en")) is type(english)  # made once
