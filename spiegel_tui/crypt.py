"""Age encryption of the personal fields of a session file (pyrage, the binding of rage).

Opt-in per repository (``spiegel init --encrypt``): a repository whose top folder holds
``recipients.txt`` (one age X25519 or SSH public key a line, ``#`` comments; reviewed like
code) gets the fields that hold personal data encrypted to every key listed: note texts,
participant names, action texts and owners. Everything else (ids, steps, times, kinds)
stays plain, so merging, validating and ``git log`` need no key.

An encrypted value is one line, ``age:<fingerprint>:<base64 of the age file>``; the
fingerprint names the list of recipients it was made for. Age encryption is randomised, so
each ciphertext is remembered with its plaintext (from reading a file, or from encrypting):
a field that did not change keeps its ciphertext byte for byte and a diff shows only what
changed. A changed list of recipients re-encrypts every field at the next write.

The identity (the private key) lives outside every repository, in
``$XDG_CONFIG_HOME/spiegel/identity.txt`` (else ``~/.config/spiegel/``), mode 0600: an age
secret key a line, or an unencrypted OpenSSH private key. No Textual here; pyrage is
imported only when a value is encrypted or decrypted.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spiegel_tui.model.fields import _text
from spiegel_tui.model.session import Session
from spiegel_tui.model.tomlfile import SessionError

RECIPIENTS_FILE = "recipients.txt"
IDENTITY_FILE = "identity.txt"
SEALED = re.compile(r"^age:([0-9a-f]{8}):([A-Za-z0-9+/]+={0,2})$")
PERSONAL = (("participants", "name"), ("notes", "text"), ("actions", "text"),
            ("actions", "owner"), ("posts", "text"))
"""The fields encrypted: (table, key)."""


def is_sealed(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("age:") and bool(SEALED.match(value))


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "spiegel"


def identity_path() -> Path:
    return config_dir() / IDENTITY_FILE


# -- keys ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipients:
    """The public keys a repository encrypts to, and the fingerprint of that list."""

    keys: tuple[str, ...]
    source: Path

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256("\n".join(sorted(self.keys)).encode()).hexdigest()[:8]

    def parsed(self) -> list[Any]:
        import pyrage

        out = []
        for key in self.keys:
            try:
                out.append(pyrage.ssh.Recipient.from_str(key) if key.startswith("ssh-")
                           else pyrage.x25519.Recipient.from_str(key))
            except Exception:  # pyrage.RecipientError, or a ValueError for bad text
                raise SessionError(f"not an age or SSH public key: {key[:24]}…",
                                   path=str(self.source)) from None
        return out


def parse_recipients(text: str) -> tuple[str, ...]:
    """Public keys, one a line: ``age1…`` or ``ssh-ed25519 AAAA… comment``."""
    keys = []
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        keys.append(" ".join(words[:2]) if words[0].startswith("ssh-") else words[0])
    return tuple(keys)


def repo_top(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` holding ``.git`` (no git process)."""
    folder = path if path.is_dir() else path.parent
    folder = folder.absolute()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def recipients_for(path: str | os.PathLike[str]) -> Recipients | None:
    """The recipients of the repository holding ``path``; None when it does not encrypt."""
    top = repo_top(Path(path))
    if top is None:
        return None
    source = top / RECIPIENTS_FILE
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise SessionError(f"cannot read: {error}", path=str(source)) from None
    keys = parse_recipients(text)
    if not keys:
        raise SessionError("lists no public key: nobody could read what is encrypted",
                           path=str(source))
    return Recipients(keys, source)


def load_identities() -> list[Any]:
    """The user's private keys; [] when there is no identity file."""
    import pyrage

    path = identity_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise SessionError(f"cannot read: {error.strerror}", path=str(path)) from None
    try:
        if b"OPENSSH PRIVATE KEY" in data:
            return [pyrage.ssh.Identity.from_buffer(data)]
        return [pyrage.x25519.Identity.from_str(line.strip()) for line in
                data.decode("ascii").splitlines() if line.startswith("AGE-SECRET-KEY-")]
    except Exception:
        raise SessionError("not an age or OpenSSH private key", path=str(path)) from None


def ensure_identity() -> tuple[Path, str | None]:
    """Make the user's identity (0600, folder 0700) unless there is one; returns its path
    and the age public key made (None when an identity was there already)."""
    import pyrage

    path = identity_path()
    if path.exists():
        return path, None
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    identity = pyrage.x25519.Identity.generate()
    public = str(identity.to_public())
    text = f"# spiegel: your private key; never share or commit it\n# public key: {public}\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text + str(identity) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return path, public


def public_keys() -> list[str]:
    """The age public keys of the user's identity (for ``recipients.txt``)."""
    path = identity_path()
    try:
        lines = path.read_text(encoding="ascii").splitlines()
    except (FileNotFoundError, UnicodeDecodeError):
        return []
    return [line.split(":", 1)[1].strip() for line in lines if line.startswith("# public key:")]


# -- values -------------------------------------------------------------------------------

_sealed: dict[tuple[str, str], str] = {}
"""(fingerprint, plaintext) -> the ciphertext last read or made for it."""
_opened: dict[str, str] = {}
"""ciphertext -> plaintext, so a file read again is not decrypted again."""


def seal(text: str, recipients: Recipients) -> str:
    key = (recipients.fingerprint, text)
    sealed = _sealed.get(key)
    if sealed is None:
        import pyrage

        data = pyrage.encrypt(text.encode("utf-8"), recipients.parsed())
        sealed = f"age:{recipients.fingerprint}:{base64.b64encode(data).decode('ascii')}"
        _sealed[key] = sealed
        _opened[sealed] = text
    return sealed


def unseal(value: str, identities: list[Any], path: str) -> str:
    known = _opened.get(value)
    if known is not None:
        return known
    import pyrage

    match = SEALED.match(value)
    assert match is not None
    try:
        text = pyrage.decrypt(base64.b64decode(match.group(2)), identities).decode("utf-8")
        text = _text(text)
    except (pyrage.DecryptError, binascii.Error, UnicodeDecodeError, ValueError):
        raise SessionError("encrypted for other keys: your identity "
                           f"({identity_path()}) cannot read it", path=path) from None
    _opened[value] = text
    _sealed[(match.group(1), text)] = value
    return text


def holds_sealed(session: Session) -> bool:
    return any(is_sealed(getattr(item, key)) for table, key in PERSONAL
               for item in getattr(session, table))


def _replace(session: Session, change: Any) -> Session:
    update: dict[str, list[Any]] = {}
    for table, key in PERSONAL:
        items = update.get(table, getattr(session, table))
        new = []
        for item in items:
            value = getattr(item, key)
            changed = change(value) if value is not None else None
            new.append(item if changed is None or changed == value
                       else item.model_copy(update={key: changed}))
        update[table] = new
    return session.model_copy(update=update)


def open_session(session: Session, path: str, *, required: bool = True) -> Session:
    """The session with its encrypted fields decrypted. Without a key that can read them:
    :class:`SessionError` (one line), or the session as it is when not ``required``."""
    if not holds_sealed(session):
        return session
    identities = load_identities()
    if not identities:
        if not required:
            return session
        raise SessionError(f"personal fields are encrypted and there is no key to read them "
                           f"(expected {identity_path()})", path=path)
    return _replace(session, lambda value: unseal(value, identities, path)
                    if is_sealed(value) else None)


def seal_session(session: Session, recipients: Recipients) -> Session:
    """The session with its personal fields encrypted (already encrypted ones kept)."""
    return _replace(session, lambda value: None if is_sealed(value)
                    else seal(value, recipients))
