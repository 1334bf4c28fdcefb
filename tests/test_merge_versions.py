"""merge_versions, the three-way merge behind the git merge driver: additions on both
sides kept and renumbered with their references, real conflicts reported and both texts
kept, the result always valid; and the driver never writes what it cannot merge."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from spiegel_tui import gitdrivers, store
from spiegel_tui.model import flow
from spiegel_tui.model.formats import builtin_formats
from spiegel_tui.model.merge import merge_versions
from spiegel_tui.model.session import Action, Session, reference_problems
from spiegel_tui.model.tomlfile import dumps, loads

TZ = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 11, 22, 13, 0, tzinfo=TZ)


def base() -> Session:
    session = builtin_formats()["buitenspiegel"].make_session(
        title="Casus", date=dt.date(2026, 11, 22), session_id="s")
    flow.add_note(session, "gedeeld", NOW, step="welkom")
    return session


def copy(session: Session) -> Session:
    return loads(dumps(session))


def test_additions_on_both_sides_are_kept_and_renumbered() -> None:
    ours, theirs = copy(base()), copy(base())
    for side, who in ((ours, "ons"), (theirs, "hun")):
        for index in range(3):
            flow.add_note(side, f"{who} {index}", NOW, step="casus")
        side.actions.append(Action(id=side.next_action_id(), text=f"actie {who}",
                                   note=side.notes[-1].id))
    merged, conflicts = merge_versions(base(), ours, theirs)
    assert conflicts == []
    assert not reference_problems(merged)
    texts = {n.id: n.text for n in merged.notes}
    assert len(texts) == 7 and sorted(texts.values()) == sorted(
        ["gedeeld"] + [f"{w} {i}" for w in ("ons", "hun") for i in range(3)])
    assert {a.text: texts[a.note] for a in merged.actions} == {"actie ons": "ons 2",
                                                               "actie hun": "hun 2"}


def test_the_same_note_changed_differently_keeps_both_texts_marked() -> None:
    ours, theirs = copy(base()), copy(base())
    ours.notes[0] = ours.notes[0].model_copy(update={"text": "zo"})
    theirs.notes[0] = theirs.notes[0].model_copy(update={"text": "anders"})
    merged, conflicts = merge_versions(base(), ours, theirs)
    assert merged.notes[0].text == "<<<<<<< ours\nzo\n=======\nanders\n>>>>>>> theirs"
    assert conflicts == ["notes.n-0001.text: changed on both sides; both texts kept, marked"]
    assert loads(dumps(merged)) == merged  # it validates as a file


def test_one_side_changing_a_note_is_no_conflict() -> None:
    ours, theirs = copy(base()), copy(base())
    theirs.notes[0] = theirs.notes[0].model_copy(update={"text": "beter"})
    ours.step("casus").elapsed_s = 600
    merged, conflicts = merge_versions(base(), ours, theirs)
    assert conflicts == [] and merged.notes[0].text == "beter"
    assert merged.step("casus").elapsed_s == 600


def test_ciphertext_is_never_combined() -> None:
    ours, theirs = copy(base()), copy(base())
    ours.notes[0] = ours.notes[0].model_copy(update={"text": "age:00000000:QUFB"})
    theirs.notes[0] = theirs.notes[0].model_copy(update={"text": "age:11111111:QkJC"})
    merged, conflicts = merge_versions(base(), ours, theirs,
                                       can_mark=lambda text: not text.startswith("age:"))
    assert merged.notes[0].text == "age:00000000:QUFB"
    assert conflicts == ["notes.n-0001.text: changed on both sides; ours kept"]


def test_the_driver_leaves_ours_when_a_version_is_broken(tmp_path: Path) -> None:
    paths = {}
    for name, text in (("base", dumps(base())), ("ours", dumps(base())),
                       ("theirs", "schema_version = 1\ntitle = [\n")):
        paths[name] = tmp_path / name
        paths[name].write_text(text, encoding="utf-8")
    before = paths["ours"].read_bytes()
    assert gitdrivers.merge_driver(str(paths["base"]), str(paths["ours"]),
                                   str(paths["theirs"]), "sessions/s.toml") == 1
    assert paths["ours"].read_bytes() == before
    assert store.validate(paths["ours"]) == []
