"""Finding people's names in free text, however they were typed. Pure text work, no Textual.

Text and names are compared word by word after :func:`fold`: NFKC (full-width letters,
ligatures), case folded, diacritics and apostrophes dropped, so "O’Brien", "obrien" and
"#obrien" are one name, and "Zoë" typed as "Zoe" or decomposed is found. A word in Cyrillic
is compared by its stem, so the inflections "Ольги", "Ольгу" are "Ольга". A name's words
also match written as one ("JanWillem"), and a genitive ("Willems", "Bram's") is the name.

The search is one pass over the words of the text with a dictionary look-up per word and
candidate length (at most :data:`MAX_WORDS` words), so it is linear in the text whatever
the number of names.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

APOSTROPHES = "'\u2019\u2018\u02bc`\u00b4"
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = re.compile(rf"[\w{_MARKS}]+(?:[{APOSTROPHES}][\w{_MARKS}]+)*")
_JOIN = re.compile(r"[\s\-\u2010\u2011]+")
"""What may stand between the words of one name in a text: white space or a hyphen."""
_LETTERS = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
                          "æ": "ae", "œ": "oe"})
_DROP = str.maketrans("", "", APOSTROPHES)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ENDINGS = sorted("""а я у ю е и ы о ои еи ою ею ом ем ам ям ами ями ах ях ым им ых их ого
                  его ому ему ую юю ая яя ые ие""".split(), key=len, reverse=True)
"""Russian and Ukrainian case endings, as :func:`fold` writes them (й as и)."""
_VOWELS = "аеиоуыэюя"
MAX_WORDS = 6
"""Longest run of words matched as one name; a longer name is found by its parts."""


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """How a word is compared: NFKC, case folded, no diacritics, no apostrophes."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", word).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", text).translate(_LETTERS).translate(_DROP)


def stem(word: str) -> str:
    """A folded word as matched: a Cyrillic one without its case ending."""
    if not _CYRILLIC.search(word):
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            word = word[: -len(ending)]
            break
    if len(word) > 2 and word[-1] in _VOWELS:
        word = word[:-1]
    return word


def words_of(text: str) -> list[str]:
    """The words of a text, as spelled (hyphens and spaces split, apostrophes do not)."""
    return _WORD.findall(text)


def key(text: str) -> tuple[str, ...]:
    """A name or a part of one as the tuple of its matched words."""
    return tuple(stem(fold(word)) for word in words_of(text))


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    key: tuple[str, ...]
    genitive: bool


@dataclass
class _Entry:
    any_case: bool
    spelled: set[tuple[str, ...]]


class NameFinder:
    """The names registered with :meth:`add`, found in texts by :meth:`find`."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, ...], _Entry] = {}
        self._joined: dict[str, tuple[str, ...]] = {}
        self._longest = 1

    def add(self, name: str, any_case: bool = True) -> tuple[str, ...]:
        """Register a name (or a part of one); ``any_case=False``: an everyday word ("Ben"),
        found only as spelled, capital and all. Returns its key."""
        spelled = tuple(words_of(name))
        name_key = key(name)
        if not name_key or len(name_key) > MAX_WORDS:
            return name_key  # too long to be typed whole: its parts are found
        entry = self._entries.setdefault(name_key, _Entry(False, set()))
        entry.any_case = entry.any_case or any_case
        entry.spelled.add(spelled)
        if any_case and len(name_key) > 1:
            self._joined.setdefault("".join(fold(word) for word in spelled), name_key)
        self._longest = max(self._longest, len(name_key))
        return name_key

    def _match(self, words: list[str], folded: list[str]) -> tuple[tuple[str, ...], bool] | None:
        candidate = tuple(stem(word) for word in folded)
        for genitive in (False, True):
            if genitive:
                last = folded[-1]
                if not last.endswith("s") or len(last) < 3:
                    return None
                candidate = candidate[:-1] + (stem(last[:-1]),)
            entry = self._entries.get(candidate)
            if entry is None and len(folded) == 1:
                joined = self._joined.get(folded[0][:-1] if genitive else folded[0])
                entry = self._entries.get(joined) if joined else None
                candidate = joined or candidate
            if entry is None:
                continue
            if entry.any_case or tuple(words) in entry.spelled or (
                    genitive and tuple(words[:-1]) + (words[-1][:-1].rstrip(APOSTROPHES),)
                    in entry.spelled):
                return candidate, genitive
        return None

    def find(self, text: str) -> Iterator[Found]:
        """Every registered name in ``text``, longest first, left to right."""
        if not self._entries:
            return
        tokens = list(_WORD.finditer(text))
        folded = [fold(token.group()) for token in tokens]
        index = 0
        while index < len(tokens):
            run = 1  # how many next words are joined to this one by a space or a hyphen
            while (run < self._longest and index + run < len(tokens)
                   and _JOIN.fullmatch(text, tokens[index + run - 1].end(),
                                       tokens[index + run].start())):
                run += 1
            for length in range(run, 0, -1):
                span = tokens[index:index + length]
                hit = self._match([token.group() for token in span],
                                  folded[index:index + length])
                if hit is not None:
                    yield Found(span[0].start(), span[-1].end(), hit[0], hit[1])
                    index += length
                    break
            else:
                index += 1
