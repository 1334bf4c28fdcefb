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
from spiegel_tui.model.clock import system_now
from spiegel_tui.model.session import Session
from spiegel_tui.model.tomlfile import SessionError
from spiegel_tui.ui.screens.session import SessionScreen
from spiegel_tui.ui.sync import SessionSync

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
        opened: tuple[SessionSync, Session] | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.clock = clock
        self.lang = lang
        self.sessions_dir = sessions_dir
        self.autosave_delay = autosave_delay
        self.poll_interval = poll_interval
        self._opened = opened
        self._told_no_repo = False
        self.register_theme(PROJECTOR)
        self.theme = theme or PROJECTOR.name

    def on_mount(self) -> None:
        if self.path is not None:
            self.open_session(self.path, self._opened)
        else:
            from spiegel_tui.ui.screens.start import start_screen

            self.push_screen(start_screen(self.sessions_dir, self.lang))

    def open_session(self, path: Path, opened: tuple[SessionSync, Session] | None = None) -> None:
        """Open the live console on a session file (the start screen calls this)."""
        from spiegel_tui.commands.console import refuse_encrypted
        from spiegel_tui.ui.screens.session import session_screen

        if opened is None:
            try:  # its saving does not encrypt yet: no plaintext into an encrypting repo
                refuse_encrypted(Path(path))
            except SessionError as error:
                self.notify(str(error), severity="error")
                return
        sync, session = opened or SessionSync.open(Path(path))
        self.path = Path(path)
        screen = session_screen(sync, session, self.lang, self.size)
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

        screen = self.session_screen
        if screen is None:
            return
        try:
            await screen.flush()
        except (OSError, SessionError):
            return  # shown by flush; an unsaved file is not committed
        if await asyncio.to_thread(vcs.repo_root, path) is None:
            if not self._told_no_repo:
                self._told_no_repo = True
                self.notify(t("git.no_repo", self.lang))
            return
        findings = vcs.privacy_findings(screen.session)
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

    def prepare(self, path: Path, closed: Callable[[Session | None], None] | None = None) -> None:
        """Open the prepare screen on a session file (from the start screen)."""
        from spiegel_tui.ui.screens.prepare import prepare_screen

        sync, session = SessionSync.open(Path(path))
        self.push_screen(prepare_screen(sync, session, self.lang), closed)

    async def action_quit(self) -> None:
        """ctrl+q: save the session (waiting for it), then quit with exit code 0."""
        prepare = self.prepare_screen
        if prepare is not None:
            try:
                await prepare.flush()
            except Exception:  # noqa: BLE001 - the error is shown; do not quit and lose it
                return
        screen = self.session_screen
        if screen is not None and prepare is not None:
            screen.adopt(prepare.session)
        if screen is not None:
            try:
                await screen.flush()
            except Exception:  # noqa: BLE001 - the error is shown; do not quit and lose it
                return
        self.exit(0)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
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
    opened: tuple[SessionSync, Session] | None = None,
) -> SpiegelApp:
    """Build the console. ``clock`` returns the current time (tests pass a fake one)."""
    return SpiegelApp(path, clock=clock, lang=lang, sessions_dir=sessions_dir,
                      autosave_delay=autosave_delay, poll_interval=poll_interval, theme=theme,
                      opened=opened)
