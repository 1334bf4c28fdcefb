"""The question panel: the current question large, the perspectives and their questions.

A step without questions shows its own prompts (the CRITCH prompts, the round of
introductions) and its description instead; a break shows what comes after it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.markup import escape

from spiegel_tui.i18n import t
from spiegel_tui.model.clock import current_index
from spiegel_tui.model.flow import current_position
from spiegel_tui.model.session import Session
from spiegel_tui.ui.widgets.ticker import QuietText


class QuestionPanel(Vertical):
    """Where the meeting is, in words: step, perspective and the question on the table."""

    def compose(self) -> ComposeResult:
        yield QuietText(id="question-step")
        yield QuietText(id="question-current")
        yield Grid(id="question-list")

    def show(self, session: Session, lang: str) -> None:
        step_line = self.query_one("#question-step", QuietText)
        current = self.query_one("#question-current", QuietText)
        position = current_position(session)
        if position is None:
            return
        index = current_index(session)
        item = session.agenda[index]
        step_line.show_text(
            f"[$text-muted]{t('questions.step', lang, index=index + 1, total=len(session.agenda))}"
            f"[/]  [b]{escape(item.title)}[/b]"
        )
        question = session.question(position.question)
        self.set_class(question is not None, "-has-question")
        self.set_class(item.is_break, "-break")
        if question is not None:
            step_questions = session.step_questions(item.id)
            number = [q.id for q in step_questions].index(question.id) + 1
            head = escape(session.perspective_label(question.perspective))
            if question.label:
                head += f" · {escape(question.label)}"
            counter = t("questions.question", lang, index=number, total=len(step_questions))
            current.show_text(f"[$text-muted]{head}   ·   {counter}[/]\n\n"
                           f"[b]{escape(question.text)}[/b]")
            self._columns(session, position.question, question.perspective)
            return
        if item.is_break:
            following = session.agenda[index + 1] if index + 1 < len(session.agenda) else None
            body = f"[b]{escape(item.title)}[/b]"
            if following is not None:
                body += (f"\n\n[$text-muted]{t('break.next', lang)}:[/] "
                         f"{escape(following.title)}")
        else:
            parts = []
            if item.description:
                parts.append(escape(item.description))
            if item.prompts:
                parts.append("\n".join(f"• {escape(prompt)}" for prompt in item.prompts))
            body = "\n\n".join(parts) if parts else f"[b]{escape(item.title)}[/b]"
        current.show_text(body)
        self._columns(session, None, None)

    def _columns(self, session: Session, current_id: str | None,
                 perspective_id: str | None) -> None:
        """Every perspective with its questions: ✓ asked, ▶ on the table, · still to come."""
        blocks = self._perspectives(session, current_id)
        grid = self.query_one("#question-list", Grid)
        columns = list(grid.query_children(QuietText))
        if [c.name for c in columns] != [perspective for perspective, _ in blocks]:
            grid.remove_children()
            columns = [QuietText(classes="perspective", name=perspective)
                       for perspective, _ in blocks]
            grid.mount_all(columns)
        for column, (perspective, markup) in zip(columns, blocks, strict=True):
            column.show_text(markup)
            column.set_class(perspective == perspective_id, "-current")

    @staticmethod
    def _perspectives(session: Session, current_id: str | None) -> list[tuple[str, str]]:
        order: list[str] = [p.id for p in session.perspectives]
        for question in session.questions:
            if question.perspective not in order:
                order.append(question.perspective)
        blocks = []
        for perspective in order:
            questions = [q for q in session.questions if q.perspective == perspective]
            if not questions:
                continue
            lines = [f"[b]{escape(session.perspective_label(perspective))}[/b]"]
            for question in questions:
                name = escape(question.label or question.text)
                if question.id == current_id:
                    lines.append(f"[b $accent]▶ {name}[/]")
                elif question.asked_at is not None:
                    lines.append(f"[$text-muted]✓ {name}[/]")
                else:
                    lines.append(f"· {name}")
            blocks.append((perspective, "\n".join(lines)))
        return blocks
