"""The three-way merge (model/merge.py): pure data, no files."""

from __future__ import annotations

import datetime as dt

from spiegel_tui.model import flow
from spiegel_tui.model.merge import merge_sessions
from tests.conftest import TZ, new_session

T0 = dt.datetime(2026, 11, 22, 13, 0, 0, tzinfo=TZ)


def test_merge_keeps_our_edit_and_their_deletion() -> None:
    base = new_session()
    flow.add_note(base, "een", T0)
    flow.add_note(base, "twee", T0)
    ours = base.model_copy(deep=True)
    ours.notes[0] = ours.notes[0].model_copy(update={"text": "een, verbeterd"})
    theirs = base.model_copy(deep=True)
    del theirs.notes[1]
    theirs.deleted_notes.append("n-0002")  # deleted on purpose
    merged = merge_sessions(base, ours, theirs)
    assert [n.text for n in merged.notes] == ["een, verbeterd"]
    assert merged.deleted_notes == ["n-0002"]


def test_a_note_missing_without_a_deletion_record_is_kept() -> None:
    """The other side lost it (a file put back by git): not a deletion."""
    base = new_session()
    flow.add_note(base, "een", T0)
    flow.add_note(base, "twee", T0)
    ours = base.model_copy(deep=True)
    theirs = base.model_copy(deep=True)
    del theirs.notes[1]
    merged = merge_sessions(base, ours, theirs)
    assert [n.text for n in merged.notes] == ["een", "twee"]


def test_a_note_new_in_theirs_survives_when_we_deleted_every_note() -> None:
    base = new_session()
    flow.add_note(base, "oud", T0)
    ours = base.model_copy(deep=True)
    ours.notes = []
    ours.deleted_notes = ["n-0001"]
    theirs = base.model_copy(deep=True)
    theirs.notes.append(theirs.notes[0].model_copy(update={"id": "n-0002", "text": "nieuw"}))
    merged = merge_sessions(base, ours, theirs)
    assert [n.text for n in merged.notes] == ["nieuw"]
