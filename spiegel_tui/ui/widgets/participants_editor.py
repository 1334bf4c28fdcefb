"""The participants being prepared: name (or pseudonym), role and team."""

from __future__ import annotations

import re
from functools import partial

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Select, Static, Switch

from spiegel_tui.i18n import t
from spiegel_tui.model.prepare import parse_text
from spiegel_tui.model.session import Role, Session
from spiegel_tui.ui.widgets.form_field import FormField
from spiegel_tui.ui.widgets.list_editor import ListEditor, Row


def role_labels(lang: str) -> dict[Role, str]:
    """The pseudonym of each role in the session's language (``Cliënt``, ``Naaste``, …)."""
    return {role: t(f"role.{role.value}", lang) for role in Role}


def has_real_names(session: Session) -> bool:
    """Does any participant go by something other than a pseudonym of their role?"""
    labels = role_labels(session.language)
    return any(not re.fullmatch(rf"{re.escape(labels[p.role])} \d+", p.name)
               for p in session.participants)


class ParticipantsEditor(ListEditor):
    """Rows: name, role, team. The form edits them (``person.name``, ``person.team`` as
    :class:`FormField.Edited`; the role as the ``#person-role`` Select). The checkbox
    ``#real-names`` is the facilitator's choice whether real names are stored at all."""

    COLUMNS = ("prep.col.name", "prep.col.role", "prep.col.team")

    def __init__(self, lang: str, real_names: bool, **kwargs: object) -> None:
        super().__init__(lang, **kwargs)  # type: ignore[arg-type]
        self.real_names = real_names

    def compose_head(self) -> ComposeResult:
        with Horizontal(id="real-names-row"):
            yield Label(t("prep.real_names", self.lang), id="real-names-label")
            yield Switch(self.real_names, id="real-names")
            yield Static(self._hint(), id="real-names-hint")

    def compose_form(self) -> ComposeResult:
        lang = self.lang
        yield FormField("person.name", t("prep.field.name", lang), parse_text, lang)
        with Horizontal(classes="form-field"):
            yield Label(t("prep.field.role", lang), classes="form-label")
            yield Select([(t(f"role.{role.value}", lang), role.value) for role in Role],
                         allow_blank=False, compact=True, id="person-role")
        yield FormField("person.team", t("prep.field.team_of", lang),
                        partial(parse_text, required=False), lang,
                        placeholder=t("prep.placeholder.optional", lang))

    def _hint(self) -> str:
        return t("prep.real_names.on" if self.real_names else "prep.real_names.off", self.lang)

    def set_real_names(self, on: bool) -> None:
        self.real_names = on
        self.query_one("#real-names-hint", Static).update(self._hint())
        self.query_one("#field-person-name").disabled = not on
        self.set_class(not on, "-pseudonyms")

    def rows(self, session: Session) -> list[Row]:
        return [(person.name, t(f"role.{person.role.value}", self.lang), person.team or "")
                for person in session.participants]

    def load_form(self, session: Session, index: int) -> None:
        person = session.participants[index]
        fields = {f.key: f for f in self.query(FormField)}
        fields["person.name"].set_value(person.name)
        fields["person.team"].set_value(person.team or "")
        self.query_one("#field-person-name").disabled = not self.real_names
        select = self.query_one("#person-role", Select)
        if select.value != person.role.value:
            with select.prevent(Select.Changed):
                select.value = person.role.value
