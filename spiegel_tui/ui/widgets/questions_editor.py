"""The questions being prepared: text, perspective and step, in order; and, for the
spiegelgesprek, a box to paste the organisation's own questions into, one per line."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Label, Select, Static, TextArea

from spiegel_tui.i18n import t
from spiegel_tui.model.prepare import parse_text, step_of
from spiegel_tui.model.session import Session
from spiegel_tui.ui.widgets.form_field import FormField
from spiegel_tui.ui.widgets.list_editor import ListEditor, Row

NO_STEP = "-"
"""The step Select's value for "in no step" (not a valid id, so it cannot clash)."""


class QuestionsEditor(ListEditor):
    """Rows: perspective, step, question. The form edits the text (``question.text``), the
    perspective (``#question-perspective``) and the step (``#question-step``)."""

    COLUMNS = ("prep.col.perspective", "prep.col.step", "prep.col.question")

    @dataclass
    class Pasted(Message):
        """The organisation's questions, as pasted (one per line)."""

        editor: QuestionsEditor
        text: str

        @property
        def control(self) -> QuestionsEditor:
            return self.editor

    def __init__(self, lang: str, paste: bool, **kwargs: object) -> None:
        super().__init__(lang, **kwargs)  # type: ignore[arg-type]
        self.paste = paste

    def compose_form(self) -> ComposeResult:
        lang = self.lang
        yield FormField("question.text", t("prep.field.question", lang), parse_text, lang)
        with Horizontal(classes="form-field"):
            yield Label(t("prep.field.perspective", lang), classes="form-label")
            yield Select([("–", NO_STEP)], allow_blank=False, compact=True,
                         id="question-perspective")
        with Horizontal(classes="form-field"):
            yield Label(t("prep.field.step", lang), classes="form-label")
            yield Select([("–", NO_STEP)], allow_blank=False, compact=True, id="question-step")
        if self.paste:
            with Vertical(id="paste-box"):
                yield Static(t("prep.paste.title", lang), id="paste-title")
                yield TextArea(id="paste-area", soft_wrap=True, show_line_numbers=False,
                               tab_behavior="focus")
                yield Button(t("prep.paste.go", lang), id="paste-go", compact=True)

    def rows(self, session: Session) -> list[Row]:
        titles = {item.id: item.title for item in session.agenda}
        return [(session.perspective_label(q.perspective),
                 titles.get(step_of(session, q.id) or "", t("prep.no_step", self.lang)), q.text)
                for q in session.questions]

    def _options(self, session: Session, perspective: str) -> None:
        perspectives = [(p.label, p.id) for p in session.perspectives]
        if perspective not in {value for _, value in perspectives}:
            perspectives.append((session.perspective_label(perspective), perspective))
        steps = [(item.title, item.id) for item in session.agenda if not item.is_break]
        steps.append((t("prep.no_step", self.lang), NO_STEP))
        for select_id, options in (("#question-perspective", perspectives),
                                   ("#question-step", steps)):
            select = self.query_one(select_id, Select)
            with select.prevent(Select.Changed):
                select.set_options(options)

    def load_form(self, session: Session, index: int) -> None:
        question = session.questions[index]
        next(f for f in self.query(FormField) if f.key == "question.text").set_value(
            question.text)
        self._options(session, question.perspective)
        values = (("#question-perspective", question.perspective),
                  ("#question-step", step_of(session, question.id) or NO_STEP))
        for select_id, value in values:
            select = self.query_one(select_id, Select)
            with select.prevent(Select.Changed):
                select.value = value

    def show(self, session: Session, cursor: int | None = None) -> None:
        super().show(session, cursor)
        if self.paste:  # the paste box stays usable when there are no questions yet
            self.query_one(".list-form").display = True
            for widget in self.query(".list-form > .form-field"):
                widget.display = bool(session.questions)

    @on(Button.Pressed, "#paste-go")
    def _paste(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Pasted(self, self.query_one("#paste-area", TextArea).text))

    def clear_paste(self) -> None:
        self.query_one("#paste-area", TextArea).clear()
