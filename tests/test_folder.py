"""The sessions folder service (spiegel_tui/folder.py), without the console."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.folder import SessionsFolder, find_format, free_path, load_formats
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import Action, ActionStatus, NoteKind, Status
from spiegel_tui.model.tomlfile import SessionError
from tests.conftest import write_session

DAY = dt.date(2026, 11, 22)


def klantpanel(repo_root: Path) -> bytes:
    return (repo_root / "sessions" / "formats" / "klantpanel.toml").read_bytes()


def test_a_broken_format_file_gives_its_line_and_the_others_load(
        tmp_path: Path, repo_root: Path) -> None:
    formats_dir = tmp_path / "formats"
    formats_dir.mkdir()
    (formats_dir / "klantpanel.toml").write_bytes(klantpanel(repo_root))
    (formats_dir / "kapot.toml").write_text('name = "kapot"\ntitle = \n', encoding="utf-8")
    (formats_dir / "leeg.toml").write_text('name = "leeg"\n', encoding="utf-8")
    formats, broken = SessionsFolder(tmp_path).formats()
    assert set(formats) == set(builtin_formats()) | {"klantpanel"}
    assert formats["klantpanel"].source == str(formats_dir / "klantpanel.toml")
    assert [str(error).split(":")[:2] for error in broken] == [
        [str(formats_dir / "kapot.toml"), "2"], [str(formats_dir / "leeg.toml"), "1"]]
    assert all("\n" not in str(error) for error in broken)
    # finding: a broken file of another format does not stand in the way
    assert find_format("klantpanel", tmp_path).name == "klantpanel"
    with pytest.raises(SessionError) as caught:
        find_format("kapot", tmp_path)
    assert caught.value.path == str(formats_dir / "kapot.toml") and caught.value.line == 2
    with pytest.raises(SessionError, match="unknown format 'nergens'"):
        find_format("nergens", tmp_path)


def test_no_folder_means_the_built_in_formats() -> None:
    assert load_formats(None) == (builtin_formats(), [])
    assert load_formats(Path("bestaat-niet")) == (builtin_formats(), [])
    assert find_format("buitenspiegel", None).source == "built-in"


def test_a_teams_format_of_a_built_in_name_replaces_it(tmp_path: Path) -> None:
    (tmp_path / "formats").mkdir()
    own = builtin_formats()["spiegelgesprek"].model_copy(update={"title": "Ons gesprek"})
    source = (Path(__file__).parents[1] / "spiegel_tui" / "formats" / "spiegelgesprek.toml")
    (tmp_path / "formats" / "spiegelgesprek.toml").write_text(
        source.read_text(encoding="utf-8").replace('title = "Spiegelgesprek"',
                                                   f'title = "{own.title}"'),
        encoding="utf-8")
    assert SessionsFolder(tmp_path).find_format("spiegelgesprek").title == "Ons gesprek"


def test_listing_newest_first_broken_last_other_files_left_out(tmp_path: Path) -> None:
    old = write_session(tmp_path, "spiegelgesprek", "Gesprek", dt.date(2026, 9, 17),
                        status=Status.FINISHED)
    new = write_session(tmp_path, "buitenspiegel", "Casus", DAY)
    (tmp_path / "kapot.toml").write_text("[[", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("geen sessie", encoding="utf-8")
    write_session(tmp_path / "formats", "buitenspiegel", "Geen sessie", DAY)
    entries = SessionsFolder(tmp_path).sessions()
    assert [(e.path, e.title, e.date, e.format, e.status) for e in entries[:2]] == [
        (new, "Casus", DAY, "buitenspiegel", "planned"),
        (old, "Gesprek", dt.date(2026, 9, 17), "spiegelgesprek", "finished")]
    broken = entries[2]
    assert (broken.path, broken.title, broken.date) == (tmp_path / "kapot.toml",
                                                        "kapot.toml", None)
    assert broken.error is not None and broken.error.startswith(f"{tmp_path / 'kapot.toml'}:1:")
    assert len(entries) == 3
    assert SessionsFolder(tmp_path / "nog-niet").sessions() == []


def test_creating_from_a_format_never_overwrites(tmp_path: Path) -> None:
    folder = SessionsFolder(tmp_path / "nieuw" / "sessions")
    fmt = folder.find_format("spiegelgesprek")
    first = folder.create_session(fmt, title="Gesprek Zuid", date=DAY, lang="en")
    assert first.parent == folder.path and first.name.startswith("2026-11-22-spiegelgesprek-")
    assert "zuid" not in first.name  # never named after the title
    assert first.stat().st_mode & 0o077 == 0
    session = store.load(first)
    assert (session.id, session.title, session.format, session.language, session.show_rules) == (
        first.stem, "Gesprek Zuid", "spiegelgesprek", "en", True)
    before = first.read_bytes()
    second = folder.create_session(fmt, title="Gesprek Zuid", date=DAY)
    assert second != first and second.parent == folder.path
    assert first.read_bytes() == before
    case = folder.create_session(fmt, title="Gesprek Zuid", date=DAY, code="Z-17")
    assert "z-17" in case.name.lower() and "zuid" not in case.name
    assert free_path(folder.path, DAY, "spiegelgesprek").name.startswith("2026-11-22-")


def test_creating_refuses_bad_input_and_writes_nothing(tmp_path: Path) -> None:
    folder = SessionsFolder(tmp_path)
    fmt = folder.find_format("buitenspiegel")
    with pytest.raises(SessionError, match="title"):
        folder.create_session(fmt, title="bel\x07", date=DAY)

    def refuse(session: object) -> None:
        raise SessionError("no questions in the file", path="vragen.txt")

    with pytest.raises(SessionError, match="no questions"):
        folder.create_session(fmt, title="Casus", date=DAY, fill=refuse)
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "bestand").write_text("", encoding="utf-8")
    with pytest.raises(SessionError, match="is not a folder"):
        SessionsFolder(tmp_path / "bestand").create_session(fmt, title="Casus", date=DAY)


def test_finding_a_session_by_id(tmp_path: Path) -> None:
    path = write_session(tmp_path, "buitenspiegel", "Casus", DAY)
    moved = tmp_path / "hernoemd.toml"
    other = write_session(tmp_path, "binnenspiegel", "Binnen", DAY)
    other.rename(moved)
    folder = SessionsFolder(tmp_path)
    assert folder.find(path.stem) == path
    assert folder.find(other.stem) == moved  # by the id inside, when the name differs
    assert folder.find("2026-01-01-nergens") is None


def test_closing_and_reopening_an_action_in_another_session(tmp_path: Path) -> None:
    earlier = write_session(tmp_path, "buitenspiegel", "Eerste", dt.date(2026, 10, 1),
                            organisation="Gemeente Oost",
                            actions=[Action(id="a-01", text="Casusregie vastleggen")])
    later = store.load(write_session(tmp_path, "buitenspiegel", "Tweede", DAY,
                                     organisation="Gemeente Oost"))
    folder = SessionsFolder(tmp_path)
    assert [(sid, a.id) for sid, a in folder.follow_ups(later)] == [(earlier.stem, "a-01")]
    assert folder.set_action_status(earlier.stem, "a-01", True) is ActionStatus.DONE
    assert store.load(earlier).actions[0].status is ActionStatus.DONE
    assert folder.follow_ups(later) == []
    assert folder.set_action_status(earlier.stem, "a-01", False) is ActionStatus.OPEN
    assert store.load(earlier).actions[0].status is ActionStatus.OPEN
    before = earlier.read_bytes()
    with pytest.raises(SessionError, match="no action 'a-09'"):
        folder.set_action_status(earlier.stem, "a-09", True)
    with pytest.raises(SessionError, match="no session"):
        folder.set_action_status("2026-01-01-nergens", "a-01", True)
    assert earlier.read_bytes() == before


def test_what_a_format_carries_is_declared_in_it(tmp_path: Path) -> None:
    formats = builtin_formats()
    assert formats["binnenspiegel"].carries == [NoteKind.LESSON, NoteKind.CRITICAL,
                                                NoteKind.ADVICE, NoteKind.AGREEMENT]
    assert [name for name, fmt in formats.items() if fmt.fishbowl] == ["spiegelgesprek"]
    (tmp_path / "formats").mkdir()
    (tmp_path / "formats" / "eigen.toml").write_text(
        'name = "eigen"\ntitle = "Eigen"\ndescription = "x"\ncarries = ["quote"]\n'
        'fishbowl = true\n[[agenda]]\nid = "a"\ntitle = "A"\nplanned_min = 5\n',
        encoding="utf-8")
    own = SessionsFolder(tmp_path).find_format("eigen")
    assert (own.carries, own.fishbowl) == ([NoteKind.QUOTE], True)
    (tmp_path / "formats" / "eigen.toml").write_text(
        'name = "eigen"\ntitle = "Eigen"\ndescription = "x"\ncarries = ["lol"]\n'
        '[[agenda]]\nid = "a"\ntitle = "A"\nplanned_min = 5\n', encoding="utf-8")
    _, broken = SessionsFolder(tmp_path).formats()
    assert len(broken) == 1 and broken[0].line == 4
