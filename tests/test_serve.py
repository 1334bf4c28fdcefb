"""``spiegel serve``'s pages in process (aiohttp's test client): tokens per role, the
participant form's replies, escaping, limits, nothing of the session without a token."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from spiegel_tui import store
from spiegel_tui.live import LiveSession
from spiegel_tui.model import flow
from spiegel_tui.model.session import Session, Team
from spiegel_tui.web import server as web_server
from spiegel_tui.web.server import Server
from spiegel_tui.web.tokens import Tokens, links_path, qr_lines, read_links, write_links
from tests.conftest import new_session

TITLE = "Casus Wijkteam Geheim"


def two_teams() -> Session:
    session = new_session("digitale-spiegelsessie", TITLE)
    session.teams = [Team(name="GGZ Noord"), Team(name="Lentis")]
    return session


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[TestClient, Tokens, LiveSession]]:
    path = tmp_path / "s.toml"
    store.save(two_teams(), path)
    live = LiveSession.open(path, follow_room=True)
    tokens = Tokens.new()
    client = TestClient(TestServer(Server(live, tokens, lang="nl").make_app()))
    await client.start_server()
    try:
        yield client, tokens, live
    finally:
        await client.close()
        live.close()


PAGES = ("/post", "/projector", "/scribe", "/events")


async def test_no_page_without_its_own_token_and_nothing_of_the_session(served) -> None:  # type: ignore[no-untyped-def]
    client, tokens, _ = served
    right = {"/post": "participant", "/projector": "projector", "/scribe": "scribe",
             "/events": "projector"}
    for page in PAGES:
        for token in ("", "nope", *(tokens.of(role) for role in
                                   ("projector", "scribe", "participant")
                                   if role != right[page]
                                   and not (page == "/events" and role == "participant"))):
            reply = await client.get(page, params={"token": token} if token else None)
            body = await reply.text()
            assert reply.status == 403, (page, token[:4])
            assert TITLE not in body and "Kennismaking" not in body
    reply = await client.post("/post", params={"token": tokens.projector},
                              data={"text": "x", "kind": "advice", "team": "Lentis"})
    assert reply.status == 403
    for token in ("nope", tokens.participant, tokens.projector):
        assert (await client.get(f"/scribe/ws/{token}")).status == 403


async def test_each_role_opens_its_page(served) -> None:  # type: ignore[no-untyped-def]
    client, tokens, _ = served
    page = await client.get("/post", params={"token": tokens.participant})
    assert page.status == 200
    html = await page.text()
    assert len(re.findall(r"<form method=\"post\"", html)) == 1
    assert 'name="text"' in html and 'name="kind"' in html and 'name="team"' in html
    assert page.headers["Referrer-Policy"] == "no-referrer"
    projector = await client.get("/projector", params={"token": tokens.projector})
    assert projector.status == 200 and "Kennismaking" in await projector.text()
    scribe = await client.get("/scribe", params={"token": tokens.scribe})
    assert scribe.status == 200 and f"/scribe/ws/{tokens.scribe}" in await scribe.text()


async def test_posting_answers_200_400_413_and_escapes(served) -> None:  # type: ignore[no-untyped-def]
    client, tokens, live = served
    token = {"token": tokens.participant}
    script = "<script>alert(1)</script>"
    reply = await client.post("/post", params=token,
                              data={"text": script, "kind": "critical", "team": "Lentis"})
    assert reply.status == 200
    assert script not in await reply.text()
    assert [p.text for p in live.session.posts] == [script]
    assert store.load(live.path).posts[0].text == script  # on disk when 200 came back
    for bad in ({"text": "x", "kind": "praise", "team": "Lentis"},
                {"text": "x", "kind": "advice"}, {"text": "x", "kind": "advice", "team": "Zz"},
                {"text": "   ", "kind": "advice", "team": "Lentis"}):
        assert (await client.post("/post", params=token, data=bad)).status == 400, bad
    long = await client.post("/post", params=token,
                             data={"text": "a" * 3000, "kind": "advice", "team": "Lentis"})
    assert long.status == 413
    huge = await client.post("/post", params=token,
                             data={"text": "a" * 200_000, "kind": "advice", "team": "Lentis"})
    assert huge.status == 413
    assert len(live.session.posts) == 1
    page = await client.get("/post", params=token)
    assert script not in await page.text()


def page_id(html: str) -> str:
    found = re.search(r'name="page" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


async def test_twenty_posts_a_minute_from_one_page_stay_allowed(served) -> None:  # type: ignore[no-untyped-def]
    client, tokens, live = served
    token = {"token": tokens.participant}
    page = page_id(await (await client.get("/post", params=token)).text())
    assert web_server.POSTS_PER_MINUTE >= 20
    for i in range(web_server.POSTS_PER_MINUTE):
        reply = await client.post("/post", params=token, data={
            "text": f"snel {i}", "kind": "advice", "team": "Lentis", "page": page})
        assert reply.status == 200
        assert page_id(await reply.text()) == page  # the reply's form is the same page
    refused = await client.post("/post", params=token, data={
        "text": "te veel", "kind": "advice", "team": "Lentis", "page": page})
    assert refused.status == 429
    made_up = await client.post("/post", params=token, data={  # a forged id: a new page,
        "text": "ander", "kind": "advice", "team": "Lentis", "page": "x.y"})  # same address
    assert made_up.status == 200 and page_id(await made_up.text()) != "x.y"
    assert len(live.session.posts) == web_server.POSTS_PER_MINUTE + 1


async def test_a_control_character_is_a_400_and_nothing_in_the_log(served, caplog) -> None:  # type: ignore[no-untyped-def]
    client, tokens, live = served
    reply = await client.post("/post", params={"token": tokens.participant}, data={
        "text": "GEHEIM\x1bNOTE", "kind": "advice", "team": "Lentis"})
    assert reply.status == 400
    assert "GEHEIM" not in caplog.text and tokens.participant not in caplog.text
    assert live.session.posts == []


async def test_a_finished_session_closes_every_link(served) -> None:  # type: ignore[no-untyped-def]
    client, tokens, live = served
    live.apply(lambda s: flow.finish(s, live.clock()))
    for page, role in (("/post", "participant"), ("/projector", "projector")):
        assert (await client.get(page, params={"token": tokens.of(role)})).status == 403


async def test_static_files_are_named_ones_only(served) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = served
    assert (await client.get("/static/spiegel.css")).status == 200
    assert (await client.get("/static/textual.js")).status == 200
    for path in ("/static/", "/static/server.py", "/static/..%2fserver.py", "/", "/sessions"):
        assert (await client.get(path)).status == 404, path


def test_links_file_and_qr(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    assert read_links(path) == {}
    write_links(path, {"participant": "http://x/post?token=a"})
    assert links_path(path).stat().st_mode & 0o777 == 0o600
    assert read_links(path) == {"participant": "http://x/post?token=a"}
    lines = qr_lines("http://192.168.1.20:8765/post?token=" + "a" * 43)
    assert len({len(line) for line in lines}) == 1 and len(lines) >= 15
    tokens = Tokens.new()
    assert len({tokens.projector, tokens.scribe, tokens.participant}) == 3
    assert all(len(tokens.of(r)) >= 22 for r in ("projector", "scribe", "participant"))
    assert not tokens.is_valid("scribe", tokens.participant)
