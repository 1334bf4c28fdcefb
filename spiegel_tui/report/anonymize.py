"""Participant names out of every text: each name becomes its role and a number ("Cliënt 2").

Names are matched as whole words, case-insensitively, with any run of white space between
the parts of a multi-word name. Every run of the words of a multi-word name is
matched on its own too ("Fenna", "van Dam", "Dam"; "Jan Willem", "Willem") when only one
participant has it;
a part two participants share becomes "[naam]", since either could be meant and leaving it
would leak it. A part that is a common word ("van", "de", "al") is not matched alone.
E-mail addresses, phone numbers and BSN-like numbers are blanked out too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spiegel_tui.i18n import t
from spiegel_tui.model.contact import redact
from spiegel_tui.model.session import Participant, Role, Session
from spiegel_tui.report.stopwords import STOP_WORDS

PARTICLES = frozenset({"van", "de", "den", "der", "het", "ten", "ter", "te", "in", "op",
                       "'t", "von", "la", "le", "da", "di", "du", "del", "dos", "el", "al"})
"""Surname particles: never a name on their own."""


def role_label(role: Role | str, lang: str) -> str:
    return t(f"report.role.{Role(role).value}", lang)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _pattern(name: str) -> str:
    return r"\s+".join(re.escape(part) for part in name.split())


def name_parts(name: str) -> list[str]:
    """The parts of a multi-word name that are matched on their own, lower case, longest
    first: every run of its words ("jan willem", "willem dekker", "willem") and the halves
    of a hyphenated word ("anne", "marie"). A run of common words only ("van den") is not
    a name; nor is anything shorter than two letters."""
    words = name.split()
    if len(words) < 2 and "-" not in name:
        return []
    runs = [" ".join(words[i:j]) for i in range(len(words))
            for j in range(i + 1, len(words) + 1) if (i, j) != (0, len(words))]
    runs += [half for word in words for half in word.split("-") if half and half != word]
    out: list[str] = []
    for part in sorted((run.casefold() for run in runs), key=len, reverse=True):
        if (len(part) >= 2 and part not in out
                and not all(word in STOP_WORDS or word in PARTICLES for word in part.split())):
            out.append(part)
    return out


class Anonymizer:
    """Replaces participant names in text; with ``enabled=False`` it changes nothing."""

    def __init__(self, participants: Iterable[Participant], lang: str = "nl",
                 enabled: bool = True) -> None:
        self.lang = lang
        self.enabled = enabled
        people = [p for p in participants if p.name.strip()]
        self.pseudonyms: dict[str, str] = {}  # casefolded full name -> "Cliënt 2"
        self.roles: dict[str, str] = {}  # casefolded full or first name -> "Cliënt"
        taken = {_key(p.name) for p in people}
        counters: dict[Role, int] = {}
        for person in people:
            key = _key(person.name)
            if key in self.pseudonyms:
                continue
            label = role_label(person.role, lang)
            while True:
                counters[person.role] = counters.get(person.role, 0) + 1
                pseudonym = f"{label} {counters[person.role]}"
                if _key(pseudonym) not in taken:
                    break
            self.pseudonyms[key] = pseudonym
            self.roles[key] = label
        self.replacements: dict[str, str] = dict(self.pseudonyms)
        partial: dict[str, set[str]] = {}  # a first name or surname -> whose it is
        for person in people:
            for part in name_parts(person.name):
                if part not in self.pseudonyms:
                    partial.setdefault(part, set()).add(_key(person.name))
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
        if self.replacements:
            alternatives = sorted(self.replacements, key=len, reverse=True)
            self._regex = re.compile(
                r"(?<!\w)(?:" + "|".join(_pattern(name) for name in alternatives) + r")(?!\w)",
                re.IGNORECASE,
            )

    @classmethod
    def for_session(cls, session: Session, enabled: bool = True,
                    others: Iterable[Participant] = ()) -> Anonymizer:
        """``others``: people of related sessions (the buitenspiegel a binnenspiegel follows),
        whose names can stand in notes carried over; the session's own come first."""
        return cls([*session.participants, *others], session.language, enabled)

    def _replace(self, match: re.Match[str]) -> str:
        return self.replacements.get(_key(match.group()), t("report.unknown_name", self.lang))

    def text(self, value: str | None) -> str:
        """The text with every participant name replaced (unchanged when disabled)."""
        if value is None:
            return ""
        if not self.enabled:
            return value
        value = redact(value, *self._contact)
        return value if self._regex is None else self._regex.sub(self._replace, value)

    def person(self, participant: Participant) -> str:
        """How a participant is named: the name, or the pseudonym when anonymising."""
        if not self.enabled:
            return participant.name
        return self.pseudonyms.get(_key(participant.name), role_label(participant.role,
                                                                      self.lang))

    def owner(self, value: str | None) -> str:
        """An action owner: a participant's name becomes that participant's role."""
        if value is None:
            return ""
        if not self.enabled:
            return value
        role = self.roles.get(_key(value))
        return role if role is not None else self.text(value)

    def names(self) -> list[str]:
        """Every name this anonymizer hides (full names and first names), lower case."""
        return sorted(self.replacements)
