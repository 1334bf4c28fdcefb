"""Formats: the methods a session is made from (built-in, or a sessions repo's own).

A format file holds a session's ``title``, ``agenda``, ``questions`` and ``rules`` plus
``name``, ``description`` and an English rendering of every shown text in ``*_en`` keys.
Built-in formats live in ``spiegel_tui/formats/``; a team adds its own in
``sessions/formats/<name>.toml``, and one with the name of a built-in replaces it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from spiegel_tui.model.files import read_regular
from spiegel_tui.model.session import (
    AgendaItem,
    Id,
    ItemKind,
    NonEmptyText,
    OptionalText,
    Participant,
    Perspective,
    Question,
    Record,
    Rule,
    Session,
    Team,
)
from spiegel_tui.model.tomlfile import (
    SessionError,
    describe,
    key_lines,
    line_of,
    parse_document,
    pydantic_problems,
)

Language = Literal["nl", "en"]


class FormatPerspective(Record):
    id: Id
    label: NonEmptyText
    label_en: OptionalText = None
    description: OptionalText = None
    description_en: OptionalText = None


class FormatTeam(Record):
    name: NonEmptyText
    name_en: OptionalText = None


class FormatStep(Record):
    id: Id
    title: NonEmptyText
    title_en: OptionalText = None
    planned_min: int = Field(gt=0, le=24 * 60)
    kind: ItemKind = ItemKind.STEP
    description: OptionalText = None
    description_en: OptionalText = None
    questions: list[Id] = Field(default_factory=list)
    prompts: list[NonEmptyText] = Field(default_factory=list)
    prompts_en: list[NonEmptyText] = Field(default_factory=list)


class FormatQuestion(Record):
    id: Id
    perspective: Id
    label: OptionalText = None
    label_en: OptionalText = None
    text: NonEmptyText
    text_en: OptionalText = None


class FormatRule(Record):
    text: NonEmptyText
    text_en: OptionalText = None


class Format(Record):
    name: Id
    title: NonEmptyText
    title_en: OptionalText = None
    description: NonEmptyText
    description_en: OptionalText = None
    subtitle: OptionalText = None
    subtitle_en: OptionalText = None
    show_rules: bool = False
    perspectives: list[FormatPerspective] = Field(default_factory=list)
    teams: list[FormatTeam] = Field(default_factory=list)
    agenda: list[FormatStep] = Field(min_length=1)
    questions: list[FormatQuestion] = Field(default_factory=list)
    rules: list[FormatRule] = Field(default_factory=list)

    source: str = Field(default="built-in", exclude=True)
    """Where it came from: ``built-in`` or the path of a repo format file."""

    @model_validator(mode="after")
    def _check(self) -> Format:
        steps = [step.id for step in self.agenda]
        if len(set(steps)) != len(steps):
            raise ValueError("agenda step ids must be unique")
        questions = {q.id for q in self.questions}
        if len(questions) != len(self.questions):
            raise ValueError("question ids must be unique")
        for step in self.agenda:
            for qid in step.questions:
                if qid not in questions:
                    raise ValueError(f"agenda step {step.id!r} lists unknown question {qid!r}")
        return self

    @property
    def minutes(self) -> int:
        return sum(step.planned_min for step in self.agenda)

    @property
    def breaks(self) -> int:
        return sum(1 for step in self.agenda if step.kind is ItemKind.BREAK)

    def shown_title(self, lang: Language = "nl") -> str:
        return _pick(self.title, self.title_en, lang)

    def make_session(
        self,
        *,
        title: str | None = None,
        date: dt.date | None = None,
        lang: Language = "nl",
        session_id: str | None = None,
        start_time: dt.time | None = None,
        end_time: dt.time | None = None,
        participants: list[Participant] | None = None,
    ) -> Session:
        """A new, planned session from this format, its texts in ``lang``."""
        date = date or dt.date.today()
        title = title or self.shown_title(lang)
        return Session(
            id=session_id or f"{date.isoformat()}-{slugify(title)}",
            title=title,
            format=self.name,
            language=lang,
            date=date,
            start_time=start_time,
            end_time=end_time,
            subtitle=_pick(self.subtitle, self.subtitle_en, lang),
            show_rules=self.show_rules,
            participants=participants or [],
            teams=[Team(name=_pick(t.name, t.name_en, lang)) for t in self.teams],
            perspectives=[
                Perspective(
                    id=p.id,
                    label=_pick(p.label, p.label_en, lang),
                    description=_pick(p.description, p.description_en, lang),
                )
                for p in self.perspectives
            ],
            agenda=[
                AgendaItem(
                    id=step.id,
                    title=_pick(step.title, step.title_en, lang),
                    planned_min=step.planned_min,
                    kind=step.kind,
                    description=_pick(step.description, step.description_en, lang),
                    questions=list(step.questions),
                    prompts=list(step.prompts_en if lang == "en" and step.prompts_en
                                 else step.prompts),
                )
                for step in self.agenda
            ],
            questions=[
                Question(
                    id=q.id,
                    perspective=q.perspective,
                    label=_pick(q.label, q.label_en, lang),
                    text=_pick(q.text, q.text_en, lang),
                )
                for q in self.questions
            ],
            rules=[Rule(text=_pick(r.text, r.text_en, lang)) for r in self.rules],
        )


def _pick(nl: str | None, en: str | None, lang: Language) -> str | None:
    return en if lang == "en" and en else nl


def slugify(text: str, max_length: int = 60) -> str:
    """A file-name-safe slug: ASCII letters, digits and dashes; never empty, never ``..``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or "sessie"


def parse_format(data: bytes, path: str) -> Format:
    """A format file's bytes as a :class:`Format`, or a :class:`SessionError` at its line."""
    text, table = parse_document(data, path)
    try:
        fmt = Format.model_validate(table)
    except ValidationError as error:
        loc, message = pydantic_problems(error)[0]
        line = line_of(key_lines(text), loc) or 1
        raise SessionError(f"{describe(loc)}: {message}" if loc else message, path=path,
                           line=line) from None
    fmt.source = path
    return fmt


def builtin_formats() -> dict[str, Format]:
    folder = resources.files("spiegel_tui") / "formats"
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            fmt = parse_format(entry.read_bytes(), f"spiegel_tui/formats/{entry.name}")
            fmt.source = "built-in"
            found[fmt.name] = fmt
    return found


def repo_formats(sessions_dir: Path) -> dict[str, Format]:
    """A sessions repo's own formats (``DIR/formats/*.toml``); a broken one raises."""
    folder = Path(sessions_dir) / "formats"
    found = {}
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            fmt = parse_format(read_regular(path), str(path))  # a FIFO would hang
            found[fmt.name] = fmt
    return found


def all_formats(sessions_dir: Path | None = None) -> dict[str, Format]:
    formats = builtin_formats()
    if sessions_dir is not None:
        formats.update(repo_formats(sessions_dir))
    return formats


def find_format(name: str, sessions_dir: Path | None = None) -> Format:
    formats = all_formats(sessions_dir)
    if name not in formats:
        known = ", ".join(sorted(formats))
        raise SessionError(f"unknown format {name!r} (known: {known})", path=name)
    return formats[name]
