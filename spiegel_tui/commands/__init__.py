"""Sub-commands of ``spiegel``, one module per group; each has ``register(subparsers)``."""

from __future__ import annotations

from pathlib import Path

from spiegel_tui.model.tomlfile import SessionError


def session_path(text: str) -> Path:
    """The SESSION argument as a path. An empty one is refused here: ``Path("")`` is ``.``,
    which would be reported as a folder the user never named."""
    if not text:
        raise SessionError("no session file given", path="")
    return Path(text)
