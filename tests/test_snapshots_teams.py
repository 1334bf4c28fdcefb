"""SVG snapshot of "De Uitwerking" of a digitale spiegelsessie at 80x24 and 160x45: each
team's brievenbus, grouped compliment / kritische noot / advies (issue 13). Regenerate with
``--snapshot-update`` after a deliberate change, and LOOK at the SVGs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.model import flow
from spiegel_tui.model.session import Team
from tests.conftest import FakeClock
from tests.test_snapshots import SIZES, console, make, play, steady


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.slow
def test_digitale_spiegelsessie_uitwerking(snap_compare: Callable[..., bool], tmp_path: Path,
                                           fake_clock: FakeClock, size: tuple[int, int]) -> None:
    path = make(tmp_path, "digitale-spiegelsessie", "Herstelgericht werken")
    session = store.load(path)
    session.teams = [Team(name="GGZ Noord", theme="Ervaringsdeskundigheid"),
                     Team(name="Lentis", theme="Naasten betrekken")]
    store.save(session, path)
    play(path, fake_clock, flow.Position("uitwerking"), notes={
        "thema1-snelkookpan": ["+ Ervaringsdeskundigen zitten echt aan tafel",
                               "@GGZ ! te weinig naasten betrokken",
                               "@ggz > Nodig naasten uit bij de intake"],
        "thema2-snelkookpan": ["+ Heldere familiekamer", "! Wachtlijst voor naasten",
                               "> Start een naastencafé met ervaringsdeskundigen"],
    })
    session = store.load(path)
    assert [n.team for n in session.notes] == ["Lentis", "GGZ Noord", "GGZ Noord",
                                               "GGZ Noord", "GGZ Noord", "GGZ Noord"]
    fake_clock.advance(minutes=2)
    assert snap_compare(console(path, fake_clock), terminal_size=size, run_before=steady)
