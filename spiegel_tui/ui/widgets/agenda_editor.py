"""The agenda being prepared: steps and breaks with their clock times and minutes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult

from spiegel_tui.i18n import t
from spiegel_tui.model.prepare import clock_times, parse_minutes, parse_text
from spiegel_tui.model.session import Session
from spiegel_tui.ui.widgets.form_field import FormField
from spiegel_tui.ui.widgets.list_editor import ListEditor, Row


class AgendaEditor(ListEditor):
    """Rows: start time, minutes, step or break, title (cut last when narrow). The form edits title and minutes
    (keys ``step.title`` and ``step.planned_min``)."""

    COLUMNS = ("prep.col.start", "prep.col.minutes", "prep.col.kind", "prep.col.title")

    def compose_form(self) -> ComposeResult:
        yield FormField("step.title", t("prep.field.step_title", self.lang), parse_text,
                        self.lang)
        yield FormField("step.planned_min", t("prep.field.minutes", self.lang), parse_minutes,
                        self.lang)

    def rows(self, session: Session) -> list[Row]:
        rows: list[Row] = []
        for start, item in zip(clock_times(session), session.agenda, strict=True):
            kind = t(f"prep.kind.{item.kind.value}", self.lang)
            style = "italic" if item.is_break else ""
            rows.append((start, Text(str(item.planned_min or "–"), justify="right"),
                         Text(kind, style=style), Text(item.title, style=style)))
        return rows

    def load_form(self, session: Session, index: int) -> None:
        item = session.agenda[index]
        fields = {f.key: f for f in self.query(FormField)}
        fields["step.title"].set_value(item.title)
        fields["step.planned_min"].set_value(str(item.planned_min or ""))
