"""``spiegel serve SESSION [--host HOST] [--port PORT]``: the session for browsers on the
network, one link per role (see :mod:`spiegel_tui.web.server`).

Prints ``ROLE URL`` for ``projector``, ``scribe`` and ``participant``, then serves until
ctrl+c (SIGINT) or SIGTERM, after which everything accepted is saved and the links stop
working. Bad input (the file, a port in use) is one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

from spiegel_tui.commands import session_path
from spiegel_tui.commands.console import screen_language
from spiegel_tui.model.tomlfile import SessionError

EXIT_OK, EXIT_BAD_INPUT = 0, 2


async def _serve(server: object, host: str, port: int, live: object) -> int:
    from spiegel_tui.web.tokens import ServerClaim

    path = live.path  # type: ignore[attr-defined]
    claim = ServerClaim(path)
    if not claim.take():
        print(f"{path}: another spiegel serve runs on this session", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return await _listen(server, host, port, claim)
    finally:
        claim.release()  # the links stop working with the server


async def _listen(server: object, host: str, port: int, claim: object) -> int:
    from aiohttp import web

    from spiegel_tui.web.tokens import ROLES, role_urls

    app = server.make_app()  # type: ignore[attr-defined]
    runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=3)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as error:
            print(f"{host}:{port}: cannot listen: {error.strerror or error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        addresses = runner.addresses  # with --port 0: the port the system chose
        bound = int(addresses[0][1]) if addresses else port
        urls = role_urls(host, bound, server.tokens)  # type: ignore[attr-defined]
        with contextlib.suppress(OSError):
            claim.write(urls)  # type: ignore[attr-defined]
        for role in ROLES:
            print(f"{role} {urls[role]}", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()
    return EXIT_OK


def serve(args: argparse.Namespace) -> int:
    from spiegel_tui.live import LiveSession

    path = session_path(args.session)
    if not 0 <= args.port <= 65535:
        raise SessionError(f"--port {args.port}: not a port number", path=str(path))
    # Watched every 0.1 s (a stat): the projector page follows the console that soon.
    live = LiveSession.open(path, follow_room=True, watch_interval=0.1)  # bad input: exit 2
    try:
        from spiegel_tui.web.server import Server
        from spiegel_tui.web.tokens import Tokens

        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
        logging.getLogger("aiohttp").setLevel(logging.WARNING)
        server = Server(live, Tokens.new(), lang=screen_language(args, live.session))
        return asyncio.run(_serve(server, args.host, args.port, live))
    finally:
        live.close()  # every accepted post is in the file


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("serve", help="serve the session to browsers on the network: "
                                          "projector, scribe and participants, one link each")
    parser.add_argument("session", metavar="SESSION", help="the session file (.toml)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; 0.0.0.0 for the "
                             "local network)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any)")
    parser.add_argument("--lang", choices=("nl", "en"), default=argparse.SUPPRESS,
                        help="language of the pages (default: the session's)")
    parser.set_defaults(handler=serve)
