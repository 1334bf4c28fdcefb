"""One question's development across a series: its label, and the critical notes and the
advice per session as two of Textual's own Sparklines, with the counts written out (the
bars alone say nothing on a projector seen from the back of the room)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import Sparkline, Static

from spiegel_tui.i18n import t
from spiegel_tui.report.trends import QuestionTrend


class TrendRow(Vertical):
    """A question (perspective: label) with a sparkline and the counts per kind."""

    def __init__(self, trend: QuestionTrend, lang: str) -> None:
        super().__init__(classes="trend-row")
        self.trend = trend.last()
        self.lang = lang

    def compose(self) -> ComposeResult:
        trend = self.trend
        yield Static(f"[b]{escape(trend.perspective)}[/b] · {escape(trend.question)}",
                     classes="trend-question")
        for kind, values in (("critical", trend.critical), ("advice", trend.advice)):
            with Horizontal(classes=f"trend-line trend-{kind}"):
                yield Static(t(f"report.kind.{kind}", self.lang), classes="trend-kind")
                yield Sparkline([float(v) for v in values], summary_function=max,
                                classes=f"trend-spark -{kind}")
                yield Static(" → ".join(map(str, values)), classes="trend-counts")
