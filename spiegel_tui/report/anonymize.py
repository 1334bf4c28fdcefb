"""Participant names out of every text: each name becomes its role and a number ("Cliënt 2").

Names are matched as whole words, case-insensitively, with any run of white space between
the parts of a multi-word name. Every run of the words of a multi-word name is
matched on its own too ("Fenna", "van Dam", "Dam"; "Jan Willem", "Willem") when only one
participant has it, and so is a genitive ("Willems", "Bram's"); a part two participants
share becomes "[naam]", since either could be meant and leaving it would leak it. A
particle ("van", "de") is never a name alone; a part that is an everyday word ("Ben",
"Roos") is matched only as spelled, capital and all. Names are matched as spelled and as
lower case, so "Jürgen Großmann" is found as "grossmann" too.
E-mail addresses, phone numbers and BSN-like numbers are blanked out too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spiegel_tui.i18n import t
from spiegel_tui.model.contact import redact
from spiegel_tui.model.imports import name_key
from spiegel_tui.model.session import Participant, Role, Session
from spiegel_tui.report.stopwords import STOP_WORDS

PARTICLES = frozenset({"van", "de", "den", "der", "het", "ten", "ter", "te", "in", "op",
                       "'t", "von", "la", "le", "da", "di", "du", "del", "dos", "el", "al"})
"""Surname particles: never a name on their own."""


def role_label(role: Role | str, lang: str) -> str:
    return t(f"report.role.{Role(role).value}", lang)


def _pattern(name: str) -> str:
    return r"\s+".join(re.escape(part) for part in name.split())


def name_parts(name: str) -> list[str]:
    """The parts of a multi-word name that are matched on their own, as spelled, longest
    first: every run of its words ("Jan Willem", "Willem Dekker", "Willem") and the halves
    of a hyphenated word ("Anne", "Marie"). A run of particles only ("van den") is not a
    name; nor is anything shorter than two letters."""
    words = name.split()
    if len(words) < 2 and "-" not in name:
        return []
    runs = [" ".join(words[i:j]) for i in range(len(words))
            for j in range(i + 1, len(words) + 1) if (i, j) != (0, len(words))]
    runs += [half for word in words for half in word.split("-") if half and half != word]
    out: list[str] = []
    seen: set[str] = set()
    for part in sorted(runs, key=len, reverse=True):
        key = name_key(part)
        if len(key) >= 2 and key not in seen and not all(w in PARTICLES for w in key.split()):
            seen.add(key)
            out.append(part)
    return out


def _is_common(key: str) -> bool:
    """A part made of everyday words ("Ben", "Roos"): matched only as spelled, capital and
    all, so that "ik ben" stays."""
    return all(word in STOP_WORDS or word in PARTICLES for word in key.split())


class Anonymizer:
    """Replaces participant names in text; with ``enabled=False`` it changes nothing."""

    def __init__(self, participants: Iterable[Participant], lang: str = "nl",
                 enabled: bool = True) -> None:
        self.lang = lang
        self.enabled = enabled
        people = [p for p in participants if p.name.strip()]
        self.pseudonyms: dict[str, str] = {}  # casefolded full name -> "Cliënt 2"
        self.roles: dict[str, str] = {}  # casefolded full or first name -> "Cliënt"
        taken = {name_key(p.name) for p in people}
        counters: dict[Role, int] = {}
        for person in people:
            key = name_key(person.name)
            if key in self.pseudonyms:
                continue
            label = role_label(person.role, lang)
            while True:
                counters[person.role] = counters.get(person.role, 0) + 1
                pseudonym = f"{label} {counters[person.role]}"
                if name_key(pseudonym) not in taken:
                    break
            self.pseudonyms[key] = pseudonym
            self.roles[key] = label
        self.replacements: dict[str, str] = dict(self.pseudonyms)
        # How names can be written: as spelled and lower case (casefold: "grossmann"),
        # matched in any case, except parts that are everyday words (matched as spelled).
        spellings: dict[str, bool] = {}  # spelling -> in any case?
        partial: dict[str, set[str]] = {}  # a first name or surname -> whose it is
        for person in people:
            spelled = " ".join(person.name.split())
            spellings.update({spelled: True, name_key(spelled): True})
            for part in name_parts(person.name):
                key = name_key(part)
                if _is_common(key):
                    spellings.setdefault(part, False)
                else:
                    spellings.update({part: True, key: True})
                if key not in self.pseudonyms:
                    partial.setdefault(key, set()).add(name_key(person.name))
        for part, owners in partial.items():
            if len(owners) == 1:
                (owner,) = owners
                self.replacements[part] = self.pseudonyms[owner]
                self.roles[part] = self.roles[owner]
            else:
                self.replacements[part] = t("report.unknown_name", lang)
        self._contact = (t("report.redacted.email", lang), t("report.redacted.phone", lang),
                         t("report.redacted.bsn", lang))
        self._regex: re.Pattern[str] | None = None
        if spellings:
            alternatives = [f"(?i:{_pattern(spelling)})" if any_case else _pattern(spelling)
                            for spelling, any_case in sorted(
                                spellings.items(), key=lambda item: -len(item[0]))]
            # A Dutch genitive ("Willems moeder", "Bram's") is the name too.
            self._regex = re.compile(
                r"(?<!\w)(?P<name>" + "|".join(alternatives) + r")(?P<s>'?s)?(?!\w)")

    @classmethod
    def for_session(cls, session: Session, enabled: bool = True,
                    others: Iterable[Participant] = ()) -> Anonymizer:
        """``others``: people of related sessions (the buitenspiegel a binnenspiegel follows),
        whose names can stand in notes carried over; the session's own come first."""
        return cls([*session.participants, *others], session.language, enabled)

    def _replace(self, match: re.Match[str]) -> str:
        name = self.replacements.get(name_key(match.group("name")),
                                     t("report.unknown_name", self.lang))
        return f"{name}'s" if match.group("s") else name

    def text(self, value: str | None) -> str:
        """The text with every participant name replaced (unchanged when disabled)."""
        if value is None:
            return ""
        if not self.enabled:
            return value
        value = redact(value, *self._contact)
        return value if self._regex is None else self._regex.sub(self._replace, value)

    def holds_name(self, value: str | None) -> bool:
        """Whether the text holds a participant's name (or a part of one)."""
        return bool(value) and self._regex is not None and self._regex.search(value) is not None

    def person(self, participant: Participant) -> str:
        """How a participant is named: the name, or the pseudonym when anonymising."""
        if not self.enabled:
            return participant.name
        return self.pseudonyms.get(name_key(participant.name), role_label(participant.role,
                                                                      self.lang))

    def owner(self, value: str | None) -> str:
        """An action owner: a participant's name becomes that participant's role."""
        if value is None:
            return ""
        if not self.enabled:
            return value
        role = self.roles.get(name_key(value))
        return role if role is not None else self.text(value)

    def names(self) -> list[str]:
        """Every name this anonymizer hides (full names and first names), lower case."""
        return sorted(self.replacements)
