"""The spiegel console: ``SpiegelApp`` and ``make_app``, shared by the CLI and the tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from spiegel_tui.i18n import t
from spiegel_tui.live import LiveSession
from spiegel_tui.model.clock import system_now
from spiegel_tui.model.tomlfile import SessionError
from spiegel_tui.ui.screens.session import SessionScreen

PROJECTOR = Theme(
    name="spiegel-projector",
    primary="#FFD23F",
    secondary="#7FDBFF",
    accent="#FFD23F",
    warning="#FF9F1C",
    error="#FF5C5C",
    success="#5EE08A",
    foreground="#FFFFFF",
    background="#000000",
    surface="#0B0B0B",
    panel="#1C1C1C",
    dark=True,
    variables={"footer-key-foreground": "#FFD23F", "block-cursor-background": "#FFD23F",
               "block-cursor-foreground": "#000000"},
)
"""High contrast for a washed-out projector in a lit room: white on black, one warm accent."""


class SpiegelApp(App[int]):
    """The console. Open a session with :meth:`open_session`, or start on the start screen."""

    CSS_PATH = "spiegel.tcss"
    TITLE = "spiegel"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Opslaan en stoppen", priority=True, id="app.quit",
                tooltip="Save the session and quit"),
    ]

    def __init__(
        self,
        path: Path | None = None,
        *,
        clock: Callable = system_now,
        lang: str = "nl",
        sessions_dir: Path = Path("sessions"),
        autosave_delay: float = 0.3,
        poll_interval: float = 0.5,
        theme: str | None = None,
        live: LiveSession | None = None,
        settled: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.clock = clock
        self.lang = lang
        self.sessions_dir = sessions_dir
        self.autosave_delay = autosave_delay
        self.poll_interval = poll_interval
        self.live = live
        """The open session (one at a time), shared by every screen that shows it."""
        self._settled = settled
        self._told_no_repo = False
        self.register_theme(PROJECTOR)
        self.theme = theme or PROJECTOR.name

    def on_mount(self) -> None:
        if self.path is not None:
            self.open_session(self.path)
        else:
            from spiegel_tui.ui.screens.start import start_screen

            self.push_screen(start_screen(self.sessions_dir, self.lang))
        if self._settled is not None:
            self.set_timer(1.0, self._settled)  # a moment after the first frame

    def on_unmount(self) -> None:
        self._close_live()

    def _close_live(self) -> None:
        live, self.live = self.live, None
        if live is not None:
            try:
                live.close()
            except SessionError:
                pass  # not saved: its journal stays, the next open folds it in

    def live_for(self, path: Path) -> LiveSession:
        """The live session of ``path``: the open one, or opened now (SessionError)."""
        path = Path(path)
        if self.live is not None and self.live.path == path:
            return self.live
        live = LiveSession.open(path, clock=self.clock, save_delay=self.autosave_delay,
                                watch_interval=self.poll_interval)
        self._close_live()
        self.live = live
        return live

    def open_session(self, path: Path) -> None:
        """Open the live console on a session file (the start screen calls this)."""
        from spiegel_tui.ui.screens.session import session_screen

        try:
            live = self.live_for(path)
        except SessionError as error:  # broken meanwhile, or encrypted without the key
            self.notify(str(error), severity="error")
            return
        self.path = Path(path)
        screen = session_screen(live, self.lang)
        if isinstance(self.screen, Screen) and len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @property
    def session_screen(self):  # type: ignore[no-untyped-def]
        from spiegel_tui.ui.screens.session import SessionScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, SessionScreen):
                return screen
        return None

    def on_session_screen_finished(self, event: SessionScreen.Finished) -> None:
        self.commit_finished(event.path)

    @work(exclusive=True, group="git")
    async def commit_finished(self, path: Path) -> None:
        """Finishing a session commits its file alone when it lives in a git repository,
        after a privacy check that asks first when notes hold contact details or a BSN."""
        from spiegel_tui import vcs
        from spiegel_tui.ui.screens.modals import ConfirmScreen

        live = self.live
        if live is None:
            return
        try:
            await asyncio.to_thread(live.flush)
        except SessionError as error:
            self.notify(str(error), severity="error")
            return  # an unsaved file is not committed
        if await asyncio.to_thread(vcs.repo_root, path) is None:
            if not self._told_no_repo:
                self._told_no_repo = True
                self.notify(t("git.no_repo", self.lang))
            return
        findings = vcs.privacy_findings(live.session)
        if findings:
            kinds = ", ".join(sorted({t(f"git.kind.{f.kind}", self.lang) for f in findings}))
            question = t("git.privacy", self.lang, kinds=kinds)
            if not await self.push_screen_wait(ConfirmScreen(question, self.lang,
                                                             default=False)):
                self.notify(t("git.skipped", self.lang))
                return
        try:
            commit = await asyncio.to_thread(vcs.commit_file, path)
        except (vcs.VcsError, SessionError) as error:
            self.notify(str(error), severity="error")
            return
        self.notify(t("git.committed", self.lang, hash=commit.hash[:7]) if commit
                    else t("git.nothing", self.lang))

    @property
    def prepare_screen(self):  # type: ignore[no-untyped-def]
        from spiegel_tui.ui.screens.prepare import PrepareScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, PrepareScreen):
                return screen
        return None

    def prepare(self, path: Path, closed: Callable[[None], None] | None = None) -> None:
        """Open the prepare screen on a session file (from the start screen)."""
        from spiegel_tui.ui.screens.prepare import prepare_screen

        self.push_screen(prepare_screen(self.live_for(path), self.lang), closed)

    async def action_quit(self) -> None:
        """ctrl+q: save the session (waiting for it), then quit with exit code 0. A save
        that fails is shown and the console stays open, every note kept."""
        screen = self.session_screen
        if screen is not None:
            screen.take_unsaved()
        live = self.live
        if live is not None:
            try:
                await asyncio.to_thread(live.flush)
            except SessionError as error:
                self.notify(t("save.failed", self.lang, error=error), severity="error")
                return
        self.exit(0)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):  # Textual's own, translated
            yield SystemCommand(t(command.title, self.lang), t(command.help, self.lang),
                                command.callback, command.discover)
        from spiegel_tui.ui.screens.prepare import PrepareScreen
        from spiegel_tui.ui.screens.start import StartScreen

        if isinstance(screen, StartScreen | PrepareScreen):
            for binding in screen.BINDINGS:
                if isinstance(binding, Binding) and binding.tooltip:
                    yield SystemCommand(binding.description, binding.tooltip,
                                        partial(self.call_later, screen.run_action,
                                                binding.action))
            return
        session = self.session_screen
        if session is None:
            return
        for binding in session.BINDINGS:
            if isinstance(binding, Binding) and not binding.action.startswith("app."):
                yield SystemCommand(binding.description, binding.tooltip,
                                    partial(self.call_later, session.run_action, binding.action))
        yield SystemCommand(t("key.quit", self.lang), t("key.quit.tip", self.lang),
                            partial(self.call_later, self.action_quit))


def make_app(
    path: Path | None = None,
    *,
    clock: Callable = system_now,
    lang: str = "nl",
    sessions_dir: Path = Path("sessions"),
    autosave_delay: float = 0.3,
    poll_interval: float = 0.5,
    theme: str | None = None,
    live: LiveSession | None = None,
    settled: Callable[[], None] | None = None,
) -> SpiegelApp:
    """Build the console. ``clock`` returns the current time (tests pass a fake one);
    ``live`` is the session already opened by the caller (``spiegel run`` opens it first,
    so bad input is refused before a screen opens); ``settled`` is called a moment after
    the first frame (:mod:`spiegel_tui.speed`)."""
    return SpiegelApp(path, clock=clock, lang=lang, sessions_dir=sessions_dir,
                      autosave_delay=autosave_delay, poll_interval=poll_interval, theme=theme,
                      live=live, settled=settled)
