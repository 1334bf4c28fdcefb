"""The prepare screen's top bar: the session's title, format and date, and whether the
agenda fits its time slot (red when it does not)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from spiegel_tui.i18n import t
from spiegel_tui.model import prepare as edit
from spiegel_tui.model.session import Session


class PrepareTop(Horizontal):
    """Shows what :meth:`show` is given; takes no input."""

    COMPONENT_CLASSES = {"prepare-top--heading", "prepare-top--meta"}
    """The bar's "Voorbereiden", and the format and date after the title."""

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Static(id="prepare-title")
        yield Static(id="prepare-fit")

    def show(self, session: Session) -> None:
        lang = self.lang
        self.query_one("#prepare-title", Static).update(Content.assemble(
            (t("prep.title", lang), self.get_visual_style("prepare-top--heading", partial=True)),
            f" {session.title}  ",
            (f"{session.format} · {session.date.isoformat()}",
             self.get_visual_style("prepare-top--meta", partial=True))))
        fit = edit.fit(session)
        start = session.start_time.strftime("%H:%M") if session.start_time else ""
        if session.start_time is None or fit.end is None:
            text = t("prep.fit.none", lang, total=fit.total)
        elif fit.slot is None:
            text = t("prep.fit.open", lang, total=fit.total, start=start,
                     end=fit.end.strftime("%H:%M"))
        else:
            end = session.end_time.strftime("%H:%M") if session.end_time else ""
            key = "prep.fit.ok" if fit.fits else "prep.fit.over"
            text = t(key, lang, total=fit.total, slot=fit.slot, start=start, end=end,
                     over=fit.over)
        widget = self.query_one("#prepare-fit", Static)
        widget.update(Content(text))
        widget.set_class(not fit.fits, "-over")
