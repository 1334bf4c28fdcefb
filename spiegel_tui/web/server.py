"""``spiegel serve``'s web server (aiohttp; no Textual): one page per role, each behind
its own token, all on one :class:`~spiegel_tui.live.LiveSession`.

- ``/post`` (participant): the brievenbus form; a POST queues a post for moderation and
  answers only once it is on disk. The token can post and see what the room sees (the step
  and question on the table), never a note.
- ``/projector``: the projector view, kept current over a server-sent event stream.
- ``/scribe``: the full console in the browser (textual-serve's terminal), one
  ``spiegel run`` process per connection on the same file (merged through it).

Without the right token every page is 403 with nothing of the session; so is every page
once the session is finished. Nothing of a note or a token is logged: each request is
logged as its method, role and status only.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import secrets
import shlex
import shutil
import sys
import time
from collections import deque
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

from aiohttp import web

from spiegel_tui.i18n import t
from spiegel_tui.live import LiveSession
from spiegel_tui.model.picture import picture
from spiegel_tui.model.posts import MAX_POST, PostError
from spiegel_tui.model.session import Status
from spiegel_tui.model.tomlfile import SessionError
from spiegel_tui.web import pages
from spiegel_tui.web.scribe import ScribeBridge
from spiegel_tui.web.tokens import Tokens

log = logging.getLogger("spiegel.serve")

STATIC = Path(__file__).with_name("static")
OWN_STATIC = ("spiegel.css", "participant.js", "projector.js")

POSTS_PER_MINUTE = 60
"""Posts one participant page may send a minute (a fast typist stays well under it). A
page keeps its id from reply to reply (a hidden field the server signed)."""
POSTS_PER_MINUTE_PER_ADDRESS = 1200
"""Posts a minute from one network address, whatever the page (a room behind one router,
a script): what keeps the file safe from a flood."""
MAX_BODY = 64 * 1024
"""A request body over this is refused before it is read (413)."""
MAX_STREAMS = {"projector": 8, "participant": 64}
"""Open event streams at once, per role: phones cannot crowd out the projector."""
TICK_S = 1.0
"""The projector's clock: a picture at least this often while it runs."""


class RateLimit:
    """A sliding minute per key; keys not seen for a minute are forgotten."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}

    def allow(self, key: str, per_minute: int) -> bool:
        now = self.clock()
        if len(self._seen) > 10_000:
            self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > now - 60}
        times = self._seen.setdefault(key, deque())
        while times and times[0] <= now - 60:
            times.popleft()
        if len(times) >= per_minute:
            return False
        times.append(now)
        return True


class Changes:
    """Wakes the event streams when the live session changes (from any thread)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.event = asyncio.Event()

    def notify(self, _change: object = None) -> None:
        self.loop.call_soon_threadsafe(self._bump)

    def _bump(self) -> None:
        event, self.event = self.event, asyncio.Event()
        event.set()


SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",  # the token is in the URL: never pass it on
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SCRIBE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
              "font-src 'self' data:; img-src 'self' data:; connect-src 'self' ws: wss:; "
              "base-uri 'none'; frame-ancestors 'none'")


def _route(request: web.Request) -> str:
    """What a log line names of a request: its route, never the path as sent (a token
    in it, or whatever a stranger typed)."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "(no route)"


class Server:
    """The routes and their state. ``command`` starts the scribe's console."""

    def __init__(self, live: LiveSession, tokens: Tokens, *, lang: str,
                 scribe_command: str | None = None, max_scribes: int = 4) -> None:
        self.live = live
        self.tokens = tokens
        self.lang = lang
        self.limits = RateLimit()
        self.streams = dict.fromkeys(MAX_STREAMS, 0)
        self._page_key = secrets.token_bytes(32)
        self.stopping = asyncio.Event()
        self._changes: Changes | None = None
        self._unsubscribe: Callable[[], None] = lambda: None
        # Its own session (setsid): ctrl+c at the server's terminal stops the server, which
        # then quits each console as ctrl+q does. Its stderr is not the server's log.
        command = scribe_command or f"SPIEGEL_SERVER_PID={os.getpid()} " + " ".join(
            shlex.quote(part) for part in (
            *(["setsid"] if shutil.which("setsid") else []),
            sys.executable, "-m", "spiegel_tui", "run", str(live.path), "--lang", lang,
        )) + " 2>/dev/null"
        self.scribes = ScribeBridge(command, max_scribes)
        self.accepted = 0

    # -- the application ---------------------------------------------------------------
    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._headers])
        app.add_routes([
            web.get("/post", self.participant), web.post("/post", self.post),
            web.get("/projector", self.projector), web.get("/events", self.events),
            web.get("/scribe", self.scribe), web.get("/scribe/ws/{token}", self.scribe_socket),
            web.get("/static/{name}", self.static),
        ])
        app.on_startup.append(self._started)
        app.on_shutdown.append(self._shutdown)
        return app

    async def _started(self, _app: web.Application) -> None:
        self._changes = Changes(asyncio.get_running_loop())
        self._unsubscribe = self.live.subscribe(self._changes.notify)

    async def _shutdown(self, _app: web.Application) -> None:
        self.stopping.set()
        if self._changes is not None:
            self._changes.notify()
        self._unsubscribe()
        await self.scribes.stop_all()

    @web.middleware
    async def _headers(self, request: web.Request,
                       handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
                       ) -> web.StreamResponse:
        role = getattr(request, "spiegel_role", "-")
        try:
            response = await handler(request)
        except web.HTTPException as error:  # 404 and the like: no page of the session
            log.info("%s %s %s %s", request.method, _route(request), role, error.status)
            error.headers.update(SECURITY_HEADERS)
            raise
        except Exception as error:  # noqa: BLE001 - said by its type only: never its text
            log.warning("%s %s %s 500 %s", request.method, _route(request), role,
                        type(error).__name__)
            response = self._html(pages.plain_page(self.lang, "500"), 500)
        role = getattr(request, "spiegel_role", "-")
        log.info("%s %s %s %s", request.method, _route(request), role, response.status)
        if not response.prepared:
            response.headers.update(SECURITY_HEADERS)
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    # -- access ----------------------------------------------------------------------------
    def _allowed(self, request: web.Request, *roles: str, given: str | None = None,
                 ) -> str | None:
        """The role whose token the request carries, if it is one of ``roles`` and the
        session is not finished. Every role's token is compared (constant time)."""
        given = request.query.get("token", "") if given is None else given
        found = [role for role in roles if self.tokens.is_valid(role, given)]
        if not found or self.live.session.status is Status.FINISHED:
            return None
        request.spiegel_role = found[0]  # type: ignore[attr-defined]
        return found[0]

    def _forbidden(self) -> web.Response:
        return self._html(pages.plain_page(self.lang, t("web.error.forbidden", self.lang)),
                          403)

    @staticmethod
    def _html(text: str, status: int = 200, **headers: str) -> web.Response:
        return web.Response(text=text, status=status, content_type="text/html",
                            charset="utf-8", headers=headers)

    # -- the participant -------------------------------------------------------------------
    async def participant(self, request: web.Request) -> web.Response:
        if self._allowed(request, "participant") is None:
            return self._forbidden()
        return self._form(request)

    def _page_id(self, given: str = "") -> str:
        """A page's id, signed so a client cannot make up a fresh one per post: the one
        given when its signature holds, else a new one."""
        nonce, _, mac = given.partition(".")
        if nonce and hmac.compare_digest(mac, self._sign(nonce)):
            return given
        nonce = secrets.token_urlsafe(12)
        return f"{nonce}.{self._sign(nonce)}"

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._page_key, nonce.encode(), hashlib.sha256).hexdigest()[:24]

    def _form(self, request: web.Request, status: int = 200, page_id: str = "",
              **shown: str) -> web.Response:
        page = pages.participant_page(self.live.session, self.lang,
                                      request.query.get("token", ""),
                                      self._page_id(page_id), **shown)
        return self._html(page, status)

    async def post(self, request: web.Request) -> web.Response:
        if self._allowed(request, "participant") is None:
            return self._forbidden()
        if request.content_type not in ("application/x-www-form-urlencoded",
                                        "multipart/form-data"):
            return self._form(request, 400, error=t("web.error.text", self.lang))
        try:
            form = await request.post()
        except web.HTTPRequestEntityTooLarge:
            return self._html(pages.plain_page(
                self.lang, t("web.error.too_long", self.lang, max=MAX_POST)), 413)
        text = str(form.get("text", "") or "")
        kind, team = str(form.get("kind", "") or ""), str(form.get("team", "") or "")
        keep = {"text": text[:MAX_POST], "kind": kind, "team": team}
        if len(text.replace("\r\n", "\n").strip()) > MAX_POST:
            return self._form(request, 413, error=t("web.error.too_long", self.lang,
                                                    max=MAX_POST), **keep)
        page_id = self._page_id(str(form.get("page", "") or ""))
        keep["page_id"] = page_id
        signed = page_id == str(form.get("page", ""))
        allowed = self.limits.allow(f"peer:{request.remote}", POSTS_PER_MINUTE_PER_ADDRESS) \
            and (not signed or self.limits.allow(f"page:{page_id}", POSTS_PER_MINUTE))
        if not allowed:
            return self._form(request, 429, error=t("web.error.too_many", self.lang), **keep)
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, partial(self.live.add_post, text, kind,
                                                     team or None))
        except PostError as error:
            return self._form(request, 400, error=t(f"web.error.{error.field}", self.lang),
                              **keep)
        try:
            await loop.run_in_executor(None, self.live.flush)  # 200 means: on disk
        except SessionError:  # kept, and saved when the disk lets it: say so, not 500
            return self._form(request, 503, message=t("web.post.pending", self.lang),
                              page_id=page_id, kind=kind, team=team)
        self.accepted += 1
        return self._form(request, 200, message=t("web.post.received", self.lang),
                          page_id=page_id, kind=kind, team=team)

    # -- the projector -----------------------------------------------------------------------
    def _picture(self) -> Any:
        return picture(self.live.session, self.live.room, self.live.clock(), self.lang)

    async def projector(self, request: web.Request) -> web.Response:
        if self._allowed(request, "projector") is None:
            return self._forbidden()
        return self._html(pages.projector_page(self._picture(), self.lang))

    def _event_data(self, role: str) -> dict[str, Any]:
        if role == "projector":
            return pages.picture_data(self._picture())
        step, question = pages.now_showing(self.live.session, self.lang)
        return {"step": step, "question": question}

    async def events(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: the role's view whenever it changes (and every second,
        for the clock). A participant's stream holds only the step and question."""
        role = self._allowed(request, "projector", "participant")
        if role is None:
            return self._forbidden()
        if self.streams[role] >= MAX_STREAMS[role]:
            return self._html(pages.plain_page(self.lang, "busy"), 503)
        assert self._changes is not None
        response = web.StreamResponse(headers={
            "Content-Type": "text/event-stream", "Cache-Control": "no-store",
            "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"})
        self.streams[role] += 1
        try:
            await response.prepare(request)
            last = None
            while not self.stopping.is_set():
                if self.live.session.status is Status.FINISHED:
                    break
                waiter = self._changes.event  # before the data: no change falls between
                data = json.dumps(self._event_data(role), ensure_ascii=False)
                if data != last:
                    await response.write(f"data: {data}\n\n".encode())
                    last = data
                try:
                    await asyncio.wait_for(waiter.wait(), TICK_S)
                except TimeoutError:
                    pass
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.streams[role] -= 1
        return response

    # -- the scribe ----------------------------------------------------------------------------
    async def scribe(self, request: web.Request) -> web.Response:
        if self._allowed(request, "scribe") is None:
            return self._forbidden()
        # In the path: textual.js adds a query of its own (the terminal's size).
        url = f"ws://{request.host}/scribe/ws/{request.query['token']}"
        return self._html(pages.scribe_page(self.lang, url), **{
            "Content-Security-Policy": SCRIBE_CSP})

    async def scribe_socket(self, request: web.Request) -> web.StreamResponse:
        if self._allowed(request, "scribe", given=request.match_info["token"]) is None:
            return self._forbidden()
        return await self.scribes.handle(request)

    # -- files ------------------------------------------------------------------------------
    async def static(self, request: web.Request) -> web.StreamResponse:
        """Only the named files of spiegel and textual-serve: no listing, no path."""
        name = request.match_info["name"]
        if name in OWN_STATIC:
            return web.FileResponse(STATIC / name)
        found = self.scribes.static_file(name)
        if found is None:
            raise web.HTTPNotFound()
        return web.FileResponse(found)
