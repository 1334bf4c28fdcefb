"""Participants' posts (``spiegel serve``): the moderation queue in the model, the live
session, the merge, and the facilitator's queue in the console (Pilot)."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from spiegel_tui import store
from spiegel_tui.live import LiveSession
from spiegel_tui.model import posts
from spiegel_tui.model.merge import merge_sessions
from spiegel_tui.model.session import NoteKind, Session, Team
from spiegel_tui.model.tomlfile import dumps
from spiegel_tui.ui.app import make_app
from spiegel_tui.ui.screens.posts import PostsScreen
from spiegel_tui.ui.screens.session import SessionScreen
from tests.conftest import FakeClock, new_session, until, wait_for

T0 = dt.datetime(2026, 11, 22, 13, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def two_teams() -> Session:
    session = new_session("digitale-spiegelsessie", "Uitwisseling")
    session.teams = [Team(name="GGZ Noord"), Team(name="Lentis")]
    return session


def test_a_post_is_checked_field_by_field() -> None:
    session = two_teams()
    with pytest.raises(posts.PostError) as bad:
        posts.add_post(session, "goed gedaan", "praise", "Lentis", T0)
    assert bad.value.field == "kind"
    with pytest.raises(posts.PostError) as bad:
        posts.add_post(session, "goed gedaan", "compliment", None, T0)
    assert bad.value.field == "team"
    with pytest.raises(posts.PostError) as bad:
        posts.add_post(session, "goed gedaan", "compliment", "Dimence", T0)
    assert bad.value.field == "team"
    with pytest.raises(posts.PostError) as bad:
        posts.add_post(session, "  \r\n ", "advice", "Lentis", T0)
    assert bad.value.field == "text"
    with pytest.raises(posts.PostError):
        posts.add_post(session, "x" * 2001, "advice", "Lentis", T0)
    assert session.posts == []
    post = posts.add_post(session, "line\r\nnext", "compliment", "lent", T0)
    assert (post.id, post.team, post.text, post.kind) == (
        "p-0001", "Lentis", "line\nnext", NoteKind.COMPLIMENT)


def test_a_question_needs_no_team_and_no_teams_need_none() -> None:
    session = new_session("spiegelgesprek")
    post = posts.add_post(session, "Hoe vond u het wachten?", "question", None, T0)
    assert post.team is None and post.kind is NoteKind.QUESTION
    assert posts.offered_kinds(session)[0] is NoteKind.QUESTION


def test_reveal_makes_a_note_reject_and_merge_leave_only_ids() -> None:
    session = two_teams()
    first = posts.add_post(session, "+ not a marker", "compliment", "GGZ", T0)
    second = posts.add_post(session, "geheim van een cliënt", "critical", "Lentis", T0)
    third = posts.add_post(session, "+ not a marker", "compliment", "GGZ", T0)
    note = posts.reveal(session, first.id, T0)
    assert note is not None and (note.kind, note.team, note.text) == (
        NoteKind.COMPLIMENT, "GGZ Noord", "+ not a marker")  # the text exactly as posted
    assert posts.reject(session, second.id)
    assert posts.merge_into(session, third.id, first.id) is False  # first is gone already
    fourth = posts.add_post(session, "dubbel", "advice", "Lentis", T0)
    assert posts.merge_into(session, third.id, fourth.id)
    assert [p.id for p in session.posts] == [fourth.id]
    assert session.handled_posts == [first.id, second.id, third.id]
    text = dumps(Session.model_validate(session.model_dump()))
    assert "geheim" not in text  # a rejected post leaves no text in the file
    assert posts.add_post(session, "nog een", "advice", "Lentis", T0).id == "p-0005"


def test_merge_keeps_posts_from_both_sides_and_drops_the_handled() -> None:
    base = two_teams()
    posts.add_post(base, "eerste", "advice", "Lentis", T0)
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    posts.reject(ours, "p-0001")  # the console rejected it ...
    posts.add_post(theirs, "tweede", "advice", "Lentis", T0)  # ... while the server took one
    merged = merge_sessions(base, ours, theirs)
    assert [p.text for p in merged.posts] == ["tweede"]
    assert merged.handled_posts == ["p-0001"]
    again = merge_sessions(base, theirs, ours)
    assert [p.text for p in again.posts] == ["tweede"] and again.handled_posts == ["p-0001"]


def test_many_posters_at_once_each_post_once_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store.save(two_teams(), path)
    live = LiveSession.open(path)
    try:
        def poster(n: int) -> None:
            for i in range(10):
                live.add_post(f"post {n}-{i}", "advice", "Lentis")

        threads = [threading.Thread(target=poster, args=(n,)) for n in range(12)]
        for thread in threads:
            thread.start()
        for i in range(20):
            live.add_note(f"typed {i}")
        for thread in threads:
            thread.join()
    finally:
        live.close()
    saved = store.load(path)
    texts = sorted(p.text for p in saved.posts)
    assert texts == sorted(f"post {n}-{i}" for n in range(12) for i in range(10))
    assert len({p.id for p in saved.posts}) == 120
    assert len([n for n in saved.notes if n.text.startswith("typed")]) == 20


@pytest.mark.slow
async def test_the_console_counts_posts_and_reveals_rejects_them(
        tmp_path: Path, fake_clock: FakeClock) -> None:
    path = tmp_path / "s.toml"
    store.save(two_teams(), path)
    app = make_app(path, clock=fake_clock, autosave_delay=0.05, poll_interval=0.1)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        with LiveSession.open(path) as server:  # spiegel serve, another process's view
            server.add_post("<b>zichtbaar</b> [red]x[/red]", "compliment", "Lentis")
            server.add_post("weg ermee", "critical", "GGZ")
        await until(pilot, lambda: len(screen.session.posts) == 2, message="posts merged in")
        await until(pilot, lambda: "✉ 2" in str(screen.query_one("#topbar-status").render()),
                    message="the count")
        await pilot.press("ctrl+g")
        await until(pilot, lambda: isinstance(app.screen, PostsScreen), message="the queue")
        await pilot.press("enter")  # reveal the first
        await until(pilot, lambda: any(n.text == "<b>zichtbaar</b> [red]x[/red]"
                                       for n in screen.session.notes), message="revealed")
        await pilot.press("x")  # reject the second
        await until(pilot, lambda: not screen.session.posts, message="rejected")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, message="closed")
        await pilot.press("ctrl+q")
    wait_for(lambda: "weg ermee" not in path.read_text(encoding="utf-8"))
    saved = store.load(path)
    assert saved.handled_posts == ["p-0001", "p-0002"] and saved.posts == []
    note = saved.notes[-1]
    assert (note.kind, note.team) == (NoteKind.COMPLIMENT, "Lentis")


def test_a_revealed_script_post_is_escaped_in_the_reports(tmp_path: Path) -> None:
    from spiegel_tui.cli import main

    path = tmp_path / "s.toml"
    store.save(two_teams(), path)
    script = "<script>alert(1)</script>"
    with LiveSession.open(path) as live:
        live.reveal_post(live.add_post(script, "advice", "Lentis").id)
    for kind in ("report", "letter", "plan"):
        out = tmp_path / f"{kind}.html"
        assert main(["export", str(path), "--as", kind, "--to", "html", "-o", str(out)]) == 0
        html = out.read_text(encoding="utf-8")
        assert script not in html, kind
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (tmp_path / "report.html").read_text(
        encoding="utf-8")


@pytest.mark.slow
async def test_ctrl_l_shows_the_participants_link_first_as_a_qr_code(
        tmp_path: Path, fake_clock: FakeClock) -> None:
    from textual.widgets import Static

    from spiegel_tui.ui.screens.links import LinksScreen
    from spiegel_tui.web.tokens import write_links

    path = tmp_path / "s.toml"
    store.save(two_teams(), path)
    app = make_app(path, clock=fake_clock, autosave_delay=0.05, poll_interval=0.1)
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.press("ctrl+l")
        await until(pilot, lambda: isinstance(app.screen, LinksScreen), message="links")
        assert "spiegel serve" in str(app.screen.query_one("#links-role", Static).render())
        await pilot.press("escape")
        write_links(path, {"projector": "http://h:1/projector?token=P",
                           "scribe": "http://h:1/scribe?token=S",
                           "participant": "http://h:1/post?token=Q"})
        await pilot.press("ctrl+l")
        await until(pilot, lambda: isinstance(app.screen, LinksScreen), message="links")
        url = app.screen.query_one("#links-url", Static)
        assert "post?token=Q" in str(url.render())
        assert "█" in str(app.screen.query_one("#links-qr", Static).render())
        await pilot.press("tab")
        assert "projector?token=P" in str(url.render())


@pytest.mark.parametrize("handled_on", ["ours", "theirs"])
def test_a_post_id_taken_on_both_sides_keeps_both_posts(handled_on: str) -> None:
    base = two_teams()
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    handler, other = (ours, theirs) if handled_on == "ours" else (theirs, ours)
    gone = posts.add_post(handler, "geweigerd", "advice", "Lentis", T0)
    posts.reject(handler, gone.id)
    kept = posts.add_post(other, "wacht nog", "advice", "Lentis", T0)
    assert gone.id == kept.id == "p-0001"  # two servers on one file, or a git merge
    merged = merge_sessions(base, ours, theirs)
    assert [p.text for p in merged.posts] == ["wacht nog"]
    assert len(merged.handled_posts) == 1
    assert merged.handled_posts[0] not in {p.id for p in merged.posts}


def test_the_privacy_check_reads_the_queued_posts() -> None:
    from spiegel_tui.vcs import privacy_findings

    session = two_teams()
    posts.add_post(session, "bel me op 06-12345678", "advice", "Lentis", T0)
    found = [str(finding) for finding in privacy_findings(session)]
    assert found == ["post p-0001 holds a phone number"] or (
        found and all(f.startswith("post p-0001 holds") for f in found)), found
