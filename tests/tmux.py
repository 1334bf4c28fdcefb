"""Drive the real console in a private tmux server (shared by tests/e2e and tests/faults).

Each :class:`Tmux` has its own socket in its own short temp folder, so tests never meet
each other's panes, and the user's own tmux is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

SPIEGEL = Path(sys.executable).with_name("spiegel")
"""The installed console script next to this Python (the venv's ``spiegel``)."""

HAVE_TMUX = shutil.which("tmux") is not None
T = TypeVar("T")


def wait_for(probe: Callable[[], T], timeout: float, interval: float = 0.1) -> T | None:
    """Poll ``probe`` until it returns something truthy or ``timeout`` seconds passed."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result or time.monotonic() >= deadline:
            return result
        time.sleep(interval)


class Tmux:
    """One private tmux server (its own socket), so tests never meet each other's panes."""

    def __init__(self, socket_dir: str) -> None:
        self.socket = f"spiegel-test-{uuid.uuid4().hex[:8]}"
        self.env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        self.env.update(TERM="xterm-256color", TMUX_TMPDIR=socket_dir)

    def __call__(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, "-f", os.devnull, *args],
                              capture_output=True, text=True, timeout=10, env=self.env)
        if done.returncode != 0:
            raise RuntimeError(f"tmux {args[0]}: {done.stderr.strip()}")
        return done.stdout

    def start(self, command: str, name: str = "console", size: tuple[int, int] = (120, 35),
              ) -> None:
        self("new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), command)

    def capture(self) -> str:
        try:
            return self("capture-pane", "-p")
        except RuntimeError:  # the pane is gone
            return ""

    def wait_screen(self, wanted: Callable[[str], bool], timeout: float) -> str:
        """The first capture for which ``wanted`` holds, or "" after ``timeout`` seconds."""
        def probe() -> str:
            screen = self.capture()
            return screen if wanted(screen) else ""

        return wait_for(probe, timeout) or ""

    def keys(self, *keys: str) -> None:
        self("send-keys", *keys)

    def type(self, text: str) -> None:
        self("send-keys", "-l", text)

    def pane_pid(self) -> int:
        return int(self("display-message", "-p", "#{pane_pid}").strip())

    def pane_dead(self) -> bool:
        try:
            return self("display-message", "-p", "#{pane_dead}").strip() == "1"
        except RuntimeError:
            return True

    def respawn(self, command: str) -> None:
        """Start ``command`` afresh in the pane (kept after its process died)."""
        self("respawn-pane", "-k", command)

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True,
                       timeout=10, env=self.env)


@contextmanager
def private_tmux() -> Iterator[Tmux]:
    socket_dir = tempfile.mkdtemp(prefix="spiegel-tmux-")  # short: socket paths are limited
    server = Tmux(socket_dir)
    try:
        yield server
    finally:
        server.kill()
        shutil.rmtree(socket_dir, ignore_errors=True)
