"""The scribe's console in a browser: textual-serve's terminal page talks over a websocket
to a ``spiegel run`` process started for that connection. This is textual-serve's own
websocket protocol (``textual_serve.app_service.AppService``), behind spiegel's token and
with a cap on the number of consoles at once. Only textual-serve's two client files are
served (no listing)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from aiohttp import WSMsgType, web

log = logging.getLogger("spiegel.serve")

CLIENT_FILES = {"textual.js": "js/textual.js", "xterm.css": "css/xterm.css"}


def _to_int(value: str | None, default: int, low: int = 10, high: int = 1000) -> int:
    try:
        return max(low, min(high, int(value or default)))
    except ValueError:
        return default


class ScribeBridge:
    def __init__(self, command: str, max_open: int) -> None:
        self.command = command
        self.max_open = max_open
        self._open: set[object] = set()
        self._sockets: set[web.WebSocketResponse] = set()

    @staticmethod
    def static_file(name: str) -> Path | None:
        relative = CLIENT_FILES.get(name)
        if relative is None:
            return None
        import textual_serve

        return Path(textual_serve.__file__).with_name("static") / relative

    async def handle(self, request: web.Request) -> web.StreamResponse:
        from textual_serve.app_service import AppService
        from textual_serve.download_manager import DownloadManager

        if len(self._open) >= self.max_open:
            raise web.HTTPServiceUnavailable(text="too many consoles open")
        socket = web.WebSocketResponse(heartbeat=15, max_msg_size=1 << 20)
        await socket.prepare(request)
        width = _to_int(request.query.get("width"), 80)
        height = _to_int(request.query.get("height"), 24)
        service = AppService(self.command, write_bytes=socket.send_bytes,
                             write_str=socket.send_str, close=socket.close,
                             download_manager=DownloadManager())
        self._open.add(service)
        self._sockets.add(socket)
        try:
            await service.start(width, height)
            async for message in socket:
                if message.type != WSMsgType.TEXT:
                    continue
                await self._dispatch(service, socket, message.json())
        except (asyncio.CancelledError, ConnectionResetError):
            pass
        except Exception as error:  # noqa: BLE001 - one console's trouble, not the server's
            log.warning("scribe console stopped: %s", type(error).__name__)
        finally:
            with contextlib.suppress(Exception):
                await service.stop()  # the console quits as with ctrl+q: saved
            self._open.discard(service)
            self._sockets.discard(socket)
            with contextlib.suppress(Exception):
                await socket.close()
        return socket

    @staticmethod
    async def _dispatch(service: object, socket: web.WebSocketResponse,
                        envelope: object) -> None:
        if not isinstance(envelope, list) or len(envelope) < 2:
            return
        kind, data = envelope[0], envelope[1]
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8"))  # type: ignore[attr-defined]
        elif kind == "resize" and isinstance(data, dict):
            await service.set_terminal_size(  # type: ignore[attr-defined]
                _to_int(str(data.get("width")), 80), _to_int(str(data.get("height")), 24))
        elif kind == "ping":
            await socket.send_json(["pong", data])
        elif kind == "blur":
            await service.blur()  # type: ignore[attr-defined]
        elif kind == "focus":
            await service.focus()  # type: ignore[attr-defined]

    async def stop_all(self) -> None:
        for socket in list(self._sockets):
            with contextlib.suppress(Exception):
                await socket.close(code=1001, message=b"server stopping")
