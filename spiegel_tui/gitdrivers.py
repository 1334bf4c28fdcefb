"""The git merge driver and diff driver (textconv) of session files.

git runs them from the clone's config (:mod:`spiegel_tui.gitsetup`) as the hidden commands
``spiegel git-merge %O %A %B %P`` and ``spiegel git-diff FILE``.

The merge driver merges by id (:func:`spiegel_tui.model.merge.merge_versions`) and writes
the result over ``%A`` only when it validates; a real conflict (a note changed differently
on both sides) keeps both texts in the note, marked, and exits 1 so git reports the
conflict. Anything it cannot read leaves ``%A`` (ours) untouched, also exit 1. With the key,
encrypted fields are merged as text and encrypted again (unchanged ones keep their
ciphertext); without it they are merged as opaque values and a text changed on both sides
keeps ours.

The diff driver prints a session as lines a person reads: the state, each step's times,
each note and action on its own line (decrypted for a key holder), so ``git diff`` and
``git log -p`` show what changed in words.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from spiegel_tui import crypt, store
from spiegel_tui.model.merge import merge_versions
from spiegel_tui.model.session import Session
from spiegel_tui.model.tomlfile import SessionError, loads


def _version(path: str, label: str) -> Session | None:
    data = Path(path).read_bytes()
    if not data.strip():
        return None  # no common ancestor (added on both sides)
    return crypt.open_session(loads(data, label), label, required=False)


def merge_driver(base: str, ours: str, theirs: str, name: str) -> int:
    """Merge ``theirs`` into ``ours`` (a file git gave us) against ``base``; 0 when clean,
    1 on a conflict or when the versions cannot be merged (``ours`` is then left as is)."""
    try:
        versions = (_version(base, f"{name} (base)"), _version(ours, f"{name} (ours)"),
                    _version(theirs, f"{name} (theirs)"))
        if versions[1] is None or versions[2] is None:
            raise SessionError("an empty version: nothing to merge", path=name)
        merged, conflicts = merge_versions(*versions, can_mark=lambda t: not crypt.is_sealed(t))
        text = store.render(merged, name)
        loads(text, name)  # the result validates, or nothing is written
        store.write_atomic(Path(ours), text.encode("utf-8"))
    except (SessionError, OSError) as error:
        print(f"spiegel merge: {error}; kept ours", file=sys.stderr)
        return 1
    for conflict in conflicts:
        print(f"{name}: conflict: {conflict}", file=sys.stderr)
    return 1 if conflicts else 0


def _shown(text: str | None) -> str:
    if text is None:
        return ""
    if crypt.is_sealed(text):  # no key: which ciphertext, so a change still shows
        return f"[encrypted {hashlib.sha256(text.encode()).hexdigest()[:8]}]"
    return text.replace("\n", "\n    ")


def summary(session: Session) -> str:
    """A session as lines to read and diff (not a file format)."""
    lines = [f"session {session.id}: {session.title}",
             f"format {session.format}, {session.date.isoformat()}, status {session.status}"]
    if session.retain_until:
        lines.append(f"retain until {session.retain_until.isoformat()}")
    if session.purged_on:
        lines.append(f"purged on {session.purged_on.isoformat()}")
    for person in session.participants:
        team = f" ({person.team})" if person.team else ""
        lines.append(f"participant {person.role}{team}: {_shown(person.name)}")
    for item in session.agenda:
        spent = f", {item.elapsed_s // 60}:{item.elapsed_s % 60:02d} spent" if (
            item.elapsed_s) else ""
        started = f", started {item.started_at:%H:%M:%S}" if item.started_at else ""
        lines.append(f"{item.kind} {item.id}: {item.planned_min or '?'} min planned"
                     f"{spent}{started}")
    if session.clock:
        lines.append(f"clock running in {session.clock.step} since "
                     f"{session.clock.since:%H:%M:%S}")
    for note in session.notes:
        where = note.step + (f"/{note.question}" if note.question else "")
        tags = "".join(f" #{tag}" for tag in note.tags)
        lines.append(f"note {note.id} {note.at:%H:%M:%S} {note.kind} [{where}]{tags}: "
                     f"{_shown(note.text)}")
    for action in session.actions:
        extra = "".join(part for part in (
            f" due {action.due.isoformat()}" if action.due else "",
            f" owner {_shown(action.owner)}" if action.owner else "",
            f" from {action.note}" if action.note else ""))
        lines.append(f"action {action.id} {action.status} {action.horizon}{extra}: "
                     f"{_shown(action.text)}")
    return "\n".join(lines) + "\n"


def textconv(path: str) -> int:
    """Print the summary of a session file; a file that is not one is printed as it is."""
    data = Path(path).read_bytes()
    try:
        session = crypt.open_session(loads(data, path), path, required=False)
    except SessionError:
        sys.stdout.write(data.decode("utf-8", "replace"))
        return 0
    sys.stdout.write(summary(session))
    return 0
