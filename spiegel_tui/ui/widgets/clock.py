"""The big clock: time left in the step, then overtime; drift and projected end below."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Vertical

from spiegel_tui.i18n import t
from spiegel_tui.model import clock
from spiegel_tui.model.session import Session, Status
from spiegel_tui.ui.widgets.big_clock import BigClock
from spiegel_tui.ui.widgets.ticker import TickerText

STAGES = ("idle", "calm", "warning", "over")


def _digits(seconds: int) -> str:
    """The clock font draws 0-9, ':' and '+': overtime is shown as +mm:ss."""
    body = clock.format_duration(abs(seconds))
    return f"+{body}" if seconds < 0 else body


def _set_digits(digits: BigClock, value: str) -> None:
    """Unchanged digits are not redrawn (the panel is shown again at every refresh)."""
    if digits.value != value:
        digits.value = value


class ClockPanel(Vertical):
    """Big digits (scaled to the space) with the time left; a colour per stage (calm → last 2 minutes → over).

    During a break it shows "Pauze — terug om HH:MM" instead.
    """

    def compose(self) -> ComposeResult:
        yield TickerText(id="clock-label")
        yield BigClock(id="clock-digits")
        yield TickerText(id="clock-info")

    def show(self, session: Session, now: dt.datetime, lang: str) -> None:
        label = self.query_one("#clock-label", TickerText)
        digits = self.query_one("#clock-digits", BigClock)
        info = self.query_one("#clock-info", TickerText)
        if not session.agenda:
            return
        item = session.agenda[clock.current_index(session)]
        time = clock.step_time(session, item, now)
        stage = time.stage.value
        for name in STAGES:
            self.set_class(name == stage, f"-{name}")
        on_break = item.is_break
        self.set_class(on_break, "-break")
        drift = clock.drift_s(session, now)
        signed = clock.format_duration(drift, signed=True)
        drift_text = (t("clock.behind", lang, drift=signed) if drift > 0 else
                      t("clock.ahead", lang, drift=signed) if drift < 0 else
                      t("clock.on_time", lang))
        end = clock.projected_end(session, now).strftime("%H:%M")
        end_text = t("clock.end", lang, time=end)
        if on_break:
            back = clock.break_ends(session, item, now).strftime("%H:%M")
            label.show_text(t("break.back", lang, time=back))
            _set_digits(digits, back)
            if time.running and item.planned_min:
                left = t("break.left", lang, time=clock.format_duration(max(0, time.remaining_s)))
                drift_text = f"{left}\n{drift_text}"
        else:
            if time.stage is clock.Stage.IDLE and session.status is Status.FINISHED:
                label.show_text(t("clock.finished", lang))
            elif time.stage is clock.Stage.IDLE:
                label.show_text(t("clock.stopped", lang))
            elif time.stage is clock.Stage.OVER:
                label.show_text(t("clock.over", lang))
            else:
                label.show_text(t("clock.left", lang))
            _set_digits(digits, _digits(time.remaining_s) if item.planned_min else
                        clock.format_duration(time.elapsed_s))
        info.show_text(f"{drift_text}  ·  {end_text}")
        self.set_class(drift > 0, "-behind")
