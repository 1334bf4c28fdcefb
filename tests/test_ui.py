"""The live console through Pilot: keys, the injected clock, notes on disk, merging."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Static

from spiegel_tui import store
from spiegel_tui.model import flow
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.session import NoteKind, Status
from spiegel_tui.ui.app import make_app
from spiegel_tui.ui.screens.modals import ActionScreen, ConfirmScreen, NoteEditScreen
from spiegel_tui.ui.screens.overlays import BlankScreen, ReminderScreen
from spiegel_tui.ui.screens.session import SessionScreen
from spiegel_tui.ui.widgets.clock import ClockPanel
from spiegel_tui.ui.widgets.rules import RulesPanel
from tests.conftest import FakeClock, edit_file, until

SIZE = (120, 35)


def make_session(tmp_path: Path, name: str = "buitenspiegel", **kwargs: object) -> Path:
    session = builtin_formats()[name].make_session(
        title="Casus Noord", date=dt.date(2026, 11, 22), start_time=dt.time(13, 0), **kwargs)
    path = tmp_path / f"{session.id}.toml"
    store.save(session, path)
    return path


def app_for(path: Path, clock: FakeClock, **kwargs: object):  # type: ignore[no-untyped-def]
    return make_app(path, clock=clock, autosave_delay=0.05, poll_interval=0.1, **kwargs)


async def settle(pilot, app) -> None:  # type: ignore[no-untyped-def]
    """Let the debounced save run and finish."""
    await pilot.pause()
    await until(pilot, lambda: app.live is None or not app.live.dirty, message="the save")
    await pilot.pause()


def screen(app) -> SessionScreen:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, SessionScreen)
    return app.screen


@pytest.mark.slow
async def test_flow_reaches_the_first_question_and_the_end(tmp_path: Path,
                                                           fake_clock: FakeClock) -> None:
    app = app_for(make_session(tmp_path), fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown", "pagedown")
        current = app.screen.query_one("#question-current").render()
        assert "Hoe was u aanwezig (sterkte, tijdigheid)?" in str(current)
        position = flow.current_position(screen(app).session)
        assert (position.step, position.question) == ("bespreking-present", "aanwezigheid")
        await pilot.press(*["pagedown"] * 20)
        assert flow.current_position(screen(app).session).step == "afsluiting"
        await pilot.press("pageup")
        assert flow.current_position(screen(app).session).question == "gezamenlijk"
        await pilot.press("f7")
        assert flow.current_position(screen(app).session).question == "bevoegd"


async def test_clock_starts_pauses_and_goes_into_overtime(tmp_path: Path,
                                                          fake_clock: FakeClock) -> None:
    path = make_session(tmp_path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        assert screen(app).session.status is Status.RUNNING
        fake_clock.advance(minutes=4)
        screen(app).tick()
        panel = app.screen.query_one(ClockPanel)
        assert panel.has_class("-calm")
        assert str(panel.query_one("#clock-digits").value) == "06:00"
        fake_clock.advance(minutes=5)
        screen(app).tick()
        assert panel.has_class("-warning")
        fake_clock.advance(minutes=3)  # 12 minutes into a 10-minute step
        screen(app).tick()
        assert panel.has_class("-over")
        assert str(panel.query_one("#clock-digits").value) == "+02:00"
        info = str(panel.query_one("#clock-info").render())
        assert "+02:00" in info and "15:32" in info  # drift, projected end
        await pilot.press("f5")
        fake_clock.advance(minutes=30)  # a pause does not count
        await settle(pilot, app)
    welkom = store.load(path).agenda[0]
    assert welkom.elapsed_s == 12 * 60 and store.load(path).status is Status.PAUSED


@pytest.mark.slow
async def test_note_typed_is_on_disk(tmp_path: Path, fake_clock: FakeClock) -> None:
    path = make_session(tmp_path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.press(*"! te laat #tijd", "enter")
        await settle(pilot, app)
        (note,) = store.load(path).notes
        assert (note.kind, note.text, note.tags) == (NoteKind.CRITICAL, "te laat #tijd", ["tijd"])
        assert (note.step, note.question) == ("bespreking-present", "aanwezigheid")
        assert note.at == fake_clock()
        assert len(app.screen.query("NoteItem")) == 1


@pytest.mark.slow
async def test_edit_note_and_turn_it_into_an_action(tmp_path: Path,
                                                    fake_clock: FakeClock) -> None:
    path = make_session(tmp_path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"eerst zo", "enter")
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, NoteEditScreen)
        edit = app.screen.query_one("#edit-text")
        edit.value = "> beter zo"
        await pilot.press("enter")
        await pilot.press("ctrl+t")
        assert isinstance(app.screen, ActionScreen)
        app.screen.query_one("#action-owner").value = "Teamleider"
        app.screen.query_one("#action-due").value = "2026-12-15"
        await pilot.click("#save")
        await settle(pilot, app)
    session = store.load(path)
    (note,) = session.notes
    assert (note.kind, note.text) == (NoteKind.ADVICE, "beter zo")
    (action,) = session.actions
    assert (action.text, action.owner, action.due, action.note) == (
        "beter zo", "Teamleider", dt.date(2026, 12, 15), note.id)


@pytest.mark.slow
async def test_rules_shown_for_fishbowl_toggle_and_reminder(tmp_path: Path,
                                                            fake_clock: FakeClock) -> None:
    path = make_session(tmp_path, "spiegelgesprek")
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        rules = app.screen.query_one(RulesPanel)
        shown = str(rules.query_one("#rules-text", Static).render())
        assert rules.display and "Toehoorders luisteren alleen" in shown
        await pilot.press("f2")
        assert not rules.display
        await pilot.press("f3")
        assert isinstance(app.screen, ReminderScreen)
        await pilot.press("x")
        assert isinstance(app.screen, SessionScreen)
        await settle(pilot, app)
    assert store.load(path).rule_reminders == 1


@pytest.mark.slow
async def test_blank_screen_and_any_key_returns(tmp_path: Path, fake_clock: FakeClock) -> None:
    app = app_for(make_session(tmp_path), fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        assert isinstance(app.screen, BlankScreen)
        await pilot.press("space")
        assert isinstance(app.screen, SessionScreen)
        await pilot.press(".")  # a clicker's blank key in the empty note input
        assert isinstance(app.screen, BlankScreen)
        await pilot.press("pagedown")
        assert isinstance(app.screen, SessionScreen)


async def test_break_screen(tmp_path: Path, fake_clock: FakeClock) -> None:
    path = make_session(tmp_path, "digitale-spiegelsessie")
    session = store.load(path)
    flow.go_to(session, flow.Position("pauze-1"), fake_clock())
    flow.start(session, fake_clock())
    store.save(session, path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        fake_clock.advance(minutes=3)
        screen(app).tick()
        panel = app.screen.query_one(ClockPanel)
        assert panel.has_class("-break")
        assert "Pauze — terug om 13:10" in str(panel.query_one("#clock-label").render())
        await pilot.pause()


@pytest.mark.slow
async def test_finish_and_quit(tmp_path: Path, fake_clock: FakeClock) -> None:
    path = make_session(tmp_path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        fake_clock.advance(minutes=2)
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await pilot.press(*"laatste", "enter")
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    session = store.load(path)
    assert session.status is Status.FINISHED and session.clock is None
    assert session.agenda[0].elapsed_s == 120
    assert [n.text for n in session.notes] == ["laatste"]
    assert store.validate(path) == []


@pytest.mark.slow
async def test_f5_after_finishing_asks_before_reopening(tmp_path: Path,
                                                        fake_clock: FakeClock) -> None:
    path = make_session(tmp_path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5", "ctrl+f")
        await pilot.click("#yes")
        await pilot.pause()
        label = app.screen.query_one("#clock-label", Static)
        assert "sessie afgerond" in str(label.render())
        await pilot.press("f5")  # a stray clicker press
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#no")
        await pilot.pause()
        assert screen(app).session.status is Status.FINISHED
        assert screen(app).session.clock is None
        await pilot.press("f5")
        await pilot.click("#yes")
        await pilot.pause()
        assert screen(app).session.status is Status.RUNNING
        await pilot.press("ctrl+q")


@pytest.mark.slow
async def test_hidden_scribe_pane_keeps_taking_notes(tmp_path: Path,
                                                     fake_clock: FakeClock) -> None:
    path = make_session(tmp_path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        pane = app.screen.query_one("#scribe")
        assert pane.region.width == 0  # nothing of it on the projector
        await pilot.press(*"verborgen", "enter")
        await settle(pilot, app)
        assert [n.text for n in store.load(path).notes] == ["verborgen"]
        await pilot.press("f4")
        assert pane.region.width > 0
        assert len(app.screen.query("NoteItem")) == 1


@pytest.mark.slow
async def test_no_rules_panel_without_rules_and_no_drift_before_the_start(
        tmp_path: Path, fake_clock: FakeClock) -> None:
    app = app_for(make_session(tmp_path), fake_clock)  # a buitenspiegel: no spelregels
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        assert not app.screen.query_one(RulesPanel).display
        await pilot.press(*["pagedown"] * 6)  # looking ahead before the clock runs
        info = str(app.screen.query_one("#clock-info", Static).render())
        assert "Op schema" in info and "Verwacht einde 15:30" in info, info


@pytest.mark.slow
async def test_notes_from_outside_are_merged_not_overwritten(tmp_path: Path,
                                                              fake_clock: FakeClock) -> None:
    path = make_session(tmp_path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"van de notulist", "enter")
        await settle(pilot, app)
        edit_file(path, lambda s: flow.add_note(s, "+ van buiten", fake_clock()))
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        texts = [n.text for n in screen(app).session.notes]
        assert texts == ["van de notulist", "van buiten"]
        assert len(app.screen.query("NoteItem")) == 2
        await pilot.press(*"nog een", "enter")
        await pilot.press("ctrl+q")
    session = store.load(path)
    assert [n.text for n in session.notes] == ["van de notulist", "van buiten", "nog een"]
    assert len({n.id for n in session.notes}) == 3


@pytest.mark.slow
async def test_a_note_from_outside_before_ours_is_saved_keeps_the_list(
        tmp_path: Path, fake_clock: FakeClock) -> None:
    """An outside note lands while ours is still unsaved: the merge renumbers and reorders
    the step's notes, and the list is rebuilt with all of them (it went blank once)."""
    path = make_session(tmp_path)
    app = make_app(path, clock=fake_clock, autosave_delay=1.0, poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "enter")
        edit_file(path, lambda s: flow.add_note(s, "extern", fake_clock()))
        await pilot.press("2", "enter")
        await until(pilot, lambda: len(screen(app).session.notes) == 3, message="the merge")
        await pilot.pause()
        notes = screen(app).session.notes
        assert sorted(n.text for n in notes) == ["1", "2", "extern"]
        shown = [item.note_id for item in app.screen.query("NoteItem")]
        assert shown == [n.id for n in notes]
        assert not app.screen.query_one("#notes-empty").display
        await pilot.press("ctrl+q")
    assert sorted(n.text for n in store.load(path).notes) == ["1", "2", "extern"]


@pytest.mark.slow
async def test_reopening_continues_the_clock(tmp_path: Path, fake_clock: FakeClock) -> None:
    path = make_session(tmp_path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        fake_clock.advance(minutes=3)
        await settle(pilot, app)
    # the console is gone (as after a crash); five minutes later it opens again
    fake_clock.advance(minutes=5)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        digits = app.screen.query_one("#clock-digits")
        assert str(digits.value) == "02:00"  # 10 planned, 8 run
        assert app.screen.query_one(ClockPanel).has_class("-warning")


@pytest.mark.slow
async def test_a_failing_save_keeps_the_note_and_retries(tmp_path: Path, fake_clock: FakeClock,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_session(tmp_path)
    before = path.read_bytes()
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        real = store.os.replace

        def full(*args: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(store.os, "replace", full)
        await pilot.press(*"bewaren", "enter")
        await until(pilot, lambda: app.live.error is not None, message="the failed save")
        assert path.read_bytes() == before
        assert [n.text for n in screen(app).session.notes] == ["bewaren"]
        monkeypatch.setattr(store.os, "replace", real)
        # retried on a timer: no key needed
        await until(pilot, lambda: [n.text for n in store.load(path).notes] == ["bewaren"],
                    message="the retried save")
        await pilot.press("ctrl+q")
    assert [n.text for n in store.load(path).notes] == ["bewaren"]


async def test_english_and_narrow_screen(tmp_path: Path, fake_clock: FakeClock) -> None:
    app = app_for(make_session(tmp_path, lang="en"), fake_clock, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        assert not app.screen.query_one("#agenda").display
        label = str(app.screen.query_one("#clock-label").render())
        assert "clock stopped" in label
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert "How were you present" in str(app.screen.query_one("#question-current").render())


async def test_ticker_text_redraws_only_on_change_and_lays_out_only_on_new_length() -> None:
    from textual.app import App

    from spiegel_tui.ui.widgets.ticker import TickerText

    calls: list[tuple[str, bool]] = []

    class Probe(TickerText):
        def update(self, content: object = "", *, layout: bool = True) -> None:
            calls.append((str(content), layout))
            super().update(content, layout=layout)  # type: ignore[arg-type]

    class One(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Probe()

    app = One()
    async with app.run_test():
        probe = app.query_one(Probe)
        calls.clear()
        for text in ("13:59", "13:59", "14:00", "Uitloop +1:00:00", "Uitloop +1:00:01"):
            probe.show_text(text)
    assert calls == [("13:59", True), ("14:00", False), ("Uitloop +1:00:00", True),
                     ("Uitloop +1:00:01", False)]


def test_a_note_is_shown_exactly_as_typed() -> None:
    """No markup: brackets stay brackets, a trailing backslash stays single, tags stand out."""
    from spiegel_tui.model.session import Note
    from spiegel_tui.ui.widgets.notes import NoteItem

    typed = r"[b]niet vet[/b] en een pad C:\map\ #tag aan het eind \\"
    note = Note(id="n-0001", at=dt.datetime(2026, 11, 22, 13, 0, tzinfo=dt.UTC),
                step="welkom", text=typed)
    _, text = NoteItem.render_note(note)
    assert text.plain == typed
    assert [text.plain[span.start:span.end] for span in text.spans] == ["#tag"]


@pytest.mark.slow
async def test_a_long_note_wraps_in_its_input_and_is_kept_whole(tmp_path: Path,
                                                                  fake_clock: FakeClock) -> None:
    """A long note wraps in its input, which grows to four lines and then scrolls; the
    cursor stays in view, and the whole text becomes the note."""
    path = make_session(tmp_path)
    app = app_for(path, fake_clock)
    typed = "een lange notitie " * 6
    more = "en nog veel langer " * 20
    async with app.run_test(size=SIZE) as pilot:
        note_input = app.screen.query_one("#note-input")
        await pilot.press(*typed)
        await pilot.pause()
        assert note_input.value == typed
        assert note_input.size.height > 1  # wrapped, not scrolled out of sight
        assert note_input.region.contains_point(note_input.cursor_screen_offset)
        note_input.insert(more)  # pasted: pressing 380 keys takes the Pilot 25 s
        await pilot.press(*"!")
        await pilot.pause()
        assert note_input.size.height == 4
        assert note_input.scroll_offset.y > 0
        assert note_input.region.contains_point(note_input.cursor_screen_offset)
        await pilot.press("enter")
        await settle(pilot, app)
    assert [n.text for n in store.load(path).notes] == [(typed + more + "!").strip()]


@pytest.mark.slow
async def test_the_palette_speaks_the_sessions_language(tmp_path: Path,
                                                         fake_clock: FakeClock) -> None:
    for lang, theme, forward in (("nl", "Thema", "Verder"), ("en", "Theme", "Forward")):
        (tmp_path / lang).mkdir()
        app = app_for(make_session(tmp_path / lang, lang=lang), fake_clock, lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert theme in titles
            assert any(title.startswith(forward) for title in titles), titles
            if lang == "nl":
                assert not {"Theme", "Quit", "Keys", "Screenshot"} & set(titles)


@pytest.mark.slow
async def test_the_scribe_never_loses_a_keystroke(tmp_path: Path, fake_clock: FakeClock) -> None:
    path = make_session(tmp_path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"eerste", "enter")
        await pilot.press("tab")  # focus on the notes list, on purpose or not
        await pilot.pause()
        assert app.focused is not app.screen.query_one("#note-input")
        await pilot.press(*"als de cliënt belt", "enter")
        await pilot.press(*"les: altijd terugbellen", "enter")
        await settle(pilot, app)
        notes = store.load(path).notes
        assert [(n.kind.value, n.text) for n in notes] == [
            ("note", "eerste"), ("note", "als de cliënt belt"), ("lesson", "altijd terugbellen")]
        await pilot.press("tab", "escape")  # Esc in the list: back to typing
        assert app.focused is app.screen.query_one("#note-input")
        await pilot.press("ctrl+q")


@pytest.mark.slow
async def test_a_note_is_stamped_where_its_first_character_was_typed(
        tmp_path: Path, fake_clock: FakeClock) -> None:
    path = make_session(tmp_path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        first = flow.current_position(app.live.session)
        await pilot.press(*"begonnen bij de eerste stap")
        await pilot.press("pagedown")  # the facilitator moves on while the scribe types
        await pilot.press(*" en afgemaakt", "enter")
        await settle(pilot, app)
        (note,) = store.load(path).notes
        assert note.text == "begonnen bij de eerste stap en afgemaakt"
        assert (note.step, note.question) == (first.step, first.question)  # type: ignore[union-attr]
        await pilot.press("ctrl+q")


@pytest.mark.slow
async def test_delete_a_note_and_undo_and_clearing_it_in_edit(
        tmp_path: Path, fake_clock: FakeClock) -> None:
    path = make_session(tmp_path)
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"weg ermee", "enter", *"blijft", "enter")
        await pilot.press("ctrl+d")  # the last note
        await settle(pilot, app)
        assert [n.text for n in store.load(path).notes] == ["weg ermee"]
        await pilot.press("ctrl+u")  # undo
        await settle(pilot, app)
        assert [n.text for n in store.load(path).notes] == ["weg ermee", "blijft"]
        await pilot.press("ctrl+r")  # edit the last note, clear its text
        await until(pilot, lambda: app.screen.query("#edit-text"), message="the edit box")
        app.screen.query_one("#edit-text").value = ""
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen",
                    message="the question")
        await pilot.click("#yes")
        await settle(pilot, app)
        await until(pilot, lambda: [n.text for n in store.load(path).notes] == ["weg ermee"],
                    message="the note deleted")
        await pilot.press("ctrl+q")
    assert store.load(path).deleted_notes == ["n-0002"]


@pytest.mark.slow
async def test_f3_again_reminds_the_next_rule(tmp_path: Path, fake_clock: FakeClock) -> None:
    path = make_session(tmp_path, "spiegelgesprek")
    app = app_for(path, fake_clock)
    async with app.run_test(size=SIZE) as pilot:
        rules = [rule.text for rule in app.live.session.rules]
        await pilot.press("f3")
        await until(pilot, lambda: type(app.screen).__name__ == "ReminderScreen", message="1")
        assert app.screen.query_one("#reminder-text").text == rules[0]
        assert app.live.room.reminder == 0
        await pilot.press("space")
        await until(pilot, lambda: app.live.room.reminder is None, message="closed")
        await pilot.press("f3")
        await until(pilot, lambda: type(app.screen).__name__ == "ReminderScreen", message="2")
        assert app.screen.query_one("#reminder-text").text == rules[1]
        assert app.live.room.reminder == 1
        await pilot.press("space", "ctrl+q")
