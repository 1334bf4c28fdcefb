"""Reading a file someone named: a regular file only, and only up to a size.

A FIFO blocks the reader forever and a link to ``/dev/zero`` never ends; a 10 GB file would
fill memory. Every path spiegel reads (a session, a format file, ``--questions``,
``--participants``) goes through :func:`read_regular`: opened non-blocking, checked by its
file descriptor (so a file swapped after a check is still the one checked), read to a cap.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from spiegel_tui.model.tomlfile import SessionError

MAX_TEXT_FILE = 1024 * 1024
"""A questions, participants or format file past this size is refused (1 MB)."""


def read_regular(path: str | os.PathLike[str], limit: int = MAX_TEXT_FILE) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else a :class:`SessionError`."""
    where = str(path)
    try:
        fd = os.open(Path(path), os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise SessionError("no such file", path=where) from None
    except OSError as error:
        raise SessionError(f"cannot read: {error.strerror}", path=where) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SessionError("is a folder, not a file", path=where)
        if not stat.S_ISREG(info.st_mode):
            raise SessionError("is not a regular file", path=where)
        if info.st_size > limit:
            raise SessionError(f"file too large ({info.st_size} bytes, at most {limit})",
                               path=where)
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise SessionError(f"cannot read: {error.strerror}", path=where) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise SessionError(f"file too large (more than {limit} bytes)", path=where)
    return data
