"""The session's own fields: title, date, time slot, place, organisation, theme, timing
(the moment chosen and why) and the teams with their themes: the 3 T's of seed 002."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from spiegel_tui.i18n import t
from spiegel_tui.model.prepare import parse_date, parse_text, parse_time
from spiegel_tui.model.session import Session
from spiegel_tui.ui.widgets.form_field import FormField

OPTIONAL = partial(parse_text, required=False)


class GeneralForm(VerticalScroll, can_focus=False):
    """Posts :class:`FormField.Edited` with keys ``title``, ``date``, ``start_time``, …,
    ``team.0.name`` and ``team.0.theme``; the screen applies them. Tab goes from field to
    field (the form itself takes no focus; it scrolls to the focused field)."""

    def __init__(self, lang: str, teams: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.teams = teams

    def compose(self) -> ComposeResult:
        lang = self.lang
        optional = t("prep.placeholder.optional", lang)
        yield FormField("title", t("prep.field.title", lang), parse_text, lang)
        yield FormField("date", t("prep.field.date", lang), parse_date, lang,
                        placeholder=t("prep.placeholder.date", lang))
        yield FormField("start_time", t("prep.field.start_time", lang), parse_time, lang,
                        placeholder=t("prep.placeholder.time", lang))
        yield FormField("end_time", t("prep.field.end_time", lang), parse_time, lang,
                        placeholder=t("prep.placeholder.time", lang))
        for key in ("location", "organisation", "theme", "timing"):
            yield FormField(key, t(f"prep.field.{key}", lang), OPTIONAL, lang,
                            placeholder=optional)
        for index in range(self.teams):
            yield from self._team_fields(index)

    def _team_fields(self, index: int) -> ComposeResult:
        lang, number = self.lang, index + 1
        yield FormField(f"team.{index}.name", t("prep.field.team", lang, number=number),
                        parse_text, lang)
        yield FormField(f"team.{index}.theme", t("prep.field.team_theme", lang, number=number),
                        OPTIONAL, lang, placeholder=t("prep.placeholder.optional", lang))

    def add_team_fields(self, teams: int) -> None:
        """Fields for more teams, after those there are (the format asks for them)."""
        for index in range(self.teams, teams):
            self.mount_all(list(self._team_fields(index)))
        self.teams = max(self.teams, teams)

    def show(self, session: Session) -> None:
        """Fill the fields from the session (on opening, and after a merge)."""
        values: dict[str, str] = {
            "title": session.title,
            "date": session.date.isoformat(),
            "start_time": session.start_time.strftime("%H:%M") if session.start_time else "",
            "end_time": session.end_time.strftime("%H:%M") if session.end_time else "",
            "location": session.location or "",
            "organisation": session.organisation or "",
            "theme": session.theme or "",
            "timing": session.timing or "",
        }
        for index, team in enumerate(session.teams[: self.teams]):
            values[f"team.{index}.name"] = team.name
            values[f"team.{index}.theme"] = team.theme or ""
        for field in self.query(FormField):
            if field.key in values and not field.has_class("-invalid"):
                field.set_value(values[field.key])
