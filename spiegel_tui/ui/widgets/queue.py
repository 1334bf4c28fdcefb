"""The listeners' round of a spiegelgesprek: the questions typed with ``?`` during the
meeting (or posted), queued and shown one by one; PageDown / PageUp walk them."""

from __future__ import annotations

from textual.markup import escape

from spiegel_tui.i18n import t
from spiegel_tui.model.session import Session
from spiegel_tui.model.teams import queued_questions
from spiegel_tui.ui.widgets.ticker import QuietText


class QueuePanel(QuietText):
    """The queued question on screen, with its place in the queue and what comes next."""

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang

    def show(self, session: Session, step_id: str | None) -> None:
        lang = self.lang
        item = session.step(step_id)
        queue = queued_questions(session)
        if item is None or not queue:
            self.show_text(f"[$text-muted]{escape(t('queue.empty', lang))}[/]")
            return
        at = min(item.queue_at, len(queue) - 1)
        lines = [f"[$text-muted]{t('queue.counter', lang, index=at + 1, total=len(queue))}[/]",
                 "", f"[b]{escape(queue[at].text)}[/b]"]
        if at + 1 < len(queue):
            lines += ["", f"[$text-muted]{t('break.next', lang)}: "
                          f"{escape(queue[at + 1].text)}[/]"]
        self.show_text("\n".join(lines))
