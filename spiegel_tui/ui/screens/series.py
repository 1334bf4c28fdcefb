"""The series view (from the start screen, key ``o``): for the series of the highlighted
session, how the critical notes and advice develop per question, session after session,
and which sessions the series holds and why. Read in a worker; Escape goes back."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Static

from spiegel_tui.i18n import t
from spiegel_tui.report import overview, series
from spiegel_tui.ui.widgets.trend import TrendRow


class SeriesScreen(Screen[None]):
    """The development per question across the series a session belongs to."""

    def __init__(self, folder: Path, lang: str = "nl", session: Path | None = None) -> None:
        super().__init__()
        self.folder = Path(folder)
        self.lang = lang
        self.session = Path(session).resolve() if session is not None else None
        self.folder_overview: overview.FolderOverview | None = None

    BINDINGS = [Binding("escape", "close", "Terug", id="series.close", key_display="Esc")]

    def compose(self) -> ComposeResult:
        yield Static(t("series.screen.loading", self.lang), id="series-title")
        yield VerticalScroll(id="series-body")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        loaded, _ = series.load_folder(self.folder)
        built = overview.build(loaded, lang=self.lang)
        self.app.call_from_thread(self._show, built)

    def _show(self, built: overview.FolderOverview) -> None:
        self.folder_overview = built
        chosen = next(((g, o) for g, o in built.series
                       if any(i.path.resolve() == self.session for i in g.loaded)),
                      built.series[0] if built.series else None)
        body = self.query_one("#series-body", VerticalScroll)
        title = self.query_one("#series-title", Static)
        if chosen is None:
            title.update(escape(t("series.screen.empty", self.lang, folder=str(self.folder))))
            return
        group, found = chosen
        name = t("series.series", self.lang, name=group.name, n=len(group.members))
        title.update(f"[b]{escape(name)}[/b]"
                     f"  [$text-muted]{escape(found.first)} – {escape(found.last)}[/]")
        members = "\n".join(f"• {escape(item.session.id)}: {escape(why)}"
                            for item, why in group.members)
        heading = f"[b]{escape(t('series.trends', self.lang))}[/b]"
        widgets: list[Static | TrendRow] = [Static(members, id="series-members"),
                                            Static(heading, classes="series-heading")]
        if found.trends:
            widgets += [TrendRow(trend, self.lang) for trend in found.trends]
        else:
            widgets.append(Static(t("series.screen.no_trends", self.lang), id="series-none"))
        body.mount_all(widgets)

    def action_close(self) -> None:
        self.dismiss()
