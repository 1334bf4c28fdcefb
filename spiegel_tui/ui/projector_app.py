"""``spiegel show``: the projector view as an app of its own, on the same session file
as the console (``spiegel run`` on the laptop screen, this on the projector)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel

from spiegel_tui.live import LiveSession
from spiegel_tui.model.clock import system_now
from spiegel_tui.ui.app import PROJECTOR
from spiegel_tui.ui.screens.projector import ProjectorScreen


class ProjectorApp(App[int]):
    """The room's view. ctrl+q closes it; it has no other keys and says nothing."""

    CSS_PATH = "spiegel.tcss"
    TITLE = "spiegel"
    BINDINGS = [Binding("ctrl+q", "quit", "Stop", priority=True, id="show.quit",
                        tooltip="Close the projector view", show=False)]
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, live: LiveSession, *, clock: Callable[[], Any] = system_now,
                 lang: str = "nl", theme: str | None = None) -> None:
        super().__init__()
        self.live = live
        self.clock = clock
        self.lang = lang
        self.register_theme(PROJECTOR)
        self.theme = theme or PROJECTOR.name

    def on_mount(self) -> None:
        self.push_screen(ProjectorScreen(self.live, self.lang))

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """The room never sees a toast."""

    def action_quit(self) -> None:  # type: ignore[override]
        self.exit(0)


def make_projector_app(live: LiveSession, *, clock: Callable[[], Any] = system_now,
                       lang: str = "nl", theme: str | None = None) -> ProjectorApp:
    """Build the projector view on a live session opened read-only."""
    return ProjectorApp(live, clock=clock, lang=lang, theme=theme)
