"""Typed markers at the start of a note: ``+ ! > " ?`` and the words ``les:`` / ``lesson:``
and ``afspraak:`` / ``agreement:`` set the kind, ``#word`` adds a tag.

``@Team`` before them addresses the note to a team; it needs the session's teams, so
:func:`spiegel_tui.model.teams.split_address` reads it (in ``flow.add_note``, which the
console and ``spiegel note`` share) before :func:`parse` sees the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spiegel_tui.model.session import NoteKind, normalise_newlines

MARKERS: dict[str, NoteKind] = {
    "+": NoteKind.COMPLIMENT,
    "!": NoteKind.CRITICAL,
    ">": NoteKind.ADVICE,
    '"': NoteKind.QUOTE,
    "?": NoteKind.QUESTION,
}

WORDS: dict[str, NoteKind] = {
    "les": NoteKind.LESSON,
    "lesson": NoteKind.LESSON,
    "afspraak": NoteKind.AGREEMENT,
    "agreement": NoteKind.AGREEMENT,
}
_WORD = re.compile(r"^(" + "|".join(WORDS) + r")\s*:\s*", re.IGNORECASE)

_TAG = re.compile(r"(?<![\w&#/])#([^\W_][\w-]*)", re.UNICODE)


@dataclass(frozen=True)
class Parsed:
    kind: NoteKind
    text: str
    tags: list[str] = field(default_factory=list)


def find_tags(text: str) -> list[str]:
    """Every ``#word`` in the text, lower-cased, first occurrence first, no repeats."""
    tags: list[str] = []
    for match in _TAG.finditer(text):
        tag = match.group(1).rstrip("-").lower()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def parse(text: str, default: NoteKind = NoteKind.NOTE) -> Parsed:
    """Split a typed note into kind, text (marker removed) and tags (kept in the text).

    >>> parse("+ sterk gesprek #toon")
    Parsed(kind=<NoteKind.COMPLIMENT: 'compliment'>, text='sterk gesprek #toon', tags=['toon'])
    """
    text = normalise_newlines(text).strip()
    kind = default
    if text and text[0] in MARKERS:
        marker = text[0]
        kind = MARKERS[marker]
        body = text[1:].strip()
        if marker == '"' and body.endswith('"'):
            body = body[:-1].rstrip()
        text = body
    else:
        word = _WORD.match(text)
        if word and text[word.end():].strip():
            kind = WORDS[word.group(1).lower()]
            text = text[word.end():].strip()
    return Parsed(kind=kind, text=text, tags=find_tags(text))
