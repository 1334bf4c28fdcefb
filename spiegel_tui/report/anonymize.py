"""Participant names out of every text: each name becomes its role and a number ("Cliënt 2").

Names are matched as whole words, case-insensitively, with any run of white space between
the parts of a multi-word name. Every run of the words of a multi-word name is
matched on its own too ("Fenna", "van Dam", "Dam"; "Jan Willem", "Willem") when only one
participant has it, and so is a genitive ("Willems", "Bram's"); a part two participants
share becomes "[naam]", since either could be meant and leaving it would leak it. A
particle ("van", "de") is never a name alone (but a capitalised first word is: "Van" of
"Van Nguyen"); a part that is an everyday word ("Ben", "Roos") is matched only as spelled,
capital and all. Words are compared as :mod:`spiegel_tui.model.names` folds them (case,
diacritics, apostrophes, Cyrillic inflections do not count; "JanWillem" is "Jan Willem"),
so "Jürgen Großmann" is found as "grossmann" too.
E-mail addresses, phone numbers and BSN-like numbers are blanked out too.
"""

from __future__ import annotations

from collections.abc import Iterable

from spiegel_tui.i18n import t
from spiegel_tui.model.contact import redact
from spiegel_tui.model.names import MAX_WORDS, NameFinder, key, words_of
from spiegel_tui.model.session import Participant, Role, Session
from spiegel_tui.report.stopwords import STOP_WORDS

PARTICLES = frozenset({"van", "de", "den", "der", "het", "ten", "ter", "te", "in", "op",
                       "'t", "von", "la", "le", "da", "di", "du", "del", "dos", "el", "al"})
"""Surname particles: never a name on their own."""


def role_label(role: Role | str, lang: str) -> str:
    return t(f"report.role.{Role(role).value}", lang)


def name_parts(name: str) -> list[str]:
    """The parts of a multi-word name that are matched on their own, as spelled, longest
    first: every run of its words ("Jan Willem", "Willem Dekker", "Willem") and the halves
    of a hyphenated word ("Anne", "Marie"). A run of particles only ("van den") is not a
    name, except a capitalised first word ("Van" of "Van Nguyen": a given name, matched only
    as spelled); nor is anything shorter than two letters. At most :data:`MAX_WORDS` words
    a run; of a longer name, only each word."""
    words = words_of(name)
    if len(words) < 2:
        return []
    longest = MAX_WORDS if len(words) <= MAX_WORDS else 1  # a hostile name: its words
    runs = [" ".join(words[i:j]) for i in range(len(words))
            for j in range(i + 1, min(len(words), i + longest) + 1)
            if (i, j) != (0, len(words))]
    out: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for part in sorted(runs, key=len, reverse=True):
        part_key = key(part)
        first_name = part == words[0] and part[:1].isupper()
        if len("".join(part_key)) >= 2 and part_key not in seen and (
                first_name or not all(w in PARTICLES for w in part_key)):
            seen.add(part_key)
            out.append(part)
    return out


def _is_common(part_key: tuple[str, ...]) -> bool:
    """A part made of everyday words ("Ben", "Roos", "Van"): matched only as spelled,
    capital and all, so that "ik ben" stays."""
    return all(word in STOP_WORDS or word in PARTICLES for word in part_key)


class Anonymizer:
    """Replaces participant names in text; with ``enabled=False`` it changes nothing."""

    def __init__(self, participants: Iterable[Participant], lang: str = "nl",
                 enabled: bool = True) -> None:
        self.lang = lang
        self.enabled = enabled
        people = [p for p in participants if key(p.name)]
        self.pseudonyms: dict[tuple[str, ...], str] = {}  # full name -> "Cliënt 2"
        self.roles: dict[tuple[str, ...], str] = {}  # full name or a part -> "Cliënt"
        taken = {key(p.name) for p in people}
        counters: dict[Role, int] = {}
        for person in people:
            person_key = key(person.name)
            if person_key in self.pseudonyms:
                continue
            label = role_label(person.role, lang)
            while True:
                counters[person.role] = counters.get(person.role, 0) + 1
                pseudonym = f"{label} {counters[person.role]}"
                if key(pseudonym) not in taken:
                    break
            self.pseudonyms[person_key] = pseudonym
            self.roles[person_key] = label
        self.replacements: dict[tuple[str, ...], str] = dict(self.pseudonyms)
        self.finder = NameFinder()
        partial: dict[tuple[str, ...], set[int]] = {}  # a part -> whose it is (by number)
        labels: list[tuple[str, str]] = []  # per person: pseudonym and role (a long name's
        for person in people:  # key hashes slowly, so it is looked up once)
            person_key = self.finder.add(person.name)
            labels.append((self.pseudonyms[person_key], self.roles[person_key]))
            for part in name_parts(person.name):
                part_key = self.finder.add(part, any_case=not _is_common(key(part)))
                if part_key not in self.pseudonyms:
                    partial.setdefault(part_key, set()).add(len(labels) - 1)
        for part_key, owners in partial.items():
            if len({labels[owner] for owner in owners}) == 1:
                self.replacements[part_key], self.roles[part_key] = labels[next(iter(owners))]
            else:
                self.replacements[part_key] = t("report.unknown_name", lang)
        self._contact = (t("report.redacted.email", lang), t("report.redacted.phone", lang),
                         t("report.redacted.bsn", lang))

    @classmethod
    def for_session(cls, session: Session, enabled: bool = True,
                    others: Iterable[Participant] = ()) -> Anonymizer:
        """``others``: people of related sessions (the buitenspiegel a binnenspiegel follows),
        whose names can stand in notes carried over; the session's own come first."""
        return cls([*session.participants, *others], session.language, enabled)

    def text(self, value: str | None) -> str:
        """The text with every participant name replaced (unchanged when disabled)."""
        if value is None:
            return ""
        if not self.enabled:
            return value
        value = redact(value, *self._contact)
        out, done = [], 0
        for found in self.finder.find(value):
            name = self.replacements.get(found.key, t("report.unknown_name", self.lang))
            out += [value[done:found.start], f"{name}'s" if found.genitive else name]
            done = found.end
        return "".join(out) + value[done:]

    def holds_name(self, value: str | None) -> bool:
        """Whether the text holds a participant's name (or a part of one)."""
        return bool(value) and next(iter(self.finder.find(value)), None) is not None

    def person(self, participant: Participant) -> str:
        """How a participant is named: the name, or the pseudonym when anonymising."""
        if not self.enabled:
            return participant.name
        return self.pseudonyms.get(key(participant.name), role_label(participant.role,
                                                                self.lang))

    def owner(self, value: str | None) -> str:
        """An action owner: a participant's name becomes that participant's role."""
        if value is None:
            return ""
        if not self.enabled:
            return value
        role = self.roles.get(key(value))
        return role if role is not None else self.text(value)

    def names(self) -> list[str]:
        """Every name this anonymizer hides (full names and first names), lower case."""
        return sorted(" ".join(part) for part in self.replacements)
