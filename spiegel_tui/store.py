"""Session files on disk: load, atomic save, a sidecar lock, and merging outside changes.

Files are sacred. A save writes a temp file in the same folder, fsyncs it, ``os.replace``\\ s
it over the session and fsyncs the folder, so a crash at any point leaves either the old
file or the new one, never a mix. The lock is a sidecar ``.NAME.lock`` (``os.replace``
swaps the data file's inode, so a lock on it would protect nothing). A file changed on disk
by someone else (``spiegel note``, a second console, a git pull) is noticed by its
signature; the live session (:mod:`spiegel_tui.live`) merges it, never overwrites it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spiegel_tui import crypt
from spiegel_tui.model.session import Session, snapshot
from spiegel_tui.model.tomlfile import SessionError, check, dumps, loads

MAX_FILE_BYTES = 64 * 1024 * 1024
"""A session file past this size is refused rather than read into memory."""


def read(path: Path) -> bytes:
    """The bytes of a regular file. A FIFO or a device (a link to ``/dev/zero``) is refused:
    reading one would block or never end. Opened non-blocking, then checked by its fd."""
    return read_signed(path)[0]


def read_signed(path: Path) -> tuple[bytes, Signature]:
    """The bytes of a regular file and the signature of exactly that version (taken from
    the open file, so a replace by another program in between cannot mix the two)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise SessionError("no such file", path=str(path)) from None
    except OSError as error:
        raise SessionError(f"cannot read: {error.strerror}", path=str(path)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SessionError("is a folder, not a session file", path=str(path))
        if not stat.S_ISREG(info.st_mode):
            raise SessionError("is not a regular file", path=str(path))
        if info.st_size > MAX_FILE_BYTES:
            raise SessionError(f"file too large ({info.st_size} bytes)", path=str(path))
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise SessionError(f"cannot read: {error.strerror}", path=str(path)) from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise SessionError("file too large", path=str(path))
    return data, Signature(info.st_ino, info.st_size, info.st_mtime_ns)


def load_signed(path: str | os.PathLike[str]) -> tuple[Session, Signature]:
    """:func:`load`, with the signature of the version read."""
    path = Path(path)
    data, signature = read_signed(path)
    return crypt.open_session(loads(data, str(path)), str(path)), signature


def load(path: str | os.PathLike[str]) -> Session:
    """Read and validate a session file, its encrypted fields decrypted; a problem (no key
    for them too) raises :class:`SessionError`."""
    path = Path(path)
    return crypt.open_session(loads(read(path), str(path)), str(path))


def render(session: Session, path: str | os.PathLike[str]) -> str:
    """The text to write to ``path``: personal fields encrypted in a repository that
    encrypts (:mod:`spiegel_tui.crypt`). Refuses to write plaintext over a file that
    holds ciphertext when the repository's list of recipients is gone."""
    recipients = crypt.recipients_for(path)
    if recipients is not None:
        return dumps(crypt.seal_session(session, recipients))
    if _holds_ciphertext(Path(path)):
        raise SessionError(f"is encrypted, but the repository has no {crypt.RECIPIENTS_FILE}:"
                           " refusing to write it in plaintext", path=str(path))
    return dumps(session)


def _holds_ciphertext(path: Path) -> bool:
    """Whether the regular file at ``path`` holds an encrypted value (a plain read: it is
    no part of the save it guards)."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return False
        with open(path, "rb") as handle:
            return b'"age:' in handle.read(MAX_FILE_BYTES)
    except OSError:
        return False


def validate(path: str | os.PathLike[str]) -> list[SessionError]:
    """Every problem of a session file, one per line (empty when valid)."""
    path = Path(path)
    try:
        data = read(path)
    except SessionError as error:
        return [error]
    return check(data, str(path))


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Replace ``path`` with ``data`` atomically; the file is mode 0600 afterwards.

    Only a regular file (or a new path) is replaced: a symbolic link, a FIFO or a device
    (``-o /dev/full``) is refused, and so is a file without write permission for its owner
    (a 0444 file stays as it is). With ``exclusive`` the file must not exist yet: the
    finished temp file is hard-linked into place, which fails (``FileExistsError``) rather
    than replace a file that another program created meanwhile, so creating needs no lock
    (without hard links, the lock). The temp file is ``flock``\\ ed while it is written, so
    :func:`remove_stale_temps` leaves it alone. On any failure the temp file is removed and
    the old file is left byte-identical.
    """
    folder = path.parent
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise SessionError("is a symbolic link; refusing to write through it",
                               path=str(path))
        if not stat.S_ISREG(info.st_mode):
            raise SessionError("is not a regular file; refusing to replace it", path=str(path))
        if not info.st_mode & stat.S_IWUSR:
            raise PermissionError(errno.EACCES, "the file is read-only", str(path))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
    tmp = Path(tmp_name)
    guard = -1
    try:
        guard = os.dup(fd)  # holds the temp file's flock until it is in place
        fcntl.flock(guard, fcntl.LOCK_EX)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        if exclusive:
            _link_into_place(tmp, path)
        else:
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    finally:
        if guard >= 0:
            os.close(guard)
    _fsync_folder(folder)
    remove_stale_temps(path)  # every save, the console's too, clears what kills left


TEMP_SUFFIX = ".tmp"
STALE_AFTER_S = 0.5
"""A temp file younger than this is never removed: a writer locks it a moment (two system
calls) after making it."""


def remove_stale_temps(path: str | os.PathLike[str], *,
                       older_than: float | None = None) -> int:
    """Remove the temp files a killed writer left beside a session (``.NAME.*.tmp``).

    A temp file is stale when no writer holds its ``flock`` (a living :func:`write_atomic`
    does, until the file is in place) and it is older than ``older_than`` (a
    ``time.time()``; default: half a second ago). :func:`write_atomic` calls it after every
    save and ``spiegel run`` on open; the session's lock need not be held. Returns how many were removed; what cannot be removed stays.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    limit = time.time() - STALE_AFTER_S if older_than is None else older_than
    prefix = f".{path.name}."
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(TEMP_SUFFIX)) or \
                name.endswith(".lock"):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or info.st_mtime >= limit:
                continue
            fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a living writer holds it
            if os.fstat(fd).st_ino == info.st_ino:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV}


def _link_into_place(tmp: Path, path: Path) -> None:
    """Put ``tmp`` at ``path`` unless ``path`` exists. Where the file system has no hard
    links (vfat, exFAT, some SMB and FUSE mounts), check and replace under the lock."""
    try:
        os.link(tmp, path)
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        with locked(path):
            if os.path.lexists(path):
                raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
            os.replace(tmp, path)
        return
    with contextlib.suppress(OSError):
        tmp.unlink()  # the file is in place; a temp name left behind is no failure


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: str | os.PathLike[str], timeout: float = 10.0) -> Iterator[None]:
    """Hold the sidecar lock of a session file (an exclusive ``flock``)."""
    target = lock_path(Path(path))
    try:  # never through a symbolic link: O_CREAT would make or open its target
        fd = os.open(target, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
                     | os.O_CLOEXEC, 0o600)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise SessionError(f"the lock file {target.name} is a symbolic link; refusing it",
                               path=str(path)) from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise SessionError(f"the lock file {target.name} is not a regular file; refusing it",
                           path=str(path))
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() > deadline:
                    raise SessionError("the session is locked by another program",
                                       path=str(path)) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def save(session: Session, path: str | os.PathLike[str]) -> str:
    """Write a session atomically (no lock, no merge); returns the text written."""
    text = render(session, path)
    write_atomic(Path(path), text.encode("utf-8"))
    return text


def create(session: Session, path: str | os.PathLike[str]) -> None:
    """Write a new session file; refuses to overwrite one that exists."""
    path = Path(path)
    try:
        write_atomic(path, render(session, path).encode("utf-8"), exclusive=True)
    except FileExistsError:
        raise SessionError("already exists", path=str(path)) from None


@dataclass(frozen=True)
class Signature:
    """Identity of a file version: a changed inode, size or mtime means someone wrote it."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> Signature | None:
        try:
            info = path.stat()
        except FileNotFoundError:
            return None
        return cls(info.st_ino, info.st_size, info.st_mtime_ns)


class SessionFile:
    """What a long-running program (a live session) knows of its session file.

    It remembers the version it last read or wrote (the merge base), that version's
    signature, and the text last written, so that a save writes only when something
    changed and a change on disk by someone else is noticed. Merging what others wrote is
    the live session's work (:mod:`spiegel_tui.live`); this class only reads and writes.
    ``write`` keeps the session it is handed as the next base without copying it: hand it
    one the caller no longer changes.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.base: Session | None = None
        self.signature: Signature | None = None
        self.last_text: str | None = None

    def open(self) -> Session:
        session, signature = load_signed(self.path)
        self.accept(snapshot(session), signature)  # the caller may change what it gets
        return session

    def accept(self, session: Session, signature: Signature | None) -> None:
        """``session`` is what the file held when it had ``signature`` (just read)."""
        self.base = session
        self.signature = signature
        self.last_text = None  # dumps(self.base), made at the first save: not at start-up

    def changed_on_disk(self) -> bool:
        return Signature.of(self.path) != self.signature

    def read_changed(self) -> tuple[Session, Signature] | None:
        """The file as others left it, and its signature, if it changed since we last read
        or wrote it (call it under the lock); None when it did not."""
        return load_signed(self.path) if self.changed_on_disk() else None

    def prime(self) -> None:
        """Make the text of the version last read or written, once: a save compares with
        it, and making it fills the serialising cache (the first save then writes only
        what changed). Call it ahead of the first save to take that work off it."""
        if self.last_text is None and self.base is not None:
            self.last_text = render(self.base, self.path)

    def write(self, session: Session, text: str | None = None) -> None:
        """Write ``session`` (call it under the lock, after taking in what others wrote);
        nothing is written when the file holds that text already. ``text``: the session
        rendered already (outside the lock), known to differ from what the file holds."""
        if text is None:
            self.prime()
            text = render(session, self.path)  # encrypted where the repository encrypts
        if text != self.last_text or self.changed_on_disk():
            write_atomic(self.path, text.encode("utf-8"))
            self.last_text = text
        self.base = session
        self.signature = Signature.of(self.path)
