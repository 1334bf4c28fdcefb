"""The links ``spiegel serve`` hands out: one random token per role, new for every run.

A token is 32 random bytes (``secrets.token_urlsafe``: 256 bits) and is compared in
constant time. The links are also written, for as long as the server runs, to a sidecar
file beside the session (``.NAME.toml.serve``, mode 0600, git-ignored) so the console on
the same laptop can show them as QR codes; the server removes it when it stops.
"""

from __future__ import annotations

import contextlib
import fcntl
import hmac
import json
import os
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from spiegel_tui import store

ROLES = ("projector", "scribe", "participant")
"""The roles, in the order their lines are printed."""

PATHS = {"projector": "/projector", "scribe": "/scribe", "participant": "/post"}
"""Where each role's page is."""


@dataclass(frozen=True)
class Tokens:
    projector: str
    scribe: str
    participant: str

    @classmethod
    def new(cls) -> Tokens:
        return cls(*(secrets.token_urlsafe(32) for _ in ROLES))

    def of(self, role: str) -> str:
        return str(getattr(self, role))

    def is_valid(self, role: str, given: str | None) -> bool:
        """Whether ``given`` is ``role``'s token (constant time: no early exit)."""
        if not given:
            return False
        return hmac.compare_digest(self.of(role).encode(), given.encode("utf-8", "replace"))


def public_host(host: str) -> str:
    """The address others use: for a server on every interface (``0.0.0.0``) this
    laptop's address on the local network (no packet is sent to find it)."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))  # TEST-NET: only picks the outgoing interface
        return str(s.getsockname()[0])
    return socket.gethostname()


def role_urls(host: str, port: int, tokens: Tokens) -> dict[str, str]:
    shown = public_host(host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"  # an IPv6 address
    return {role: f"http://{shown}:{port}{PATHS[role]}?token={tokens.of(role)}"
            for role in ROLES}


def links_path(session_path: Path) -> Path:
    return session_path.with_name(f".{session_path.name}.serve")


def write_links(session_path: Path, urls: dict[str, str]) -> None:
    store.write_atomic(links_path(session_path),
                       (json.dumps(urls, indent=1) + "\n").encode("utf-8"))


class ServerClaim:
    """One ``spiegel serve`` per session: the links file, locked (``flock``) for as long as the
    server runs (a server that was killed leaves it unlocked, so the next one takes it)."""

    def __init__(self, session_path: Path) -> None:
        self.path = links_path(session_path)
        self._fd: int | None = None

    def take(self) -> bool:
        flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW
        fd = os.open(self.path, flags, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def write(self, urls: dict[str, str]) -> None:
        assert self._fd is not None
        data = (json.dumps(urls, indent=1) + "\n").encode("utf-8")
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, data, 0)
        os.fsync(self._fd)

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None


def read_links(session_path: Path) -> dict[str, str]:
    """The links of a server running on this session; empty when none runs."""
    try:
        data = json.loads(links_path(session_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {role: str(data[role]) for role in ROLES if isinstance(data.get(role), str)}


def qr_lines(text: str) -> list[str]:
    """A QR code of ``text`` drawn with half blocks, two modules a character high (dark on
    light, with the quiet zone), to be shown in a terminal."""
    import segno  # only when a code is shown

    matrix = [list(row) for row in segno.make(text, error="m").matrix_iter(border=2)]
    if len(matrix) % 2:
        matrix.append([0] * len(matrix[0]))
    glyph = {(0, 0): "█", (1, 0): "▄", (0, 1): "▀", (1, 1): " "}  # light is the block
    return ["".join(glyph[(bool(top), bool(bottom))] for top, bottom in zip(upper, lower))
            for upper, lower in zip(matrix[::2], matrix[1::2])]
